import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createBash } from "@/lib/bashes/commands";
import { getPlan } from "@/lib/bashes/plan";
import type { Rsvp } from "@/lib/generated/prisma/enums";
import { listOutbox, markEmailSent } from "@/lib/mail/outbox";
import {
  MAX_DEVICES,
  addMyDevice,
  removeMyDevice,
  resolveAccessRequest,
  respondRsvp,
  sendReminders,
  setMemberRole,
  setMyAccess,
} from "@/lib/participants/commands";
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

async function member(
  bashId: string,
  role: BashRole,
  opts: { name?: string; rsvp?: Rsvp; accessConfirmedAt?: Date; accessNeeded?: string; accessResolvedAt?: Date; isPlaceholder?: boolean } = {},
): Promise<User & { membershipId: string }> {
  const { name, ...data } = opts;
  const u = await makeUser(db(), { name });
  const m = await db().membership.create({ data: { bashId, userId: u.id, role, ...data } });
  return { ...u, membershipId: m.id };
}

async function setup() {
  const fac = await makeUser(db(), { name: "Fay Facilitator" });
  const bash = await createBash(db(), fac, { title: "RC bash" });
  const facMembership = await db().membership.findUniqueOrThrow({ where: { bashId_userId: { bashId: bash.id, userId: fac.id } } });
  return { fac, bash, facMembershipId: facMembership.id };
}

const membershipOf = (bashId: string, userId: string) => db().membership.findUniqueOrThrow({ where: { bashId_userId: { bashId, userId } } });

describe("rsvp", () => {
  it("answers with a designation; a later answer keeps the designation; a bad value is INVALID", async () => {
    const { bash } = await setup();
    const pat = await member(bash.id, "PARTICIPANT");
    await respondRsvp(db(), pat, bash.id, { rsvp: "GOING", designation: "  QA lead " });
    let m = await membershipOf(bash.id, pat.id);
    expect(m).toMatchObject({ rsvp: "GOING", designation: "QA lead" });
    expect(m.rsvpAt).toBeInstanceOf(Date);

    await respondRsvp(db(), pat, bash.id, { rsvp: "MAYBE" });
    m = await membershipOf(bash.id, pat.id);
    expect(m).toMatchObject({ rsvp: "MAYBE", designation: "QA lead" });

    await expect(respondRsvp(db(), pat, bash.id, { rsvp: "PENDING" })).rejects.toMatchObject({ code: "INVALID", message: "Choose going, maybe or not going." });
    await expect(respondRsvp(db(), pat, bash.id, { rsvp: "YES" })).rejects.toMatchObject({ code: "INVALID", message: "Choose going, maybe or not going." });
    await expect(respondRsvp(db(), pat, bash.id, { rsvp: "GOING", designation: "x".repeat(101) })).rejects.toMatchObject({
      code: "INVALID",
      message: "Keep the designation under 100 characters.",
    });
    expect((await membershipOf(bash.id, pat.id)).rsvp).toBe("MAYBE");
    expect(await db().activity.count({ where: { bashId: bash.id, type: "rsvp", actorId: pat.id } })).toBe(2);

    const outsider = await makeUser(db());
    await expect(respondRsvp(db(), outsider, bash.id, { rsvp: "GOING" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const obs = await member(bash.id, "OBSERVER");
    await respondRsvp(db(), obs, bash.id, { rsvp: "NOT_GOING" });
    expect((await membershipOf(bash.id, obs.id)).rsvp).toBe("NOT_GOING");
  });
});

describe("devices", () => {
  it("validates, stores, limits to 10 and only removes my own", async () => {
    const { bash } = await setup();
    const pat = await member(bash.id, "PARTICIPANT");
    const sam = await member(bash.id, "PARTICIPANT");

    await expect(addMyDevice(db(), pat, bash.id, { kind: "WEB", os: "Windows 11" })).rejects.toMatchObject({
      code: "INVALID",
      message: "Enter the browser, for example Chrome.",
      fieldErrors: { browser: "Enter the browser, for example Chrome." },
    });
    await expect(addMyDevice(db(), pat, bash.id, { kind: "MOBILE", os: "Android" })).rejects.toMatchObject({
      code: "INVALID",
      message: "Enter the phone, for example Pixel 8.",
    });
    await expect(addMyDevice(db(), pat, bash.id, { kind: "FRIDGE" })).rejects.toMatchObject({ code: "INVALID", message: "Choose web or mobile." });
    expect(await db().device.count()).toBe(0);

    const web = await addMyDevice(db(), pat, bash.id, { kind: "WEB", os: "Windows", osVersion: "11", browser: "Chrome", browserVersion: "131" });
    expect(web).toMatchObject({ userId: pat.id, membershipId: pat.membershipId, kind: "WEB", os: "Windows", browser: "Chrome", phoneName: "" });
    for (let i = 1; i < MAX_DEVICES; i++) await addMyDevice(db(), pat, bash.id, { kind: "MOBILE", phoneName: `Pixel ${i}`, os: "Android" });
    expect(await db().device.count({ where: { membershipId: pat.membershipId } })).toBe(10);
    await expect(addMyDevice(db(), pat, bash.id, { kind: "MOBILE", phoneName: "Pixel 99", os: "Android" })).rejects.toMatchObject({
      code: "INVALID",
      message: "You can list up to 10 devices for one bash. Remove one first.",
    });
    expect(await db().device.count({ where: { membershipId: pat.membershipId } })).toBe(10);

    const samDevice = await addMyDevice(db(), sam, bash.id, { kind: "WEB", os: "macOS", browser: "Safari" });
    await expect(removeMyDevice(db(), pat, bash.id, { id: samDevice.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db().device.findUnique({ where: { id: samDevice.id } })).not.toBeNull();

    await removeMyDevice(db(), pat, bash.id, { id: web.id });
    expect(await db().device.findUnique({ where: { id: web.id } })).toBeNull();
    await expect(removeMyDevice(db(), pat, bash.id, { id: web.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await addMyDevice(db(), pat, bash.id, { kind: "WEB", os: "Linux", browser: "Firefox" });
    expect(await db().device.count({ where: { membershipId: pat.membershipId } })).toBe(10);
  });

  it("adding devices at the same instant cannot pass the limit", async () => {
    const { bash } = await setup();
    const pat = await member(bash.id, "PARTICIPANT");
    for (let i = 0; i < MAX_DEVICES - 2; i++) await addMyDevice(db(), pat, bash.id, { kind: "WEB", os: "Windows", browser: `B${i}` });
    const results = await Promise.allSettled([1, 2, 3, 4].map((i) => addMyDevice(db(), pat, bash.id, { kind: "WEB", os: "Linux", browser: `R${i}` })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    expect(await db().device.count({ where: { membershipId: pat.membershipId } })).toBe(MAX_DEVICES);
  });
});

describe("access", () => {
  it("confirm or ask; asking needs text; the facilitator resolves and the participant is told", async () => {
    const { fac, bash } = await setup();
    const pat = await member(bash.id, "PARTICIPANT", { rsvp: "GOING" });
    const sam = await member(bash.id, "PARTICIPANT", { rsvp: "GOING" });

    await expect(setMyAccess(db(), pat, bash.id, { state: "needs", accessNeeded: "  " })).rejects.toMatchObject({
      code: "INVALID",
      message: "Say what you still need, for example “a login for staging” or “the iOS build”.",
      fieldErrors: { accessNeeded: "Say what you still need, for example “a login for staging” or “the iOS build”." },
    });
    await expect(setMyAccess(db(), pat, bash.id, { state: "maybe" })).rejects.toMatchObject({ code: "INVALID", message: "Choose whether you have access." });

    await setMyAccess(db(), sam, bash.id, { state: "confirmed" });
    expect(await membershipOf(bash.id, sam.id)).toMatchObject({ accessNeeded: "", accessResolvedAt: null });
    expect((await membershipOf(bash.id, sam.id)).accessConfirmedAt).toBeInstanceOf(Date);

    await setMyAccess(db(), pat, bash.id, { state: "needs", accessNeeded: "A login for staging" });
    expect(await membershipOf(bash.id, pat.id)).toMatchObject({ accessNeeded: "A login for staging", accessConfirmedAt: null, accessResolvedAt: null });
    expect((await getPlan(db(), fac, bash.id)).openAccessRequests.map((m) => m.userId)).toEqual([pat.id]);

    await expect(resolveAccessRequest(db(), sam, bash.id, { membershipId: pat.membershipId })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "You do not have permission to manage the people in this bash.",
    });
    expect((await membershipOf(bash.id, pat.id)).accessResolvedAt).toBeNull();
    expect(await db().notification.count()).toBe(0);

    await resolveAccessRequest(db(), fac, bash.id, { membershipId: pat.membershipId });
    expect((await membershipOf(bash.id, pat.id)).accessResolvedAt).toBeInstanceOf(Date);
    const notes = await db().notification.findMany();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      userId: pat.id,
      bashId: bash.id,
      kind: "access.resolved",
      title: 'Access sorted for "RC bash"',
      body: "Fay Facilitator resolved: A login for staging",
      url: `/bashes/${bash.id}`,
    });
    expect((await getPlan(db(), fac, bash.id)).openAccessRequests).toEqual([]);

    await expect(resolveAccessRequest(db(), fac, bash.id, { membershipId: pat.membershipId })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "That request is already resolved.",
    });
    await expect(resolveAccessRequest(db(), fac, bash.id, { membershipId: sam.membershipId })).rejects.toMatchObject({ code: "CONFLICT" });

    // A person of another bash cannot be resolved from this one.
    const other = await setup();
    const far = await member(other.bash.id, "PARTICIPANT", { accessNeeded: "VPN" });
    await expect(resolveAccessRequest(db(), fac, bash.id, { membershipId: far.membershipId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await membershipOf(other.bash.id, far.id)).accessResolvedAt).toBeNull();
    expect(await db().notification.count()).toBe(1);
  });
});

describe("roles", () => {
  it("the last facilitator cannot be demoted; with two, one can", async () => {
    const { fac, bash, facMembershipId } = await setup();
    const pat = await member(bash.id, "PARTICIPANT");
    await expect(setMemberRole(db(), fac, bash.id, { membershipId: facMembershipId, role: "PARTICIPANT" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "A bash needs at least one facilitator. Make someone else a facilitator first.",
    });
    expect((await membershipOf(bash.id, fac.id)).role).toBe("FACILITATOR");
    await expect(setMemberRole(db(), pat, bash.id, { membershipId: pat.membershipId, role: "FACILITATOR" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(setMemberRole(db(), fac, bash.id, { membershipId: pat.membershipId, role: "OWNER" })).rejects.toMatchObject({
      code: "INVALID",
      message: "Choose a role.",
    });

    await setMemberRole(db(), fac, bash.id, { membershipId: pat.membershipId, role: "FACILITATOR" });
    await setMemberRole(db(), fac, bash.id, { membershipId: facMembershipId, role: "TRIAGER" });
    expect((await membershipOf(bash.id, fac.id)).role).toBe("TRIAGER");
    expect((await membershipOf(bash.id, pat.id)).role).toBe("FACILITATOR");
    await expect(setMemberRole(db(), pat, bash.id, { membershipId: pat.membershipId, role: "OBSERVER" })).rejects.toMatchObject({ code: "CONFLICT" });
    const roles = await db().activity.findMany({ where: { bashId: bash.id, type: "member.role" }, orderBy: { id: "asc" } });
    expect(roles.map((r) => r.data)).toEqual([
      { from: "PARTICIPANT", to: "FACILITATOR" },
      { from: "FACILITATOR", to: "TRIAGER" },
    ]);
  });

  it("two facilitators demoting each other at the same instant leave one facilitator", async () => {
    const { fac, bash, facMembershipId } = await setup();
    const co = await member(bash.id, "FACILITATOR");
    const results = await Promise.allSettled([
      setMemberRole(db(), fac, bash.id, { membershipId: co.membershipId, role: "PARTICIPANT" }),
      setMemberRole(db(), co, bash.id, { membershipId: facMembershipId, role: "PARTICIPANT" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db().membership.count({ where: { bashId: bash.id, role: "FACILITATOR" } })).toBe(1);
  });
});

describe("reminders", () => {
  it("reach exactly the people who have not answered or not confirmed access", async () => {
    const { fac, bash } = await setup(); // the sender: GOING, access not confirmed
    const pending = await member(bash.id, "PARTICIPANT", { name: "Pia Pending" });
    const noAccess = await member(bash.id, "PARTICIPANT", { name: "Nat NoAccess", rsvp: "GOING" });
    const maybeNoAccess = await member(bash.id, "TRIAGER", { name: "May Maybe", rsvp: "MAYBE" });
    const coFacPending = await member(bash.id, "FACILITATOR", { name: "Cora CoFac" });
    await member(bash.id, "PARTICIPANT", { rsvp: "GOING", accessConfirmedAt: new Date() });
    await member(bash.id, "PARTICIPANT", { rsvp: "GOING", accessNeeded: "VPN", accessResolvedAt: new Date() });
    await member(bash.id, "PARTICIPANT", { rsvp: "NOT_GOING" });
    await member(bash.id, "OBSERVER", { name: "Obi Observer" });
    await member(bash.id, "OBSERVER", { rsvp: "GOING" });
    await member(bash.id, "PARTICIPANT", { isPlaceholder: true });
    const deactivated = await member(bash.id, "PARTICIPANT");
    await db().user.update({ where: { id: deactivated.id }, data: { deactivatedAt: new Date() } });
    const due = [pending, noAccess, maybeNoAccess, coFacPending];

    // The plan shows the same people as waiting.
    expect((await getPlan(db(), fac, bash.id)).waitingOn.map((m) => m.userId).sort()).toEqual(due.map((u) => u.id).sort());

    const before = Date.now();
    const res = await sendReminders(db(), fac, bash.id, {}, { baseUrl: BASE });
    expect(res).toEqual({ reminded: 4, sent: 0, failed: 0, outbox: 4 });

    const reminded = await db().membership.findMany({ where: { bashId: bash.id, remindedAt: { not: null } } });
    expect(reminded.map((m) => m.userId).sort()).toEqual(due.map((u) => u.id).sort());
    expect(reminded.every((m) => m.remindedAt!.getTime() >= before - 1000)).toBe(true);

    const notes = await db().notification.findMany({ where: { bashId: bash.id } });
    expect(notes.map((n) => n.userId).sort()).toEqual(due.map((u) => u.id).sort());
    expect(notes.find((n) => n.userId === pending.id)).toMatchObject({ kind: "reminder", title: 'Reminder: "RC bash"', body: "Say whether you can come and add your devices." });
    expect(notes.find((n) => n.userId === noAccess.id)?.body).toBe("Confirm that you have access, or say what you still need.");

    const emails = await db().emailMessage.findMany({ where: { bashId: bash.id } });
    expect(emails.map((e) => e.toEmail).sort()).toEqual(due.map((u) => u.email).sort());
    for (const e of emails) {
      expect(e).toMatchObject({ status: "OUTBOX", kind: "reminder", subject: "Reminder: RC bash", link: `${BASE}/bashes/${bash.id}`, ics: null, createdById: fac.id });
      expect(e.text).toContain(`${BASE}/bashes/${bash.id}`);
      expect(e.text).toMatch(/Thanks,\nFay Facilitator$/);
    }
    expect(emails.find((e) => e.toEmail === pending.email)?.text).toContain('Can you join the bug bash "RC bash"?');
    expect(emails.find((e) => e.toEmail === noAccess.email)?.text).toContain("please confirm that you have access");
  });

  it("can target one person; with nobody due it is a CONFLICT; only facilitators send", async () => {
    const { fac, bash } = await setup();
    const pending = await member(bash.id, "PARTICIPANT");
    const other = await member(bash.id, "PARTICIPANT");
    await expect(sendReminders(db(), fac, bash.id, { membershipIds: [pending.membershipId] }, { baseUrl: BASE })).resolves.toMatchObject({ reminded: 1 });
    expect((await db().emailMessage.findMany()).map((e) => e.toEmail)).toEqual([pending.email]);
    expect((await membershipOf(bash.id, other.id)).remindedAt).toBeNull();

    await expect(sendReminders(db(), pending, bash.id, {}, { baseUrl: BASE })).rejects.toMatchObject({ code: "FORBIDDEN" });

    await respondRsvp(db(), pending, bash.id, { rsvp: "NOT_GOING" });
    await respondRsvp(db(), other, bash.id, { rsvp: "GOING" });
    await setMyAccess(db(), other, bash.id, { state: "confirmed" });
    await expect(sendReminders(db(), fac, bash.id, {}, { baseUrl: BASE })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Everyone has answered and confirmed access. Nobody needs a reminder.",
    });
    expect(await db().emailMessage.count()).toBe(1);
    expect(await db().notification.count()).toBe(1);
  });
});

describe("outbox", () => {
  it("a facilitator lists the outbox and marks a message sent by hand; participants cannot", async () => {
    const { fac, bash } = await setup();
    const pending = await member(bash.id, "PARTICIPANT");
    const other = await member(bash.id, "PARTICIPANT");
    await sendReminders(db(), fac, bash.id, {}, { baseUrl: BASE });
    const list = await listOutbox(db(), fac, bash.id);
    expect(list.map((e) => [e.toEmail, e.status]).sort()).toEqual(
      [
        [pending.email, "OUTBOX"],
        [other.email, "OUTBOX"],
      ].sort(),
    );

    const target = list.find((e) => e.toEmail === pending.email)!;
    await markEmailSent(db(), fac, bash.id, { id: target.id });
    const row = await db().emailMessage.findUniqueOrThrow({ where: { id: target.id } });
    expect(row.status).toBe("SENT");
    expect(row.sentAt).toBeInstanceOf(Date);
    expect((await listOutbox(db(), fac, bash.id)).map((e) => [e.toEmail, e.status])).toEqual([
      [other.email, "OUTBOX"],
      [pending.email, "SENT"],
    ]);
    await expect(markEmailSent(db(), fac, bash.id, { id: target.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db().activity.count({ where: { bashId: bash.id, type: "email.marked_sent" } })).toBe(1);

    await expect(listOutbox(db(), pending, bash.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const otherRow = list.find((e) => e.toEmail === other.email)!;
    await expect(markEmailSent(db(), pending, bash.id, { id: otherRow.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const outsider = await makeUser(db());
    await expect(listOutbox(db(), outsider, bash.id)).rejects.toMatchObject({ code: "NOT_FOUND" });

    // A message of another bash cannot be marked from this one.
    const second = await setup();
    await member(second.bash.id, "PARTICIPANT");
    await sendReminders(db(), second.fac, second.bash.id, {}, { baseUrl: BASE });
    const foreign = await db().emailMessage.findFirstOrThrow({ where: { bashId: second.bash.id } });
    await expect(markEmailSent(db(), fac, bash.id, { id: foreign.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db().emailMessage.findUniqueOrThrow({ where: { id: foreign.id } })).status).toBe("OUTBOX");
  });
});
