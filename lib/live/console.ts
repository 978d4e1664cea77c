// The facilitator's live console: one read that answers "is anyone stuck? are reports usable? what is
// untested? how much time is left?". Refetched when the bash's events arrive.
import { getBashContext } from "@/lib/bashes/queries";
import { lastActivityId } from "@/lib/bashes/plan";
import { deviceMatchesTarget, describeTarget, type TCoverageDevice } from "@/lib/coverage/match";
import type { Db } from "@/lib/db";
import { describeDevice } from "@/lib/devices/schema";
import { assertCan, type Actor } from "@/lib/policy";
import { attachmentSummarySql, firstThumbUrl, meTooCountsSql } from "@/lib/reports/sql";
import { missingDetails, type MissingDetail } from "@/lib/reports/schema";

/** Someone who typed or filed within this many minutes is active. */
export const ACTIVE_MINUTES = 5;
/** A participant page pings about once a minute; silent for longer than this, the person has left. */
export const AWAY_MINUTES = 3;
const FEED_SIZE = 100;

export type PersonState = "blocked" | "active" | "idle" | "away" | "not-joined";

export function personState(
  p: { lastSeenAt: Date | null; lastActiveAt: Date | null; blocked: boolean },
  now: Date,
  since: Date | null,
): { state: PersonState; idleMinutes: number | null } {
  if (p.blocked) return { state: "blocked", idleMinutes: null };
  const mins = (d: Date) => Math.max(0, Math.floor((now.getTime() - d.getTime()) / 60_000));
  if (p.lastActiveAt && mins(p.lastActiveAt) < ACTIVE_MINUTES) return { state: "active", idleMinutes: null };
  if (!p.lastSeenAt) return { state: "not-joined", idleMinutes: null };
  if (mins(p.lastSeenAt) >= AWAY_MINUTES) return { state: "away", idleMinutes: mins(p.lastSeenAt) };
  // Here, but quiet: idle since their last action (or since the start, if they have not done anything).
  const from = [p.lastActiveAt, since].filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0] ?? p.lastSeenAt;
  return { state: "idle", idleMinutes: mins(from) };
}

export type CoverageRow = { key: string; label: string; planned: boolean; cells: number[]; total: number };

/** Reports per device row × feature column; rows are the planned targets, then devices nobody planned. */
export function coverageMatrix(
  targets: { id: string; kind: "WEB" | "MOBILE"; os: string; osVersion: string; browser: string }[],
  features: { id: string; menuName: string }[],
  reports: (Omit<TCoverageDevice, "kind"> & { featureId: string | null; deviceKind: "WEB" | "MOBILE" | null })[],
): { columns: { id: string | null; label: string }[]; rows: CoverageRow[] } {
  const columns: { id: string | null; label: string }[] = features.map((f) => ({ id: f.id, label: f.menuName }));
  if (reports.some((r) => r.featureId === null || !features.some((f) => f.id === r.featureId))) columns.push({ id: null, label: "No feature" });
  const col = (featureId: string | null) => {
    const i = columns.findIndex((c) => c.id === featureId);
    return i >= 0 ? i : columns.length - 1;
  };
  const rows: CoverageRow[] = targets.map((t) => ({ key: t.id, label: describeTarget(t), planned: true, cells: columns.map(() => 0), total: 0 }));
  const extra = new Map<string, CoverageRow>();
  for (const r of reports) {
    const c = col(r.featureId);
    const kind = r.deviceKind ?? (r.phoneName ? "MOBILE" : "WEB");
    const device = { ...r, kind };
    let matched = false;
    targets.forEach((t, i) => {
      if (deviceMatchesTarget(t, device)) {
        rows[i].cells[c] += 1;
        rows[i].total += 1;
        matched = true;
      }
    });
    if (matched) continue;
    const hasDevice = Boolean(r.os || r.browser || r.phoneName);
    const label = hasDevice
      ? `${kind === "MOBILE" ? "Mobile" : "Web"} · ${describeDevice({ ...device, osVersion: r.osVersion.split(".")[0] ?? "", browserVersion: "" })}`
      : "No device given";
    const key = `x:${label.toLowerCase()}`;
    let row = extra.get(key);
    if (!row) {
      row = { key, label, planned: false, cells: columns.map(() => 0), total: 0 };
      extra.set(key, row);
    }
    row.cells[c] += 1;
    row.total += 1;
  }
  return { columns, rows: [...rows, ...[...extra.values()].sort((a, b) => b.total - a.total)] };
}

type ConsoleReportRow = {
  id: string;
  number: number;
  title: string;
  severity: string | null;
  status: string;
  reporterId: string | null;
  reporterName: string;
  featureId: string | null;
  createdAt: Date;
  nudgedAt: Date | null;
  steps: string;
  expected: string;
  actual: string;
  deviceKind: "WEB" | "MOBILE" | null;
  os: string;
  osVersion: string;
  browser: string;
  browserVersion: string;
  phoneName: string;
  featureName: string | null;
  attachments: number;
  firstAttachmentId: string | null;
  firstThumbnailKey: string | null;
  firstContentType: string | null;
  meToos: number;
};

export async function getConsole(db: Db, actor: Actor, bashId: string, now = new Date()) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "console.view", ctx);
  const bash = await db.bash.findUniqueOrThrow({
    where: { id: bashId },
    select: {
      id: true,
      title: true,
      status: true,
      startedAt: true,
      endsAt: true,
      endedAt: true,
      extendedAt: true,
      extendedMinutes: true,
      durationMinutes: true,
      timeZone: true,
      scheduledStart: true,
      features: { orderBy: { position: "asc" }, select: { id: true, menuName: true } },
      coverageTargets: { orderBy: { position: "asc" }, select: { id: true, kind: true, os: true, osVersion: true, browser: true } },
    },
  });
  const [members, help, reports, eventId] = await Promise.all([
    db.membership.findMany({
      where: { bashId, isPlaceholder: false, role: { not: "OBSERVER" } },
      orderBy: { createdAt: "asc" },
      select: {
        userId: true,
        role: true,
        rsvp: true,
        lastSeenAt: true,
        lastActiveAt: true,
        wantsMoreTime: true,
        user: { select: { name: true } },
      },
    }),
    db.helpRequest.findMany({
      where: { bashId, status: { in: ["OPEN", "ACKNOWLEDGED"] } },
      orderBy: { createdAt: "asc" },
      include: { user: { select: { name: true } }, handledBy: { select: { name: true } } },
    }),
    // One statement: attachment and +1 counts from grouped subqueries, not one lookup per report.
    db.$queryRaw<ConsoleReportRow[]>`
      select r.id, r.number, r.title, r.severity::text as severity, r.status::text as status, r."reporterId", r."reporterName", r."featureId",
        r."createdAt", r."nudgedAt", r.steps, r.expected, r.actual, r."deviceKind"::text as "deviceKind", r.os, r."osVersion", r.browser,
        r."browserVersion", r."phoneName", f."menuName" as "featureName", coalesce(a.n, 0)::int as attachments, a.first_id as "firstAttachmentId",
        a.first_thumb as "firstThumbnailKey", a.first_type as "firstContentType", coalesce(mt.n, 0)::int as "meToos"
      from "Report" r
      left join "Feature" f on f.id = r."featureId"
      left join ${attachmentSummarySql(bashId)} a on a."reportId" = r.id
      left join ${meTooCountsSql(bashId)} mt on mt."reportId" = r.id
      where r."bashId" = ${bashId}
      order by r.number desc`,
    lastActivityId(db, bashId),
  ]);
  const blockedUsers = new Set(help.map((h) => h.userId));
  const reportCount = new Map<string, number>();
  for (const r of reports) if (r.reporterId) reportCount.set(r.reporterId, (reportCount.get(r.reporterId) ?? 0) + 1);
  const since = bash.startedAt;
  const people = members
    .map((m) => ({
      userId: m.userId,
      name: m.user.name,
      role: m.role,
      rsvp: m.rsvp,
      wantsMoreTime: m.wantsMoreTime,
      reports: reportCount.get(m.userId) ?? 0,
      ...personState({ lastSeenAt: m.lastSeenAt, lastActiveAt: m.lastActiveAt, blocked: blockedUsers.has(m.userId) }, now, since),
    }))
    .sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || (b.idleMinutes ?? 0) - (a.idleMinutes ?? 0) || a.name.localeCompare(b.name));

  const feed = reports.slice(0, FEED_SIZE).map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    severity: r.severity,
    status: r.status,
    reporterName: r.reporterName,
    featureName: r.featureName,
    createdAt: r.createdAt,
    nudgedAt: r.nudgedAt,
    meToos: r.meToos,
    attachmentCount: r.attachments,
    thumbUrl: firstThumbUrl(bashId, r),
    firstIsVideo: r.firstContentType ? r.firstContentType.startsWith("video/") : false,
    device: r.os || r.browser || r.phoneName ? describeDevice({ ...r, kind: r.deviceKind ?? (r.phoneName ? "MOBILE" : "WEB") }) : "",
    missing: missingDetails({ ...r, attachmentCount: r.attachments }),
  }));
  const missingCounts: Record<MissingDetail, number> = { steps: 0, screenshot: 0, device: 0, "expected/actual": 0 };
  let incomplete = 0;
  for (const r of reports) {
    const m = missingDetails({ ...r, attachmentCount: r.attachments });
    if (m.length) incomplete += 1;
    for (const k of m) missingCounts[k] += 1;
  }
  const coverage = coverageMatrix(bash.coverageTargets, bash.features, reports);
  return {
    bash,
    serverNow: now,
    eventId,
    people,
    counts: {
      reports: reports.length,
      incomplete,
      missing: missingCounts,
      blocked: help.filter((h) => h.status === "OPEN").length,
      wantMoreTime: members.filter((m) => m.wantsMoreTime).length,
      active: people.filter((p) => p.state === "active").length,
    },
    help: help.map((h) => ({
      id: h.id,
      userName: h.user.name,
      message: h.message,
      status: h.status,
      createdAt: h.createdAt,
      acknowledgedAt: h.acknowledgedAt,
      handledByName: h.handledBy?.name ?? null,
    })),
    feed,
    coverage,
  };
}

const STATE_ORDER: Record<PersonState, number> = { blocked: 0, idle: 1, active: 2, away: 3, "not-joined": 4 };
