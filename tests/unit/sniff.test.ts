import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { sanitizeFileName } from "@/lib/attachments/schema";
import { sniffMediaType } from "@/lib/attachments/sniff";

const solid = (w = 8, h = 6) => sharp({ create: { width: w, height: h, channels: 3, background: { r: 200, g: 30, b: 60 } } });

/** A minimal ISO-BMFF file: an ftyp box (major brand, minor version, compatible brands) and an empty mdat. */
function isoBmff(major: string, compatible: string[] = ["isom"]): Uint8Array {
  const brands = [major, ...compatible];
  const ftypSize = 8 + 4 + 4 * brands.length;
  const buf = Buffer.alloc(ftypSize + 8);
  buf.writeUInt32BE(ftypSize, 0);
  buf.write("ftyp", 4, "latin1");
  buf.write(major, 8, "latin1");
  buf.writeUInt32BE(0x200, 12);
  brands.slice(1).forEach((b, i) => buf.write(b, 16 + 4 * i, "latin1"));
  buf.writeUInt32BE(8, ftypSize);
  buf.write("mdat", ftypSize + 4, "latin1");
  return buf;
}

/** An EBML header (version, read version, max id/size lengths, DocType, DocType versions), then a Segment id. */
function ebml(docType: string): Uint8Array {
  const el = (id: number[], data: number[]) => [...id, 0x80 | data.length, ...data];
  const body = [
    ...el([0x42, 0x86], [1]),
    ...el([0x42, 0xf7], [1]),
    ...el([0x42, 0xf2], [4]),
    ...el([0x42, 0xf3], [8]),
    ...el([0x42, 0x82], [...Buffer.from(docType, "latin1")]),
    ...el([0x42, 0x87], [4]),
    ...el([0x42, 0x85], [2]),
  ];
  return Uint8Array.from([0x1a, 0x45, 0xdf, 0xa3, 0x80 | body.length, ...body, 0x18, 0x53, 0x80, 0x67, 0x01, 0xff]);
}

describe("sniffMediaType: accepted", () => {
  it("recognises real PNG, JPEG, GIF and WebP files made by sharp", async () => {
    expect(sniffMediaType(await solid().png().toBuffer())).toEqual({ mime: "image/png", ext: "png", kind: "image" });
    expect(sniffMediaType(await solid().jpeg().toBuffer())).toEqual({ mime: "image/jpeg", ext: "jpg", kind: "image" });
    expect(sniffMediaType(await solid().gif().toBuffer())).toEqual({ mime: "image/gif", ext: "gif", kind: "image" });
    expect(sniffMediaType(await solid().webp().toBuffer())).toEqual({ mime: "image/webp", ext: "webp", kind: "image" });
    expect(sniffMediaType(await solid().webp({ lossless: true }).toBuffer())?.mime).toBe("image/webp");
  });

  it("recognises GIF87a as well as GIF89a", () => {
    expect(sniffMediaType(Buffer.from("GIF87a\x01\x00\x01\x00", "latin1"))?.mime).toBe("image/gif");
  });

  it.each(["isom", "mp41", "mp42", "avc1", "iso2", "M4V ", "dash"])("recognises MP4 with major brand %j", (brand) => {
    expect(sniffMediaType(isoBmff(brand))).toEqual({ mime: "video/mp4", ext: "mp4", kind: "video" });
  });

  it("recognises WebM by its EBML DocType", () => {
    expect(sniffMediaType(ebml("webm"))).toEqual({ mime: "video/webm", ext: "webm", kind: "video" });
  });
});

describe("sniffMediaType: refused", () => {
  const cases: [string, Uint8Array][] = [
    ["empty", new Uint8Array()],
    ["html", Buffer.from("<!doctype html><html><script>alert(1)</script></html>")],
    ["html with a BOM", Buffer.from("\ufeff<html><body onload=alert(1)>")],
    ["svg", Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ["plain text", Buffer.from("just some notes about the bug\n")],
    ["zip", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00])],
    ["exe", Buffer.concat([Buffer.from("MZ"), Buffer.alloc(62), Buffer.from("PE\0\0")])],
    ["pdf", Buffer.from("%PDF-1.7\n%âãÏÓ\n")],
    ["QuickTime .mov", isoBmff("qt  ", ["qt  "])],
    ["HEIC", isoBmff("heic", ["mif1", "heic"])],
    ["AVIF", isoBmff("avif", ["avif", "mif1", "miaf"])],
    ["Matroska .mkv", ebml("matroska")],
    ["a truncated PNG signature", Buffer.from([0x89, 0x50, 0x4e, 0x47])],
    ["RIFF that is not WebP (WAV)", Buffer.from("RIFF\x24\x00\x00\x00WAVEfmt ", "latin1")],
    ["ftyp too short", Buffer.from("\x00\x00\x00\x08ftypisom", "latin1")],
  ];
  it.each(cases)("%s → null", (_name, bytes) => {
    expect(sniffMediaType(bytes)).toBeNull();
  });
});

describe("sanitizeFileName", () => {
  it("replaces a lying extension with the real one and keeps a matching one", () => {
    expect(sanitizeFileName("evil.exe", "png")).toBe("evil.png");
    expect(sanitizeFileName("shot.PNG", "png")).toBe("shot.png");
    expect(sanitizeFileName("photo.jpeg", "jpg")).toBe("photo.jpeg");
    expect(sanitizeFileName("clip", "mp4")).toBe("clip.mp4");
    expect(sanitizeFileName("v1.2 checkout flow", "webm")).toBe("v1.2 checkout flow.webm");
  });

  it("drops directories, control, bidi-override and zero-width characters", () => {
    expect(sanitizeFileName("C:\\Users\\me\\Desktop\\bug.png", "png")).toBe("bug.png");
    expect(sanitizeFileName("../../etc/passwd", "png")).toBe("passwd.png");
    expect(sanitizeFileName("a\u0000b\r\nc\u202egnp.exe", "png")).toBe("abcgnp.png");
    expect(sanitizeFileName("zero\u200bwidth.gif", "gif")).toBe("zerowidth.gif");
  });

  it("never answers an empty or dot name, and caps the length at 200 characters", () => {
    expect(sanitizeFileName("", "png")).toBe("attachment.png");
    expect(sanitizeFileName("...", "png")).toBe("attachment.png");
    expect(sanitizeFileName(".png", "png")).toBe("png.png");
    const long = sanitizeFileName(`${"😀".repeat(300)}.png`, "png");
    expect(Array.from(long)).toHaveLength(200);
    expect(long.endsWith("😀.png")).toBe(true);
  });
});
