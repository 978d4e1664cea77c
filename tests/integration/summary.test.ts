// The bash's summary: counts by every dimension, the fair leaderboard (confirmed bugs only, weighted
// by priority) and who may see or hide it — against a real Postgres.
import { beforeEach, describe, expect, it } from "vitest";
import { createBash } from "@/lib/bashes/commands";
import type { Priority, ReportStatus, Severity } from "@/lib/generated/prisma/enums";
import type { BashRole } from "@/lib/policy";
import { setLeaderboardHidden } from "@/lib/summary/commands";
import { getSummary, rankLeaderboard } from "@/lib/summary/queries";
import { makeMember, makeUser } from "../factories/users";
import { db, resetDb } from "./db";

beforeEach(resetDb);

type User = Awaited<ReturnType<typeof makeUser>>;
const member = (bashId: string, role: BashRole, name: string): Promise<User> => makeMember(db(), bashId, role, { name });

type Seed = {
  reporter: User | string;
  status: ReportStatus;
  priority?: Priority;
  severity?: Severity;
  feature?: string;
  device?: { kind?: "WEB" | "MOBILE"; os?: string; osVersion?: string; browser?: string; phoneName?: string };
  reporterName?: string;
};

async function seedReports(bashId: string, features: Record<string, string>, seeds: Seed[], from = 1) {
  const ids: string[] = [];
  for (const [i, s] of seeds.entries()) {
    const number = from + i;
    const r = await db().report.create({
      data: {
        bashId,
        number,
        clientId: `seed-${bashId}-${number}`,
        title: `Report ${number}`,
        status: s.status,
        priority: s.priority ?? null,
        severity: s.severity ?? null,
        featureId: s.feature ? features[s.feature] : null,
        reporterId: typeof s.reporter === "string" ? null : s.reporter.id,
        reporterName: s.reporterName ?? (typeof s.reporter === "string" ? s.reporter : s.reporter.name),
        deviceKind: s.device?.kind ?? null,
        os: s.device?.os ?? "",
        osVersion: s.device?.osVersion ?? "",
        browser: s.device?.browser ?? "",
        phoneName: s.device?.phoneName ?? "",
      },
    });
    ids.push(r.id);
  }
  await db().bash.update({ where: { id: bashId }, data: { reportCounter: from + seeds.length - 1 } });
  return ids;
}

const win = (browser: string) => ({ kind: "WEB" as const, os: "Windows", osVersion: "11", browser });

/** A bash with a facilitator, five participants, a triager, an observer, three features and 16 reports. */
async function seededBash() {
  const fac = await makeUser(db(), { name: "Fay Facilitator" });
  const bash = await createBash(db(), fac, { title: "Shopfront 3.0 bash", product: "Shopfront", release: "3.0-rc1" });
  const features: Record<string, string> = {};
  for (const [position, menuName] of ["Checkout", "Search", "Profile"].entries()) {
    features[menuName] = (await db().feature.create({ data: { bashId: bash.id, menuName, position } })).id;
  }
  const ann = await member(bash.id, "PARTICIPANT", "Ann Participant");
  const ben = await member(bash.id, "PARTICIPANT", "Ben Participant");
  const cat = await member(bash.id, "PARTICIPANT", "Cat Participant");
  const eve = await member(bash.id, "PARTICIPANT", "Eve Participant");
  const abe = await member(bash.id, "PARTICIPANT", "Abe Participant");
  const triager = await member(bash.id, "TRIAGER", "Tom Triager");
  const observer = await member(bash.id, "OBSERVER", "Oli Observer");
  const ids = await seedReports(bash.id, features, [
    /* 1 */ { reporter: ann, status: "CONFIRMED", priority: "P1", severity: "CRITICAL", feature: "Checkout", device: win("Chrome") },
    /* 2 */ { reporter: ann, status: "IN_PROGRESS", priority: "P2", severity: "MAJOR", feature: "Checkout", device: win("chrome"), reporterName: "Ann P." },
    /* 3 */ { reporter: ann, status: "DUPLICATE", priority: "P1", feature: "Checkout", device: { kind: "WEB", os: "macOS", browser: "Safari" } },
    /* 4 */ { reporter: ben, status: "CONFIRMED", priority: "P1", severity: "MAJOR", feature: "Search", device: { kind: "MOBILE", os: "Android", osVersion: "14", phoneName: "Pixel 8" } },
    /* 5 */ { reporter: ben, status: "DONE", severity: "MINOR", feature: "Search", device: { kind: "MOBILE", os: "iOS", osVersion: "17", phoneName: "iPhone 15" } },
    /* 6 */ { reporter: ben, status: "NOT_A_BUG", priority: "P1", device: win("Firefox") },
    /* 7 */ { reporter: cat, status: "OPEN", priority: "P1", feature: "Search", device: { kind: "WEB", os: "macOS", browser: "Safari" } },
    /* 8 */ { reporter: cat, status: "NEEDS_INFO", priority: "P2", feature: "Checkout", device: { kind: "MOBILE", os: "Android", phoneName: "Pixel 8" } },
    /* 9 */ { reporter: cat, status: "CONFIRMED", priority: "P3", severity: "TRIVIAL" },
    /* 10 */ { reporter: "Dee Imported", status: "CONFIRMED", priority: "P4", feature: "Checkout", device: { os: "Android", phoneName: "Galaxy S23" } },
    /* 11 */ { reporter: cat, status: "CONFIRMED", priority: "P4", feature: "Search", device: { kind: "WEB", os: "Linux", browser: "Firefox" } },
    /* 12 */ { reporter: eve, status: "CONFIRMED", priority: "P2", feature: "Search", device: win("Chrome") },
    /* 13 */ { reporter: eve, status: "CONFIRMED", priority: "P2", feature: "Search", device: win("Chrome") },
    /* 14 */ { reporter: eve, status: "DONE", priority: "P2", feature: "Search", device: win("Chrome") },
    /* 15 */ { reporter: abe, status: "CONFIRMED", priority: "P3", feature: "Checkout", device: win("Edge") },
    /* 16 */ { reporter: abe, status: "CONFIRMED", priority: "P4", feature: "Checkout", device: win("Edge") },
  ]);
  // +1s: Ben and Cat on #1, Cat on #4.
  await db().meToo.createMany({
    data: [
      { reportId: ids[0], userId: ben.id },
      { reportId: ids[0], userId: cat.id },
      { reportId: ids[3], userId: cat.id },
    ],
  });
  // Another bash's reports never leak into this summary.
  const other = await createBash(db(), fac, { title: "Other bash" });
  await seedReports(other.id, {}, [{ reporter: ann, status: "CONFIRMED", priority: "P1", device: win("Opera") }]);
  return { fac, bash, features, ann, ben, cat, eve, abe, triager, observer, other };
}

const counts = (t: { label: string; count: number }[]) => t.map((x) => [x.label, x.count]);

describe("summary counts", () => {
  it("counts reports by status (board order), priority, severity, feature, device and reporter", async () => {
    const { fac, bash, features } = await seededBash();
    const s = await getSummary(db(), fac, bash.id);
    expect(s.bash).toMatchObject({ title: "Shopfront 3.0 bash", product: "Shopfront", release: "3.0-rc1", leaderboardHidden: false, label: "bug-bash" });
    expect(s.canManage).toBe(true);
    expect(s.totals).toMatchObject({ reports: 16, bugs: 12, p1Bugs: 2, notBugs: 1, duplicates: 1, untriaged: 2 });
    expect(s.totals.status.map((t) => [t.key, t.label, t.count])).toEqual([
      ["OPEN", "New", 1],
      ["NEEDS_INFO", "Needs info", 1],
      ["CONFIRMED", "Confirmed", 9],
      ["NOT_A_BUG", "Not a bug", 1],
      ["DUPLICATE", "Duplicate", 1],
      ["IN_PROGRESS", "In progress", 1],
      ["DONE", "Done", 2],
    ]);
    expect(counts(s.totals.priority)).toEqual([
      ["P1", 5],
      ["P2", 5],
      ["P3", 2],
      ["P4", 3],
      ["No priority", 1],
    ]);
    expect(counts(s.totals.bugsByPriority)).toEqual([
      ["P1", 2],
      ["P2", 4],
      ["P3", 2],
      ["P4", 3],
      ["No priority", 1],
    ]);
    expect(counts(s.totals.severity)).toEqual([
      ["Critical", 1],
      ["Major", 2],
      ["Minor", 1],
      ["Trivial", 1],
      ["No severity", 11],
    ]);
    // Every planned feature, untested ones with 0; reports without a feature together.
    expect(s.byFeature.map((t) => [t.key, t.label, t.count])).toEqual([
      [features.Checkout, "Checkout", 7],
      [features.Search, "Search", 7],
      ["none", "No feature", 2],
      [features.Profile, "Profile", 0],
    ]);
    // A report with no kind that names a phone is a phone report; one with nothing at all has no device.
    expect(s.devices).toEqual({ web: 11, mobile: 4, none: 1 });
    expect(counts(s.byOs)).toEqual([
      ["Windows", 8],
      ["macOS", 2],
      ["Linux", 1],
    ]);
    // "Chrome" and "chrome" are one browser, shown as most reports spelled it.
    expect(s.byBrowser.map((t) => [t.key, t.label, t.count])).toEqual([
      ["chrome", "Chrome", 5],
      ["edge", "Edge", 2],
      ["firefox", "Firefox", 2],
      ["safari", "Safari", 2],
    ]);
    expect(counts(s.byPhone)).toEqual([
      ["Pixel 8", 2],
      ["Galaxy S23", 1],
      ["iPhone 15", 1],
    ]);
    expect(counts(s.byMobileOs)).toEqual([
      ["Android", 3],
      ["iOS", 1],
    ]);
    // One account is one reporter, under the name most of their reports carry.
    expect(counts(s.byReporter)).toEqual([
      ["Cat Participant", 4],
      ["Ann Participant", 3],
      ["Ben Participant", 3],
      ["Eve Participant", 3],
      ["Abe Participant", 2],
      ["Dee Imported", 1],
    ]);
    expect(s.participation).toEqual({ reporters: 6, participants: 5, plusOnes: 3, plusOneGivers: 2 });
    expect(s.eventId).toMatch(/^\d+$/);
  });

  it("is all zeros for a bash without reports", async () => {
    const fac = await makeUser(db(), { name: "Fay Facilitator" });
    const bash = await createBash(db(), fac, { title: "Quiet bash" });
    await db().feature.create({ data: { bashId: bash.id, menuName: "Checkout" } });
    const s = await getSummary(db(), fac, bash.id);
    expect(s.totals).toMatchObject({ reports: 0, bugs: 0, p1Bugs: 0 });
    expect(s.totals.status.every((t) => t.count === 0)).toBe(true);
    expect(s.byFeature).toEqual([{ key: expect.any(String), label: "Checkout", count: 0 }]);
    expect([s.byOs, s.byBrowser, s.byPhone, s.byMobileOs, s.byReporter]).toEqual([[], [], [], [], []]);
    expect(s.participation).toEqual({ reporters: 0, participants: 0, plusOnes: 0, plusOneGivers: 0 });
    expect(s.leaderboard).toEqual({ hidden: false, weights: { P1: 8, P2: 4, P3: 2, P4: 1, none: 1 }, rows: [] });
  });

  it("stays fast with 2 000 reports", async () => {
    const fac = await makeUser(db(), { name: "Fay Facilitator" });
    const bash = await createBash(db(), fac, { title: "Big bash" });
    const people = await Promise.all(Array.from({ length: 20 }, (_, i) => member(bash.id, "PARTICIPANT", `Person ${i}`)));
    const statuses: ReportStatus[] = ["OPEN", "NEEDS_INFO", "CONFIRMED", "IN_PROGRESS", "DONE", "NOT_A_BUG", "DUPLICATE"];
    const priorities: (Priority | null)[] = ["P1", "P2", "P3", "P4", null];
    await db().report.createMany({
      data: Array.from({ length: 2000 }, (_, i) => ({
        bashId: bash.id,
        number: i + 1,
        clientId: `bulk-${i}`,
        title: `Bulk ${i}`,
        status: statuses[i % statuses.length],
        priority: priorities[i % priorities.length],
        reporterId: people[i % people.length].id,
        reporterName: people[i % people.length].name,
        deviceKind: i % 3 === 0 ? ("MOBILE" as const) : ("WEB" as const),
        os: i % 3 === 0 ? "Android" : "Windows",
        browser: i % 3 === 0 ? "" : "Chrome",
        phoneName: i % 3 === 0 ? `Phone ${i % 7}` : "",
      })),
    });
    await getSummary(db(), fac, bash.id); // warm up the connection pool
    const t0 = performance.now();
    const s = await getSummary(db(), fac, bash.id);
    const ms = performance.now() - t0;
    expect(s.totals.reports).toBe(2000);
    expect(s.byReporter).toHaveLength(20);
    expect(s.leaderboard!.rows).toHaveLength(20);
    expect(s.leaderboard!.rows.reduce((n, r) => n + r.bugs, 0)).toBe(s.totals.bugs);
    expect(ms, `getSummary took ${Math.round(ms)} ms`).toBeLessThan(1500);
  });
});

describe("leaderboard", () => {
  it("counts confirmed bugs only, weighted P1=8 P2=4 P3=2 P4=1 (no priority=1); ties go to more P1s, then name", async () => {
    const { fac, bash } = await seededBash();
    const { leaderboard } = await getSummary(db(), fac, bash.id);
    expect(leaderboard?.weights).toEqual({ P1: 8, P2: 4, P3: 2, P4: 1, none: 1 });
    expect(leaderboard?.rows.map((r) => [r.rank, r.name, r.points, r.bugs, r.p1, r.p2, r.p3, r.p4, r.none])).toEqual([
      // Ann: #1 P1 + #2 P2; her duplicate (#3, P1) does not count.
      [1, "Ann Participant", 12, 2, 1, 1, 0, 0, 0],
      // Eve: three P2s, level with Ann on points but without a P1.
      [2, "Eve Participant", 12, 3, 0, 3, 0, 0, 0],
      // Ben: #4 P1 + #5 with no priority; his not-a-bug (#6, P1) does not count.
      [3, "Ben Participant", 9, 2, 1, 0, 0, 0, 1],
      // Abe and Cat are level on points and P1s: they share the rank, in name order. Cat's new (#7,
      // P1) and needs-info (#8, P2) reports do not count.
      [4, "Abe Participant", 3, 2, 0, 0, 1, 1, 0],
      [4, "Cat Participant", 3, 2, 0, 0, 1, 1, 0],
      // Imported from a sheet with only a name.
      [6, "Dee Imported", 1, 1, 0, 0, 0, 1, 0],
    ]);
  });

  it("ranks by points, then P1s, then name (pure function)", () => {
    const rows = rankLeaderboard([
      { key: "z", name: "Zed", priority: "P2", count: 2 },
      { key: "a", name: "Amy", priority: "P2", count: 2 },
      { key: "m", name: "Mo", priority: "P1", count: 1 },
      { key: "n", name: "Nia", priority: null, count: 3 },
      { key: "n", name: "Nia", priority: "P4", count: 1 },
    ]);
    expect(rows.map((r) => [r.rank, r.name, r.points])).toEqual([
      [1, "Mo", 8],
      [2, "Amy", 8],
      [2, "Zed", 8],
      [4, "Nia", 4],
    ]);
  });

  it("is hidden from everyone but facilitators when the facilitator hides it", async () => {
    const { fac, bash, ann, triager, observer } = await seededBash();
    expect((await getSummary(db(), ann, bash.id)).leaderboard?.rows).toHaveLength(6);
    expect((await getSummary(db(), ann, bash.id)).canManage).toBe(false);

    expect(await setLeaderboardHidden(db(), fac, bash.id, { hidden: true })).toEqual({ hidden: true });
    const act = await db().activity.findFirstOrThrow({ where: { bashId: bash.id, type: "bash.leaderboard" } });
    expect(act).toMatchObject({ actorId: fac.id, entityType: "bash", entityId: bash.id, data: { hidden: true } });

    for (const viewer of [ann, triager, observer]) {
      const s = await getSummary(db(), viewer, bash.id);
      expect(s.leaderboard).toBeNull();
      expect(s.totals.reports).toBe(16); // the rest of the summary is still there
    }
    const admin = await makeUser(db(), { name: "Ada Admin", isAdmin: true });
    expect((await getSummary(db(), admin, bash.id)).leaderboard).toBeNull();
    const mine = await getSummary(db(), fac, bash.id);
    expect(mine.leaderboard).toMatchObject({ hidden: true });
    expect(mine.leaderboard?.rows[0].name).toBe("Ann Participant");

    // Setting what is already set changes nothing and logs nothing.
    await setLeaderboardHidden(db(), fac, bash.id, { hidden: "true" });
    expect(await db().activity.count({ where: { bashId: bash.id, type: "bash.leaderboard" } })).toBe(1);

    // From the page's button (strings), shown again.
    expect(await setLeaderboardHidden(db(), fac, bash.id, { hidden: "false" })).toEqual({ hidden: false });
    expect((await getSummary(db(), ann, bash.id)).leaderboard).toMatchObject({ hidden: false });
    expect(await db().activity.count({ where: { bashId: bash.id, type: "bash.leaderboard" } })).toBe(2);
  });

  it("only facilitators may hide it; outsiders cannot tell the bash exists; bad input is INVALID", async () => {
    const { fac, bash, ann, triager, observer } = await seededBash();
    for (const who of [ann, triager, observer]) {
      await expect(setLeaderboardHidden(db(), who, bash.id, { hidden: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const outsider = await makeUser(db(), { name: "Out Sider" });
    await expect(setLeaderboardHidden(db(), outsider, bash.id, { hidden: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getSummary(db(), outsider, bash.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getSummary(db(), fac, "no-such-bash")).rejects.toMatchObject({ code: "NOT_FOUND" });
    const admin = await makeUser(db(), { name: "Ada Admin", isAdmin: true });
    await expect(setLeaderboardHidden(db(), admin, bash.id, { hidden: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(setLeaderboardHidden(db(), fac, bash.id, {})).rejects.toMatchObject({ code: "INVALID" });
    await expect(setLeaderboardHidden(db(), fac, bash.id, { hidden: "maybe" })).rejects.toMatchObject({ code: "INVALID" });
    expect((await db().bash.findUniqueOrThrow({ where: { id: bash.id } })).leaderboardHidden).toBe(false);
    expect(await db().activity.count({ where: { type: "bash.leaderboard" } })).toBe(0);
  });
});
