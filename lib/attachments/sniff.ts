// Decide what a file is from its first bytes (magic numbers), never from its name or the
// Content-Type the browser sent. Only the formats a browser shows inline without scripting are
// accepted: PNG, JPEG, GIF, WebP images and MP4, WebM videos. SVG, HTML, PDF and everything else
// is refused, so an upload can never become a page running script on our origin.
//
// MP4: an ISO-BMFF `ftyp` box whose major brand is one of MP4_BRANDS. QuickTime (`qt  `, the .mov
// files iPhones record) is refused: it often holds codecs browsers cannot play, and serving it as
// video/mp4 would be a lie; people can export or share the recording as MP4 instead. HEIC/AVIF
// (also ISO-BMFF, brands heic/mif1/avif) are refused as well.

export type SniffedMedia = { mime: string; ext: string; kind: "image" | "video" };

export const ACCEPTED_MEDIA_DESCRIPTION = "a PNG, JPEG, WebP or GIF image or an MP4 or WebM video";

/** Major brands of `ftyp` boxes we treat as MP4 video. */
export const MP4_BRANDS: ReadonlySet<string> = new Set([
  "isom",
  "iso2",
  "iso3",
  "iso4",
  "iso5",
  "iso6",
  "mp41",
  "mp42",
  "avc1",
  "M4V ",
  "M4VP",
  "dash",
  "mmp4",
  "MSNV",
]);

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const EBML = [0x1a, 0x45, 0xdf, 0xa3];

function startsWith(bytes: Uint8Array, sig: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + sig.length) return false;
  return sig.every((b, i) => bytes[offset + i] === b);
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  if (bytes.length < start + length) return "";
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

export function sniffMediaType(bytes: Uint8Array): SniffedMedia | null {
  if (startsWith(bytes, PNG)) return { mime: "image/png", ext: "png", kind: "image" };
  if (startsWith(bytes, JPEG)) return { mime: "image/jpeg", ext: "jpg", kind: "image" };
  const gif = ascii(bytes, 0, 6);
  if (gif === "GIF87a" || gif === "GIF89a") return { mime: "image/gif", ext: "gif", kind: "image" };
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP" && /^VP8[ LX]$/.test(ascii(bytes, 12, 4))) {
    return { mime: "image/webp", ext: "webp", kind: "image" };
  }
  if (isMp4(bytes)) return { mime: "video/mp4", ext: "mp4", kind: "video" };
  if (isWebm(bytes)) return { mime: "video/webm", ext: "webm", kind: "video" };
  return null;
}

function isMp4(bytes: Uint8Array): boolean {
  if (bytes.length < 12 || ascii(bytes, 4, 4) !== "ftyp") return false;
  const boxSize = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
  // An ftyp box holds at least the major brand and minor version (8 + 8 bytes).
  if (boxSize < 16) return false;
  return MP4_BRANDS.has(ascii(bytes, 8, 4));
}

/** Read an EBML variable-length integer at `pos`. `keepMarker` for element IDs. */
function readVint(bytes: Uint8Array, pos: number, keepMarker: boolean): { value: number; length: number } | null {
  const first = bytes[pos];
  if (first === undefined || first === 0) return null;
  let length = 1;
  while (length <= 8 && !(first & (0x80 >> (length - 1)))) length++;
  if (length > 8 || pos + length > bytes.length) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  for (let i = 1; i < length; i++) value = value * 256 + bytes[pos + i];
  return { value, length };
}

/** EBML magic, then the EBML header's DocType element (ID 0x4282) must say "webm". */
function isWebm(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, EBML)) return false;
  const headerSize = readVint(bytes, 4, false);
  if (!headerSize) return false;
  let pos = 4 + headerSize.length;
  const end = Math.min(bytes.length, pos + headerSize.value, 4096);
  while (pos < end) {
    const id = readVint(bytes, pos, true);
    if (!id) return false;
    const size = readVint(bytes, pos + id.length, false);
    if (!size) return false;
    const dataStart = pos + id.length + size.length;
    if (id.value === 0x4282) return size.value <= 16 && ascii(bytes, dataStart, size.value).replace(/\0+$/, "") === "webm";
    pos = dataStart + size.value;
  }
  return false;
}
