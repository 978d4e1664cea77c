// The safety layer in front of exceljs: an uploaded .xlsx is checked here from its bytes and its zip
// central directory (never its local headers) before any XML parser sees it. Every refusal is an
// AppError("INVALID") whose message tells the person what to do.
import zlib from "node:zlib";
import { AppError } from "@/lib/errors";

export type ZipLimits = { maxBytes: number; maxUncompressedBytes: number; maxEntries: number };

export type ZipEntry = {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
};

export type Zip = {
  buf: Buffer;
  entries: ZipEntry[];
  /** Lower-cased name → entry (OPC part names are case-insensitive). */
  byName: Map<string, ZipEntry>;
};

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export const MESSAGES = {
  empty: "The file is empty (0 bytes). Choose the workbook again and try again.",
  notZip: "This is not an .xlsx file (it is not a zip archive). Save it as Excel Workbook (.xlsx) and try again.",
  legacyXls:
    "This is an old-style Excel 97–2003 workbook (.xls). Open it in Excel, save it as Excel Workbook (.xlsx) and try again.",
  encrypted:
    "This workbook is protected with a password, so it cannot be read. Open it in Excel, remove the password (File → Info → Protect Workbook → Encrypt with Password, then clear it), save it and try again.",
  lyingSize: "A part of the file expands to more than the size it declares, which looks like a zip bomb; nothing was read.",
  unsupportedMethod:
    "The file could not be read: it uses a zip compression method Bashboard does not support. Open it in Excel, save it as Excel Workbook (.xlsx) and try again.",
} as const;

export function formatSize(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  const kb = bytes / 1024;
  if (kb >= 1) return `${Number.isInteger(kb) ? kb : kb.toFixed(1)} KB`;
  return `${bytes} bytes`;
}

const invalid = (message: string) => new AppError("INVALID", message);

export function damaged(detail: string): AppError {
  return invalid(`The file could not be read: it is damaged or incomplete (${detail}). Download or save it again and try again.`);
}

export function zipBombSize(limit: number): AppError {
  return invalid(`The file expands to more than ${formatSize(limit)}, which looks like a zip bomb; nothing was read.`);
}

function zipBombEntries(limit: number): AppError {
  return invalid(`The file holds more than ${limit.toLocaleString("en")} parts, which looks like a zip bomb; nothing was read.`);
}

/** Checks on the raw bytes: size, emptiness, and what kind of file it is by its first bytes. */
export function checkFileBytes(buf: Buffer, limits: Pick<ZipLimits, "maxBytes">): void {
  if (buf.length > limits.maxBytes) throw invalid(`The file is ${formatSize(buf.length)}; the limit is ${formatSize(limits.maxBytes)}.`);
  if (buf.length === 0) throw invalid(MESSAGES.empty);
  if (buf.length >= 8 && buf.subarray(0, 8).equals(OLE_MAGIC)) {
    // Excel saves a password-protected .xlsx as an OLE compound file holding EncryptionInfo and
    // EncryptedPackage streams; any other OLE file is a legacy .xls (or .doc) file.
    const encrypted = buf.includes(Buffer.from("EncryptionInfo", "utf16le")) || buf.includes(Buffer.from("EncryptedPackage", "utf16le"));
    throw invalid(encrypted ? MESSAGES.encrypted : MESSAGES.legacyXls);
  }
  const zipMagic = buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && ((buf[2] === 3 && buf[3] === 4) || (buf[2] === 5 && buf[3] === 6));
  if (!zipMagic) throw invalid(MESSAGES.notZip);
}

function findEocd(buf: Buffer): number {
  const min = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) !== SIG_EOCD) continue;
    const commentLength = buf.readUInt16LE(i + 20);
    if (i + 22 + commentLength <= buf.length) return i;
  }
  return -1;
}

function readU64(buf: Buffer, at: number): number {
  const v = buf.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw damaged("a size in the zip directory is out of range");
  return Number(v);
}

/**
 * Parse the end-of-central-directory record and the central directory, then check: entry count,
 * sum of declared uncompressed sizes, encryption, and that it is an Excel workbook at all.
 */
export function openZip(buf: Buffer, limits: ZipLimits): Zip {
  const eocd = findEocd(buf);
  if (eocd < 0) throw damaged("the end of the zip archive is missing");
  let total = buf.readUInt16LE(eocd + 10);
  let cdSize = buf.readUInt32LE(eocd + 12);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  if (total === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || buf.readUInt32LE(loc) !== SIG_ZIP64_LOCATOR) throw damaged("the zip64 directory is missing");
    const z = readU64(buf, loc + 8);
    if (z + 56 > buf.length || buf.readUInt32LE(z) !== SIG_ZIP64_EOCD) throw damaged("the zip64 directory is missing");
    total = readU64(buf, z + 32);
    cdSize = readU64(buf, z + 40);
    cdOffset = readU64(buf, z + 48);
  }
  if (total > limits.maxEntries) throw zipBombEntries(limits.maxEntries);
  if (cdOffset + cdSize > buf.length) throw damaged("the zip directory points past the end of the file");

  const entries: ZipEntry[] = [];
  const byName = new Map<string, ZipEntry>();
  let declared = 0;
  let p = cdOffset;
  const cdEnd = cdOffset + cdSize;
  for (let i = 0; i < total; i++) {
    if (p + 46 > cdEnd || buf.readUInt32LE(p) !== SIG_CENTRAL) throw damaged("the zip directory is cut short");
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc32 = buf.readUInt32LE(p + 16);
    let compressedSize = buf.readUInt32LE(p + 20);
    let uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    let localOffset = buf.readUInt32LE(p + 42);
    const nameStart = p + 46;
    const extraStart = nameStart + nameLength;
    const next = extraStart + extraLength + commentLength;
    if (next > cdEnd) throw damaged("the zip directory is cut short");
    const name = buf.toString(flags & 0x800 ? "utf8" : "latin1", nameStart, extraStart);
    // Zip64 extra field: the 64-bit values present are those whose 32-bit field is 0xFFFFFFFF.
    for (let e = extraStart; e + 4 <= extraStart + extraLength; ) {
      const id = buf.readUInt16LE(e);
      const size = buf.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        const end = e + 4 + size;
        if (uncompressedSize === 0xffffffff && q + 8 <= end) {
          uncompressedSize = readU64(buf, q);
          q += 8;
        }
        if (compressedSize === 0xffffffff && q + 8 <= end) {
          compressedSize = readU64(buf, q);
          q += 8;
        }
        if (localOffset === 0xffffffff && q + 8 <= end) localOffset = readU64(buf, q);
      }
      e += 4 + size;
    }
    if (flags & 0x1) throw invalid(MESSAGES.encrypted);
    declared += uncompressedSize;
    if (declared > limits.maxUncompressedBytes) throw zipBombSize(limits.maxUncompressedBytes);
    const entry: ZipEntry = { name, method, flags, crc32, compressedSize, uncompressedSize, localOffset };
    const key = name.toLowerCase();
    if (byName.has(key)) throw damaged(`the part ${name} appears twice`);
    byName.set(key, entry);
    entries.push(entry);
    p = next;
  }

  if (!byName.has("xl/workbook.xml") || !byName.has("[content_types].xml")) {
    const kind = byName.has("word/document.xml")
      ? "a Word document (.docx)"
      : byName.has("ppt/presentation.xml")
        ? "a PowerPoint presentation (.pptx)"
        : byName.has("xl/workbook.bin")
          ? "an Excel binary workbook (.xlsb)"
          : byName.has("content.xml") && byName.has("mimetype")
            ? "an OpenDocument file (.ods or .odt)"
            : null;
    throw invalid(
      kind
        ? `This is a zip file but not an Excel workbook: it looks like ${kind}. Save the data as Excel Workbook (.xlsx) and try again.`
        : "This is a zip file but not an Excel workbook (it has no xl/workbook.xml). Save it as Excel Workbook (.xlsx) and try again.",
    );
  }
  return { buf, entries, byName };
}

/** The compressed bytes of an entry, located through its local header (only for its length fields). */
export function entryData(zip: Zip, entry: ZipEntry): Buffer {
  const { buf } = zip;
  const at = entry.localOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== SIG_LOCAL) throw damaged(`the part ${entry.name} is missing`);
  const nameLength = buf.readUInt16LE(at + 26);
  const extraLength = buf.readUInt16LE(at + 28);
  const localName = buf.toString(entry.flags & 0x800 ? "utf8" : "latin1", at + 30, at + 30 + nameLength);
  if (localName !== entry.name) throw damaged(`the part ${entry.name} does not match the zip directory`);
  const start = at + 30 + nameLength + extraLength;
  const end = start + entry.compressedSize;
  if (end > buf.length) throw damaged(`the part ${entry.name} is cut short`);
  return buf.subarray(start, end);
}

/**
 * Inflate one entry, refusing to produce more bytes than the central directory declared (so a part
 * that lies about its size cannot expand past the limit that was checked).
 */
export function inflateEntry(zip: Zip, entry: ZipEntry): Buffer {
  const data = entryData(zip, entry);
  if (entry.method === 0) {
    if (data.length !== entry.uncompressedSize) throw damaged(`the part ${entry.name} is not the size the zip directory says`);
    return data;
  }
  if (entry.method !== 8) throw invalid(MESSAGES.unsupportedMethod);
  let out: Buffer;
  try {
    // Output chunks of the declared size (one byte more, so a full chunk is not followed by an empty
    // one; at most 16 MB, so a part claiming more than it holds does not get a huge buffer up front):
    // zlib's default 16 KB chunks are otherwise copied together at the end.
    const chunkSize = Math.min(16 * 1024 * 1024, Math.max(64, entry.uncompressedSize + 1));
    out = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize), chunkSize });
  } catch (e) {
    if ((e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw invalid(MESSAGES.lyingSize);
    throw damaged(`the part ${entry.name} cannot be decompressed`);
  }
  if (out.length !== entry.uncompressedSize) throw damaged(`the part ${entry.name} is not the size the zip directory says`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writing a small zip: the parts exceljs should read, in the order its streaming reader needs.

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export type ZipPart = { name: string; method: number; crc32: number; compressedSize: number; uncompressedSize: number; data: Buffer };

/** A stored (uncompressed) part made of text. */
export function storedPart(name: string, text: string): ZipPart {
  const data = Buffer.from(text, "utf8");
  return { name, method: 0, crc32: crc32(data), compressedSize: data.length, uncompressedSize: data.length, data };
}

/** A part copied from the upload without recompressing it (sizes and CRC from the central directory). */
export function copiedPart(zip: Zip, entry: ZipEntry, name = entry.name): ZipPart {
  return { name, method: entry.method, crc32: entry.crc32, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize, data: entryData(zip, entry) };
}

/** Assemble a zip (no zip64: the parts fit well within 4 GB after the limits above). */
export function buildZip(parts: ZipPart[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(SIG_LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(p.method, 8);
    local.writeUInt32LE(p.crc32, 14);
    local.writeUInt32LE(p.compressedSize, 18);
    local.writeUInt32LE(p.uncompressedSize, 22);
    local.writeUInt16LE(name.length, 26);
    chunks.push(local, name, p.data);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(SIG_CENTRAL, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x800, 8);
    cd.writeUInt16LE(p.method, 10);
    cd.writeUInt32LE(p.crc32, 16);
    cd.writeUInt32LE(p.compressedSize, 20);
    cd.writeUInt32LE(p.uncompressedSize, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    offset += 30 + name.length + p.data.length;
  }
  const cdSize = central.reduce((n, b) => n + b.length, 0);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(SIG_EOCD, 0);
  eocd.writeUInt16LE(parts.length, 8);
  eocd.writeUInt16LE(parts.length, 10);
  eocd.writeUInt32LE(cdSize, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, eocd]);
}
