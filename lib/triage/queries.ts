import { getBashContext } from "@/lib/bashes/queries";
import { lastActivityId } from "@/lib/bashes/plan";
import type { Db } from "@/lib/db";
import { describeDevice } from "@/lib/devices/schema";
import { notFound } from "@/lib/errors";
import { assertCan, can, type Actor } from "@/lib/policy";
import { findSimilarReports } from "@/lib/reports/queries";
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
  text: string;
  createdAt: string;
  updatedAt: string;
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
    db.report.findMany({
      where: { bashId },
      orderBy: { number: "asc" },
      select: {
        id: true,
        number: true,
        version: true,
        title: true,
        description: true,
        steps: true,
        expected: true,
        actual: true,
        status: true,
        priority: true,
        severity: true,
        sprint: true,
        featureId: true,
        reporterId: true,
        reporterName: true,
        deviceKind: true,
        os: true,
        osVersion: true,
        browser: true,
        browserVersion: true,
        phoneName: true,
        createdAt: true,
        updatedAt: true,
        feature: { select: { menuName: true } },
        duplicateOf: { select: { number: true } },
        attachments: { take: 1, orderBy: { createdAt: "asc" }, select: { id: true, thumbnailKey: true } },
        _count: { select: { attachments: true, meToos: true, duplicates: true, comments: true } },
      },
    }),
    lastActivityId(db, bashId),
  ]);
  const cards: BoardCard[] = rows.map((r) => {
    const first = r.attachments[0];
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
      featureName: r.feature?.menuName ?? null,
      reporterId: r.reporterId,
      reporterName: r.reporterName,
      deviceKind: r.deviceKind,
      os: r.os,
      browser: r.browser,
      phoneName: r.phoneName,
      device: hasDevice ? describeDevice({ ...r, kind: r.deviceKind ?? (r.phoneName ? "MOBILE" : "WEB") }) : "",
      hasScreenshot: r._count.attachments > 0,
      thumbUrl: first?.thumbnailKey ? `/api/bashes/${bashId}/attachments/${first.id}?thumb=1` : null,
      // Duplicates' reporters count as +1s on the original, like "same problem" notes.
      plusOnes: r._count.meToos + r._count.duplicates,
      comments: r._count.comments,
      duplicateOfNumber: r.duplicateOf?.number ?? null,
      missing: missingDetails({ ...r, attachmentCount: r._count.attachments }),
      // Lower-cased text the free-text filter searches.
      text: [r.title, r.description, r.steps, r.expected, r.actual, r.reporterName].join("\n").toLowerCase().slice(0, 4000),
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  });
  return { bash, cards, eventId, canTriage: can(actor, "report.triage", ctx), canEditBash: can(actor, "bash.update", ctx) };
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
