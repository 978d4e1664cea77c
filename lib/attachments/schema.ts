// Attachments: screenshots and short videos on reports. Shared by the upload route, the report
// form (which sends the uploaded ids with the report) and the commands.
import { z } from "zod";

export const DEFAULT_UPLOAD_MAX_BYTES = 20 * 1024 * 1024;
/** Uploads are held in memory while they are checked, and `size` is a 32-bit column. */
const UPLOAD_MAX_BYTES_CEILING = 1024 * 1024 * 1024;

export const MAX_ATTACHMENTS_PER_REPORT = 10;
export const THUMBNAIL_MAX_PX = 320;
export const THUMBNAIL_CONTENT_TYPE = "image/webp";
/** Images with more pixels than this are refused before decoding (≈ 8K × 6K). */
export const IMAGE_MAX_INPUT_PIXELS = 50_000_000;
export const FILE_NAME_MAX = 200;

/** The upload limit in bytes: env UPLOAD_MAX_BYTES, default 20 MB. */
export function uploadMaxBytes(env: Record<string, string | undefined> = process.env): number {
  const raw = env.UPLOAD_MAX_BYTES?.trim();
  if (!raw) return DEFAULT_UPLOAD_MAX_BYTES;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > UPLOAD_MAX_BYTES_CEILING) {
    throw new Error(
      `UPLOAD_MAX_BYTES must be a whole number of bytes between 1 and ${UPLOAD_MAX_BYTES_CEILING} (e.g. 20971520 for 20 MB); it is ${JSON.stringify(raw)}.`,
    );
  }
  return n;
}

/** "20 MB", "25.3 MB", "0.25 MB". */
export function formatMb(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  const text = Number.isInteger(mb) || mb >= 100 ? String(Math.round(mb)) : mb >= 1 ? mb.toFixed(1) : String(Math.max(0.01, Number(mb.toFixed(2))));
  return `${text} MB`;
}

export const ZUploadAttachment = z.object({
  // The name the browser gave the file: display only, sanitised later, never used to decide the type.
  fileName: z.string().max(4096, "The file name is too long.").default(""),
  bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: "Send the file's bytes." }),
});
export type TUploadAttachment = z.input<typeof ZUploadAttachment>;

/** The ids a report form sends with the report (uploaded first through the attachments route). */
export const ZAttachmentIds = z
  .array(z.string().min(1).max(64))
  .max(MAX_ATTACHMENTS_PER_REPORT, `Attach at most ${MAX_ATTACHMENTS_PER_REPORT} files to a report.`)
  .default([]);

export type AttachmentKind = "image" | "video";

/** What the upload route answers (201) and the client upload helper resolves with. */
export type UploadedAttachment = {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  kind: AttachmentKind;
  width: number | null;
  height: number | null;
  url: string;
  thumbUrl: string | null;
};

export const attachmentUrl = (bashId: string, attachmentId: string) =>
  `/api/bashes/${encodeURIComponent(bashId)}/attachments/${encodeURIComponent(attachmentId)}`;
export const attachmentThumbUrl = (bashId: string, attachmentId: string) => `${attachmentUrl(bashId, attachmentId)}?thumb=1`;

export const attachmentKind = (contentType: string): AttachmentKind => (contentType.startsWith("video/") ? "video" : "image");

/** The view of a stored attachment row that lists and the upload route hand to the browser. */
export function attachmentView(row: {
  id: string;
  bashId: string;
  fileName: string;
  contentType: string;
  size: number;
  width: number | null;
  height: number | null;
  thumbnailKey: string | null;
}): UploadedAttachment {
  return {
    id: row.id,
    fileName: row.fileName,
    contentType: row.contentType,
    size: row.size,
    kind: attachmentKind(row.contentType),
    width: row.width,
    height: row.height,
    url: attachmentUrl(row.bashId, row.id),
    thumbUrl: row.thumbnailKey ? attachmentThumbUrl(row.bashId, row.id) : null,
  };
}

const EXT_ALIASES: Record<string, readonly string[]> = {
  jpg: ["jpg", "jpeg", "jpe", "jfif"],
  mp4: ["mp4", "m4v"],
};

/**
 * A display name that is safe to show and to put in a Content-Disposition: no directories, no
 * control, bidi-override or zero-width characters, at most FILE_NAME_MAX characters, and ending in
 * the extension of what the file really is (`evil.exe` holding a PNG becomes `evil.png`).
 */
export function sanitizeFileName(raw: string, ext: string): string {
  let name = raw.normalize("NFC");
  name = name.split(/[/\\]/).pop() ?? "";
  // C0/C1 controls, bidi embeddings/overrides/isolates, zero-width characters and BOM.
  name = name.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g, "");
  name = name.replace(/\s+/g, " ").trim().replace(/^[.\s]+/, "");
  const m = /^(.*)\.([A-Za-z0-9]{1,5})$/.exec(name);
  let base = m && m[1].trim() ? m[1].trim() : name;
  const current = m && m[1].trim() ? m[2].toLowerCase() : "";
  const keepExt = (EXT_ALIASES[ext] ?? [ext]).includes(current) ? current : ext;
  base = base.replace(/[.\s]+$/, "");
  if (!base) base = "attachment";
  const chars = Array.from(base);
  const room = FILE_NAME_MAX - keepExt.length - 1;
  if (chars.length > room) base = chars.slice(0, room).join("").trimEnd();
  return `${base}.${keepExt}`;
}
