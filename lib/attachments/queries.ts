// Reading attachments. Every lookup is scoped to the bash (an id from another bash is NOT_FOUND),
// and an upload not yet linked to a report is private to its uploader (and the bash's console).
import { getBashContext } from "@/lib/bashes/queries";
import type { Db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { Attachment } from "@/lib/generated/prisma/client";
import { assertCan, can, type Actor } from "@/lib/policy";
import { attachmentView, type UploadedAttachment } from "@/lib/attachments/schema";

/** The attachment row to stream; NOT_FOUND when it is not visible to the actor (or has no thumbnail). */
export async function getAttachmentForDownload(
  db: Db,
  actor: Actor,
  bashId: string,
  attachmentId: string,
  { thumb = false }: { thumb?: boolean } = {},
): Promise<Attachment> {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "report.read", ctx);
  const row = await db.attachment.findFirst({ where: { id: attachmentId, bashId } });
  if (!row) throw notFound("That attachment");
  if (row.reportId === null && row.uploaderId !== actor.id && !can(actor, "console.view", ctx)) throw notFound("That attachment");
  if (thumb && !row.thumbnailKey) throw notFound("That thumbnail");
  return row;
}

/** A report's attachments with their URLs and thumbnail URLs, oldest first. */
export async function listReportAttachments(db: Db, actor: Actor, bashId: string, reportId: string): Promise<UploadedAttachment[]> {
  assertCan(actor, "report.read", await getBashContext(db, actor, bashId));
  const rows = await db.attachment.findMany({ where: { bashId, reportId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(attachmentView);
}

/** The actor's own uploads in this bash that are not on a report yet (e.g. to restore a draft). */
export async function listMyUnlinkedAttachments(db: Db, actor: Actor, bashId: string): Promise<UploadedAttachment[]> {
  assertCan(actor, "report.create", await getBashContext(db, actor, bashId));
  const rows = await db.attachment.findMany({
    where: { bashId, uploaderId: actor.id, reportId: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(attachmentView);
}
