// Filing reports during the bash: create (idempotent by the browser's draft id), "same problem" +1s,
// the reporter adding details, and the facilitator's "request details" nudge.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { EVENTS_CHANNEL, logActivity } from "@/lib/activity/log";
import { linkAttachments } from "@/lib/attachments/commands";
import { getBashContext } from "@/lib/bashes/queries";
import { criticalReportText } from "@/lib/chat/messages";
import { deliverChatPostsSoon, queueChatPost } from "@/lib/chat/webhook";
import { sidePool, type Db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { assertCan, type Actor, type BashContext } from "@/lib/policy";
import { missingDetails, ZAddReportDetails, ZCreateReport, ZMeToo, ZNudge, type MissingDetail } from "@/lib/reports/schema";
import { parseInput } from "@/lib/validation";

export type CreatedReport = { id: string; number: number; created: boolean };

const NOT_STARTED = "The bash has not started yet. Your draft is kept on this device; submit it once the facilitator starts the bash.";
const ENDED = "The bash has ended and reporting is closed. Your draft is kept on this device; ask a facilitator if it still matters.";

/** Reporting is open while the bash is live; the message says why not otherwise. */
export function reportingClosedReason(status: string): string | null {
  if (status === "LIVE") return null;
  return status === "DRAFT" || status === "SCHEDULED" ? NOT_STARTED : ENDED;
}

async function checkRefs(tx: Db, bashId: string, actor: Actor, input: { featureId?: string | null; environmentId?: string | null; deviceId?: string | null }) {
  if (input.featureId && !(await tx.feature.findFirst({ where: { id: input.featureId, bashId }, select: { id: true } }))) {
    throw new AppError("INVALID", "That feature is not part of this bash any more; choose another.", { fieldErrors: { featureId: "Choose a feature from the list." } });
  }
  if (input.environmentId && !(await tx.environment.findFirst({ where: { id: input.environmentId, bashId }, select: { id: true } }))) {
    throw new AppError("INVALID", "That environment is not part of this bash any more; choose another.", { fieldErrors: { environmentId: "Choose an environment from the list." } });
  }
  if (input.deviceId && !(await tx.device.findFirst({ where: { id: input.deviceId, userId: actor.id }, select: { id: true } }))) {
    throw new AppError("INVALID", "That device is not one of yours; choose another.", { fieldErrors: { deviceId: "Choose one of your devices." } });
  }
}

/**
 * File a report. The browser makes `clientId` when the draft starts, so a double click, a retry after
 * a lost response or two tabs never create two reports: the second call returns the first report.
 */
export async function createReport(
  db: PrismaClient,
  actor: Actor,
  bashId: string,
  raw: unknown,
  opts: { userAgent?: string; baseUrl?: string; now?: Date; ctx?: BashContext } = {},
): Promise<CreatedReport> {
  // The caller may pass the context it has just read with the actor (getActorInBash): one query less.
  const ctx = opts.ctx ?? (await getBashContext(db, actor, bashId));
  assertCan(actor, "report.create", ctx);
  const input = parseInput(ZCreateReport, raw);
  const now = opts.now ?? new Date();
  const row: NewReportRow = {
    id: newId(),
    bashId,
    clientId: input.clientId,
    featureId: input.featureId ?? null,
    environmentId: input.environmentId ?? null,
    deviceId: input.deviceId ?? null,
    title: input.title,
    description: input.description,
    steps: input.steps,
    expected: input.expected,
    actual: input.actual,
    severity: input.severity ?? null,
    deviceKind: input.deviceKind ?? null,
    os: input.os ?? "",
    osVersion: input.osVersion ?? "",
    browser: input.browser ?? "",
    browserVersion: input.browserVersion ?? "",
    phoneName: input.phoneName ?? "",
    userAgent: (opts.userAgent ?? "").slice(0, 500),
    reporterId: actor.id,
    reporterName: actor.name,
    attachmentIds: [...new Set(input.attachmentIds)],
    now,
  };
  /** The statement wrote nothing: say why (the same draft again, a bad reference, reporting closed). */
  const refused = async (): Promise<CreatedReport> => {
    const existing = await findExisting(db, bashId, input.clientId, actor, input.title);
    if (existing) {
      // A resend while the first request may still be between its commit and its flush.
      await flushReportAndMarkActive(db, bashId, actor.id, existing.id, now);
      return existing;
    }
    await checkRefs(db, bashId, actor, input);
    if (row.attachmentIds.length) {
      const linkable = await db.attachment.count({ where: { id: { in: row.attachmentIds }, bashId, uploaderId: actor.id, reportId: null } });
      if (linkable !== row.attachmentIds.length) throw new AppError("INVALID", "One of the attachments was not found; upload it again.");
    }
    const bash = await db.bash.findUnique({ where: { id: bashId }, select: { status: true } });
    if (!bash) throw notFound("That bash");
    throw new AppError("CONFLICT", reportingClosedReason(bash.status) ?? "The bash changed while your report was on its way. Submit again; your draft is kept.");
  };
  const critical = input.severity === "CRITICAL";
  const chat = { queued: false };
  try {
    let created: InsertedReport | null;
    if (!critical) {
      // The common case is one statement, atomic by itself: no transaction round trips.
      created = await insertReport(db, row);
    } else {
      created = await db.$transaction(async (tx) => {
        const r = await insertReport(tx, row);
        if (!r) return null;
        {
          const url = `${opts.baseUrl ?? ""}/bashes/${bashId}/reports/${r.number}`;
          const featureName = row.featureId ? (await tx.feature.findUnique({ where: { id: row.featureId }, select: { menuName: true } }))?.menuName : undefined;
          const text = criticalReportText({ bashTitle: r.bashTitle, number: r.number, title: row.title, reporterName: actor.name, featureName, url });
          chat.queued = (await queueChatPost(tx, bashId, "report.critical", text)) !== null;
        }
        return r;
      });
    }
    if (!created) return await refused();
    await flushReportAndMarkActive(db, bashId, actor.id, created.id, now);
    if (chat.queued) deliverChatPostsSoon(db);
    return { id: created.id, number: created.number, created: true };
  } catch (e) {
    // Two submits of one draft raced: the loser's write failed on the unique draft id; answer with the winner.
    if (isUniqueViolation(e)) {
      const again = await findExisting(db, bashId, input.clientId, actor, input.title);
      if (again) {
        await flushReportAndMarkActive(db, bashId, actor.id, again.id, now);
        return again;
      }
    }
    throw e;
  }
}

type NewReportRow = {
  id: string;
  bashId: string;
  clientId: string;
  featureId: string | null;
  environmentId: string | null;
  deviceId: string | null;
  title: string;
  description: string;
  steps: string;
  expected: string;
  actual: string;
  severity: string | null;
  deviceKind: string | null;
  os: string;
  osVersion: string;
  browser: string;
  browserVersion: string;
  phoneName: string;
  userAgent: string;
  reporterId: string;
  reporterName: string;
  /** The reporter's own uploads in this bash that no report has yet; all are linked, or nothing is written. */
  attachmentIds: string[];
  now: Date;
};
type InsertedReport = { id: string; number: number; bashTitle: string };

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; meta?: { code?: string; driverAdapterError?: { cause?: { kind?: string; originalCode?: string } } }; message?: string };
  if (err?.code === "P2002") return true;
  const cause = err?.meta?.driverAdapterError?.cause;
  return err?.meta?.code === "23505" || cause?.kind === "UniqueConstraintViolation" || cause?.originalCode === "23505" || /\b23505\b|unique constraint/i.test(err?.message ?? "");
}

/**
 * Number and write a report in one statement: the bash's counter (its row lock keeps numbers
 * gapless: 1, 2, 3…), the report with the device snapshot (the typed fields, else the saved
 * device's), its uploads, the reporter's last activity, the activity row and its NOTIFY. It writes
 * nothing, and returns null, unless the bash is live, the draft id is new in the bash, the feature
 * and environment belong to the bash, and the device and every upload (unlinked) to the reporter.
 */
async function insertReport(db: Db, r: NewReportRow): Promise<InsertedReport | null> {
  const rows = await db.$queryRaw<{ id: string; number: number; bashTitle: string }[]>`
    with dev as (
      select kind, os, "osVersion", browser, "browserVersion", "phoneName" from "Device" where id = ${r.deviceId} and "userId" = ${r.reporterId}
    ), b as (
      update "Bash" set "reportCounter" = "reportCounter" + 1
      where id = ${r.bashId} and status = 'LIVE'
        and not exists (select 1 from "Report" where "bashId" = ${r.bashId} and "clientId" = ${r.clientId})
        and (${r.featureId}::text is null or exists (select 1 from "Feature" where id = ${r.featureId} and "bashId" = ${r.bashId}))
        and (${r.environmentId}::text is null or exists (select 1 from "Environment" where id = ${r.environmentId} and "bashId" = ${r.bashId}))
        and (${r.deviceId}::text is null or exists (select 1 from dev))
        and (select count(*) from "Attachment"
             where id = any(${r.attachmentIds}::text[]) and "bashId" = ${r.bashId} and "uploaderId" = ${r.reporterId} and "reportId" is null
            ) = cardinality(${r.attachmentIds}::text[])
      returning "reportCounter", title
    ), rep as (
      insert into "Report" (id, "bashId", number, "clientId", "featureId", "environmentId", "deviceId", title, description, steps, expected, actual,
        severity, "deviceKind", os, "osVersion", browser, "browserVersion", "phoneName", "userAgent", "reporterId", "reporterName", "createdAt", "updatedAt")
      select ${r.id}, ${r.bashId}, b."reportCounter", ${r.clientId}, ${r.featureId}, ${r.environmentId}, ${r.deviceId}, ${r.title}, ${r.description},
        ${r.steps}, ${r.expected}, ${r.actual}, ${r.severity}::"Severity",
        coalesce(${r.deviceKind}::"DeviceKind", (select kind from dev)),
        coalesce(nullif(${r.os}, ''), (select os from dev), ''),
        coalesce(nullif(${r.osVersion}, ''), (select "osVersion" from dev), ''),
        coalesce(nullif(${r.browser}, ''), (select browser from dev), ''),
        coalesce(nullif(${r.browserVersion}, ''), (select "browserVersion" from dev), ''),
        coalesce(nullif(${r.phoneName}, ''), (select "phoneName" from dev), ''),
        ${r.userAgent}, ${r.reporterId}, ${r.reporterName}, ${r.now}, ${r.now}
      from b
      returning id, number
    ), att as (
      -- Uploads belong to one draft, so no other report links them meanwhile (the check above saw them unlinked).
      update "Attachment" set "reportId" = rep.id from rep
      where "Attachment".id = any(${r.attachmentIds}::text[]) and "Attachment"."bashId" = ${r.bashId} and "Attachment"."uploaderId" = ${r.reporterId} and "Attachment"."reportId" is null
    ), a as (
      insert into "Activity" ("bashId", "actorId", type, "entityType", "entityId", data)
      select ${r.bashId}, ${r.reporterId}, 'report.created', 'report', rep.id, jsonb_build_object('number', rep.number) from rep
      returning id
    )
    select rep.id, rep.number, b.title as "bashTitle",
      pg_notify(${EVENTS_CHANNEL}, json_build_object('b', ${r.bashId}::text, 'i', a.id::text, 't', 'report.created')::text)::text as notified,
      -- Commit without waiting for the disk, so the counter's lock is not held through a flush:
      -- flushReportAndMarkActive makes it durable before the report is acknowledged.
      set_config('synchronous_commit', 'off', true) as "asyncCommit"
    from rep, b, a`;
  return rows.length === 1 ? { id: rows[0].id, number: Number(rows[0].number), bashTitle: rows[0].bashTitle } : null;
}

/**
 * The filing statement commits without waiting for its log flush: it holds the bash's counter row
 * lock until it commits, and a flush under that lock would queue every report of the bash behind
 * the disk, one flush at a time (on a busy disk, with uploads being flushed too, that doubled the
 * statement's time under load). This write commits normally, so Postgres flushes its log up to it,
 * and with it the report committed before it, before the report is acknowledged; flushes of
 * concurrent filings are shared (group commit) instead of queued. It also notes the reporter's last
 * activity, which the filing statement used to do; if they have no membership row (an admin), a
 * no-op update of the report is the write instead.
 */
async function flushReportAndMarkActive(db: Db, bashId: string, reporterId: string, reportId: string, now: Date): Promise<void> {
  // On the side pool: under load the main pool has a queue, and this write would wait in it a second
  // time, between the report's commit and its answer. (Reasoned, not measured apart: BENCHMARKS.md.)
  const side = sidePool(db);
  if (side) {
    // One round trip; the report's no-op update only when there is no membership row to mark.
    await side.query(
      `with m as (
         update "Membership" set "lastActiveAt" = $3::timestamptz at time zone 'UTC', "lastSeenAt" = $3::timestamptz at time zone 'UTC',
           "updatedAt" = $3::timestamptz at time zone 'UTC'
         where "bashId" = $1 and "userId" = $2 returning 1
       )
       update "Report" set "updatedAt" = "updatedAt" where id = $4 and not exists (select 1 from m)`,
      [bashId, reporterId, now.toISOString(), reportId],
    );
    return;
  }
  const touched = await db.$executeRaw`
    update "Membership" set "lastActiveAt" = ${now}, "lastSeenAt" = ${now}, "updatedAt" = ${now}
    where "bashId" = ${bashId} and "userId" = ${reporterId}`;
  if (touched === 0) await db.$executeRaw`update "Report" set "updatedAt" = "updatedAt" where id = ${reportId}`;
}

/** Marks the error the form answers with a fresh draft id (the text stays). */
export const DRAFT_ID_TAKEN = "clientId";

async function findExisting(db: Db, bashId: string, clientId: string, actor: Actor, title: string): Promise<CreatedReport | null> {
  const r = await db.report.findUnique({ where: { bashId_clientId: { bashId, clientId } }, select: { id: true, number: true, reporterId: true, title: true } });
  if (!r) return null;
  // The same draft sent again (a retry, a double click) is the same report. Another text under the same
  // id (a second tab that restored the draft, then was rewritten) is not: never swallow it.
  if (r.reporterId !== actor.id || r.title !== title) {
    const msg =
      r.reporterId === actor.id
        ? `This draft was already filed as #${r.number} (from another tab?). Submit again to file this text as a new report.`
        : "This draft id belongs to another report. Submit again to file it as a new report.";
    throw new AppError("CONFLICT", msg, { fieldErrors: { [DRAFT_ID_TAKEN]: msg } });
  }
  return { id: r.id, number: r.number, created: false };
}

/** "Same problem": the participant's +1 with a note on an existing report instead of a new one. */
export async function addMeToo(db: PrismaClient, actor: Actor, bashId: string, raw: unknown, now = new Date()) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "report.create", ctx);
  const input = parseInput(ZMeToo, raw);
  return db.$transaction(async (tx) => {
    const report = await tx.report.findFirst({ where: { id: input.reportId, bashId }, select: { id: true, number: true, reporterId: true, bash: { select: { status: true } } } });
    if (!report) throw notFound("That report");
    const closed = reportingClosedReason(report.bash.status);
    if (closed) throw new AppError("CONFLICT", closed);
    if (report.reporterId === actor.id) throw new AppError("INVALID", `Report #${report.number} is your own; add details to it from My reports instead.`);
    const meToo = await tx.meToo.upsert({
      where: { reportId_userId: { reportId: report.id, userId: actor.id } },
      create: { reportId: report.id, userId: actor.id, note: input.note },
      update: input.note ? { note: input.note } : {},
    });
    await tx.membership.updateMany({ where: { bashId, userId: actor.id }, data: { lastActiveAt: now, lastSeenAt: now } });
    await logActivity(tx, { bashId, actorId: actor.id, type: "report.metoo", entityType: "report", entityId: report.id, data: { number: report.number } });
    return { id: meToo.id, reportNumber: report.number };
  });
}

/** The reporter fills in what was missing (after a nudge or on second thought) while the report is untriaged. */
export async function addReportDetails(db: PrismaClient, actor: Actor, bashId: string, raw: unknown) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "report.read", ctx);
  const input = parseInput(ZAddReportDetails, raw);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`select id from "Report" where id = ${input.reportId} and "bashId" = ${bashId} for update`;
    const report = await tx.report.findFirst({ where: { id: input.reportId, bashId } });
    if (!report) throw notFound("That report");
    if (report.reporterId !== actor.id) throw new AppError("FORBIDDEN", "Only the reporter can add details to this report.");
    if (report.status !== "OPEN" && report.status !== "NEEDS_INFO") {
      throw new AppError("CONFLICT", `Report #${report.number} has been triaged already; add a comment instead.`);
    }
    const pick = <K extends "description" | "steps" | "expected" | "actual" | "os" | "osVersion" | "browser" | "browserVersion" | "phoneName">(k: K) =>
      input[k] !== undefined ? { [k]: input[k] } : {};
    const updated = await tx.report.update({
      where: { id: report.id },
      data: {
        ...pick("description"),
        ...pick("steps"),
        ...pick("expected"),
        ...pick("actual"),
        ...pick("os"),
        ...pick("osVersion"),
        ...pick("browser"),
        ...pick("browserVersion"),
        ...pick("phoneName"),
        ...(input.deviceKind !== undefined ? { deviceKind: input.deviceKind } : {}),
        version: { increment: 1 },
      },
      select: { id: true, number: true },
    });
    if (input.attachmentIds.length) {
      const existing = await tx.attachment.count({ where: { reportId: report.id } });
      if (existing + input.attachmentIds.length > 10) throw new AppError("INVALID", "A report can have up to 10 attachments.");
      await linkAttachments(tx, { bashId, uploaderId: actor.id, reportId: report.id, attachmentIds: input.attachmentIds });
    }
    // The nudges (and a triager's question) about this report have been answered.
    await tx.notification.updateMany({ where: { userId: actor.id, reportId: report.id, kind: { in: ["report.nudge", "report.question"] }, readAt: null }, data: { readAt: new Date() } });
    if (report.status === "NEEDS_INFO") {
      // Details in answer to a question: back to New, like an answer in the thread, and the asker is told.
      await tx.report.update({ where: { id: report.id }, data: { status: "OPEN" } });
      const asked = await tx.comment.findFirst({ where: { reportId: report.id, kind: "QUESTION" }, orderBy: { createdAt: "desc" }, select: { authorId: true } });
      if (asked?.authorId && asked.authorId !== actor.id) {
        await tx.notification.create({
          data: {
            userId: asked.authorId,
            bashId,
            reportId: report.id,
            kind: "report.answer",
            title: `${actor.name} added details to #${report.number}: ${report.title}`.slice(0, 300),
            url: `/bashes/${bashId}/reports/${report.number}`,
          },
        });
      }
    }
    await logActivity(tx, {
      bashId,
      actorId: actor.id,
      type: "report.details_added",
      entityType: "report",
      entityId: report.id,
      data: { number: report.number, ...(report.status === "NEEDS_INFO" ? { changes: { status: ["NEEDS_INFO", "OPEN"] } } : {}) },
    });
    return updated;
  });
}

const MISSING_LABEL: Record<MissingDetail, string> = {
  steps: "steps to reproduce",
  screenshot: "a screenshot or video",
  device: "the device you used",
  "expected/actual": "what you expected and what happened",
};

/** The facilitator's "request details": the reporter is told at once what the report lacks. */
export async function nudgeReporter(db: PrismaClient, actor: Actor, bashId: string, raw: unknown, now = new Date()) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "console.view", ctx);
  const input = parseInput(ZNudge, raw);
  return db.$transaction(async (tx) => {
    const report = await tx.report.findFirst({ where: { id: input.reportId, bashId }, include: { _count: { select: { attachments: true } } } });
    if (!report) throw notFound("That report");
    if (!report.reporterId) throw new AppError("INVALID", `Report #${report.number} has no reporter with an account to ask.`);
    const missing = missingDetails({ ...report, attachmentCount: report._count.attachments });
    const asks = missing.map((m) => MISSING_LABEL[m]);
    const body = [input.message, asks.length ? `Please add ${asks.join(", ")}.` : ""].filter(Boolean).join(" ") || "Please add more details so it can be reproduced.";
    await tx.notification.create({
      data: {
        userId: report.reporterId,
        bashId,
        reportId: report.id,
        kind: "report.nudge",
        title: `More details wanted for #${report.number}: ${report.title}`.slice(0, 300),
        body,
        url: `/bashes/${bashId}/reports/${report.number}`,
      },
    });
    await tx.report.update({ where: { id: report.id }, data: { nudgedAt: now } });
    await logActivity(tx, { bashId, actorId: actor.id, type: "report.nudged", entityType: "report", entityId: report.id, data: { number: report.number, missing } });
    return { number: report.number, missing };
  });
}
