// The S3 driver against a tiny in-memory, path-style S3 lookalike (no network, no real bucket).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStorage } from "@/lib/storage/index";
import { S3Storage } from "@/lib/storage/s3";

type Seen = { method: string; url: string; authorization: string; contentType?: string; range?: string };

const objects = new Map<string, { body: Buffer; contentType: string }>();
const seen: Seen[] = [];
let server: http.Server;
let endpoint = "";

function xmlError(res: http.ServerResponse, status: number, code: string) {
  res.writeHead(status, { "content-type": "application/xml" });
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`);
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://s3.local");
      seen.push({
        method: req.method ?? "",
        url: url.pathname,
        authorization: String(req.headers.authorization ?? ""),
        contentType: req.headers["content-type"],
        range: req.headers.range,
      });
      const [, bucket, ...rest] = url.pathname.split("/");
      const key = rest.map(decodeURIComponent).join("/");
      if (bucket !== "bugs" || !key) return xmlError(res, 400, "InvalidRequest");
      if (!String(req.headers.authorization ?? "").startsWith("AWS4-HMAC-SHA256 ")) return xmlError(res, 403, "AccessDenied");
      if (req.method === "PUT") {
        objects.set(key, { body: Buffer.concat(chunks), contentType: String(req.headers["content-type"] ?? "") });
        res.writeHead(200, { etag: '"x"' });
        return res.end();
      }
      if (req.method === "DELETE") {
        objects.delete(key);
        res.writeHead(204);
        return res.end();
      }
      if (req.method === "GET") {
        const obj = objects.get(key);
        if (!obj) return xmlError(res, 404, "NoSuchKey");
        const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? "");
        if (m) {
          const start = Number(m[1]);
          const end = Math.min(Number(m[2]), obj.body.length - 1);
          res.writeHead(206, {
            "content-type": obj.contentType,
            "content-length": String(end - start + 1),
            "content-range": `bytes ${start}-${end}/${obj.body.length}`,
          });
          return res.end(obj.body.subarray(start, end + 1));
        }
        res.writeHead(200, { "content-type": obj.contentType, "content-length": String(obj.body.length) });
        return res.end(obj.body);
      }
      xmlError(res, 405, "MethodNotAllowed");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const readAll = async (s: ReadableStream<Uint8Array>) => Buffer.from(await new Response(s).arrayBuffer());

describe("S3 storage driver", () => {
  it("is chosen when S3_BUCKET is set, and puts, gets (whole and a range) and deletes, signing every request", async () => {
    const storage = createStorage({
      S3_BUCKET: "bugs",
      S3_ENDPOINT: endpoint,
      S3_ACCESS_KEY_ID: "test-key",
      S3_SECRET_ACCESS_KEY: "test-secret",
      S3_FORCE_PATH_STYLE: "true",
    });
    expect(storage).toBeInstanceOf(S3Storage);
    try {
      const body = Buffer.from("0123456789abcdef");
      await storage.put("bash1/abc123", body, "image/png");
      expect(objects.get("bash1/abc123")).toEqual({ body, contentType: "image/png" });

      const whole = await storage.get("bash1/abc123");
      expect(whole?.size).toBe(16);
      expect(await readAll(whole!.stream)).toEqual(body);

      const part = await storage.get("bash1/abc123", { start: 2, end: 5 });
      expect(part?.size).toBe(16);
      expect((await readAll(part!.stream)).toString()).toBe("2345");

      await expect(storage.get("bash1/missing")).resolves.toBeNull();
      await storage.delete("bash1/abc123");
      expect(objects.has("bash1/abc123")).toBe(false);
      await expect(storage.get("bash1/abc123")).resolves.toBeNull();
      await expect(storage.delete("bash1/abc123")).resolves.toBeUndefined();

      expect(seen.length).toBeGreaterThanOrEqual(6);
      for (const r of seen) {
        expect(r.url.startsWith("/bugs/bash1/")).toBe(true);
        expect(r.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=test-key\/\d{8}\/us-east-1\/s3\/aws4_request/);
      }
      expect(seen.find((r) => r.range)?.range).toBe("bytes=2-5");
    } finally {
      (storage as S3Storage).destroy();
    }
  });

  it("refuses unsafe keys before sending anything", async () => {
    const storage = new S3Storage({ bucket: "bugs", endpoint, region: "us-east-1", accessKeyId: "k", secretAccessKey: "s", forcePathStyle: true });
    const before = seen.length;
    try {
      for (const key of ["../etc/passwd", "/abs", "a/../b", "a\\b", "", "a//b"]) {
        await expect(storage.put(key, Buffer.from("x"), "image/png")).rejects.toThrow(/unsafe storage key/);
      }
      expect(seen.length).toBe(before);
    } finally {
      storage.destroy();
    }
  });
});
