// Uploading attachments and linking them to reports. An upload is stored (file, then its thumbnail)
// before its row is inserted; if the insert fails the files are deleted again. A fresh upload
// belongs to nobody's report until the report is filed and linkAttachments (inside the report's
// transaction) claims it for that report.
import crypto from "node:crypto";
import sharp from "sharp";
import { getBashContext } from "@/lib/bashes/queries";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { assertCan, type Actor, type BashContext } from "@/lib/policy";
import { getStorage } from "@/lib/storage/index";
import {
  IMAGE_MAX_INPUT_PIXELS,
  MAX_ATTACHMENTS_PER_REPORT,
  THUMBNAIL_CONTENT_TYPE,
  THUMBNAIL_MAX_PX,
  ZUploadAttachment,
  attachmentView,
  formatMb,
  sanitizeFileName,
  uploadMaxBytes,
  type TUploadAttachment,
  type UploadedAttachment,
} from "@/lib/attachments/schema";
import { ACCEPTED_MEDIA_DESCRIPTION, sniffMediaType, type SniffedMedia } from "@/lib/attachments/sniff";
import { parseInput } from "@/lib/validation";
import { resolveUploadMaxBytes } from "@/lib/settings/queries";

const NOT_MEDIA = "That file is not a PNG, JPEG, WebP or GIF image or an MP4 or WebM video.";

/** Refuse an empty or oversized upload with a message that names the limit. */
export function assertUploadSize(size: number, max = uploadMaxBytes()): void {
  if (size === 0) throw new AppError("INVALID", "That file is empty.");
  if (size > max) throw new AppError("INVALID", `That file is ${formatMb(size)}; the limit is ${formatMb(max)}.`);
}

type ImageInfo = { thumbnail: Buffer; width: number; height: number };

const SHARP_FORMAT: Record<string, string> = { "image/png": "png", "image/jpeg": "jpeg", "image/gif": "gif", "image/webp": "webp" };

/** Decode the image (first frame only), note its upright size and make a small WebP thumbnail. */
async function inspectImage(bytes: Uint8Array, media: SniffedMedia): Promise<ImageInfo> {
  const input = { limitInputPixels: IMAGE_MAX_INPUT_PIXELS, pages: 1 } as const;
  try {
    const meta = await sharp(bytes, input).metadata();
    // The decoder must agree with the sniffer (a PNG signature in front of something else is refused).
    if (meta.format !== SHARP_FORMAT[media.mime]) throw new Error(`decoder says ${meta.format}`);
    const thumbnail = await sharp(bytes, input)
      .rotate()
      .resize(THUMBNAIL_MAX_PX, THUMBNAIL_MAX_PX, { fit: "inside", withoutEnlargement: true })
      // effort 0: the fastest encoder setting; a third less CPU per screenshot than the default (4),
      // for a thumbnail at most about a kilobyte larger (bench/load's screenshot: 0.5 KB → 1.1 KB).
      .webp({ quality: 75, effort: 0 })
      .toBuffer();
    // The upright size (EXIF orientation applied), of the first frame.
    return { thumbnail, width: meta.autoOrient.width, height: meta.autoOrient.height };
  } catch (e) {
    if (e instanceof Error && /pixel limit/i.test(e.message)) {
      throw new AppError("INVALID", `That image is too large to process (more than ${Math.round(IMAGE_MAX_INPUT_PIXELS / 1e6)} megapixels).`);
    }
    throw new AppError("INVALID", "That image could not be read; it may be damaged. Save it again as PNG or JPEG and retry.");
  }
}

/** Best effort: remove stored files, logging (never throwing) on failure. */
export async function deleteAttachmentFiles(keys: ReadonlyArray<string | null | undefined>): Promise<void> {
  const storage = getStorage();
  await Promise.all(
    keys
      .filter((k): k is string => typeof k === "string" && k.length > 0)
      .map(async (key) => {
        try {
          await storage.delete(key);
        } catch (e) {
          console.error(`[attachments] could not delete stored file ${key}`, e);
        }
      }),
  );
}

/**
 * Store a screenshot or short video for a report that is about to be filed. The type is decided by
 * the bytes, never by the name; the name is only cleaned up for display.
 */
/** Uploads one person may have waiting for a report in one bash. */
export const MAX_UNLINKED_UPLOADS = 30;
/** An upload not in any report after this long belonged to an abandoned draft. */
export const UNLINKED_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** How often (at most) an upload also sweeps abandoned uploads, per process. */
const PRUNE_EVERY_MS = 60_000;
let lastPrune = 0;

/**
 * `known` carries what the route has already read for this request (the bash context with the actor,
 * the upload limit), so they are not read twice.
 */
export async function uploadAttachment(
  db: Db,
  actor: Actor,
  bashId: string,
  raw: TUploadAttachment,
  known: { ctx?: BashContext; maxBytes?: number } = {},
): Promise<UploadedAttachment> {
  assertCan(actor, "report.create", known.ctx ?? (await getBashContext(db, actor, bashId)));
  const input = parseInput(ZUploadAttachment, raw);
  // Uploads wait for their report in a draft; a cap keeps one person from filling the disk with them.
  const waiting = await db.attachment.count({ where: { bashId, uploaderId: actor.id, reportId: null } });
  if (waiting >= MAX_UNLINKED_UPLOADS) {
    throw new AppError("INVALID", `You have ${waiting} uploads that are not in a report yet. Submit or discard your draft first.`);
  }
  // Housekeeping on the way, at most once a minute: uploads of drafts abandoned a week ago go (never
  // awaited, never in the way).
  if (Date.now() - lastPrune >= PRUNE_EVERY_MS) {
    lastPrune = Date.now();
    void pruneUnlinkedAttachments(db, { olderThan: new Date(Date.now() - UNLINKED_TTL_MS) }).catch(() => undefined);
  }
  const bytes = input.bytes;
  assertUploadSize(bytes.byteLength, known.maxBytes ?? (await resolveUploadMaxBytes(db)));
  const media = sniffMediaType(bytes);
  if (!media) throw new AppError("INVALID", NOT_MEDIA, { fieldErrors: { file: `Choose ${ACCEPTED_MEDIA_DESCRIPTION}.` } });
  const fileName = sanitizeFileName(input.fileName, media.ext);
  const image = media.kind === "image" ? await inspectImage(bytes, media) : null;

  const id = crypto.randomBytes(12).toString("hex");
  const storageKey = `${bashId}/${id}`;
  const thumbnailKey = image ? `${bashId}/${id}-thumb` : null;
  const storage = getStorage();
  const body = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    await storage.put(storageKey, body, media.mime);
    // Not flushed: after a crash that lost it, the download route serves the original instead.
    if (image && thumbnailKey) await storage.put(thumbnailKey, image.thumbnail, THUMBNAIL_CONTENT_TYPE, { durable: false });
  } catch (e) {
    await deleteAttachmentFiles([storageKey, thumbnailKey]);
    throw e;
  }
  try {
    const row = await db.attachment.create({
      data: {
        bashId,
        uploaderId: actor.id,
        storageKey,
        thumbnailKey,
        fileName,
        contentType: media.mime,
        size: bytes.byteLength,
        width: image?.width ?? null,
        height: image?.height ?? null,
      },
    });
    return attachmentView(row);
  } catch (e) {
    await deleteAttachmentFiles([storageKey, thumbnailKey]);
    throw e;
  }
}

/**
 * Attach the uploader's own, not yet linked uploads in this bash to a report. Call it inside the
 * transaction that files (or edits) the report: any id that is not such an upload throws INVALID,
 * so the whole write rolls back. Returns the linked ids.
 */
export async function linkAttachments(
  tx: Db,
  { bashId, uploaderId, reportId, attachmentIds }: { bashId: string; uploaderId: string; reportId: string; attachmentIds: readonly string[] },
): Promise<string[]> {
  const ids = [...new Set(attachmentIds)];
  if (ids.length === 0) return [];
  const already = await tx.attachment.count({ where: { bashId, reportId } });
  if (already + ids.length > MAX_ATTACHMENTS_PER_REPORT) {
    throw new AppError("INVALID", `Attach at most ${MAX_ATTACHMENTS_PER_REPORT} files to a report.`);
  }
  // One conditional UPDATE: a concurrent link of the same upload to another report matches 0 rows.
  const { count } = await tx.attachment.updateMany({
    where: { id: { in: ids }, bashId, uploaderId, reportId: null },
    data: { reportId },
  });
  if (count !== ids.length) throw new AppError("INVALID", "One of the attachments was not found; upload it again.");
  return ids;
}

/**
 * Housekeeping: delete uploads that were never linked to a report (an abandoned form) and are
 * older than `olderThan` (at most 500 per call). Returns how many were removed.
 */
export async function pruneUnlinkedAttachments(db: Db, { olderThan }: { olderThan: Date }): Promise<number> {
  const rows = await db.attachment.findMany({
    where: { reportId: null, createdAt: { lt: olderThan } },
    select: { id: true, storageKey: true, thumbnailKey: true },
    take: 500,
  });
  let removed = 0;
  for (const r of rows) {
    // Row first, and only while still unlinked: a report filed meanwhile keeps its attachment.
    const { count } = await db.attachment.deleteMany({ where: { id: r.id, reportId: null } });
    if (count === 0) continue;
    removed += 1;
    await deleteAttachmentFiles([r.storageKey, r.thumbnailKey]);
  }
  return removed;
}
