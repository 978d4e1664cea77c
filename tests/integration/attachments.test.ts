import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createBash } from "@/lib/bashes/commands";
import { linkAttachments, MAX_UNLINKED_UPLOADS, pruneUnlinkedAttachments, uploadAttachment } from "@/lib/attachments/commands";
import { getAttachmentForDownload, listReportAttachments } from "@/lib/attachments/queries";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Actor, BashRole } from "@/lib/policy";
import { getStorage, setStorageForTests } from "@/lib/storage/index";
import { makeMember, makeUser } from "../factories/users";
import { db, resetDb } from "./db";

// The route handlers load the actor from the next-auth session; here the test decides who it is.
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth", async () => (await import("../factories/auth-mock")).authMock(session));

let storageDir = "";
const savedEnv = { STORAGE_DIR: process.env.STORAGE_DIR, S3_BUCKET: process.env.S3_BUCKET, UPLOAD_MAX_BYTES: process.env.UPLOAD_MAX_BYTES };

beforeAll(async () => {
  storageDir = await fs.mkdtemp(path.join(os.tmpdir(), "bashboard-attachments-"));
  process.env.STORAGE_DIR = storageDir;
  delete process.env.S3_BUCKET;
  delete process.env.UPLOAD_MAX_BYTES;
  setStorageForTests(null);
});

afterAll(async () => {
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  setStorageForTests(null);
  await fs.rm(storageDir, { recursive: true, force: true });
});

beforeEach(async () => {
  await resetDb();
  for (const entry of await fs.readdir(storageDir)) await fs.rm(path.join(storageDir, entry), { recursive: true, force: true });
  delete process.env.UPLOAD_MAX_BYTES;
  session.actor = null;
});

type User = Awaited<ReturnType<typeof makeUser>>;

const member = (bashId: string, role: BashRole, name?: string): Promise<User> => makeMember(db(), bashId, role, { name });

async function setup() {
  const fac = await makeUser(db(), { name: "Fay Facilitator" });
  const bash = await createBash(db(), fac, { title: "RC bash" });
  const ann = await member(bash.id, "PARTICIPANT", "Ann");
  const ben = await member(bash.id, "PARTICIPANT", "Ben");
  return { fac, bash, ann, ben };
}

let reportNumber = 0;
async function makeReport(bashId: string, reporterId: string) {
  reportNumber += 1;
  return db().report.create({ data: { bashId, number: reportNumber, clientId: `c${reportNumber}`, title: "Pay button does nothing", reporterId } });
}

const png = (w = 640, h = 480) =>
  sharp({ create: { width: w, height: h, channels: 3, background: { r: 10, g: 120, b: 200 } } }).png().toBuffer();

function mp4(): Buffer {
  const buf = Buffer.alloc(32 + 8);
  buf.writeUInt32BE(32, 0);
  buf.write("ftypisom", 4, "latin1");
  buf.writeUInt32BE(0x200, 12);
  buf.write("isomiso2avc1mp41", 16, "latin1");
  buf.writeUInt32BE(8, 32);
  buf.write("mdat", 36, "latin1");
  return buf;
}

async function storedFiles(): Promise<string[]> {
  const entries = await fs.readdir(storageDir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

describe("uploading", () => {
  it("decides the type by content: a PNG named evil.exe is stored as image/png with a .png name, a thumbnail and its size", async () => {
    const { bash, ann } = await setup();
    const bytes = await png(640, 480);
    const up = await uploadAttachment(db(), ann, bash.id, { fileName: "C:\\tmp\\evil.exe", bytes });
    expect(up).toMatchObject({
      fileName: "evil.png",
      contentType: "image/png",
      size: bytes.length,
      kind: "image",
      width: 640,
      height: 480,
      url: `/api/bashes/${bash.id}/attachments/${up.id}`,
      thumbUrl: `/api/bashes/${bash.id}/attachments/${up.id}?thumb=1`,
    });
    const row = await db().attachment.findUniqueOrThrow({ where: { id: up.id } });
    expect(row).toMatchObject({ bashId: bash.id, uploaderId: ann.id, reportId: null, contentType: "image/png" });
    expect(row.storageKey.startsWith(`${bash.id}/`)).toBe(true);

    const original = await getStorage().get(row.storageKey);
    expect(original && (await readAll(original.stream)).equals(bytes)).toBe(true);
    const thumb = await getStorage().get(row.thumbnailKey!);
    const meta = await sharp(await readAll(thumb!.stream)).metadata();
    expect(meta).toMatchObject({ format: "webp", width: 320, height: 240 });
  });

  it("records the upright size of a rotated phone photo and thumbnails the first frame of a GIF", async () => {
    const { bash, ann } = await setup();
    const rotated = await sharp({ create: { width: 40, height: 20, channels: 3, background: "#888" } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const photo = await uploadAttachment(db(), ann, bash.id, { fileName: "IMG_0001.JPG", bytes: rotated });
    expect(photo).toMatchObject({ fileName: "IMG_0001.jpg", contentType: "image/jpeg", width: 20, height: 40 });

    const gif = await sharp({ create: { width: 30, height: 10, channels: 4, background: "#f00" } }).gif().toBuffer();
    const g = await uploadAttachment(db(), ann, bash.id, { fileName: "anim.gif", bytes: gif });
    expect(g).toMatchObject({ contentType: "image/gif", width: 30, height: 10 });
    expect(g.thumbUrl).not.toBeNull();
  });

  it("stores a video without a thumbnail", async () => {
    const { bash, ann } = await setup();
    const up = await uploadAttachment(db(), ann, bash.id, { fileName: "screen recording", bytes: mp4() });
    expect(up).toMatchObject({ fileName: "screen recording.mp4", contentType: "video/mp4", kind: "video", thumbUrl: null, width: null });
    await expect(getAttachmentForDownload(db(), ann, bash.id, up.id, { thumb: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses an HTML file named shot.png (and a PNG signature glued to HTML), storing and inserting nothing", async () => {
    const { bash, ann } = await setup();
    const html = Buffer.from("<!doctype html><script>fetch('/api/me')</script>");
    await expect(uploadAttachment(db(), ann, bash.id, { fileName: "shot.png", bytes: html })).rejects.toMatchObject({
      code: "INVALID",
      message: "That file is not a PNG, JPEG, WebP or GIF image or an MP4 or WebM video.",
    });
    const polyglot = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), html]);
    await expect(uploadAttachment(db(), ann, bash.id, { fileName: "shot.png", bytes: polyglot })).rejects.toMatchObject({
      code: "INVALID",
      message: expect.stringMatching(/could not be read/),
    });
    expect(await db().attachment.count()).toBe(0);
    expect(await storedFiles()).toEqual([]);
  });

  it("refuses empty and over-limit files, naming the limit in MB", async () => {
    const { bash, ann } = await setup();
    await expect(uploadAttachment(db(), ann, bash.id, { fileName: "a.png", bytes: Buffer.alloc(0) })).rejects.toMatchObject({
      code: "INVALID",
      message: "That file is empty.",
    });
    await expect(uploadAttachment(db(), ann, bash.id, { fileName: "a.png", bytes: Buffer.alloc(21 * 1024 * 1024) })).rejects.toMatchObject({
      code: "INVALID",
      message: "That file is 21 MB; the limit is 20 MB.",
    });
    process.env.UPLOAD_MAX_BYTES = String(256 * 1024);
    await expect(uploadAttachment(db(), ann, bash.id, { fileName: "a.png", bytes: Buffer.alloc(300 * 1024) })).rejects.toMatchObject({
      message: "That file is 0.29 MB; the limit is 0.25 MB.",
    });
    expect(await db().attachment.count()).toBe(0);
    expect(await storedFiles()).toEqual([]);
  });

  it("deletes the stored files when the row cannot be inserted", async () => {
    const { bash, ann } = await setup();
    const real = db();
    const failing = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop === "attachment") return { ...target.attachment, count: () => Promise.resolve(0), findMany: () => Promise.resolve([]), create: () => Promise.reject(new Error("insert failed")) };
        return Reflect.get(target, prop, receiver);
      },
    }) as PrismaClient;
    await expect(uploadAttachment(failing, ann, bash.id, { fileName: "a.png", bytes: await png(10, 10) })).rejects.toThrow("insert failed");
    expect(await storedFiles()).toEqual([]);
  });

  it("caps the uploads one person has waiting for a report", async () => {
    const { bash, ann, ben } = await setup();
    await db().attachment.createMany({
      data: Array.from({ length: MAX_UNLINKED_UPLOADS }, (_, i) => ({ bashId: bash.id, uploaderId: ann.id, storageKey: `${bash.id}/waiting-${i}`, fileName: `w${i}.png`, contentType: "image/png", size: 1 })),
    });
    await expect(uploadAttachment(db(), ann, bash.id, { fileName: "one-more.png", bytes: await png(20, 20) })).rejects.toMatchObject({
      code: "INVALID",
      message: `You have ${MAX_UNLINKED_UPLOADS} uploads that are not in a report yet. Submit or discard your draft first.`,
    });
    // Someone else is not held back by Ann's drafts.
    await expect(uploadAttachment(db(), ben, bash.id, { fileName: "mine.png", bytes: await png(20, 20) })).resolves.toMatchObject({ contentType: "image/png" });
  });

  it("lets only members who may file reports upload", async () => {
    const { bash } = await setup();
    const outsider = await makeUser(db());
    const observer = await member(bash.id, "OBSERVER");
    const bytes = await png(10, 10);
    await expect(uploadAttachment(db(), outsider, bash.id, { fileName: "a.png", bytes })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(uploadAttachment(db(), observer, bash.id, { fileName: "a.png", bytes })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await storedFiles()).toEqual([]);
  });
});

describe("downloading", () => {
  it("is for members of that bash only, and only through that bash", async () => {
    const { bash, ann } = await setup();
    const up = await uploadAttachment(db(), ann, bash.id, { fileName: "a.png", bytes: await png(10, 10) });
    const outsider = await makeUser(db());
    await expect(getAttachmentForDownload(db(), outsider, bash.id, up.id)).rejects.toMatchObject({ code: "NOT_FOUND" });

    // A facilitator of another bash asks for it through their own bash: not there.
    const otherFac = await makeUser(db());
    const other = await createBash(db(), otherFac, { title: "Other bash" });
    await expect(getAttachmentForDownload(db(), otherFac, other.id, up.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getAttachmentForDownload(db(), otherFac, bash.id, up.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("keeps an unlinked upload private to its uploader and the facilitators until it is on a report", async () => {
    const { fac, bash, ann, ben } = await setup();
    const observer = await member(bash.id, "OBSERVER");
    const up = await uploadAttachment(db(), ann, bash.id, { fileName: "a.png", bytes: await png(10, 10) });
    await expect(getAttachmentForDownload(db(), ann, bash.id, up.id)).resolves.toMatchObject({ id: up.id });
    await expect(getAttachmentForDownload(db(), fac, bash.id, up.id, { thumb: true })).resolves.toMatchObject({ id: up.id });
    await expect(getAttachmentForDownload(db(), ben, bash.id, up.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getAttachmentForDownload(db(), observer, bash.id, up.id)).rejects.toMatchObject({ code: "NOT_FOUND" });

    const report = await makeReport(bash.id, ann.id);
    await db().$transaction((tx) => linkAttachments(tx, { bashId: bash.id, uploaderId: ann.id, reportId: report.id, attachmentIds: [up.id] }));
    await expect(getAttachmentForDownload(db(), ben, bash.id, up.id)).resolves.toMatchObject({ reportId: report.id });
    await expect(getAttachmentForDownload(db(), observer, bash.id, up.id)).resolves.toMatchObject({ reportId: report.id });
    await expect(listReportAttachments(db(), ben, bash.id, report.id)).resolves.toEqual([
      expect.objectContaining({ id: up.id, thumbUrl: `/api/bashes/${bash.id}/attachments/${up.id}?thumb=1` }),
    ]);
  });
});

describe("linking to a report", () => {
  it("links the uploader's own uploads and refuses someone else's, rolling back the report", async () => {
    const { bash, ann, ben } = await setup();
    const mine = await uploadAttachment(db(), ann, bash.id, { fileName: "a.png", bytes: await png(10, 10) });
    const bens = await uploadAttachment(db(), ben, bash.id, { fileName: "b.png", bytes: await png(10, 10) });

    await expect(
      db().$transaction(async (tx) => {
        const r = await tx.report.create({ data: { bashId: bash.id, number: 900, clientId: "x900", title: "t", reporterId: ann.id } });
        await linkAttachments(tx, { bashId: bash.id, uploaderId: ann.id, reportId: r.id, attachmentIds: [mine.id, bens.id] });
      }),
    ).rejects.toMatchObject({ code: "INVALID", message: "One of the attachments was not found; upload it again." });
    expect(await db().report.count()).toBe(0);
    expect(await db().attachment.count({ where: { reportId: { not: null } } })).toBe(0);

    const report = await makeReport(bash.id, ann.id);
    await expect(
      db().$transaction((tx) => linkAttachments(tx, { bashId: bash.id, uploaderId: ann.id, reportId: report.id, attachmentIds: [mine.id, mine.id] })),
    ).resolves.toEqual([mine.id]);
    // Already on a report: cannot be moved to another one.
    const second = await makeReport(bash.id, ann.id);
    await expect(
      db().$transaction((tx) => linkAttachments(tx, { bashId: bash.id, uploaderId: ann.id, reportId: second.id, attachmentIds: [mine.id] })),
    ).rejects.toMatchObject({ code: "INVALID" });
  });

  it("refuses an upload from another bash and more than 10 files per report", async () => {
    const { bash, ann } = await setup();
    const other = await createBash(db(), ann, { title: "Ann's other bash" });
    const elsewhere = await uploadAttachment(db(), ann, other.id, { fileName: "a.png", bytes: await png(10, 10) });
    const report = await makeReport(bash.id, ann.id);
    await expect(
      linkAttachments(db(), { bashId: bash.id, uploaderId: ann.id, reportId: report.id, attachmentIds: [elsewhere.id] }),
    ).rejects.toMatchObject({ code: "INVALID" });
    const ids = Array.from({ length: 11 }, (_, i) => `id${i}`);
    await expect(linkAttachments(db(), { bashId: bash.id, uploaderId: ann.id, reportId: report.id, attachmentIds: ids })).rejects.toMatchObject({
      code: "INVALID",
      message: "Attach at most 10 files to a report.",
    });
  });

  it("prunes old unlinked uploads with their files, and keeps linked ones", async () => {
    const { bash, ann } = await setup();
    const linked = await uploadAttachment(db(), ann, bash.id, { fileName: "a.png", bytes: await png(10, 10) });
    await uploadAttachment(db(), ann, bash.id, { fileName: "b.png", bytes: await png(10, 10) });
    const report = await makeReport(bash.id, ann.id);
    await linkAttachments(db(), { bashId: bash.id, uploaderId: ann.id, reportId: report.id, attachmentIds: [linked.id] });
    expect(await storedFiles()).toHaveLength(4);
    await expect(pruneUnlinkedAttachments(db(), { olderThan: new Date(Date.now() + 1000) })).resolves.toBe(1);
    expect(await storedFiles()).toHaveLength(2);
    expect(await db().attachment.findMany({ select: { id: true } })).toEqual([{ id: linked.id }]);
  });
});

describe("route handlers", () => {
  const base = "http://localhost:3000";

  async function post(bashId: string, body: Buffer, headers: Record<string, string> = {}) {
    const { POST } = await import("@/app/api/bashes/[bashId]/attachments/route");
    const req = new Request(`${base}/api/bashes/${bashId}/attachments`, {
      method: "POST",
      body: new Uint8Array(body),
      headers: { "content-length": String(body.length), ...headers },
    });
    return POST(req, { params: Promise.resolve({ bashId }) });
  }

  async function get(bashId: string, attachmentId: string, query = "", headers: Record<string, string> = {}) {
    const { GET } = await import("@/app/api/bashes/[bashId]/attachments/[attachmentId]/route");
    const req = new Request(`${base}/api/bashes/${bashId}/attachments/${attachmentId}${query}`, { headers });
    return GET(req, { params: Promise.resolve({ bashId, attachmentId }) });
  }

  it("POST stores the raw body and answers 201; GET streams it with safe headers, ranges and the thumbnail", async () => {
    const { bash, ann, ben } = await setup();
    const bytes = await png(64, 32);
    session.actor = ann;
    const res = await post(bash.id, bytes, { "x-file-name": encodeURIComponent("Écran “1”.png") });
    expect(res.status).toBe(201);
    const up = await res.json();
    expect(up).toMatchObject({ fileName: "Écran “1”.png", contentType: "image/png", size: bytes.length });

    const full = await get(bash.id, up.id);
    expect(full.status).toBe(200);
    expect(full.headers.get("content-type")).toBe("image/png");
    expect(full.headers.get("x-content-type-options")).toBe("nosniff");
    expect(full.headers.get("content-disposition")).toBe(`inline; filename="_cran _1_.png"; filename*=UTF-8''%C3%89cran%20%E2%80%9C1%E2%80%9D.png`);
    expect(Buffer.from(await full.arrayBuffer()).equals(bytes)).toBe(true);

    const part = await get(bash.id, up.id, "", { range: "bytes=1-3" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 1-3/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(1, 4));

    const beyond = await get(bash.id, up.id, "", { range: `bytes=${bytes.length}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe(`bytes */${bytes.length}`);

    const thumb = await get(bash.id, up.id, "?thumb=1");
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get("content-type")).toBe("image/webp");
    expect((await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).format).toBe("webp");

    // Thumbnails are not flushed to disk: one a crash left empty, or lost, falls back to the original.
    const row = await db().attachment.findUniqueOrThrow({ where: { id: up.id } });
    const thumbFile = path.join(storageDir, ...row.thumbnailKey!.split("/"));
    for (const lose of [() => fs.writeFile(thumbFile, ""), () => fs.rm(thumbFile)]) {
      await lose();
      const fallback = await get(bash.id, up.id, "?thumb=1");
      expect(fallback.status).toBe(200);
      expect(fallback.headers.get("content-type")).toBe("image/png");
      expect(Buffer.from(await fallback.arrayBuffer()).equals(bytes)).toBe(true);
    }

    session.actor = ben; // not linked yet: not Ben's to see
    expect((await get(bash.id, up.id)).status).toBe(404);
    session.actor = null;
    expect((await get(bash.id, up.id)).status).toBe(401);
  });

  it("POST refuses a declared or actual body over the limit with 413, and a non-member with 404", async () => {
    const { bash, ann } = await setup();
    process.env.UPLOAD_MAX_BYTES = "1000";
    session.actor = ann;
    const declared = await post(bash.id, Buffer.alloc(2000));
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: "That file is 0.01 MB; the limit is 0.01 MB." });
    // Content-Length says 10, the body is larger: reading stops at the limit.
    const { POST } = await import("@/app/api/bashes/[bashId]/attachments/route");
    let pulled = 0;
    const endless = () =>
      new ReadableStream<Uint8Array>({
        pull(c) {
          pulled += 1;
          c.enqueue(new Uint8Array(400));
        },
      });
    const lying = await POST(
      new Request(`${base}/api/bashes/${bash.id}/attachments`, { method: "POST", body: endless(), headers: { "content-length": "10" }, duplex: "half" } as RequestInit),
      { params: Promise.resolve({ bashId: bash.id }) },
    );
    expect(lying.status).toBe(413);
    expect(pulled).toBeLessThan(10);
    const missing = await POST(
      new Request(`${base}/api/bashes/${bash.id}/attachments`, { method: "POST", body: endless(), duplex: "half" } as RequestInit),
      { params: Promise.resolve({ bashId: bash.id }) },
    );
    expect(missing.status).toBe(411);

    session.actor = await makeUser(db());
    const outsider = await post(bash.id, await png(10, 10));
    expect(outsider.status).toBe(404);
    expect(await db().attachment.count()).toBe(0);
  });
});
