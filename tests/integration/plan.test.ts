import ICAL from "ical.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { copyBash, createBash, setBashStatus, setReadinessTicks, updateBash } from "@/lib/bashes/commands";
import { getPlan } from "@/lib/bashes/plan";
import { addCoverageTarget, removeCoverageTarget } from "@/lib/coverage/commands";
import { createEnvironment, deleteEnvironment, moveEnvironment, updateEnvironment } from "@/lib/environments/commands";
import { createFeature, deleteFeature, moveFeature, updateFeature } from "@/lib/features/commands";
import type { Rsvp } from "@/lib/generated/prisma/enums";
import { createInviteLink, inviteByEmail } from "@/lib/invites/commands";
import { addMyDevice } from "@/lib/participants/commands";
import type { BashRole } from "@/lib/policy";
import { makeUser } from "../factories/users";
import { db, resetDb } from "./db";

beforeEach(resetDb);

const BASE = "https://bashboard.example.com";
const savedSmtp = process.env.SMTP_URL;
beforeEach(() => {
  delete process.env.SMTP_URL;
});
afterEach(() => {
  if (savedSmtp === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = savedSmtp;
});

type User = Awaited<ReturnType<typeof makeUser>>;

async function member(bashId: string, role: BashRole, opts: { name?: string; rsvp?: Rsvp; isPlaceholder?: boolean } = {}): Promise<User> {
  const u = await makeUser(db(), { name: opts.name });
  await db().membership.create({ data: { bashId, userId: u.id, role, rsvp: opts.rsvp ?? "PENDING", isPlaceholder: opts.isPlaceholder ?? false } });
  return u;
}

async function setup(create: Record<string, unknown> = {}) {
  const fac = await makeUser(db(), { name: "Fay Facilitator" });
  const bash = await createBash(db(), fac, { title: "RC bash", ...create });
  return { fac, bash };
}

const row = (id: string) => db().bash.findUniqueOrThrow({ where: { id } });

describe("updateBash", () => {
  it("a partial update keeps every field the form did not send", async () => {
    const { fac, bash } = await setup({ product: "Shop", release: "2.4", location: "Room 4" });
    await updateBash(db(), fac, bash.id, { scope: "Checkout and cart", label: "rc-bash" }, { baseUrl: BASE });
    await updateBash(db(), fac, bash.id, { prerequisitesWeb: "Use Chrome or Firefox", somethingElse: "ignored" }, { baseUrl: BASE });
    const after = await row(bash.id);
    expect(after).toMatchObject({
      title: "RC bash",
      product: "Shop",
      release: "2.4",
      location: "Room 4",
      scope: "Checkout and cart",
      label: "rc-bash",
      prerequisitesWeb: "Use Chrome or Firefox",
      prerequisitesMobile: "",
      durationMinutes: 60,
      timeZone: "UTC",
      scheduledStart: null,
      calendarSequence: 0,
    });
    expect(await db().activity.count({ where: { bashId: bash.id, type: "bash.updated" } })).toBe(2);
  });

  it("keeps the start time through a partial update in a non-UTC zone", async () => {
    const { fac, bash } = await setup({ scheduledStart: "2030-03-01T10:00", timeZone: "Europe/Berlin" });
    await updateBash(db(), fac, bash.id, { scope: "Only the scope" }, { baseUrl: BASE });
    const after = await row(bash.id);
    expect(after.scheduledStart?.toISOString()).toBe("2030-03-01T09:00:00.000Z");
    expect(after.calendarSequence).toBe(0);
  });

  it.each([
    [{ durationMinutes: 10 }, "durationMinutes", "A bash lasts at least 15 minutes."],
    [{ videoLink: "ftp://meet.example.com/x" }, "videoLink", "Enter a link that starts with https:// (or leave it empty)."],
    [{ title: "   " }, "title", "Give the bash a title."],
    [{ scheduledStart: "tomorrow" }, "scheduledStart", "Enter the start as a date and time."],
  ])("bad input %o is INVALID with its message and changes nothing", async (input, field, message) => {
    const { fac, bash } = await setup({ scheduledStart: "2030-03-01T10:00" });
    const before = await row(bash.id);
    const err = await updateBash(db(), fac, bash.id, { ...input, scope: "new scope" }, { baseUrl: BASE }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "INVALID", message, fieldErrors: { [field]: message } });
    expect(await row(bash.id)).toEqual(before);
    expect(await db().activity.count({ where: { bashId: bash.id, type: { in: ["bash.updated", "bash.rescheduled"] } } })).toBe(0);
  });

  it("a reschedule raises the calendar sequence and tells exactly the people who are going or may go, by notification and email with the new invite", async () => {
    const { fac, bash } = await setup({ scheduledStart: "2030-03-01T10:00", timeZone: "Europe/Berlin", location: "Room 4" });
    const going = await member(bash.id, "PARTICIPANT", { name: "Gus Going", rsvp: "GOING" });
    const maybe = await member(bash.id, "TRIAGER", { name: "May Maybe", rsvp: "MAYBE" });
    const notGoing = await member(bash.id, "PARTICIPANT", { name: "Ned NotGoing", rsvp: "NOT_GOING" });
    const coFac = await member(bash.id, "FACILITATOR", { name: "Cora CoFac", rsvp: "GOING" });
    const pending = await member(bash.id, "PARTICIPANT", { name: "Pia Pending" });
    const placeholder = await member(bash.id, "PARTICIPANT", { name: "Pete Placeholder", rsvp: "GOING", isPlaceholder: true });
    const gone = await member(bash.id, "PARTICIPANT", { name: "Dee Deactivated", rsvp: "GOING" });
    await db().user.update({ where: { id: gone.id }, data: { deactivatedAt: new Date() } });

    // The co-facilitator edits, so the creator (GOING) is told and the editor is not.
    const res = await updateBash(db(), coFac, bash.id, { scheduledStart: "2030-03-02T14:30" }, { baseUrl: BASE });
    // "Not going" is not put back in their calendar.
    const told = [fac, going, maybe];
    expect(res).toEqual({ notified: told.length });

    const after = await row(bash.id);
    expect(after.calendarSequence).toBe(1);
    expect(after.scheduledStart?.toISOString()).toBe("2030-03-02T13:30:00.000Z");
    expect(after.location).toBe("Room 4");

    const notes = await db().notification.findMany({ where: { bashId: bash.id } });
    expect(notes.map((n) => n.userId).sort()).toEqual(told.map((u) => u.id).sort());
    expect(notes.every((n) => n.kind === "bash.rescheduled" && n.url === `/bashes/${bash.id}` && n.title === '"RC bash" changed')).toBe(true);

    const emails = await db().emailMessage.findMany({ where: { bashId: bash.id } });
    expect(emails.map((e) => e.toEmail).sort()).toEqual(told.map((u) => u.email).sort());
    for (const u of [notGoing, pending, placeholder, gone, coFac]) expect(emails.some((e) => e.toEmail === u.email)).toBe(false);
    for (const e of emails) {
      expect(e).toMatchObject({ status: "OUTBOX", kind: "bash.rescheduled", subject: "Updated: RC bash", link: `${BASE}/bashes/${bash.id}`, createdById: coFac.id });
      expect(e.text).toContain(`${BASE}/bashes/${bash.id}`);
      expect(e.text).toContain("Where: Room 4");
      const cal = new ICAL.Component(ICAL.parse(e.ics!));
      expect(cal.getFirstPropertyValue("method")).toBe("REQUEST");
      const vevent = cal.getFirstSubcomponent("vevent")!;
      const event = new ICAL.Event(vevent);
      expect(event.uid).toBe(`bash-${bash.id}@bashboard`);
      expect(event.sequence).toBe(1);
      expect(e.ics).toContain("SEQUENCE:1\r\n");
      expect(event.startDate.toJSDate().toISOString()).toBe("2030-03-02T13:30:00.000Z");
      expect(String(vevent.getFirstPropertyValue("attendee"))).toBe(`mailto:${e.toEmail}`);
    }
    expect(await db().activity.count({ where: { bashId: bash.id, type: "bash.rescheduled" } })).toBe(1);

    // A second move raises it again, with the same UID.
    await updateBash(db(), coFac, bash.id, { durationMinutes: 90 }, { baseUrl: BASE });
    expect((await row(bash.id)).calendarSequence).toBe(2);
    const latest = await db().emailMessage.findMany({ where: { bashId: bash.id }, orderBy: { createdAt: "desc" }, take: 1 });
    expect(latest[0].ics).toContain(`UID:bash-${bash.id}@bashboard`);
    expect(latest[0].ics).toContain("SEQUENCE:2");
    expect(await db().emailMessage.count({ where: { bashId: bash.id } })).toBe(told.length * 2);
  });

  it("editing only the scope (or sending the same values) does not raise the sequence or tell anyone", async () => {
    const { fac, bash } = await setup({ scheduledStart: "2030-03-01T10:00" });
    await member(bash.id, "PARTICIPANT", { rsvp: "GOING" });
    await expect(updateBash(db(), fac, bash.id, { scope: "New scope", prerequisitesMobile: "Install the app" }, { baseUrl: BASE })).resolves.toEqual({
      notified: 0,
    });
    await expect(updateBash(db(), fac, bash.id, { scheduledStart: "2030-03-01T10:00", title: "RC bash" }, { baseUrl: BASE })).resolves.toEqual({
      notified: 0,
    });
    const after = await row(bash.id);
    expect(after.calendarSequence).toBe(0);
    expect(after.scope).toBe("New scope");
    expect(await db().notification.count()).toBe(0);
    expect(await db().emailMessage.count()).toBe(0);
  });

  it("giving an unscheduled bash its first start tells those who answered the time", async () => {
    const { fac, bash } = await setup();
    const going = await member(bash.id, "PARTICIPANT", { rsvp: "GOING" });
    await member(bash.id, "PARTICIPANT");
    await expect(updateBash(db(), fac, bash.id, { scheduledStart: "2030-03-01T10:00" }, { baseUrl: BASE })).resolves.toEqual({ notified: 1 });
    const after = await row(bash.id);
    expect(after.scheduledStart?.toISOString()).toBe("2030-03-01T10:00:00.000Z");
    expect(after.calendarSequence).toBe(1);
    expect((await db().emailMessage.findMany({ where: { bashId: bash.id } })).map((e) => e.toEmail)).toEqual([going.email]);
  });

  it("removing the start withdraws the event (METHOD:CANCEL, same UID, higher SEQUENCE) for those going or maybe", async () => {
    const { fac, bash } = await setup({ scheduledStart: "2030-03-01T10:00" });
    const going = await member(bash.id, "PARTICIPANT", { rsvp: "GOING" });
    await member(bash.id, "PARTICIPANT", { rsvp: "NOT_GOING" });
    await expect(updateBash(db(), fac, bash.id, { scheduledStart: "" }, { baseUrl: BASE })).resolves.toEqual({ notified: 1 });
    const after = await row(bash.id);
    expect(after.scheduledStart).toBeNull();
    expect(after.calendarSequence).toBe(1);
    const [mail] = await db().emailMessage.findMany({ where: { bashId: bash.id } });
    expect(mail).toMatchObject({ toEmail: going.email, subject: "Date removed: RC bash" });
    const cal = new ICAL.Component(ICAL.parse(mail.ics!));
    expect(cal.getFirstPropertyValue("method")).toBe("CANCEL");
    const event = new ICAL.Event(cal.getFirstSubcomponent("vevent")!);
    expect(event.uid).toBe(`bash-${bash.id}@bashboard`);
    expect(event.sequence).toBe(1);
    expect(cal.getFirstSubcomponent("vevent")!.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(event.startDate.toJSDate().toISOString()).toBe("2030-03-01T10:00:00.000Z");
  });

  it("a reschedule also reaches people whose emailed invite is still open, but not those who joined or were withdrawn", async () => {
    const { fac, bash } = await setup({ scheduledStart: "2030-03-01T10:00" });
    await inviteByEmail(db(), fac, bash.id, { emails: "open@example.com, gone@example.com" }, { baseUrl: BASE });
    await db().invite.updateMany({ where: { bashId: bash.id, email: "gone@example.com" }, data: { revokedAt: new Date() } });
    await db().emailMessage.deleteMany({ where: { bashId: bash.id } });
    await expect(updateBash(db(), fac, bash.id, { scheduledStart: "2030-03-02T10:00" }, { baseUrl: BASE })).resolves.toEqual({ notified: 1 });
    const [mail] = await db().emailMessage.findMany({ where: { bashId: bash.id } });
    expect(mail.toEmail).toBe("open@example.com");
    expect(mail.ics).toContain("METHOD:REQUEST");
    expect(mail.ics).toContain("SEQUENCE:1");
  });

  it("an impossible date is refused and changes nothing", async () => {
    const { fac, bash } = await setup();
    await expect(updateBash(db(), fac, bash.id, { scheduledStart: "2030-02-30T10:00" }, { baseUrl: BASE })).rejects.toMatchObject({
      code: "INVALID",
      message: "That date does not exist; check the day and month.",
    });
    expect((await row(bash.id)).scheduledStart).toBeNull();
  });

  it("participants and observers may not edit (FORBIDDEN); an outsider gets NOT_FOUND", async () => {
    const { bash } = await setup();
    const part = await member(bash.id, "PARTICIPANT");
    const obs = await member(bash.id, "OBSERVER");
    const triager = await member(bash.id, "TRIAGER");
    const outsider = await makeUser(db());
    for (const u of [part, obs, triager]) {
      await expect(updateBash(db(), u, bash.id, { title: "Hijacked" }, { baseUrl: BASE })).rejects.toMatchObject({
        code: "FORBIDDEN",
        message: "You do not have permission to edit this bash.",
      });
    }
    await expect(updateBash(db(), outsider, bash.id, { title: "Hijacked" }, { baseUrl: BASE })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(updateBash(db(), outsider, "no-such-bash", { title: "Hijacked" }, { baseUrl: BASE })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await row(bash.id)).title).toBe("RC bash");
  });
});

describe("setBashStatus", () => {
  it("follows the allowed moves and refuses the others", async () => {
    const { fac, bash } = await setup({ durationMinutes: 90 });
    await expect(setBashStatus(db(), fac, bash.id, { status: "LIVE" })).rejects.toMatchObject({ code: "CONFLICT", message: "A draft bash cannot become live." });
    await expect(setBashStatus(db(), fac, bash.id, { status: "SCHEDULED" })).rejects.toMatchObject({
      code: "INVALID",
      message: "Set a start time before scheduling the bash.",
      fieldErrors: { scheduledStart: "Set a start time before scheduling the bash." },
    });
    expect((await row(bash.id)).status).toBe("DRAFT");

    await updateBash(db(), fac, bash.id, { scheduledStart: "2030-03-01T10:00" }, { baseUrl: BASE });
    await expect(setBashStatus(db(), fac, bash.id, { status: "SCHEDULED" })).resolves.toMatchObject({ status: "SCHEDULED" });
    await expect(setBashStatus(db(), fac, bash.id, { status: "DRAFT" })).resolves.toMatchObject({ status: "DRAFT" });
    await setBashStatus(db(), fac, bash.id, { status: "SCHEDULED" });

    const now = new Date("2030-03-01T10:02:00Z");
    const live = await setBashStatus(db(), fac, bash.id, { status: "LIVE" }, now);
    expect(live.status).toBe("LIVE");
    expect(live.startedAt?.toISOString()).toBe("2030-03-01T10:02:00.000Z");
    expect(live.endsAt?.toISOString()).toBe("2030-03-01T11:32:00.000Z");

    await expect(setBashStatus(db(), fac, bash.id, { status: "SCHEDULED" })).rejects.toMatchObject({ code: "CONFLICT", message: "A live bash cannot become scheduled." });
    await expect(setBashStatus(db(), fac, bash.id, { status: "CLOSED" })).rejects.toMatchObject({ code: "CONFLICT", message: "A live bash cannot become closed." });
    // Same status again: nothing happens.
    await expect(setBashStatus(db(), fac, bash.id, { status: "LIVE" }, new Date("2030-03-01T10:30:00Z"))).resolves.toMatchObject({
      startedAt: new Date("2030-03-01T10:02:00Z"),
    });

    const ended = await setBashStatus(db(), fac, bash.id, { status: "ENDED" }, new Date("2030-03-01T11:40:00Z"));
    expect(ended).toMatchObject({ status: "ENDED", endedAt: new Date("2030-03-01T11:40:00Z") });
    const closed = await setBashStatus(db(), fac, bash.id, { status: "CLOSED" }, new Date("2030-03-02T09:00:00Z"));
    expect(closed).toMatchObject({ status: "CLOSED", closedAt: new Date("2030-03-02T09:00:00Z") });
    await expect(setBashStatus(db(), fac, bash.id, { status: "LIVE" })).rejects.toMatchObject({ code: "CONFLICT", message: "A closed bash cannot become live." });
    await expect(setBashStatus(db(), fac, bash.id, { status: "DRAFT" })).rejects.toMatchObject({ code: "CONFLICT", message: "A closed bash cannot become draft." });
    const reopened = await setBashStatus(db(), fac, bash.id, { status: "ENDED" }, new Date("2030-03-02T10:00:00Z"));
    expect(reopened).toMatchObject({ status: "ENDED", closedAt: null, endedAt: new Date("2030-03-01T11:40:00Z") });

    // Back to live: keeps the first start, gets a fresh end.
    const again = await setBashStatus(db(), fac, bash.id, { status: "LIVE" }, new Date("2030-03-02T10:05:00Z"));
    expect(again).toMatchObject({ status: "LIVE", startedAt: new Date("2030-03-01T10:02:00Z"), endsAt: new Date("2030-03-02T11:35:00Z"), endedAt: null });

    const moves = await db().activity.findMany({ where: { bashId: bash.id, type: "bash.status" }, orderBy: { id: "asc" } });
    expect(moves.map((m) => (m.data as { to: string }).to)).toEqual(["SCHEDULED", "DRAFT", "SCHEDULED", "LIVE", "ENDED", "CLOSED", "ENDED", "LIVE"]);
  });

  it("refuses a bad status, non-facilitators and archived bashes", async () => {
    const { fac, bash } = await setup({ scheduledStart: "2030-03-01T10:00" });
    const part = await member(bash.id, "PARTICIPANT");
    const outsider = await makeUser(db());
    await expect(setBashStatus(db(), fac, bash.id, { status: "PAUSED" })).rejects.toMatchObject({ code: "INVALID", message: "Choose a status." });
    await expect(setBashStatus(db(), part, bash.id, { status: "SCHEDULED" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(setBashStatus(db(), outsider, bash.id, { status: "SCHEDULED" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await db().bash.update({ where: { id: bash.id }, data: { archivedAt: new Date() } });
    await expect(setBashStatus(db(), fac, bash.id, { status: "SCHEDULED" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This bash is archived and read-only. An admin or facilitator can unarchive it.",
    });
    expect((await row(bash.id)).status).toBe("DRAFT");
  });
});

describe("copyBash", () => {
  it("copies the plan (scope, prerequisites, environments without accounts, features in order, coverage) but not people, reports or schedule", async () => {
    const { fac, bash: src } = await setup({ product: "Shop", release: "2.4", scheduledStart: "2030-03-01T10:00", timeZone: "Europe/Berlin", durationMinutes: 120, location: "Room 4" });
    await updateBash(db(), fac, src.id, { scope: "Checkout", prerequisitesWeb: "Chrome", prerequisitesMobile: "TestFlight", label: "rc" }, { baseUrl: BASE });
    const staging = await createEnvironment(db(), fac, src.id, { name: "Staging", url: "https://staging.example.com", testDataNotes: "Use card 4242", iosBuildUrl: "https://ios.example.com/1", isUp: "on" });
    await createEnvironment(db(), fac, src.id, { name: "QA" });
    await db().testCredential.create({ data: { bashId: src.id, environmentId: staging.id, username: "qa1", secret: "Secret-1" } });
    const fa = await createFeature(db(), fac, src.id, { menuName: "Cart" });
    await createFeature(db(), fac, src.id, { menuName: "Checkout", description: "New payment page" });
    await createFeature(db(), fac, src.id, { menuName: "Search" });
    await moveFeature(db(), fac, src.id, { id: fa.id, direction: "down" }); // Checkout, Cart, Search
    await addCoverageTarget(db(), fac, src.id, { kind: "WEB", os: "Windows", osVersion: "11", browser: "Chrome" });
    await addCoverageTarget(db(), fac, src.id, { kind: "MOBILE", os: "iOS", osVersion: "17" });
    const part = await member(src.id, "PARTICIPANT", { rsvp: "GOING" });
    await db().report.create({ data: { bashId: src.id, number: 1, clientId: "c1", title: "Broken cart", reporterId: part.id } });
    await db().bash.update({ where: { id: src.id }, data: { releaseTicketsDone: true, calendarSequence: 3 } });

    const copier = await member(src.id, "FACILITATOR");
    const copy = await copyBash(db(), copier, { sourceBashId: src.id, title: "RC3 bash" });
    const full = await db().bash.findUniqueOrThrow({
      where: { id: copy.id },
      include: {
        environments: { orderBy: { position: "asc" } },
        features: { orderBy: { position: "asc" } },
        coverageTargets: { orderBy: { position: "asc" } },
        memberships: true,
        credentials: true,
        reports: true,
      },
    });
    expect(full).toMatchObject({
      title: "RC3 bash",
      product: "Shop",
      release: "2.4",
      scope: "Checkout",
      prerequisitesWeb: "Chrome",
      prerequisitesMobile: "TestFlight",
      label: "rc",
      timeZone: "Europe/Berlin",
      durationMinutes: 120,
      location: "Room 4",
      status: "DRAFT",
      scheduledStart: null,
      calendarSequence: 0,
      releaseTicketsDone: false,
      copiedFromId: src.id,
      createdById: copier.id,
    });
    expect(full.environments.map((e) => [e.name, e.url, e.testDataNotes, e.iosBuildUrl, e.position, e.isUp])).toEqual([
      ["Staging", "https://staging.example.com", "Use card 4242", "https://ios.example.com/1", 0, false],
      ["QA", "", "", "", 1, false],
    ]);
    expect(full.features.map((f) => [f.menuName, f.description, f.position])).toEqual([
      ["Checkout", "New payment page", 0],
      ["Cart", "", 1],
      ["Search", "", 2],
    ]);
    expect(full.coverageTargets.map((t) => [t.kind, t.os, t.osVersion, t.browser, t.position])).toEqual([
      ["WEB", "Windows", "11", "Chrome", 0],
      ["MOBILE", "iOS", "17", "", 1],
    ]);
    expect(full.memberships.map((m) => [m.userId, m.role, m.rsvp])).toEqual([[copier.id, "FACILITATOR", "GOING"]]);
    expect(full.credentials).toEqual([]);
    expect(full.reports).toEqual([]);
    // The source is untouched.
    expect(await db().testCredential.count({ where: { bashId: src.id } })).toBe(1);
    expect(await db().environment.count({ where: { bashId: src.id } })).toBe(2);
  });

  it("an outsider cannot copy a bash they cannot see, and a copy needs a title", async () => {
    const { fac, bash: src } = await setup();
    await updateBash(db(), fac, src.id, { scope: "Secret scope" }, { baseUrl: BASE });
    const outsider = await makeUser(db());
    await expect(copyBash(db(), outsider, { sourceBashId: src.id, title: "Mine now" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(copyBash(db(), outsider, { sourceBashId: "no-such-bash", title: "Mine now" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(copyBash(db(), fac, { sourceBashId: src.id, title: "" })).rejects.toMatchObject({ code: "INVALID", message: "Give the bash a title." });
    expect(await db().bash.count()).toBe(1);
  });
});

describe("readiness", () => {
  it("the checklist percent follows the ticks and the plan", async () => {
    const { fac, bash } = await setup();
    const percent = async () => (await getPlan(db(), fac, bash.id)).readiness;
    const item = async (key: string) => (await percent()).items.find((i) => i.key === key)!;

    let r = await percent();
    expect(r.items.map((i) => [i.key, i.done])).toEqual([
      ["tickets", false],
      ["facilitators", false],
      ["environment", false],
      ["testData", false],
      ["invites", false],
      ["builds", true], // no mobile app in this bash
    ]);
    expect(r).toMatchObject({ done: 1, total: 6, percent: 17 });

    // A mobile target makes the builds item count.
    await addCoverageTarget(db(), fac, bash.id, { kind: "MOBILE", os: "Android" });
    expect(await percent()).toMatchObject({ done: 0, percent: 0 });
    expect((await item("builds")).hint).toBe("Add the iOS and Android build links to an environment.");

    await setReadinessTicks(db(), fac, bash.id, { releaseTicketsDone: "on" });
    expect(await percent()).toMatchObject({ done: 1, percent: 17 });
    await setReadinessTicks(db(), fac, bash.id, { testDataReady: "true" });
    r = await percent();
    expect(r).toMatchObject({ done: 2, percent: 33 });
    expect(await row(bash.id)).toMatchObject({ releaseTicketsDone: true, testDataReady: true });

    await member(bash.id, "FACILITATOR");
    expect(await item("facilitators")).toMatchObject({ done: true, hint: "2 facilitators." });
    expect((await percent()).percent).toBe(50);

    const env = await createEnvironment(db(), fac, bash.id, { name: "Staging" });
    expect((await item("environment")).done).toBe(false);
    await updateEnvironment(db(), fac, bash.id, env.id, { name: "Staging", isUp: "on", androidBuildUrl: "https://builds.example.com/app.apk" });
    expect(await percent()).toMatchObject({ done: 5, percent: 83 });

    await createInviteLink(db(), fac, bash.id, {}, { baseUrl: BASE });
    expect(await percent()).toMatchObject({ done: 6, percent: 100 });

    await setReadinessTicks(db(), fac, bash.id, { releaseTicketsDone: "false" });
    expect(await percent()).toMatchObject({ done: 5, percent: 83 });
    expect(await row(bash.id)).toMatchObject({ releaseTicketsDone: false, testDataReady: true });
  });

  it("mobile prerequisites alone also make builds count; only facilitators tick", async () => {
    const { fac, bash } = await setup();
    await updateBash(db(), fac, bash.id, { prerequisitesMobile: "Install the beta from TestFlight" }, { baseUrl: BASE });
    expect((await getPlan(db(), fac, bash.id)).readiness.items.find((i) => i.key === "builds")?.done).toBe(false);
    const part = await member(bash.id, "PARTICIPANT");
    await expect(setReadinessTicks(db(), part, bash.id, { releaseTicketsDone: "on" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getPlan(db(), part, bash.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await row(bash.id)).releaseTicketsDone).toBe(false);
  });
});

describe("environments", () => {
  it("create, update, delete and reorder; positions stay 0..n-1", async () => {
    const { fac, bash } = await setup();
    const a = await createEnvironment(db(), fac, bash.id, { name: "Staging", url: "https://staging.example.com" });
    const b = await createEnvironment(db(), fac, bash.id, { name: "QA" });
    const c = await createEnvironment(db(), fac, bash.id, { name: "Prod-like" });
    expect([a.position, b.position, c.position]).toEqual([0, 1, 2]);
    expect(a).toMatchObject({ isUp: false, testDataNotes: "" });

    await updateEnvironment(db(), fac, bash.id, b.id, { name: "QA 2", url: "https://qa.example.com", isUp: "on", testDataNotes: "user qa / pw qa" });
    expect(await db().environment.findUniqueOrThrow({ where: { id: b.id } })).toMatchObject({
      name: "QA 2",
      url: "https://qa.example.com",
      isUp: true,
      testDataNotes: "user qa / pw qa",
      position: 1,
    });
    await expect(updateEnvironment(db(), fac, bash.id, b.id, { name: "QA 2", url: "not a link" })).rejects.toMatchObject({
      code: "INVALID",
      message: "Enter a link that starts with https:// (or leave it empty).",
    });
    await expect(createEnvironment(db(), fac, bash.id, { name: "" })).rejects.toMatchObject({ code: "INVALID", message: "Give the environment a name." });

    const order = async () =>
      (await db().environment.findMany({ where: { bashId: bash.id }, orderBy: { position: "asc" } })).map((e) => [e.name, e.position]);

    await moveEnvironment(db(), fac, bash.id, { id: a.id, direction: "up" }); // already at the top
    expect(await order()).toEqual([["Staging", 0], ["QA 2", 1], ["Prod-like", 2]]);
    await moveEnvironment(db(), fac, bash.id, { id: c.id, direction: "down" }); // already at the bottom
    expect(await order()).toEqual([["Staging", 0], ["QA 2", 1], ["Prod-like", 2]]);
    await moveEnvironment(db(), fac, bash.id, { id: c.id, direction: "up" });
    expect(await order()).toEqual([["Staging", 0], ["Prod-like", 1], ["QA 2", 2]]);
    await moveEnvironment(db(), fac, bash.id, { id: a.id, direction: "down" });
    expect(await order()).toEqual([["Prod-like", 0], ["Staging", 1], ["QA 2", 2]]);
    await expect(moveEnvironment(db(), fac, bash.id, { id: a.id, direction: "sideways" })).rejects.toMatchObject({ code: "INVALID", message: "Choose up or down." });

    await deleteEnvironment(db(), fac, bash.id, { id: a.id });
    expect((await order()).map(([n]) => n)).toEqual(["Prod-like", "QA 2"]);
    const d = await createEnvironment(db(), fac, bash.id, { name: "Last" });
    expect((await order()).map(([n]) => n)).toEqual(["Prod-like", "QA 2", "Last"]);
    await moveEnvironment(db(), fac, bash.id, { id: d.id, direction: "up" });
    expect(await order()).toEqual([["Prod-like", 0], ["Last", 1], ["QA 2", 2]]);
    expect(await db().activity.count({ where: { bashId: bash.id, type: "environment.deleted", entityId: a.id } })).toBe(1);
  });

  it("an id from another bash is NOT_FOUND and changes nothing there; participants are FORBIDDEN", async () => {
    const { fac, bash } = await setup();
    const { fac: otherFac, bash: other } = await setup({ title: "Other bash" });
    const mine = await createEnvironment(db(), fac, bash.id, { name: "Mine" });
    const theirs = await createEnvironment(db(), otherFac, other.id, { name: "Theirs", url: "https://theirs.example.com" });
    const theirs2 = await createEnvironment(db(), otherFac, other.id, { name: "Theirs 2" });

    await expect(updateEnvironment(db(), fac, bash.id, theirs.id, { name: "Hijacked" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(deleteEnvironment(db(), fac, bash.id, { id: theirs.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(moveEnvironment(db(), fac, bash.id, { id: theirs2.id, direction: "up" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Acting on the other bash directly: not a member there.
    await expect(updateEnvironment(db(), fac, other.id, theirs.id, { name: "Hijacked" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const theirRows = await db().environment.findMany({ where: { bashId: other.id }, orderBy: { position: "asc" } });
    expect(theirRows.map((e) => [e.id, e.name, e.url, e.position])).toEqual([
      [theirs.id, "Theirs", "https://theirs.example.com", 0],
      [theirs2.id, "Theirs 2", "", 1],
    ]);

    const part = await member(bash.id, "PARTICIPANT");
    await expect(createEnvironment(db(), part, bash.id, { name: "Sneaky" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(updateEnvironment(db(), part, bash.id, mine.id, { name: "Sneaky" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(deleteEnvironment(db(), part, bash.id, { id: mine.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(moveEnvironment(db(), part, bash.id, { id: mine.id, direction: "down" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await db().environment.findMany({ where: { bashId: bash.id } })).map((e) => e.name)).toEqual(["Mine"]);
  });
});

describe("features", () => {
  it("create, update, delete and reorder; positions stay 0..n-1", async () => {
    const { fac, bash } = await setup();
    const a = await createFeature(db(), fac, bash.id, { menuName: "Cart" });
    const b = await createFeature(db(), fac, bash.id, { menuName: "Checkout", description: "New payment page" });
    const c = await createFeature(db(), fac, bash.id, { menuName: "Search" });
    expect([a.position, b.position, c.position]).toEqual([0, 1, 2]);

    await updateFeature(db(), fac, bash.id, a.id, { menuName: "Basket", description: "Renamed" });
    expect(await db().feature.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ menuName: "Basket", description: "Renamed", position: 0 });
    await expect(updateFeature(db(), fac, bash.id, a.id, { menuName: " " })).rejects.toMatchObject({ code: "INVALID", message: "Enter the menu name." });

    const order = async () => (await db().feature.findMany({ where: { bashId: bash.id }, orderBy: { position: "asc" } })).map((f) => [f.menuName, f.position]);
    await moveFeature(db(), fac, bash.id, { id: a.id, direction: "up" });
    expect(await order()).toEqual([["Basket", 0], ["Checkout", 1], ["Search", 2]]);
    await moveFeature(db(), fac, bash.id, { id: c.id, direction: "up" });
    expect(await order()).toEqual([["Basket", 0], ["Search", 1], ["Checkout", 2]]);
    await moveFeature(db(), fac, bash.id, { id: a.id, direction: "down" });
    expect(await order()).toEqual([["Search", 0], ["Basket", 1], ["Checkout", 2]]);

    await deleteFeature(db(), fac, bash.id, { id: b.id });
    expect((await order()).map(([n]) => n)).toEqual(["Search", "Basket"]);
    await expect(deleteFeature(db(), fac, bash.id, { id: b.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("an id from another bash is NOT_FOUND and changes nothing there; participants are FORBIDDEN", async () => {
    const { fac, bash } = await setup();
    const { fac: otherFac, bash: other } = await setup({ title: "Other bash" });
    const mine = await createFeature(db(), fac, bash.id, { menuName: "Mine" });
    const theirs = await createFeature(db(), otherFac, other.id, { menuName: "Theirs" });
    const theirs2 = await createFeature(db(), otherFac, other.id, { menuName: "Theirs 2" });
    await expect(updateFeature(db(), fac, bash.id, theirs.id, { menuName: "Hijacked" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(deleteFeature(db(), fac, bash.id, { id: theirs.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(moveFeature(db(), fac, bash.id, { id: theirs2.id, direction: "up" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const theirRows = await db().feature.findMany({ where: { bashId: other.id }, orderBy: { position: "asc" } });
    expect(theirRows.map((f) => [f.id, f.menuName, f.position])).toEqual([
      [theirs.id, "Theirs", 0],
      [theirs2.id, "Theirs 2", 1],
    ]);

    const part = await member(bash.id, "PARTICIPANT");
    const obs = await member(bash.id, "OBSERVER");
    for (const u of [part, obs]) {
      await expect(createFeature(db(), u, bash.id, { menuName: "Sneaky" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(updateFeature(db(), u, bash.id, mine.id, { menuName: "Sneaky" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(deleteFeature(db(), u, bash.id, { id: mine.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(moveFeature(db(), u, bash.id, { id: mine.id, direction: "down" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect((await db().feature.findMany({ where: { bashId: bash.id } })).map((f) => f.menuName)).toEqual(["Mine"]);
  });
});

describe("coverage", () => {
  it("targets, duplicates, and gaps closed only by devices of people who are going", async () => {
    const { fac, bash } = await setup();
    const web = await addCoverageTarget(db(), fac, bash.id, { kind: "WEB", os: "Windows", osVersion: "11", browser: "Chrome" });
    const ios = await addCoverageTarget(db(), fac, bash.id, { kind: "MOBILE", os: "iOS", osVersion: "17", browser: "Safari" });
    expect([web.position, ios.position]).toEqual([0, 1]);
    expect(ios.browser).toBe(""); // ignored for mobile
    await expect(addCoverageTarget(db(), fac, bash.id, { kind: "WEB", os: "windows", osVersion: "11", browser: "CHROME" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "That combination is already on the list.",
    });
    await expect(addCoverageTarget(db(), fac, bash.id, { kind: "TV", os: "Tizen" })).rejects.toMatchObject({ code: "INVALID", message: "Choose web or mobile." });
    expect(await db().coverageTarget.count({ where: { bashId: bash.id } })).toBe(2);

    const coverage = async () => (await getPlan(db(), fac, bash.id)).coverage.map((c) => [c.target.id, c.coveredBy.map((p) => p.name)]);
    expect(await coverage()).toEqual([
      [web.id, []],
      [ios.id, []],
    ]);

    const maybe = await member(bash.id, "PARTICIPANT", { name: "May Maybe", rsvp: "MAYBE" });
    await addMyDevice(db(), maybe, bash.id, { kind: "WEB", os: "Windows", osVersion: "11", browser: "Chrome", browserVersion: "131" });
    expect(await coverage()).toEqual([
      [web.id, []],
      [ios.id, []],
    ]);

    const going = await member(bash.id, "PARTICIPANT", { name: "Gus Going", rsvp: "GOING" });
    await addMyDevice(db(), going, bash.id, { kind: "WEB", os: "Windows 11", browser: "Google Chrome" });
    expect(await coverage()).toEqual([
      [web.id, ["Gus Going"]],
      [ios.id, []],
    ]);
    await addMyDevice(db(), going, bash.id, { kind: "MOBILE", phoneName: "iPhone 15", os: "iOS", osVersion: "17.5" });
    expect(await coverage()).toEqual([
      [web.id, ["Gus Going"]],
      [ios.id, ["Gus Going"]],
    ]);

    // The maybe person says yes: now both cover the web target.
    await db().membership.update({ where: { bashId_userId: { bashId: bash.id, userId: maybe.id } }, data: { rsvp: "GOING" } });
    expect((await coverage())[0]).toEqual([web.id, ["May Maybe", "Gus Going"]]);

    await removeCoverageTarget(db(), fac, bash.id, { id: web.id });
    expect((await coverage()).map(([id]) => id)).toEqual([ios.id]);
    await expect(removeCoverageTarget(db(), fac, bash.id, { id: web.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(addCoverageTarget(db(), going, bash.id, { kind: "WEB", os: "Linux" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("a target added after a removal goes last, not onto a position still in use", async () => {
    const { fac, bash } = await setup();
    const a = await addCoverageTarget(db(), fac, bash.id, { kind: "WEB", os: "Windows" });
    await addCoverageTarget(db(), fac, bash.id, { kind: "WEB", os: "macOS" });
    await addCoverageTarget(db(), fac, bash.id, { kind: "WEB", os: "Linux" });
    await removeCoverageTarget(db(), fac, bash.id, { id: a.id });
    const d = await addCoverageTarget(db(), fac, bash.id, { kind: "MOBILE", os: "Android" });
    expect(d.position).toBe(3);
    expect((await getPlan(db(), fac, bash.id)).coverage.map((c) => c.target.os)).toEqual(["macOS", "Linux", "Android"]);
  });
});

describe("concurrent edits", () => {
  it("adds at the same instant get distinct positions, and a double-submitted target is stored once", async () => {
    const { fac, bash } = await setup();
    await Promise.all([1, 2, 3, 4].map((i) => createFeature(db(), fac, bash.id, { menuName: `Feature ${i}` })));
    await Promise.all([1, 2, 3, 4].map((i) => createEnvironment(db(), fac, bash.id, { name: `Env ${i}` })));
    const results = await Promise.allSettled([1, 2, 3].map(() => addCoverageTarget(db(), fac, bash.id, { kind: "WEB", os: "Linux", browser: "Firefox" })));

    const features = await db().feature.findMany({ where: { bashId: bash.id }, orderBy: { position: "asc" } });
    expect(features.map((f) => f.position)).toEqual([0, 1, 2, 3]);
    const envs = await db().environment.findMany({ where: { bashId: bash.id }, orderBy: { position: "asc" } });
    expect(envs.map((e) => e.position)).toEqual([0, 1, 2, 3]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason)).toMatchObject([
      { code: "CONFLICT" },
      { code: "CONFLICT" },
    ]);
    expect(await db().coverageTarget.count({ where: { bashId: bash.id } })).toBe(1);
  });
});
