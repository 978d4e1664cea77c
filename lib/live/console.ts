// The facilitator's live console: one read that answers "is anyone stuck? are reports usable? what is
// untested? how much time is left?". Refetched when the bash's events arrive.
import { getBashContext } from "@/lib/bashes/queries";
import { lastActivityId } from "@/lib/bashes/plan";
import { deviceMatchesTarget, describeTarget, type TCoverageDevice } from "@/lib/coverage/match";
import type { Db } from "@/lib/db";
import { describeDevice } from "@/lib/devices/schema";
import { gathered } from "@/lib/gather";
import { assertCan, type Actor } from "@/lib/policy";
import { firstThumbUrl } from "@/lib/reports/sql";
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
  /** One row per report, or per group of alike reports with their count in `n`. */
  reports: (Omit<TCoverageDevice, "kind"> & { featureId: string | null; deviceKind: "WEB" | "MOBILE" | null; n?: number })[],
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
    const n = r.n ?? 1;
    const kind = r.deviceKind ?? (r.phoneName ? "MOBILE" : "WEB");
    const device = { ...r, kind };
    let matched = false;
    targets.forEach((t, i) => {
      if (deviceMatchesTarget(t, device)) {
        rows[i].cells[c] += n;
        rows[i].total += n;
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
    row.cells[c] += n;
    row.total += n;
  }
  return { columns, rows: [...rows, ...[...extra.values()].sort((a, b) => b.total - a.total || a.label.localeCompare(b.label))] };
}

/** The newest reports, in full, for the feed. */
type FeedRow = {
  id: string;
  number: number;
  title: string;
  severity: string | null;
  status: string;
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

/** Every report of the bash, counted by what the coverage and the missing-detail counts need. */
type ShapeRow = {
  featureId: string | null;
  deviceKind: "WEB" | "MOBILE" | null;
  os: string;
  osVersion: string;
  browser: string;
  phoneName: string;
  noSteps: boolean;
  noExpectedActual: boolean;
  noAttachment: boolean;
  n: number;
};

/**
 * A PostgreSQL pattern for "empty once trimmed" that agrees with JavaScript's String.prototype.trim()
 * (which missingDetails uses): its whitespace is exactly the Unicode space separators, the line
 * terminators, tab, vertical tab, form feed and the byte-order mark.
 */
export const BLANK_PATTERN = "^[ \\t\\n\\v\\f\\r\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]*$";

/**
 * How long a console read waits for other consoles of the same bash to ask too. Open consoles refresh
 * ~300 ms after the same event, so they ask within a few milliseconds of each other; a refresh runs in
 * the background, where 20 ms more does not show.
 */
export const CONSOLE_GATHER_MS = 20;

/** The console's reads, one per bash per moment, shared by the facilitators who asked for it then. */
export const consoleReads = gathered(CONSOLE_GATHER_MS, (db: Db, bashId: string) => readConsole(db, bashId, new Date()));

export type ConsoleData = Awaited<ReturnType<typeof readConsole>>;

/**
 * The live console of one bash, for someone who may see it. What it shows is the same for everyone who
 * may, so consoles asking at the same moment share one read (`consoleReads`; never one that began before
 * they asked, and none at all for callers who may not see it) and get the same object: treat it as
 * read-only. With `now`, a read of its own at that time.
 */
export async function getConsole(db: Db, actor: Actor, bashId: string, now?: Date): Promise<ConsoleData> {
  // The access check runs while the request waits to share a read (it joins at once: its arrival is
  // what the read must come after); nothing is read until someone's check has passed.
  const allowed = getBashContext(db, actor, bashId).then((ctx) => assertCan(actor, "console.view", ctx));
  if (!now) return consoleReads.get(db, bashId, allowed);
  await allowed;
  return readConsole(db, bashId, now);
}

/** Everything the console shows, read at `now`; no access check (getConsole's). */
async function readConsole(db: Db, bashId: string, now: Date) {
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
  const [members, help, newest, shapes, perReporter, eventId] = await Promise.all([
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
    // The feed: only the newest reports, with their attachment and +1 counts.
    db.$queryRaw<FeedRow[]>`
      select r.id, r.number, r.title, r.severity::text as severity, r.status::text as status, r."reporterName", r."featureId",
        r."createdAt", r."nudgedAt", r.steps, r.expected, r.actual, r."deviceKind"::text as "deviceKind", r.os, r."osVersion", r.browser,
        r."browserVersion", r."phoneName", f."menuName" as "featureName", coalesce(a.n, 0)::int as attachments, a.first_id as "firstAttachmentId",
        a.first_thumb as "firstThumbnailKey", a.first_type as "firstContentType", coalesce(mt.n, 0)::int as "meToos"
      from (select * from "Report" where "bashId" = ${bashId} order by number desc limit ${FEED_SIZE}) r
      left join "Feature" f on f.id = r."featureId"
      left join lateral (
        select count(*) as n, (array_agg(x.id order by x."createdAt", x.id))[1] as first_id,
          (array_agg(x."thumbnailKey" order by x."createdAt", x.id))[1] as first_thumb,
          (array_agg(x."contentType" order by x."createdAt", x.id))[1] as first_type
        from "Attachment" x where x."reportId" = r.id
      ) a on true
      left join lateral (select count(*) as n from "MeToo" m where m."reportId" = r.id) mt on true
      order by r.number desc`,
    // Everything else is counts: the reports grouped by feature, device and missing details (a few
    // hundred rows at most, however many reports), and the reports per person.
    db.$queryRaw<ShapeRow[]>`
      select r."featureId", r."deviceKind"::text as "deviceKind", r.os, r."osVersion", r.browser, r."phoneName",
        r.steps ~ ${BLANK_PATTERN} as "noSteps", (r.expected ~ ${BLANK_PATTERN} or r.actual ~ ${BLANK_PATTERN}) as "noExpectedActual",
        not exists (select 1 from "Attachment" x where x."reportId" = r.id) as "noAttachment", count(*)::int as n
      from "Report" r where r."bashId" = ${bashId}
      group by 1, 2, 3, 4, 5, 6, 7, 8, 9`,
    db.report.groupBy({ by: ["reporterId"], where: { bashId, reporterId: { not: null } }, _count: { _all: true } }),
    lastActivityId(db, bashId),
  ]);
  const blockedUsers = new Set(help.map((h) => h.userId));
  const reportCount = new Map<string, number>();
  for (const r of perReporter) if (r.reporterId) reportCount.set(r.reporterId, r._count._all);
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

  const feed = newest.map((r) => ({
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
  let reportTotal = 0;
  for (const g of shapes) {
    reportTotal += g.n;
    // The same rule as each feed item's flags (missingDetails), on a stand-in for the group.
    const m = missingDetails({
      steps: g.noSteps ? "" : "x",
      expected: g.noExpectedActual ? "" : "x",
      actual: g.noExpectedActual ? "" : "x",
      os: g.os,
      phoneName: g.phoneName,
      browser: g.browser,
      attachmentCount: g.noAttachment ? 0 : 1,
    });
    if (m.length) incomplete += g.n;
    for (const k of m) missingCounts[k] += g.n;
  }
  // Matching a target never looks at the browser's version (targets have none), so it is not grouped by.
  const coverage = coverageMatrix(bash.coverageTargets, bash.features, shapes.map((g) => ({ ...g, browserVersion: "" })));
  return {
    bash,
    serverNow: now,
    eventId,
    people,
    counts: {
      reports: reportTotal,
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
