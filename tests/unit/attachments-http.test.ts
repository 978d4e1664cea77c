import { describe, expect, it } from "vitest";
import { attachmentHeaders, contentDisposition, decodeFileNameHeader, parseRange, readBodyCapped } from "@/lib/attachments/http";

const row = { id: "att1", fileName: "Checkout bug – “pay” 100%.png", contentType: "image/png", size: 1000 };

describe("attachment response headers", () => {
  it("serve our Content-Type with nosniff, a sandbox CSP and an inline RFC 6266 filename", () => {
    const h = attachmentHeaders(row);
    expect(h.get("content-type")).toBe("image/png");
    expect(h.get("x-content-type-options")).toBe("nosniff");
    expect(h.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(h.get("cache-control")).toBe("private, max-age=3600");
    expect(h.get("content-length")).toBe("1000");
    expect(h.get("accept-ranges")).toBe("bytes");
    expect(h.get("content-disposition")).toBe(
      `inline; filename="Checkout bug _ _pay_ 100_.png"; filename*=UTF-8''Checkout%20bug%20%E2%80%93%20%E2%80%9Cpay%E2%80%9D%20100%25.png`,
    );
  });

  it("describe a partial response", () => {
    const h = attachmentHeaders(row, { range: { start: 100, end: 199 } });
    expect(h.get("content-range")).toBe("bytes 100-199/1000");
    expect(h.get("content-length")).toBe("100");
  });

  it("label a thumbnail as WebP with its own size", () => {
    const h = attachmentHeaders(row, { thumb: true, thumbSize: 321 });
    expect(h.get("content-type")).toBe("image/webp");
    expect(h.get("content-length")).toBe("321");
    expect(h.get("content-disposition")).toMatch(/^inline; filename=".*-thumbnail\.webp"/);
  });

  it("percent-encode the characters RFC 5987 does not allow, and quotes/backslashes never reach the fallback", () => {
    const cd = contentDisposition(`a'b(c)*d"e\\f;g.png`);
    expect(cd).toBe(`inline; filename="a'b(c)*d_e_f_g.png"; filename*=UTF-8''a%27b%28c%29%2Ad%22e%5Cf%3Bg.png`);
  });
});

describe("parseRange", () => {
  it.each([
    ["bytes=0-99", { start: 0, end: 99 }],
    ["bytes=0-", { start: 0, end: 999 }],
    ["bytes=990-5000", { start: 990, end: 999 }],
    ["bytes=-100", { start: 900, end: 999 }],
    ["bytes=-5000", { start: 0, end: 999 }],
    ["bytes=0-1", { start: 0, end: 1 }],
  ])("%s", (header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected);
  });

  it("ignores absent, malformed and multi-range headers (whole file)", () => {
    expect(parseRange(null, 1000)).toBeNull();
    expect(parseRange("bytes=0-1,5-6", 1000)).toBeNull();
    expect(parseRange("items=0-1", 1000)).toBeNull();
    expect(parseRange("bytes=9-3", 1000)).toBeNull();
    expect(parseRange("bytes=-", 1000)).toBeNull();
  });

  it("answers unsatisfiable for a start past the end or an empty suffix", () => {
    expect(parseRange("bytes=1000-", 1000)).toBe("unsatisfiable");
    expect(parseRange("bytes=-0", 1000)).toBe("unsatisfiable");
  });
});

describe("upload body helpers", () => {
  const streamOf = (...chunks: number[]) =>
    new ReadableStream<Uint8Array>({
      start(c) {
        for (const n of chunks) c.enqueue(new Uint8Array(n).fill(7));
        c.close();
      },
    });

  it("reads a body up to the cap and refuses one past it, whatever Content-Length said", async () => {
    await expect(readBodyCapped(streamOf(10, 10), 20)).resolves.toHaveLength(20);
    await expect(readBodyCapped(streamOf(10, 10, 1), 20)).rejects.toThrow(/larger than allowed/);
  });

  it("decodes the X-File-Name header and tolerates broken encodings", () => {
    expect(decodeFileNameHeader(encodeURIComponent("Écran 1.png"))).toBe("Écran 1.png");
    expect(decodeFileNameHeader("100%.png")).toBe("100%.png");
    expect(decodeFileNameHeader(null)).toBe("");
  });
});
