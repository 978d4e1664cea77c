// HTTP details of the attachment routes, kept out of app/ so they can be tested directly:
// the response headers, Range parsing and reading an upload body with a hard cap.
import { THUMBNAIL_CONTENT_TYPE } from "@/lib/attachments/schema";
import type { ByteRange } from "@/lib/storage/index";

/** RFC 5987 attr-char: everything else is percent-encoded in `filename*`. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `inline; filename="ascii fallback"; filename*=UTF-8''percent-encoded` (RFC 6266). */
export function contentDisposition(fileName: string, type: "inline" | "attachment" = "inline"): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, "_") || "attachment";
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(fileName)}`;
}

/**
 * A single `Range: bytes=…` against an object of `size` bytes: the inclusive range, null to answer
 * with the whole file (no header, several ranges or a malformed one — all allowed by RFC 9110), or
 * "unsatisfiable" for a 416.
 */
export function parseRange(header: string | null | undefined, size: number): ByteRange | null | "unsatisfiable" {
  if (!header) return null;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m || (m[1] === "" && m[2] === "")) return null;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== "" && Number(m[2]) < start) return null;
  if (start >= size) return "unsatisfiable";
  return { start, end };
}

export type DownloadRow = { id: string; fileName: string; contentType: string; size: number };

/**
 * The headers for streaming an attachment (or its thumbnail). The Content-Type comes from our own
 * sniffing, and nosniff + a sandboxing CSP keep the browser from treating the bytes as anything else.
 */
export function attachmentHeaders(
  row: DownloadRow,
  opts: { range?: ByteRange | null; thumb?: boolean; thumbSize?: number } = {},
): Headers {
  const thumb = opts.thumb ?? false;
  const size = thumb ? (opts.thumbSize ?? 0) : row.size;
  const h = new Headers({
    "Content-Type": thumb ? THUMBNAIL_CONTENT_TYPE : row.contentType,
    "X-Content-Type-Options": "nosniff",
    "Content-Disposition": contentDisposition(thumb ? row.fileName.replace(/\.[^.]+$/, "") + "-thumbnail.webp" : row.fileName),
    "Cache-Control": "private, max-age=3600",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cross-Origin-Resource-Policy": "same-origin",
    ETag: `"${row.id}${thumb ? "-thumb" : ""}"`,
  });
  if (!thumb) h.set("Accept-Ranges", "bytes");
  if (opts.range && !thumb) {
    h.set("Content-Range", `bytes ${opts.range.start}-${opts.range.end}/${size}`);
    h.set("Content-Length", String(opts.range.end - opts.range.start + 1));
  } else if (size > 0) {
    h.set("Content-Length", String(size));
  }
  return h;
}

/** The 416 answer: which size the range missed. */
export function rangeNotSatisfiable(size: number): Response {
  return new Response(null, {
    status: 416,
    headers: { "Content-Range": `bytes */${size}`, "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store" },
  });
}

export class BodyTooLargeError extends Error {
  constructor() {
    super("The request body is larger than allowed.");
    this.name = "BodyTooLargeError";
  }
}

/** Read a request body into memory, stopping (and cancelling the upload) once it passes `max` bytes. */
export async function readBodyCapped(body: ReadableStream<Uint8Array> | null, max: number): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/** The X-File-Name header: percent-encoded by the client; a raw or broken value is used as is. */
export function decodeFileNameHeader(value: string | null): string {
  if (!value) return "";
  const v = value.slice(0, 4096);
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}
