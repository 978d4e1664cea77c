import { getBashContext } from "@/lib/bashes/queries";
import { lastActivityId } from "@/lib/bashes/plan";
import type { Db } from "@/lib/db";
import { describeDevice } from "@/lib/devices/schema";
import { notFound } from "@/lib/errors";
import { assertCan, can, type Actor } from "@/lib/policy";
import { findSimilarReports } from "@/lib/reports/queries";
import { attachmentSummarySql, firstThumbUrl, meTooCountsSql } from "@/lib/reports/sql";
import { missingDetails } from "@/lib/reports/schema";

export type BoardCard = {
  id: string;
  number: number;
  version: number;
  title: string;
  status: string;
  priority: string | null;
  severity: string | null;
  sprint: string | null;
  featureId: string | null;
  featureName: string | null;
  reporterId: string | null;
  reporterName: string;
  deviceKind: "WEB" | "MOBILE" | null;
  os: string;
  browser: string;
  phoneName: string;
  device: string;
  hasScreenshot: boolean;
  thumbUrl: string | null;
  plusOnes: number;
  comments: number;
  duplicateOfNumber: number | null;
  missing: string[];
  /** Lower-cased text the free-text filter searches; the board loads it when someone first searches. */
  text?: string;
  createdAt: string;
  updatedAt: string;
};

type BoardRow = {
  id: string;
  number: number;
  version: number;
  title: string;
  description: string;
  steps: string;
  expected: string;
  actual: string;
  status: string;
  priority: string | null;
  severity: string | null;
  sprint: string | null;
  featureId: string | null;
  featureName: string | null;
  reporterId: string | null;
  reporterName: string;
  deviceKind: "WEB" | "MOBILE" | null;
  os: string;
  osVersion: string;
  browser: string;
  browserVersion: string;
  phoneName: string;
  createdAt: Date;
  updatedAt: Date;
  duplicateOfNumber: number | null;
  attachments: number;
  firstAttachmentId: string | null;
  firstThumbnailKey: string | null;
  meToos: number;
  duplicates: number;
  comments: number;
};

/**
 * Every report of the bash as a board card (2 000 of them in one query), with what the filters need.
 * Readable by anyone who may read reports; `canTriage` says whether the board can be changed.
 */
export async function getBoard(db: Db, actor: Actor, bashId: string) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "report.read", ctx);
  const [bash, rows, eventId] = await Promise.all([
    db.bash.findUniqueOrThrow({
      where: { id: bashId },
      select: { id: true, title: true, status: true, label: true, features: { orderBy: { position: "asc" }, select: { id: true, menuName: true } } },
    }),
    // One statement: the counts come from grouped subqueries instead of one lookup per report per count.
    db.$queryRaw<BoardRow[]>`
      select r.id, r.number, r.version, r.title, r.description, r.steps, r.expected, r.actual, r.status::text as status, r.priority::text as priority,
        r.severity::text as severity, r.sprint::text as sprint, r."featureId", f."menuName" as "featureName", r."reporterId", r."reporterName",
        r."deviceKind"::text as "deviceKind", r.os, r."osVersion", r.browser, r."browserVersion", r."phoneName", r."createdAt", r."updatedAt",
        d.number as "duplicateOfNumber", coalesce(a.n, 0)::int as attachments, a.first_id as "firstAttachmentId", a.first_thumb as "firstThumbnailKey",
        coalesce(mt.n, 0)::int as "meToos", coalesce(dp.n, 0)::int as duplicates, coalesce(cm.n, 0)::int as comments
      from "Report" r
      left join "Feature" f on f.id = r."featureId"
      left join "Report" d on d.id = r."duplicateOfId"
      left join ${attachmentSummarySql(bashId)} a on a."reportId" = r.id
      left join ${meTooCountsSql(bashId)} mt on mt."reportId" = r.id
      left join (
        select "duplicateOfId", count(*) as n from "Report" where "bashId" = ${bashId} and "duplicateOfId" is not null group by "duplicateOfId"
      ) dp on dp."duplicateOfId" = r.id
      left join (
        select x."reportId", count(*) as n from "Comment" x join "Report" y on y.id = x."reportId" where y."bashId" = ${bashId} group by x."reportId"
      ) cm on cm."reportId" = r.id
      where r."bashId" = ${bashId}
      order by r.number`,
    lastActivityId(db, bashId),
  ]);
  const cards: BoardCard[] = rows.map((r) => {
    const hasDevice = Boolean(r.os || r.browser || r.phoneName);
    return {
      id: r.id,
      number: r.number,
      version: r.version,
      title: r.title,
      status: r.status,
      priority: r.priority,
      severity: r.severity,
      sprint: r.sprint,
      featureId: r.featureId,
      featureName: r.featureName,
      reporterId: r.reporterId,
      reporterName: r.reporterName,
      deviceKind: r.deviceKind,
      os: r.os,
      browser: r.browser,
      phoneName: r.phoneName,
      device: hasDevice ? describeDevice({ ...r, kind: r.deviceKind ?? (r.phoneName ? "MOBILE" : "WEB") }) : "",
      hasScreenshot: r.attachments > 0,
      thumbUrl: firstThumbUrl(bashId, r),
      // Duplicates' reporters count as +1s on the original, like "same problem" notes.
      plusOnes: r.meToos + r.duplicates,
      comments: r.comments,
      duplicateOfNumber: r.duplicateOfNumber,
      missing: missingDetails({ ...r, attachmentCount: r.attachments }),
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  });
  return { bash, cards, eventId, canTriage: can(actor, "report.triage", ctx), canEditBash: can(actor, "bash.update", ctx) };
}

/** The lower-cased text of a report the board's free-text filter searches. */
export function searchText(r: { title: string; description: string; steps: string; expected: string; actual: string; reporterName: string }): string {
  return [r.title, r.description, r.steps, r.expected, r.actual, r.reporterName].join("\n").toLowerCase().slice(0, 4000);
}

/**
 * The search text of every report of the bash, by id: fetched by the board only once someone types
 * in its search box, so the page itself stays light (about a quarter of its data at 2 000 reports).
 */
export async function getBoardSearchText(db: Db, actor: Actor, bashId: string): Promise<Record<string, string>> {
  assertCan(actor, "report.read", await getBashContext(db, actor, bashId));
  const rows = await db.report.findMany({
    where: { bashId },
    select: { id: true, title: true, description: true, steps: true, expected: true, actual: true, reporterName: true },
  });
  return Object.fromEntries(rows.map((r) => [r.id, searchText(r)]));
}

export type HistoryEntry = { id: string; at: Date; actorName: string; type: string; changes: Record<string, [unknown, unknown]> };

/** Everything a triager needs on one report: the thread, the history, duplicates and look-alikes. */
export async function getTriageDetail(db: Db, actor: Actor, bashId: string, number: number) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "report.read", ctx);
  const report = await db.report.findUnique({ where: { bashId_number: { bashId, number } }, select: { id: true, title: true, description: true } });
  if (!report) throw notFound("That report");
  const canTriage = can(actor, "report.triage", ctx);
  const [comments, activities, duplicates, similar] = await Promise.all([
    db.comment.findMany({
      where: { reportId: report.id },
      orderBy: { createdAt: "asc" },
      select: { id: true, kind: true, body: true, createdAt: true, author: { select: { name: true } } },
    }),
    db.activity.findMany({
      where: { entityType: "report", entityId: report.id, bashId },
      orderBy: { id: "asc" },
      take: 500,
      select: { id: true, type: true, data: true, createdAt: true, actor: { select: { name: true } } },
    }),
    db.report.findMany({ where: { bashId, duplicateOfId: report.id }, orderBy: { number: "asc" }, select: { id: true, number: true, title: true, reporterName: true } }),
    canTriage ? findSimilarReports(db, actor, bashId, { text: `${report.title} ${report.description}`.slice(0, 300) }) : Promise.resolve([]),
  ]);
  const history: HistoryEntry[] = activities.map((a) => {
    const data = (a.data ?? {}) as { changes?: Record<string, [unknown, unknown]> };
    return { id: a.id.toString(), at: a.createdAt, actorName: a.actor?.name ?? "Someone", type: a.type, changes: data.changes ?? {} };
  });
  return {
    comments,
    history,
    duplicates,
    duplicateSuggestions: similar.filter((s) => s.id !== report.id),
    canTriage,
    canComment: can(actor, "report.comment", ctx),
  };
}
