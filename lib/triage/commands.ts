// Triage: moves across the board, decisions (priority, severity, sprint), edits after reproducing,
// duplicates, questions to the reporter and their answers. Every change is made on the version the
// triager saw: a stale one is a CONFLICT naming who changed the report, never a silent overwrite.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { logActivity } from "@/lib/activity/log";
import { getBashContext } from "@/lib/bashes/queries";
import type { Db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { deliverEmails, queueEmails, smtpConfigured } from "@/lib/mail/mailer";
import { assertCan, type Actor } from "@/lib/policy";
import { HISTORY_FIELDS, ZAskReporter, ZBulkUpdate, ZComment, ZUpdateReport, type TUpdateReport } from "@/lib/triage/schema";
import { parseInput } from "@/lib/validation";

type ReportRow = Prisma.ReportGetPayload<object>;
export type Change = [before: unknown, after: unknown];

/** CONFLICT for a move made on an old version: who changed it, and when. */
async function staleError(tx: Db, report: { id: string; number: number }): Promise<AppError> {
  const last = await tx.activity.findFirst({
    where: { entityType: "report", entityId: report.id },
    orderBy: { id: "desc" },
    select: { createdAt: true, actor: { select: { name: true } } },
  });
  const who = last?.actor?.name ?? "someone else";
  const ago = last ? Math.round((Date.now() - last.createdAt.getTime()) / 1000) : 0;
  const when = !last || ago < 120 ? "a moment ago" : `${Math.round(ago / 60)} minutes ago`;
  return new AppError("CONFLICT", `#${report.number} was changed by ${who} ${when}. Your change was not applied: look at theirs, then try again if it still applies.`);
}

/** Follow a duplicate chain to the report everything should point at. */
async function resolveOriginal(tx: Db, bashId: string, reportId: string, targetId: string) {
  let target = await tx.report.findFirst({ where: { id: targetId, bashId }, select: { id: true, number: true, title: true, duplicateOfId: true } });
  for (let hops = 0; target?.duplicateOfId && hops < 20; hops++) {
    target = await tx.report.findFirst({ where: { id: target.duplicateOfId, bashId }, select: { id: true, number: true, title: true, duplicateOfId: true } });
  }
  if (!target) throw new AppError("INVALID", "The original report was not found in this bash.", { fieldErrors: { duplicateOfId: "Choose a report of this bash." } });
  if (target.id === reportId) throw new AppError("INVALID", "A report cannot be a duplicate of itself.", { fieldErrors: { duplicateOfId: "Choose another report." } });
  return target;
}

const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

/** Apply one change inside a transaction. Returns the new version, or the old one when nothing changed. */
async function applyUpdate(tx: Db, actor: Actor, bashId: string, input: TUpdateReport) {
  await tx.$executeRaw`select id from "Report" where id = ${input.reportId} and "bashId" = ${bashId} for update`;
  const current = await tx.report.findFirst({ where: { id: input.reportId, bashId } });
  if (!current) throw notFound("That report");
  if (current.version !== input.version) throw await staleError(tx, current);

  if (input.duplicateOfNumber !== undefined && !input.duplicateOfId) {
    const byNumber = await tx.report.findUnique({ where: { bashId_number: { bashId, number: input.duplicateOfNumber } }, select: { id: true } });
    if (!byNumber) throw new AppError("INVALID", `There is no report #${input.duplicateOfNumber} in this bash.`, { fieldErrors: { duplicateOfNumber: "Enter a report number of this bash." } });
    input = { ...input, duplicateOfId: byNumber.id };
  }
  const next: Partial<Record<(typeof HISTORY_FIELDS)[number], unknown>> = {};
  for (const f of HISTORY_FIELDS) if (input[f] !== undefined) next[f] = input[f];
  // Choosing an original means Duplicate; leaving Duplicate forgets the original.
  if (next.duplicateOfId && next.status === undefined) next.status = "DUPLICATE";
  const status = (next.status ?? current.status) as ReportRow["status"];
  let original: { id: string; number: number; title: string } | null = null;
  if (status === "DUPLICATE") {
    const target = (next.duplicateOfId as string | null | undefined) ?? current.duplicateOfId;
    if (!target) throw new AppError("INVALID", "Choose the report this one duplicates.", { fieldErrors: { duplicateOfId: "Choose the original report." } });
    original = await resolveOriginal(tx, bashId, current.id, target);
    next.duplicateOfId = original.id;
  } else if (current.duplicateOfId) {
    next.duplicateOfId = null;
  }
  if (next.couldNotReproduce === true && next.reproducedOn === undefined && current.reproducedOn) next.reproducedOn = "";
  if (typeof next.reproducedOn === "string" && next.reproducedOn && current.couldNotReproduce && next.couldNotReproduce === undefined) next.couldNotReproduce = false;

  const changes: Record<string, Change> = {};
  for (const [k, v] of Object.entries(next)) if (!same(current[k as keyof ReportRow], v)) changes[k] = [current[k as keyof ReportRow] ?? null, v ?? null];
  if (Object.keys(changes).length === 0) return { id: current.id, number: current.number, version: current.version, status: current.status, changed: false };

  const data = Object.fromEntries(Object.keys(changes).map((k) => [k, next[k as keyof typeof next]])) as Prisma.ReportUncheckedUpdateManyInput;
  if (changes.duplicateOfId) {
    // The history shows report numbers, which people recognise, not ids.
    const before = current.duplicateOfId ? await tx.report.findUnique({ where: { id: current.duplicateOfId }, select: { number: true } }) : null;
    changes.duplicateOfId = [before ? `#${before.number}` : null, original ? `#${original.number}` : null];
  }
  const r = await tx.report.updateMany({ where: { id: current.id, version: input.version }, data: { ...data, version: { increment: 1 } } });
  if (r.count === 0) throw await staleError(tx, current);
  if (original) {
    // Keep chains flat: what pointed at this report now points at its original.
    await tx.report.updateMany({ where: { bashId, duplicateOfId: current.id }, data: { duplicateOfId: original.id } });
    if (changes.duplicateOfId && current.reporterId && current.reporterId !== actor.id) {
      await tx.notification.create({
        data: {
          userId: current.reporterId,
          bashId,
          reportId: original.id,
          kind: "report.duplicate",
          title: `Your report #${current.number} is a duplicate of #${original.number}`,
          body: `“${current.title}” was merged into #${original.number} “${original.title}”; you count as a +1 there.`.slice(0, 1000),
          url: `/bashes/${bashId}/reports/${original.number}`,
        },
      });
    }
  }
  await logActivity(tx, { bashId, actorId: actor.id, type: "report.updated", entityType: "report", entityId: current.id, data: { number: current.number, changes } as Prisma.InputJsonValue });
  return { id: current.id, number: current.number, version: current.version + 1, status, changed: true };
}

/** One triage change: a move, a decision or an edit after reproducing. */
export async function updateReport(db: PrismaClient, actor: Actor, bashId: string, raw: unknown) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "report.triage", ctx);
  const input = parseInput(ZUpdateReport, raw);
  return db.$transaction((tx) => applyUpdate(tx, actor, bashId, input));
}

/** The same change to a selection, all or nothing: one stale report rejects the whole batch. */
export async function bulkUpdateReports(db: PrismaClient, actor: Actor, bashId: string, raw: unknown) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "report.triage", ctx);
  const { items, ...patch } = parseInput(ZBulkUpdate, raw);
  if (Object.values(patch).every((v) => v === undefined)) throw new AppError("INVALID", "Choose what to change for the selected reports.");
  if (patch.status === "DUPLICATE") throw new AppError("INVALID", "Mark duplicates one at a time, choosing the original for each.");
  return db.$transaction(
    async (tx) => {
      const out = [];
      for (const it of items) out.push(await applyUpdate(tx, actor, bashId, { ...patch, reportId: it.reportId, version: it.version }));
      return { changed: out.filter((o) => o.changed).length, reports: out };
    },
    { timeout: 60_000 },
  );
}

async function notifyByEmail(tx: Db, to: { email: string; name: string } | null, mail: { bashId: string; kind: string; subject: string; text: string; link: string; createdById: string }) {
  // Email only when SMTP is configured: without it the bell is enough (no outbox clutter).
  if (!to || !smtpConfigured()) return [];
  return queueEmails(tx, [{ ...mail, toEmail: to.email, toName: to.name }]);
}

/** "Ask the reporter": the report goes to Needs info and the reporter is told (bell; email with SMTP). */
export async function askReporter(db: PrismaClient, actor: Actor, bashId: string, raw: unknown, opts: { baseUrl?: string } = {}) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "report.triage", ctx);
  const input = parseInput(ZAskReporter, raw);
  const out = await db.$transaction(async (tx) => {
    const moved = await applyUpdate(tx, actor, bashId, { reportId: input.reportId, version: input.version, status: "NEEDS_INFO" });
    const report = await tx.report.findUniqueOrThrow({ where: { id: input.reportId }, include: { reporter: { select: { id: true, email: true, name: true, deactivatedAt: true } } } });
    if (!report.reporter || report.reporter.deactivatedAt) throw new AppError("INVALID", `#${report.number} has no reporter with an account to ask. Add a comment instead.`);
    await tx.comment.create({ data: { reportId: report.id, authorId: actor.id, kind: "QUESTION", body: input.question } });
    const url = `/bashes/${bashId}/reports/${report.number}`;
    await tx.notification.create({
      data: { userId: report.reporter.id, bashId, reportId: report.id, kind: "report.question", title: `${actor.name} has a question about #${report.number}: ${report.title}`.slice(0, 300), body: input.question.slice(0, 1000), url },
    });
    await logActivity(tx, { bashId, actorId: actor.id, type: "report.asked", entityType: "report", entityId: report.id, data: { number: report.number } });
    const emails = await notifyByEmail(tx, report.reporter, {
      bashId,
      kind: "report.question",
      subject: `Question about your bug report #${report.number}: ${report.title}`,
      text: `${actor.name} asks:\n\n${input.question}\n\nAnswer on the report: ${opts.baseUrl ?? ""}${url}`,
      link: `${opts.baseUrl ?? ""}${url}`,
      createdById: actor.id,
    });
    return { ...moved, version: moved.changed ? moved.version : report.version, emails };
  });
  if (out.emails.length) await deliverEmails(db, out.emails);
  return { id: out.id, number: out.number, version: out.version };
}

/**
 * A comment in the report's thread. When the reporter writes while the report waits in Needs info, it
 * is their answer: the report returns to New and whoever asked is told.
 */
export async function addComment(db: PrismaClient, actor: Actor, bashId: string, raw: unknown, opts: { baseUrl?: string } = {}) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "report.comment", ctx);
  const input = parseInput(ZComment, raw);
  const out = await db.$transaction(async (tx) => {
    await tx.$executeRaw`select id from "Report" where id = ${input.reportId} and "bashId" = ${bashId} for update`;
    const report = await tx.report.findFirst({ where: { id: input.reportId, bashId } });
    if (!report) throw notFound("That report");
    const isAnswer = report.reporterId === actor.id && report.status === "NEEDS_INFO";
    const comment = await tx.comment.create({ data: { reportId: report.id, authorId: actor.id, kind: isAnswer ? "ANSWER" : "COMMENT", body: input.body } });
    const url = `/bashes/${bashId}/reports/${report.number}`;
    let emails: string[] = [];
    if (isAnswer) {
      await tx.report.update({ where: { id: report.id }, data: { status: "OPEN", version: { increment: 1 } } });
      const asked = await tx.comment.findFirst({
        where: { reportId: report.id, kind: "QUESTION" },
        orderBy: { createdAt: "desc" },
        select: { author: { select: { id: true, email: true, name: true } } },
      });
      const asker = asked?.author && asked.author.id !== actor.id ? asked.author : null;
      if (asker) {
        await tx.notification.create({
          data: { userId: asker.id, bashId, reportId: report.id, kind: "report.answer", title: `${actor.name} answered about #${report.number}: ${report.title}`.slice(0, 300), body: input.body.slice(0, 1000), url },
        });
        emails = await notifyByEmail(tx, asker, {
          bashId,
          kind: "report.answer",
          subject: `Answer on bug report #${report.number}: ${report.title}`,
          text: `${actor.name} answered:\n\n${input.body}\n\nThe report is back in New: ${opts.baseUrl ?? ""}${url}`,
          link: `${opts.baseUrl ?? ""}${url}`,
          createdById: actor.id,
        });
      }
      // The question is answered: its bell notification is done.
      await tx.notification.updateMany({ where: { userId: actor.id, reportId: report.id, kind: "report.question", readAt: null }, data: { readAt: new Date() } });
      await logActivity(tx, {
        bashId,
        actorId: actor.id,
        type: "report.answered",
        entityType: "report",
        entityId: report.id,
        data: { number: report.number, changes: { status: ["NEEDS_INFO", "OPEN"] } },
      });
    } else {
      if (report.reporterId && report.reporterId !== actor.id) {
        await tx.notification.create({
          data: { userId: report.reporterId, bashId, reportId: report.id, kind: "report.comment", title: `${actor.name} commented on #${report.number}: ${report.title}`.slice(0, 300), body: input.body.slice(0, 1000), url },
        });
      }
      await logActivity(tx, { bashId, actorId: actor.id, type: "report.commented", entityType: "report", entityId: report.id, data: { number: report.number } });
    }
    return { id: comment.id, kind: comment.kind, emails };
  });
  if (out.emails.length) await deliverEmails(db, out.emails);
  return { id: out.id, kind: out.kind, returnedToNew: out.kind === "ANSWER" };
}
