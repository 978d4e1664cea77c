import { beforeEach, describe, expect, it } from "vitest";
import { logActivity } from "@/lib/activity/log";
import { createBash } from "@/lib/bashes/commands";
import { createEnvironment, moveEnvironment } from "@/lib/environments/commands";
import { createFeature, moveFeature } from "@/lib/features/commands";
import type { Rsvp } from "@/lib/generated/prisma/enums";
import { getKickoff } from "@/lib/kickoff/queries";
import type { BashRole } from "@/lib/policy";
import { makeUser } from "../factories/users";
import { db, resetDb } from "./db";

beforeEach(resetDb);

type User = Awaited<ReturnType<typeof makeUser>>;

async function member(bashId: string, role: BashRole, opts: { rsvp?: Rsvp; isPlaceholder?: boolean; isAdmin?: boolean } = {}): Promise<User> {
  const u = await makeUser(db(), { isAdmin: opts.isAdmin });
  await db().membership.create({ data: { bashId, userId: u.id, role, rsvp: opts.rsvp ?? "PENDING", isPlaceholder: opts.isPlaceholder ?? false } });
  return u;
}

async function setup() {
  const fac = await makeUser(db(), { name: "Fay Facilitator" });
  const bash = await createBash(db(), fac, {
    title: "Shopfront 3.0 bash",
    product: "Shopfront",
    release: "3.0-rc1",
    scheduledStart: "2030-05-06T14:00",
    timeZone: "Europe/Berlin",
    durationMinutes: 90,
    location: "Room 4",
    videoLink: "https://meet.example.com/abc",
  });
  return { fac, bash };
}

let reportNo = 0;
async function fileReport(bashId: string, title: string) {
  reportNo += 1;
  await db().report.create({ data: { bashId, number: reportNo, clientId: `client-${reportNo}`, title } });
}

describe("getKickoff", () => {
  it("gives the facilitator the brief, the time, environments and features in plan order, and the counts", async () => {
    const { fac, bash } = await setup();
    const startedAt = new Date("2030-05-06T12:00:00Z");
    const endsAt = new Date("2030-05-06T13:40:00Z");
    const extendedAt = new Date("2030-05-06T13:20:00Z");
    await db().bash.update({
      where: { id: bash.id },
      data: { scope: "Focus on **checkout**.", status: "LIVE", startedAt, endsAt, extendedAt, extendedMinutes: 10 },
    });

    const staging = await createEnvironment(db(), fac, bash.id, {
      name: "Staging",
      url: "https://staging.shop.example",
      testDataNotes: "Card 4242 4242 4242 4242",
      iosBuildUrl: "https://testflight.apple.com/join/abc123",
      androidBuildUrl: "https://builds.shop.example/app-3.0.apk",
      isUp: "on",
    });
    const uat = await createEnvironment(db(), fac, bash.id, { name: "UAT", url: "https://uat.shop.example" });
    await moveEnvironment(db(), fac, bash.id, { id: uat.id, direction: "up" });

    for (const [menuName, description] of [
      ["Checkout", "Saved cards"],
      ["Search", "Typo tolerance"],
      ["Account", "Delete my account"],
    ]) {
      await createFeature(db(), fac, bash.id, { menuName, description });
    }
    const account = await db().feature.findFirstOrThrow({ where: { bashId: bash.id, menuName: "Account" } });
    await moveFeature(db(), fac, bash.id, { id: account.id, direction: "up" });

    // Going: the facilitator (creator) and one participant; not a maybe, not a placeholder from a sheet.
    await member(bash.id, "PARTICIPANT", { rsvp: "GOING" });
    await member(bash.id, "PARTICIPANT", { rsvp: "MAYBE" });
    await member(bash.id, "PARTICIPANT", { rsvp: "GOING", isPlaceholder: true });
    await fileReport(bash.id, "Pay button does nothing");
    await fileReport(bash.id, "Search ignores typos");

    // Another bash's people, reports and activity never leak in.
    const other = await createBash(db(), fac, { title: "Other bash" });
    await member(other.id, "PARTICIPANT", { rsvp: "GOING" });
    await fileReport(other.id, "Elsewhere");

    await logActivity(db(), { bashId: bash.id, actorId: fac.id, type: "bash.updated", entityType: "bash", entityId: bash.id });
    const newest = await db().activity.findFirstOrThrow({ where: { bashId: bash.id }, orderBy: { id: "desc" } });
    await logActivity(db(), { bashId: other.id, actorId: fac.id, type: "bash.updated", entityType: "bash", entityId: other.id });

    const k = await getKickoff(db(), fac, bash.id);
    expect(k).toMatchObject({
      id: bash.id,
      title: "Shopfront 3.0 bash",
      product: "Shopfront",
      release: "3.0-rc1",
      scope: "Focus on **checkout**.",
      status: "LIVE",
      scheduledStart: new Date("2030-05-06T12:00:00.000Z"),
      startedAt,
      endsAt,
      endedAt: null,
      durationMinutes: 90,
      timeZone: "Europe/Berlin",
      location: "Room 4",
      videoLink: "https://meet.example.com/abc",
      extendedAt,
      extendedMinutes: 10,
      counts: { going: 2, reports: 2 },
      lastEventId: String(newest.id),
    });
    expect(k.environments).toEqual([
      { id: uat.id, name: "UAT", url: "https://uat.shop.example", testDataNotes: "", iosBuildUrl: "", androidBuildUrl: "", isUp: false },
      {
        id: staging.id,
        name: "Staging",
        url: "https://staging.shop.example",
        testDataNotes: "Card 4242 4242 4242 4242",
        iosBuildUrl: "https://testflight.apple.com/join/abc123",
        androidBuildUrl: "https://builds.shop.example/app-3.0.apk",
        isUp: true,
      },
    ]);
    expect(k.features.map((f) => [f.menuName, f.description])).toEqual([
      ["Checkout", "Saved cards"],
      ["Account", "Delete my account"],
      ["Search", "Typo tolerance"],
    ]);
  });

  it("works for a bash with nothing planned yet", async () => {
    const fac = await makeUser(db());
    const bash = await createBash(db(), fac, { title: "Bare bash" });
    const k = await getKickoff(db(), fac, bash.id);
    expect(k).toMatchObject({ status: "DRAFT", scope: "", scheduledStart: null, endsAt: null, extendedAt: null, extendedMinutes: 0, environments: [], features: [], counts: { going: 1, reports: 0 } });
    expect(k.lastEventId).toMatch(/^\d+$/);
  });

  it("is for the people who run the bash: an admin who facilitates may open it", async () => {
    const { bash } = await setup();
    const admin = await member(bash.id, "FACILITATOR", { isAdmin: true });
    await expect(getKickoff(db(), admin, bash.id)).resolves.toMatchObject({ title: "Shopfront 3.0 bash" });
  });

  it.each(["PARTICIPANT", "TRIAGER", "OBSERVER"] as const)("a %s gets FORBIDDEN", async (role) => {
    const { bash } = await setup();
    const someone = await member(bash.id, role, { rsvp: "GOING" });
    await expect(getKickoff(db(), someone, bash.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("an admin who is not a member may see the bash but not its kickoff: FORBIDDEN", async () => {
    const { bash } = await setup();
    const admin = await makeUser(db(), { isAdmin: true });
    await expect(getKickoff(db(), admin, bash.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("a non-member, or a bash that does not exist, is NOT_FOUND", async () => {
    const { bash } = await setup();
    const stranger = await makeUser(db());
    await expect(getKickoff(db(), stranger, bash.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    // A facilitator of another bash gets nothing either.
    const { fac: otherFac } = await setup();
    await expect(getKickoff(db(), otherFac, bash.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getKickoff(db(), otherFac, "no-such-bash")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
