// The bash's summary: totals by status, priority, severity, feature, device and reporter, the
// participation numbers and the leaderboard of confirmed bugs. Everything is counted by the database
// (groupBy / count), so it stays fast with thousands of reports.
import { getBashContext } from "@/lib/bashes/queries";
import { lastActivityId } from "@/lib/bashes/plan";
import type { Db } from "@/lib/db";
import type { Priority, ReportStatus, Severity } from "@/lib/generated/prisma/enums";
import { assertCan, can, type Actor } from "@/lib/policy";

/** One bar of a chart. */
export type Tally = { key: string; label: string; count: number };

/** The triage board's columns, left to right (OPEN is shown as "New"). */
export const STATUS_ORDER: readonly ReportStatus[] = ["OPEN", "NEEDS_INFO", "CONFIRMED", "NOT_A_BUG", "DUPLICATE", "IN_PROGRESS", "DONE"];
export const STATUS_LABEL: Record<ReportStatus, string> = {
  OPEN: "New",
  NEEDS_INFO: "Needs info",
  CONFIRMED: "Confirmed",
  NOT_A_BUG: "Not a bug",
  DUPLICATE: "Duplicate",
  IN_PROGRESS: "In progress",
  DONE: "Done",
};
/** A report in one of these columns is a confirmed bug; New, Needs info, Not a bug and Duplicate are not. */
export const BUG_STATUSES: readonly ReportStatus[] = ["CONFIRMED", "IN_PROGRESS", "DONE"];

export const PRIORITY_ORDER: readonly Priority[] = ["P1", "P2", "P3", "P4"];
export const SEVERITY_ORDER: readonly Severity[] = ["CRITICAL", "MAJOR", "MINOR", "TRIVIAL"];
const SEVERITY_NAME: Record<Severity, string> = { CRITICAL: "Critical", MAJOR: "Major", MINOR: "Minor", TRIVIAL: "Trivial" };

/** Leaderboard points for one confirmed bug, by priority. A bug nobody prioritised yet counts as P4. */
export const LEADERBOARD_WEIGHTS = { P1: 8, P2: 4, P3: 2, P4: 1, none: 1 } as const;

export const NONE = "none";
const NOT_GIVEN = "Not given";

export type LeaderboardRow = {
  key: string;
  rank: number;
  name: string;
  points: number;
  bugs: number;
  p1: number;
  p2: number;
  p3: number;
  p4: number;
  none: number;
};

type LeaderboardInput = { key: string; name: string; priority: Priority | null; count: number };

/**
 * Rank reporters by the points of their confirmed bugs (LEADERBOARD_WEIGHTS). Ties go to whoever has
 * more P1s, then by name; people level on points and P1s share a rank.
 */
export function rankLeaderboard(groups: LeaderboardInput[]): LeaderboardRow[] {
  const byKey = new Map<string, LeaderboardRow>();
  for (const g of groups) {
    let row = byKey.get(g.key);
    if (!row) {
      row = { key: g.key, rank: 0, name: g.name, points: 0, bugs: 0, p1: 0, p2: 0, p3: 0, p4: 0, none: 0 };
      byKey.set(g.key, row);
    }
    const slot = g.priority ? (g.priority.toLowerCase() as "p1" | "p2" | "p3" | "p4") : "none";
    row[slot] += g.count;
    row.bugs += g.count;
    row.points += g.count * LEADERBOARD_WEIGHTS[g.priority ?? "none"];
  }
  const rows = [...byKey.values()].sort((a, b) => b.points - a.points || b.p1 - a.p1 || a.name.localeCompare(b.name, "en") || a.key.localeCompare(b.key));
  rows.forEach((r, i) => {
    const prev = rows[i - 1];
    r.rank = prev && prev.points === r.points && prev.p1 === r.p1 ? prev.rank : i + 1;
  });
  return rows;
}

/** Count desc, then label; "not given" buckets (key NONE or "") last among equals. */
export function sortTallies(t: Tally[]): Tally[] {
  return [...t].sort((a, b) => b.count - a.count || Number(a.key === NONE || a.key === "") - Number(b.key === NONE || b.key === "") || a.label.localeCompare(b.label, "en"));
}

/**
 * Free-text values (OS, browser, phone) typed or detected in different spellings: counted together
 * case-insensitively, shown in the spelling most reports used.
 */
class TextTally {
  private buckets = new Map<string, { count: number; spellings: Map<string, number> }>();
  add(value: string, count: number) {
    const label = value.trim().replace(/\s+/g, " ");
    const key = label.toLowerCase();
    let b = this.buckets.get(key);
    if (!b) {
      b = { count: 0, spellings: new Map() };
      this.buckets.set(key, b);
    }
    b.count += count;
    b.spellings.set(label, (b.spellings.get(label) ?? 0) + count);
  }
  tallies(emptyLabel = NOT_GIVEN): Tally[] {
    return sortTallies(
      [...this.buckets.entries()].map(([key, b]) => ({
        key,
        label: key === "" ? emptyLabel : [...b.spellings.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0][0],
        count: b.count,
      })),
    );
  }
}

/** A reporter is their account when known, else the name typed in (imported sheets). */
function reporterKey(reporterId: string | null, reporterName: string): string {
  return reporterId ? `u:${reporterId}` : `n:${reporterName.trim().toLowerCase()}`;
}

export type Summary = Awaited<ReturnType<typeof getSummary>>;

/** Everything the summary page shows. Members only; the leaderboard is null when hidden from this viewer. */
export async function getSummary(db: Db, actor: Actor, bashId: string, now = new Date()) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "report.read", ctx);
  const canManage = can(actor, "bash.update", ctx);
  const where = { bashId };
  const [bash, features, total, byStatus, byPriority, bySeverity, byFeature, byDevice, byReporter, bugGroups, plusOnes, plusOneGivers, participants, eventId] =
    await Promise.all([
      db.bash.findUniqueOrThrow({
        where: { id: bashId },
        select: { id: true, title: true, product: true, release: true, status: true, startedAt: true, endedAt: true, timeZone: true, leaderboardHidden: true, label: true },
      }),
      db.feature.findMany({ where, orderBy: { position: "asc" }, select: { id: true, menuName: true } }),
      db.report.count({ where }),
      db.report.groupBy({ by: ["status"], where, _count: { _all: true } }),
      db.report.groupBy({ by: ["priority"], where, _count: { _all: true } }),
      db.report.groupBy({ by: ["severity"], where, _count: { _all: true } }),
      db.report.groupBy({ by: ["featureId"], where, _count: { _all: true } }),
      db.report.groupBy({ by: ["deviceKind", "os", "browser", "phoneName"], where, _count: { _all: true } }),
      db.report.groupBy({ by: ["reporterId", "reporterName"], where, _count: { _all: true } }),
      db.report.groupBy({ by: ["reporterId", "reporterName", "priority"], where: { bashId, status: { in: [...BUG_STATUSES] } }, _count: { _all: true } }),
      db.meToo.count({ where: { report: { bashId } } }),
      db.meToo.groupBy({ by: ["userId"], where: { report: { bashId } }, _count: { _all: true } }),
      db.membership.count({ where: { bashId, role: "PARTICIPANT" } }),
      lastActivityId(db, bashId),
    ]);

  const statusCount = new Map(byStatus.map((g) => [g.status, g._count._all]));
  const status: Tally[] = STATUS_ORDER.map((s) => ({ key: s, label: STATUS_LABEL[s], count: statusCount.get(s) ?? 0 }));

  const priorityCount = new Map(byPriority.map((g) => [g.priority ?? NONE, g._count._all]));
  const priority: Tally[] = [...PRIORITY_ORDER.map((p) => ({ key: p, label: p, count: priorityCount.get(p) ?? 0 })), { key: NONE, label: "No priority", count: priorityCount.get(NONE) ?? 0 }];

  const severityCount = new Map(bySeverity.map((g) => [g.severity ?? NONE, g._count._all]));
  const severity: Tally[] = [
    ...SEVERITY_ORDER.map((s) => ({ key: s, label: SEVERITY_NAME[s], count: severityCount.get(s) ?? 0 })),
    { key: NONE, label: "No severity", count: severityCount.get(NONE) ?? 0 },
  ];

  // Every planned feature is listed, untested ones with 0: that gap is worth seeing.
  const featureCount = new Map(byFeature.map((g) => [g.featureId ?? NONE, g._count._all]));
  const known = new Set(features.map((f) => f.id));
  let noFeature = 0;
  for (const [id, n] of featureCount) if (!known.has(id)) noFeature += n;
  const feature = sortTallies([
    ...features.map((f) => ({ key: f.id, label: f.menuName, count: featureCount.get(f.id) ?? 0 })),
    ...(noFeature ? [{ key: NONE, label: "No feature", count: noFeature }] : []),
  ]);

  // Devices: a report without a kind is mobile when it names a phone, web when it names an OS or a
  // browser, and "no device given" otherwise.
  const webOs = new TextTally();
  const browser = new TextTally();
  const phone = new TextTally();
  const mobileOs = new TextTally();
  const deviceKinds = { web: 0, mobile: 0, none: 0 };
  for (const g of byDevice) {
    const n = g._count._all;
    const kind = g.deviceKind ?? (g.phoneName.trim() ? "MOBILE" : g.os.trim() || g.browser.trim() ? "WEB" : null);
    if (kind === "MOBILE") {
      deviceKinds.mobile += n;
      phone.add(g.phoneName, n);
      mobileOs.add(g.os, n);
    } else if (kind === "WEB") {
      deviceKinds.web += n;
      webOs.add(g.os, n);
      browser.add(g.browser, n);
    } else {
      deviceKinds.none += n;
    }
  }

  // Reporters: one account may appear under several snapshot names; show the one used most.
  const reporters = new Map<string, { count: number; names: Map<string, number> }>();
  for (const g of byReporter) {
    const key = reporterKey(g.reporterId, g.reporterName);
    const r = reporters.get(key) ?? { count: 0, names: new Map<string, number>() };
    r.count += g._count._all;
    const name = g.reporterName.trim();
    if (name) r.names.set(name, (r.names.get(name) ?? 0) + g._count._all);
    reporters.set(key, r);
  }
  const nameOf = (key: string) => {
    const names = reporters.get(key)?.names;
    const best = names ? [...names.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] : undefined;
    return best?.[0] ?? "Unknown reporter";
  };
  const reporter = sortTallies([...reporters.entries()].map(([key, r]) => ({ key, label: nameOf(key), count: r.count })));

  const bugPriority = new Map<string, number>();
  for (const g of bugGroups) bugPriority.set(g.priority ?? NONE, (bugPriority.get(g.priority ?? NONE) ?? 0) + g._count._all);
  const bugs = BUG_STATUSES.reduce((sum, s) => sum + (statusCount.get(s) ?? 0), 0);
  const bugsByPriority: Tally[] = [
    ...PRIORITY_ORDER.map((p) => ({ key: p, label: p, count: bugPriority.get(p) ?? 0 })),
    { key: NONE, label: "No priority", count: bugPriority.get(NONE) ?? 0 },
  ];

  const showLeaderboard = !bash.leaderboardHidden || canManage;
  const leaderboard = showLeaderboard
    ? {
        hidden: bash.leaderboardHidden,
        weights: LEADERBOARD_WEIGHTS,
        rows: rankLeaderboard(
          bugGroups.map((g) => {
            const key = reporterKey(g.reporterId, g.reporterName);
            return { key, name: nameOf(key), priority: g.priority, count: g._count._all };
          }),
        ),
      }
    : null;

  return {
    bash,
    canManage,
    eventId,
    generatedAt: now,
    totals: {
      reports: total,
      bugs,
      p1Bugs: bugPriority.get("P1") ?? 0,
      notBugs: statusCount.get("NOT_A_BUG") ?? 0,
      duplicates: statusCount.get("DUPLICATE") ?? 0,
      untriaged: (statusCount.get("OPEN") ?? 0) + (statusCount.get("NEEDS_INFO") ?? 0),
      status,
      priority,
      bugsByPriority,
      severity,
    },
    byFeature: feature,
    devices: deviceKinds,
    byOs: webOs.tallies(),
    byBrowser: browser.tallies(),
    byPhone: phone.tallies(),
    byMobileOs: mobileOs.tallies(),
    byReporter: reporter,
    participation: {
      /** People who filed at least one report. */
      reporters: reporter.length,
      /** Members invited as participants. */
      participants,
      /** +1s given on reports of this bash, and by how many people. */
      plusOnes,
      plusOneGivers: plusOneGivers.length,
    },
    leaderboard,
  };
}
