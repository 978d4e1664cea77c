// Archiving (a closed bash becomes read-only and leaves "My bashes") and deleting (admins only, after
// typing the title; the bash, its reports and its attachment files go for good).
import { z } from "zod";
import { logActivity } from "@/lib/activity/log";
import { getBashContext } from "@/lib/bashes/queries";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { BashStatus } from "@/lib/generated/prisma/enums";
import { assertCan, can, type Actor, type BashRole } from "@/lib/policy";
import { getStorage } from "@/lib/storage/index";
import { parseInput } from "@/lib/validation";

export const CONFIRM_TITLE_MESSAGE = "Type the bash's title exactly to confirm.";

export const ZDeleteBash = z.object({
  confirmTitle: z.string({ error: CONFIRM_TITLE_MESSAGE }).max(500, CONFIRM_TITLE_MESSAGE),
});

const STATUS_WORD: Record<BashStatus, string> = { DRAFT: "a draft", SCHEDULED: "scheduled", LIVE: "live", ENDED: "ended", CLOSED: "closed" };

/** Why a bash cannot be archived yet (null when it can). */
export function archiveBlocker(status: BashStatus): string | null {
  if (status === "CLOSED") return null;
  return `Only a closed bash can be archived; this one is ${STATUS_WORD[status]}.${status === "ENDED" ? " Close it first." : " End and close it first."}`;
}

/** Archive a closed bash: it becomes read-only and leaves "My bashes". Facilitators and admins. */
export async function archiveBash(db: PrismaClient, actor: Actor, bashId: string, now = new Date()) {
  assertCan(actor, "bash.archive", await getBashContext(db, actor, bashId));
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`select id from "Bash" where id = ${bashId} for update`;
    const bash = await tx.bash.findUniqueOrThrow({ where: { id: bashId }, select: { title: true, status: true, archivedAt: true } });
    if (bash.archivedAt) return { archivedAt: bash.archivedAt, changed: false };
    const blocker = archiveBlocker(bash.status);
    if (blocker) throw new AppError("CONFLICT", blocker);
    await tx.bash.update({ where: { id: bashId }, data: { archivedAt: now } });
    await logActivity(tx, { bashId, actorId: actor.id, type: "bash.archived", entityType: "bash", entityId: bashId, data: { title: bash.title } });
    return { archivedAt: now, changed: true };
  });
}

/** Make an archived bash editable again (it returns to "My bashes"). Facilitators and admins. */
export async function unarchiveBash(db: PrismaClient, actor: Actor, bashId: string) {
  assertCan(actor, "bash.archive", await getBashContext(db, actor, bashId));
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`select id from "Bash" where id = ${bashId} for update`;
    const bash = await tx.bash.findUniqueOrThrow({ where: { id: bashId }, select: { title: true, archivedAt: true } });
    if (!bash.archivedAt) return { changed: false };
    await tx.bash.update({ where: { id: bashId }, data: { archivedAt: null } });
    await logActivity(tx, { bashId, actorId: actor.id, type: "bash.unarchived", entityType: "bash", entityId: bashId, data: { title: bash.title } });
    return { changed: true };
  });
}

export type DeleteResult = { title: string; reports: number; attachments: number; filesRemoved: number; fileFailures: number };

/**
 * Delete a bash for good (admins only): `confirmTitle` must be its title exactly. The bash and
 * everything in it go in one transaction, with a "bash.deleted" entry that has no bash (the bash's own
 * log goes with it). The attachment files (and thumbnails) are removed after the commit; a file that
 * cannot be removed is logged, never an error (the rows are already gone).
 */
export async function deleteBash(db: PrismaClient, actor: Actor, bashId: string, raw: unknown): Promise<DeleteResult> {
  assertCan(actor, "bash.delete", await getBashContext(db, actor, bashId));
  const input = parseInput(ZDeleteBash, raw);
  const { title, reports, keys, attachmentCount } = await db.$transaction(async (tx) => {
    // The row lock makes new uploads (their foreign key check) wait, so no file is left behind.
    await tx.$executeRaw`select id from "Bash" where id = ${bashId} for update`;
    const bash = await tx.bash.findUniqueOrThrow({ where: { id: bashId }, select: { title: true } });
    if (input.confirmTitle !== bash.title) {
      throw new AppError("INVALID", CONFIRM_TITLE_MESSAGE, { fieldErrors: { confirmTitle: CONFIRM_TITLE_MESSAGE } });
    }
    const [reportCount, attachments] = await Promise.all([
      tx.report.count({ where: { bashId } }),
      tx.attachment.findMany({ where: { bashId }, select: { storageKey: true, thumbnailKey: true } }),
    ]);
    await tx.bash.delete({ where: { id: bashId } });
    await logActivity(tx, {
      bashId: null,
      actorId: actor.id,
      type: "bash.deleted",
      entityType: "bash",
      entityId: bashId,
      data: { bashId, title: bash.title, reports: reportCount, attachments: attachments.length },
    });
    const fileKeys = attachments.flatMap((a) => (a.thumbnailKey ? [a.storageKey, a.thumbnailKey] : [a.storageKey]));
    return { title: bash.title, reports: reportCount, keys: fileKeys, attachmentCount: attachments.length };
  });
  const removed = await removeFiles(keys);
  return { title, reports, attachments: attachmentCount, filesRemoved: removed.ok, fileFailures: removed.failed };
}

async function removeFiles(keys: string[]): Promise<{ ok: number; failed: number }> {
  const storage = getStorage();
  let ok = 0;
  let failed = 0;
  for (let i = 0; i < keys.length; i += 8) {
    const results = await Promise.allSettled(keys.slice(i, i + 8).map((k) => storage.delete(k)));
    results.forEach((r, j) => {
      if (r.status === "fulfilled") ok += 1;
      else {
        failed += 1;
        console.error(`[bash delete] could not remove stored file ${keys[i + j]}:`, r.reason);
      }
    });
  }
  return { ok, failed };
}

export type ArchivedBash = { id: string; title: string; product: string; release: string; archivedAt: Date; endedAt: Date | null; reportCount: number; role: BashRole | null };

/** Archived bashes the actor can open: the ones they are a member of; for admins, all of them. */
export async function listArchivedBashes(db: Db, actor: Actor): Promise<ArchivedBash[]> {
  const bashes = await db.bash.findMany({
    where: { archivedAt: { not: null }, ...(actor.isAdmin ? {} : { memberships: { some: { userId: actor.id } } }) },
    orderBy: [{ archivedAt: "desc" }, { id: "asc" }],
    take: 500,
    select: {
      id: true,
      title: true,
      product: true,
      release: true,
      archivedAt: true,
      endedAt: true,
      _count: { select: { reports: true } },
      memberships: { where: { userId: actor.id }, select: { role: true } },
    },
  });
  return bashes.map((b) => ({
    id: b.id,
    title: b.title,
    product: b.product,
    release: b.release,
    archivedAt: b.archivedAt!,
    endedAt: b.endedAt,
    reportCount: b._count.reports,
    role: b.memberships[0]?.role ?? null,
  }));
}

/** How many archived bashes the actor can open (for the link on "My bashes"). */
export async function countArchivedBashes(db: Db, actor: Actor): Promise<number> {
  return db.bash.count({ where: { archivedAt: { not: null }, ...(actor.isAdmin ? {} : { memberships: { some: { userId: actor.id } } }) } });
}

/** What the archive/delete controls show for this actor and bash. */
export async function getArchiveInfo(db: Db, actor: Actor, bashId: string) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "bash.read", ctx);
  const [bash, reports, attachments] = await Promise.all([
    db.bash.findUniqueOrThrow({ where: { id: bashId }, select: { title: true, status: true, archivedAt: true } }),
    db.report.count({ where: { bashId } }),
    db.attachment.count({ where: { bashId } }),
  ]);
  return {
    title: bash.title,
    archived: bash.archivedAt !== null,
    archivedAt: bash.archivedAt,
    blocker: archiveBlocker(bash.status),
    canArchive: can(actor, "bash.archive", ctx),
    canDelete: can(actor, "bash.delete", ctx),
    canAudit: can(actor, "audit.read", ctx),
    reports,
    attachments,
  };
}
