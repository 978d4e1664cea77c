// During the bash: filing reports (idempotent), +1s, similar reports, nudges, the help queue, the
// clock and the facilitator's console — against a real Postgres.
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { uploadAttachment } from "@/lib/attachments/commands";
import { createBash, setBashStatus } from "@/lib/bashes/commands";
import { extendBash, setWantsMoreTime, touchPresence } from "@/lib/live/clock";
import { consoleReads, coverageMatrix, getConsole, personState } from "@/lib/live/console";
import { acknowledgeHelp, raiseHand, resolveHelp } from "@/lib/live/help";
import { getMyLiveState } from "@/lib/live/participant";
import type { BashRole } from "@/lib/policy";
import { addMeToo, addReportDetails, createReport, nudgeReporter } from "@/lib/reports/commands";
import { findSimilarReports, listMyReports } from "@/lib/reports/queries";
import { missingDetails } from "@/lib/reports/schema";
import { makeMember, makeUser } from "../factories/users";
import { db, resetDb } from "./db";

beforeAll(() => {
  process.env.STORAGE_DIR = path.join(os.tmpdir(), `bb-live-test-${process.pid}`);
});
beforeEach(resetDb);

type User = Awaited<ReturnType<typeof makeUser>>;

const member = (bashId: string, role: BashRole, name?: string): Promise<User> => makeMember(db(), bashId, role, { name });

const START = new Date("2030-03-01T10:00:00Z");

/** A live bash (60 min from START) with a facilitator, two participants, a feature and an environment. */
async function liveBash() {
  const fac = await makeUser(db(), { name: "Fay Facilitator" });
  const bash = await createBash(db(), fac, { title: "RC bash", scheduledStart: "2030-03-01T10:00", timeZone: "UTC", durationMinutes: 60 });
  const feature = await db().feature.create({ data: { bashId: bash.id, menuName: "Checkout", position: 0 } });
  const env = await db().environment.create({ data: { bashId: bash.id, name: "Staging", position: 0 } });
  const ann = await member(bash.id, "PARTICIPANT", "Ann Participant");
  const ben = await member(bash.id, "PARTICIPANT", "Ben Participant");
  await setBashStatus(db(), fac, bash.id, { status: "SCHEDULED" });
  await setBashStatus(db(), fac, bash.id, { status: "LIVE" }, START);
  return { fac, bash, feature, env, ann, ben };
}

const report = (clientId: string, extra: Record<string, unknown> = {}) => ({ clientId, title: "Pay button does nothing", ...extra });

describe("filing a report", () => {
  it("records reporter, time, device snapshot and user agent; numbers reports 1, 2, 3", async () => {
    const { bash, feature, env, ann, ben } = await liveBash();
    const r1 = await createReport(db(), ann, bash.id, report("client-aaaa-0001", { featureId: feature.id, environmentId: env.id, steps: "1. Tap Pay", deviceKind: "WEB", os: "Windows", osVersion: "11", browser: "Chrome", browserVersion: "131" }), {
      userAgent: "Mozilla/5.0 test",
    });
    const r2 = await createReport(db(), ben, bash.id, report("client-bbbb-0002"));
    expect([r1.number, r2.number, r1.created]).toEqual([1, 2, true]);
    const row = await db().report.findUniqueOrThrow({ where: { id: r1.id } });
    expect(row).toMatchObject({ reporterId: ann.id, reporterName: "Ann Participant", featureId: feature.id, environmentId: env.id, os: "Windows", browser: "Chrome", userAgent: "Mozilla/5.0 test", status: "OPEN" });
    const act = await db().activity.findFirstOrThrow({ where: { bashId: bash.id, type: "report.created", entityId: r1.id } });
    expect(act.actorId).toBe(ann.id);
    const m = await db().membership.findFirstOrThrow({ where: { bashId: bash.id, userId: ann.id } });
    // The filing's time, to the millisecond (written by the flush write, in UTC like every timestamp).
    const filed = await db().report.findUniqueOrThrow({ where: { id: r2.id }, select: { createdAt: true } });
    expect(m.lastActiveAt).not.toBeNull();
    expect(Math.abs(m.lastActiveAt!.getTime() - row.createdAt.getTime())).toBeLessThan(5_000);
    expect((await db().membership.findFirstOrThrow({ where: { bashId: bash.id, userId: ben.id } })).lastActiveAt?.getTime()).toBe(filed.createdAt.getTime());
  });

  it("is on disk when acknowledged: the log is flushed past the report before createReport returns", async () => {
    const { bash, ann } = await liveBash();
    // The filing statement commits without waiting for the disk (so the bash's counter lock is not
    // held through a flush); the write after it commits normally, which flushes the log up to it.
    const flushed = async () =>
      (await db().$queryRaw<{ ok: boolean }[]>`select pg_current_wal_flush_lsn() >= pg_current_wal_insert_lsn() as ok`)[0].ok;
    for (let i = 0; i < 5; i++) {
      await createReport(db(), ann, bash.id, report(`client-disk-000${i}`));
      expect(await flushed()).toBe(true);
    }
    // Membership gone between the check and the write (no row to mark active): still flushed.
    await db().membership.deleteMany({ where: { bashId: bash.id, userId: ann.id } });
    const r = await createReport(db(), ann, bash.id, report("client-disk-0009"), { ctx: { role: "PARTICIPANT", archived: false } });
    expect(r.created).toBe(true);
    expect(await flushed()).toBe(true);
  });

  it("is idempotent: a retry and a double click with the same draft id make one report", async () => {
    const { bash, ann } = await liveBash();
    const first = await createReport(db(), ann, bash.id, report("client-dup-00001"));
    const again = await createReport(db(), ann, bash.id, report("client-dup-00001"));
    expect(again).toEqual({ id: first.id, number: first.number, created: false });
    const racing = await Promise.all(Array.from({ length: 5 }, () => createReport(db(), ann, bash.id, report("client-race-0001"))));
    expect(new Set(racing.map((r) => r.id)).size).toBe(1);
    expect(racing.filter((r) => r.created)).toHaveLength(1);
    expect(await db().report.count({ where: { bashId: bash.id } })).toBe(2);
    // The same id with another text (a second tab that restored the draft) is refused, never swallowed.
    await expect(createReport(db(), ann, bash.id, report("client-dup-00001", { title: "A different bug" }))).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This draft was already filed as #1 (from another tab?). Submit again to file this text as a new report.",
      fieldErrors: { clientId: expect.any(String) },
    });
    // No gap in the numbers from the rolled-back racers.
    const next = await createReport(db(), ann, bash.id, report("client-next-0001"));
    expect(next.number).toBe(3);
  });

  it("refuses bad input with a specific message and writes nothing", async () => {
    const { bash, ann, fac } = await liveBash();
    await expect(createReport(db(), ann, bash.id, report("client-xxxx-0001", { title: "  " }))).rejects.toMatchObject({ code: "INVALID", message: "Give the report a title: what went wrong, in a few words." });
    await expect(createReport(db(), ann, bash.id, report("bad id!"))).rejects.toMatchObject({ code: "INVALID" });
    const other = await createBash(db(), fac, { title: "Other" });
    const otherFeature = await db().feature.create({ data: { bashId: other.id, menuName: "Elsewhere" } });
    await expect(createReport(db(), ann, bash.id, report("client-xxxx-0002", { featureId: otherFeature.id }))).rejects.toMatchObject({ code: "INVALID" });
    expect(await db().report.count()).toBe(0);
    expect((await db().bash.findUniqueOrThrow({ where: { id: bash.id } })).reportCounter).toBe(0);
  });

  it("a saved device fills the snapshot where the form left it empty; a device, feature or environment that is not the reporter's or the bash's is refused and writes nothing", async () => {
    const { bash, fac, ann, ben } = await liveBash();
    const pixel = await db().device.create({ data: { userId: ann.id, kind: "MOBILE", os: "Android", osVersion: "14", phoneName: "Pixel 8" } });
    const r = await createReport(db(), ann, bash.id, report("client-dev-00001", { deviceId: pixel.id, osVersion: "15" }));
    expect(await db().report.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ deviceId: pixel.id, deviceKind: "MOBILE", os: "Android", osVersion: "15", phoneName: "Pixel 8", browser: "" });
    const other = await createBash(db(), fac, { title: "Another bash" });
    const otherFeature = await db().feature.create({ data: { bashId: other.id, menuName: "Elsewhere" } });
    const otherEnv = await db().environment.create({ data: { bashId: other.id, name: "Elsewhere" } });
    await expect(createReport(db(), ben, bash.id, report("client-dev-00002", { deviceId: pixel.id }))).rejects.toMatchObject({ code: "INVALID", fieldErrors: { deviceId: expect.any(String) } });
    await expect(createReport(db(), ann, bash.id, report("client-dev-00003", { featureId: otherFeature.id }))).rejects.toMatchObject({ code: "INVALID", fieldErrors: { featureId: expect.any(String) } });
    await expect(createReport(db(), ann, bash.id, report("client-dev-00004", { environmentId: otherEnv.id }))).rejects.toMatchObject({ code: "INVALID", fieldErrors: { environmentId: expect.any(String) } });
    expect(await db().report.count({ where: { bashId: bash.id } })).toBe(1);
    expect((await db().bash.findUniqueOrThrow({ where: { id: bash.id } })).reportCounter).toBe(1);
  });

  it("30 reports filed at once get the numbers 1…30 without a gap, each with one activity; a closed bash's counter does not move", async () => {
    const { bash, fac, ann, ben, feature } = await liveBash();
    const made = await Promise.all(
      Array.from({ length: 30 }, (_, i) => createReport(db(), i % 2 ? ann : ben, bash.id, report(`client-burst-${String(i).padStart(4, "0")}`, { featureId: feature.id }))),
    );
    expect(made.map((r) => r.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const acts = await db().activity.findMany({ where: { bashId: bash.id, type: "report.created" }, select: { entityId: true, data: true } });
    expect(acts.map((a) => a.entityId).sort()).toEqual(made.map((r) => r.id).sort());
    for (const a of acts) expect((a.data as { number: number }).number).toBe(made.find((r) => r.id === a.entityId)?.number);
    await setBashStatus(db(), fac, bash.id, { status: "ENDED" });
    await expect(createReport(db(), ann, bash.id, report("client-after-0001"))).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await db().bash.findUniqueOrThrow({ where: { id: bash.id } })).reportCounter).toBe(30);
    expect(await db().report.count({ where: { bashId: bash.id } })).toBe(30);
  });

  it("is closed before the start and after the end; outsiders and observers cannot file", async () => {
    const { bash, ann, fac } = await liveBash();
    const draft = await createBash(db(), fac, { title: "Not yet" });
    await db().membership.create({ data: { bashId: draft.id, userId: ann.id, role: "PARTICIPANT" } });
    await expect(createReport(db(), ann, draft.id, report("client-early-001"))).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("has not started") });
    const outsider = await makeUser(db(), { name: "Out Sider" });
    await expect(createReport(db(), outsider, bash.id, report("client-out-00001"))).rejects.toMatchObject({ code: "NOT_FOUND" });
    const observer = await member(bash.id, "OBSERVER");
    await expect(createReport(db(), observer, bash.id, report("client-obs-00001"))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await setBashStatus(db(), fac, bash.id, { status: "ENDED" });
    await expect(createReport(db(), ann, bash.id, report("client-late-0001"))).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("has ended") });
    expect(await db().report.count()).toBe(0);
  });

  it("links the reporter's uploads, and only theirs", async () => {
    const { bash, ann, ben } = await liveBash();
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#c00" } }).png().toBuffer();
    const mine = await uploadAttachment(db(), ann, bash.id, { fileName: "shot.png", bytes: png });
    const theirs = await uploadAttachment(db(), ben, bash.id, { fileName: "other.png", bytes: png });
    await expect(createReport(db(), ann, bash.id, report("client-att-00001", { attachmentIds: [mine.id, theirs.id] }))).rejects.toMatchObject({ code: "INVALID" });
    expect(await db().report.count()).toBe(0);
    const ok = await createReport(db(), ann, bash.id, report("client-att-00002", { attachmentIds: [mine.id] }));
    expect((await db().attachment.findUniqueOrThrow({ where: { id: mine.id } })).reportId).toBe(ok.id);
    const [listed] = await listMyReports(db(), ann, bash.id);
    expect(listed.attachments[0].thumbUrl).toContain(`/attachments/${mine.id}?thumb=1`);
    expect(listed.missing).not.toContain("screenshot");
  });
});

describe("similar reports and +1s", () => {
  it("suggests up to five look-alikes of this bash only, best first", async () => {
    const { bash, ann, ben, fac } = await liveBash();
    await createReport(db(), ben, bash.id, report("client-sim-00001", { title: "Checkout button does nothing on Safari" }));
    await createReport(db(), ben, bash.id, report("client-sim-00002", { title: "Profile photo upload fails" }));
    for (let i = 0; i < 6; i++) await createReport(db(), ben, bash.id, report(`client-chk-0000${i}`, { title: `Checkout total wrong ${i}` }));
    const other = await createBash(db(), fac, { title: "Other bash", scheduledStart: "2030-03-01T10:00" });
    await db().report.create({ data: { bashId: other.id, number: 1, clientId: "x", title: "Checkout button does nothing on Safari" } });
    const hits = await findSimilarReports(db(), ann, bash.id, { text: "checkout button does nothing" });
    expect(hits.length).toBeLessThanOrEqual(5);
    expect(hits[0]).toMatchObject({ number: 1, title: "Checkout button does nothing on Safari", mine: false });
    expect(hits.some((h) => h.title.startsWith("Profile"))).toBe(false);
    expect(await findSimilarReports(db(), ann, bash.id, { text: "ab" })).toEqual([]);
  });

  it("same problem: a +1 with a note instead of a new report; once per person; not on your own", async () => {
    const { bash, ann, ben } = await liveBash();
    const r = await createReport(db(), ben, bash.id, report("client-me2-00001"));
    await addMeToo(db(), ann, bash.id, { reportId: r.id, note: "Also on Firefox" });
    await addMeToo(db(), ann, bash.id, { reportId: r.id, note: "And on Edge" });
    const rows = await db().meToo.findMany({ where: { reportId: r.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userId: ann.id, note: "And on Edge" });
    await expect(addMeToo(db(), ben, bash.id, { reportId: r.id })).rejects.toMatchObject({ code: "INVALID" });
    expect(await db().report.count()).toBe(1);
  });
});

describe("completeness and nudges", () => {
  it("a facilitator asks for the missing details; the reporter is notified and adds them", async () => {
    const { bash, ann, ben, fac } = await liveBash();
    const r = await createReport(db(), ann, bash.id, report("client-nudge-001"));
    const [mine] = await listMyReports(db(), ann, bash.id);
    expect(mine.missing).toEqual(["steps", "screenshot", "device", "expected/actual"]);
    await expect(nudgeReporter(db(), ben, bash.id, { reportId: r.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(nudgeReporter(db(), fac, bash.id, { reportId: r.id })).resolves.toMatchObject({ number: 1 });
    const note = await db().notification.findFirstOrThrow({ where: { userId: ann.id, kind: "report.nudge" } });
    expect(note.body).toContain("steps to reproduce");
    expect(note.url).toBe(`/bashes/${bash.id}/reports/1`);
    const live = await getMyLiveState(db(), ann, bash.id);
    expect(live.nudges).toHaveLength(1);

    await expect(addReportDetails(db(), ben, bash.id, { reportId: r.id, steps: "1. x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await addReportDetails(db(), ann, bash.id, { reportId: r.id, steps: "1. Open cart\n2. Tap Pay", expected: "Paid", actual: "Nothing", os: "Android", phoneName: "Pixel 8", deviceKind: "MOBILE" });
    const [after] = await listMyReports(db(), ann, bash.id);
    expect(after.missing).toEqual(["screenshot"]);
    expect((await getMyLiveState(db(), ann, bash.id)).nudges).toHaveLength(0);
  });
});

describe("help queue", () => {
  it("raise → acknowledge → resolve, each state visible to the participant; one open hand per person", async () => {
    const { bash, ann, ben, fac } = await liveBash();
    const h = await raiseHand(db(), ann, bash.id, { message: "Cannot sign in to staging" });
    const again = await raiseHand(db(), ann, bash.id, { message: "Still cannot sign in" });
    expect(again.id).toBe(h.id);
    expect(await db().helpRequest.count()).toBe(1);
    expect((await getMyLiveState(db(), ann, bash.id)).help).toMatchObject({ status: "OPEN", message: "Still cannot sign in" });
    await expect(raiseHand(db(), ann, bash.id, { message: " " })).rejects.toMatchObject({ code: "INVALID" });

    await expect(acknowledgeHelp(db(), ben, bash.id, { id: h.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await acknowledgeHelp(db(), fac, bash.id, { id: h.id });
    expect((await getMyLiveState(db(), ann, bash.id)).help).toMatchObject({ status: "ACKNOWLEDGED", handledByName: "Fay Facilitator" });
    let console_ = await getConsole(db(), fac, bash.id, new Date(START.getTime() + 60_000));
    expect(console_.help).toHaveLength(1);
    expect(console_.people.find((p) => p.userId === ann.id)?.state).toBe("blocked");

    await resolveHelp(db(), fac, bash.id, { id: h.id });
    expect((await getMyLiveState(db(), ann, bash.id)).help).toBeNull();
    console_ = await getConsole(db(), fac, bash.id);
    expect(console_.help).toHaveLength(0);
    expect((await db().membership.findFirstOrThrow({ where: { userId: ann.id } })).blockedAt).toBeNull();
    const types = (await db().activity.findMany({ where: { bashId: bash.id, type: { startsWith: "help." } }, orderBy: { id: "asc" } })).map((a) => a.type);
    expect(types).toEqual(["help.raised", "help.updated", "help.acknowledged", "help.resolved"]);
  });

  it("the participant can take their own hand down; not someone else's", async () => {
    const { bash, ann, ben } = await liveBash();
    const h = await raiseHand(db(), ann, bash.id, { message: "Build won't install" });
    await expect(resolveHelp(db(), ben, bash.id, { id: h.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(resolveHelp(db(), ann, bash.id, { id: h.id })).resolves.toMatchObject({ status: "RESOLVED" });
  });
});

describe("the clock", () => {
  it("extend moves the end for everyone (from the planned end), records the banner and clears 'more time' answers", async () => {
    const { bash, fac, ann } = await liveBash();
    await setWantsMoreTime(db(), ann, bash.id, { wants: true });
    expect((await getConsole(db(), fac, bash.id)).counts.wantMoreTime).toBe(1);
    await expect(extendBash(db(), ann, bash.id, { minutes: 10 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(extendBash(db(), fac, bash.id, { minutes: 0 })).rejects.toMatchObject({ code: "INVALID", message: "Add at least 1 minute." });
    const at = new Date(START.getTime() + 50 * 60_000);
    const b = await extendBash(db(), fac, bash.id, { minutes: "10" }, { now: at });
    expect(b.endsAt?.toISOString()).toBe("2030-03-01T11:10:00.000Z");
    expect(b).toMatchObject({ extendedMinutes: 10, extendedAt: at });
    expect((await getConsole(db(), fac, bash.id)).counts.wantMoreTime).toBe(0);
    // Past the end already: the extension counts from now.
    const late = new Date("2030-03-01T11:30:00Z");
    expect((await extendBash(db(), fac, bash.id, { minutes: 5 }, { now: late })).endsAt?.toISOString()).toBe("2030-03-01T11:35:00.000Z");
  });

  it("only a live bash is extended; end closes reporting", async () => {
    const { bash, fac } = await liveBash();
    await setBashStatus(db(), fac, bash.id, { status: "ENDED" });
    await expect(extendBash(db(), fac, bash.id, { minutes: 5 })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("the console", () => {
  it("people states follow presence, activity and raised hands", () => {
    const now = new Date("2030-03-01T10:30:00Z");
    const ago = (m: number) => new Date(now.getTime() - m * 60_000);
    expect(personState({ lastSeenAt: null, lastActiveAt: null, blocked: false }, now, START).state).toBe("not-joined");
    expect(personState({ lastSeenAt: ago(0), lastActiveAt: ago(2), blocked: false }, now, START).state).toBe("active");
    expect(personState({ lastSeenAt: ago(1), lastActiveAt: ago(12), blocked: false }, now, START)).toEqual({ state: "idle", idleMinutes: 12 });
    expect(personState({ lastSeenAt: ago(1), lastActiveAt: null, blocked: false }, now, START)).toEqual({ state: "idle", idleMinutes: 30 });
    expect(personState({ lastSeenAt: ago(10), lastActiveAt: ago(20), blocked: false }, now, START)).toEqual({ state: "away", idleMinutes: 10 });
    expect(personState({ lastSeenAt: ago(0), lastActiveAt: ago(0), blocked: true }, now, START).state).toBe("blocked");
  });

  it("the coverage matrix counts reports per planned device and feature and lists unplanned devices", () => {
    const targets = [
      { id: "t1", kind: "WEB" as const, os: "Windows", osVersion: "", browser: "Chrome" },
      { id: "t2", kind: "MOBILE" as const, os: "iOS", osVersion: "17", browser: "" },
    ];
    const features = [
      { id: "f1", menuName: "Checkout" },
      { id: "f2", menuName: "Profile" },
    ];
    const dev = (kind: "WEB" | "MOBILE", os: string, osVersion: string, browser = "", phoneName = "") => ({ kind, deviceKind: kind, os, osVersion, browser, browserVersion: "", phoneName });
    const m = coverageMatrix(targets, features, [
      { ...dev("WEB", "Windows", "11", "Chrome"), featureId: "f1" },
      { ...dev("WEB", "Windows", "10", "Google Chrome"), featureId: "f1" },
      { ...dev("MOBILE", "iOS", "17.4", "", "iPhone 15"), featureId: "f2" },
      { ...dev("WEB", "macOS", "14", "Safari"), featureId: null },
    ]);
    expect(m.columns.map((c) => c.label)).toEqual(["Checkout", "Profile", "No feature"]);
    expect(m.rows.map((r) => [r.label, r.cells])).toEqual([
      ["Web · Windows · Chrome", [2, 0, 0]],
      ["Mobile · iOS 17", [0, 1, 0]],
      ["Web · macOS 14 · Safari", [0, 0, 1]],
    ]);
    expect(m.rows[2].planned).toBe(false);
  });

  it("counts every report, beyond the feed's 100, as each report's own flags do (whitespace of every kind included)", async () => {
    const { bash, fac, ann, ben, feature } = await liveBash();
    await db().coverageTarget.create({ data: { bashId: bash.id, kind: "WEB", os: "Windows", browser: "Chrome", position: 0 } });
    const shapes = [
      { steps: "1. Tap", expected: "a", actual: "b", os: "Windows", browser: "Chrome", featureId: feature.id },
      { steps: "1. Tap", deviceKind: "MOBILE", os: "iOS", osVersion: "17.4", phoneName: "iPhone 15" },
      { expected: "a", browser: "Firefox" },
      { steps: "x", actual: "b", os: "macOS", osVersion: "14", browser: "Safari", featureId: feature.id },
      {},
    ];
    for (let i = 0; i < 112; i++) {
      await createReport(db(), i % 3 ? ann : ben, bash.id, report(`client-count-${String(i).padStart(4, "0")}`, shapes[i % shapes.length]));
    }
    const all = await db().report.findMany({ where: { bashId: bash.id }, orderBy: { number: "asc" } });
    // Stored text the form would have trimmed (an import or an older version may leave it): JavaScript's
    // trim() removes these, so they count as blank…
    await db().report.update({ where: { id: all[0].id }, data: { steps: "\u00a0\u3000\ufeff \t\n\u2028\u205f\v\f\r" } });
    await db().report.update({ where: { id: all[3].id }, data: { actual: "\u2003\u202f" } });
    // …and these it keeps (a control character, a zero-width space), so they are not.
    await db().report.update({ where: { id: all[2].id }, data: { steps: "\u0085", actual: "\u200b" } });
    for (const r of [all[1], all[7], all[50]]) {
      await db().attachment.create({ data: { bashId: bash.id, reportId: r.id, storageKey: `${bash.id}/k-${r.id}`, fileName: "s.png", contentType: "image/png", size: 1 } });
    }

    const c = await getConsole(db(), fac, bash.id);
    const rows = await db().report.findMany({ where: { bashId: bash.id }, include: { _count: { select: { attachments: true } } } });
    const flags = rows.map((r) => missingDetails({ ...r, attachmentCount: r._count.attachments }));
    const missing = { steps: 0, screenshot: 0, device: 0, "expected/actual": 0 };
    for (const f of flags) for (const k of f) missing[k] += 1;
    expect(missing.steps).toBeGreaterThan(0);
    expect(c.counts).toMatchObject({ reports: 112, incomplete: flags.filter((f) => f.length).length, missing });
    expect(c.feed).toHaveLength(100);
    for (const item of c.feed) {
      const r = rows.find((x) => x.id === item.id)!;
      expect(item.missing).toEqual(missingDetails({ ...r, attachmentCount: r._count.attachments }));
    }
    const features = await db().feature.findMany({ where: { bashId: bash.id }, orderBy: { position: "asc" } });
    const targets = await db().coverageTarget.findMany({ where: { bashId: bash.id }, orderBy: { position: "asc" } });
    expect(c.coverage).toEqual(coverageMatrix(targets, features, rows));
    expect(c.coverage.rows.reduce((a, r) => a + r.total, 0)).toBeGreaterThanOrEqual(112);
    expect(c.people.find((p) => p.userId === ann.id)?.reports).toBe(rows.filter((r) => r.reporterId === ann.id).length);
    expect(c.people.find((p) => p.userId === ben.id)?.reports).toBe(rows.filter((r) => r.reporterId === ben.id).length);
  });

  it("shows the feed with completeness flags, counts and presence; facilitators only", async () => {
    const { bash, fac, ann, ben } = await liveBash();
    await createReport(db(), ann, bash.id, report("client-con-00001", { steps: "1", expected: "a", actual: "b", os: "Windows", browser: "Chrome" }));
    await createReport(db(), ben, bash.id, report("client-con-00002", { title: "Second" }));
    await touchPresence(db(), ann, bash.id, { active: true });
    const c = await getConsole(db(), fac, bash.id);
    expect(c.feed.map((r) => [r.number, r.missing])).toEqual([
      [2, ["steps", "screenshot", "device", "expected/actual"]],
      [1, ["screenshot"]],
    ]);
    expect(c.counts).toMatchObject({ reports: 2, incomplete: 2, blocked: 0 });
    expect(c.people.find((p) => p.userId === ann.id)).toMatchObject({ reports: 1, state: "active" });
    await expect(getConsole(db(), ann, bash.id)).rejects.toMatchObject({ code: "FORBIDDEN" });

    // A feed item carries its first attachment (thumbnail, or a video flag), its counts and its feature.
    const feature = await db().feature.create({ data: { bashId: bash.id, menuName: "Checkout" } });
    const third = await createReport(db(), ann, bash.id, report("client-con-00003", { title: "Third", featureId: feature.id }));
    const earlier = new Date(Date.now() - 60_000);
    await db().attachment.create({ data: { bashId: bash.id, reportId: third.id, uploaderId: ann.id, storageKey: `${bash.id}/v1`, fileName: "v.mp4", contentType: "video/mp4", size: 10, createdAt: earlier } });
    await db().attachment.create({ data: { bashId: bash.id, reportId: third.id, uploaderId: ann.id, storageKey: `${bash.id}/p1`, thumbnailKey: `${bash.id}/p1-thumb`, fileName: "p.png", contentType: "image/png", size: 10 } });
    const pic = await db().attachment.create({ data: { bashId: bash.id, uploaderId: ben.id, storageKey: `${bash.id}/p2`, thumbnailKey: `${bash.id}/p2-thumb`, fileName: "q.png", contentType: "image/png", size: 10 } });
    await db().attachment.update({ where: { id: pic.id }, data: { reportId: (await db().report.findFirstOrThrow({ where: { bashId: bash.id, number: 2 } })).id } });
    await db().meToo.create({ data: { reportId: third.id, userId: ben.id } });
    const c2 = await getConsole(db(), fac, bash.id);
    expect(c2.feed.map((r) => r.number)).toEqual([3, 2, 1]);
    expect(c2.feed[0]).toMatchObject({ featureName: "Checkout", attachmentCount: 2, meToos: 1, firstIsVideo: true, thumbUrl: null });
    expect(c2.feed[1]).toMatchObject({ featureName: null, attachmentCount: 1, meToos: 0, firstIsVideo: false, thumbUrl: `/api/bashes/${bash.id}/attachments/${pic.id}?thumb=1` });
    expect(c2.feed[1].missing).not.toContain("screenshot");
    const outsider = await makeUser(db(), {});
    await expect(getConsole(db(), outsider, bash.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("reads once for the consoles that ask at the same moment, checks each one's access, and misses nothing filed before a console asked", async () => {
    const { bash, fac, ann, ben } = await liveBash();
    const fac2 = await member(bash.id, "FACILITATOR", "Finn Facilitator");
    const outsider = await makeUser(db(), {});
    await createReport(db(), ann, bash.id, report("client-gat-00001"));
    // Connections open first (a new one takes longer than the gathering window): as in a running app.
    await Promise.all(Array.from({ length: 8 }, () => db().$queryRaw`select 1`));
    const before = consoleReads.reads();
    // Five consoles of two facilitators, a participant and an outsider, all at once.
    const asked = [fac, fac2, fac, fac2, fac, ann, outsider].map((u) => getConsole(db(), u, bash.id).then((c) => c, (e: unknown) => e));
    const [c1, c2, c3, c4, c5, participant, stranger] = await Promise.all(asked);
    expect(participant).toMatchObject({ code: "FORBIDDEN" });
    expect(stranger).toMatchObject({ code: "NOT_FOUND" });
    // One read for the five (two if a busy machine spread their access checks over the window).
    const reads = consoleReads.reads() - before;
    expect(reads).toBeLessThanOrEqual(2);
    expect(new Set([c1, c2, c3, c4, c5]).size).toBe(reads);
    expect((c1 as Awaited<ReturnType<typeof getConsole>>).feed.map((r) => r.number)).toEqual([1]);

    // A console that asks while a read is under way gets a read of its own, which sees what was filed
    // meanwhile: ask, file as soon as that read has started, ask again.
    const shared = consoleReads.reads();
    const first = getConsole(db(), fac, bash.id);
    await vi.waitFor(() => expect(consoleReads.reads()).toBe(shared + 1), { interval: 2, timeout: 5_000 });
    await createReport(db(), ben, bash.id, report("client-gat-00002"));
    const second = await getConsole(db(), fac2, bash.id);
    await first;
    expect(consoleReads.reads()).toBe(shared + 2);
    expect(second.feed.map((r) => r.number)).toEqual([2, 1]);
    expect(second.counts.reports).toBe(2);
  });
});

describe("team chat", () => {
  it("queues a post for a critical report, a start, an extension and the end when a webhook is set", async () => {
    const { bash, fac, ann } = await liveBash();
    await db().bash.update({ where: { id: bash.id }, data: { chatWebhookUrl: "http://127.0.0.1:9/hook" } });
    await createReport(db(), ann, bash.id, report("client-chat-0001", { severity: "MINOR" }));
    await createReport(db(), ann, bash.id, report("client-chat-0002", { severity: "CRITICAL", title: "Data <lost>" }));
    await extendBash(db(), fac, bash.id, { minutes: 10 });
    await setBashStatus(db(), fac, bash.id, { status: "ENDED" });
    const posts = await db().chatPost.findMany({ where: { bashId: bash.id }, orderBy: { createdAt: "asc" } });
    expect(posts.map((p) => p.kind)).toEqual(["report.critical", "bash.extended", "bash.ended"]);
    expect(posts[0].text).toContain("Data &lt;lost&gt;");
  });
});
