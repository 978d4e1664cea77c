import { beforeEach, describe, expect, it } from "vitest";
import { createBash } from "@/lib/bashes/commands";
import { getBashOverview, listMyBashes } from "@/lib/bashes/queries";
import { createDemoBash, DEMO_COUNTS } from "@/lib/demo/create-demo";
import { makeUser } from "../factories/users";
import { db, resetDb } from "./db";

beforeEach(resetDb);

describe("bashes", () => {
  it("creating a bash makes the creator its facilitator and logs it", async () => {
    const u = await makeUser(db());
    const bash = await createBash(db(), u, { title: "RC2 bash", scheduledStart: "2030-01-10T10:00", timeZone: "Europe/Berlin", durationMinutes: "90" });
    expect(bash).toMatchObject({ status: "DRAFT", durationMinutes: 90, timeZone: "Europe/Berlin" });
    expect(bash.scheduledStart?.toISOString()).toBe("2030-01-10T09:00:00.000Z");
    const m = await db().membership.findUniqueOrThrow({ where: { bashId_userId: { bashId: bash.id, userId: u.id } } });
    expect(m.role).toBe("FACILITATOR");
    expect(await db().activity.count({ where: { bashId: bash.id, type: "bash.created" } })).toBe(1);
  });

  it("bad input is refused with a message and writes nothing", async () => {
    const u = await makeUser(db());
    await expect(createBash(db(), u, { title: "x", durationMinutes: 10 })).rejects.toMatchObject({
      code: "INVALID",
      message: "A bash lasts at least 15 minutes.",
    });
    expect(await db().bash.count()).toBe(0);
  });

  it("home lists only my bashes, split into live / upcoming / past", async () => {
    const me = await makeUser(db());
    const other = await makeUser(db());
    const a = await createBash(db(), me, { title: "Upcoming one" });
    const b = await createBash(db(), me, { title: "Live one" });
    await db().bash.update({ where: { id: b.id }, data: { status: "LIVE" } });
    const c = await createBash(db(), me, { title: "Past one" });
    await db().bash.update({ where: { id: c.id }, data: { status: "ENDED", endedAt: new Date() } });
    const archived = await createBash(db(), me, { title: "Archived" });
    await db().bash.update({ where: { id: archived.id }, data: { status: "CLOSED", archivedAt: new Date() } });
    await createBash(db(), other, { title: "Not mine" });

    const list = await listMyBashes(db(), me);
    expect(list.upcoming.map((x) => x.id)).toEqual([a.id]);
    expect(list.live.map((x) => x.id)).toEqual([b.id]);
    expect(list.past.map((x) => x.id)).toEqual([c.id]);
    expect(list.total).toBe(3);
  });

  it("a bash I am not in is NOT_FOUND, even by id; an admin may read it", async () => {
    const owner = await makeUser(db());
    const outsider = await makeUser(db());
    const admin = await makeUser(db(), { isAdmin: true });
    const bash = await createBash(db(), owner, { title: "Private" });
    await expect(getBashOverview(db(), outsider, bash.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getBashOverview(db(), outsider, "no-such-id")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getBashOverview(db(), admin, bash.id)).resolves.toMatchObject({ role: null });
  });

  it("demo data: 2 environments, 5 features, 8 participants with devices, ~40 reports across statuses and priorities", async () => {
    const u = await makeUser(db());
    const id = await createDemoBash(db(), u);
    const { bash, reports, statusCounts } = await getBashOverview(db(), u, id);
    expect(bash.environments).toHaveLength(DEMO_COUNTS.environments);
    expect(bash.features).toHaveLength(5);
    const others = bash.memberships.filter((m) => m.userId !== u.id);
    expect(others).toHaveLength(8);
    expect(others.every((m) => m.devices.length === 1)).toBe(true);
    expect(new Set(others.map((m) => m.devices[0].kind))).toEqual(new Set(["WEB", "MOBILE"]));
    expect(reports.length).toBeGreaterThanOrEqual(35);
    expect(Object.keys(statusCounts).length).toBeGreaterThanOrEqual(6);
    expect(new Set(reports.map((r) => r.priority).filter(Boolean))).toEqual(new Set(["P1", "P2", "P3", "P4"]));
    expect(new Set(reports.map((r) => r.number)).size).toBe(reports.length);
    // Loading it twice reuses the demo people rather than failing on their emails.
    await createDemoBash(db(), u);
    expect(await db().bash.count()).toBe(2);
  });
});
