import crypto from "node:crypto";
import ICAL from "ical.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createBash } from "@/lib/bashes/commands";
import { acceptInvite, acceptInviteAsNewUser, createInviteLink, findInvite, inviteByEmail, revokeInvite } from "@/lib/invites/commands";
import type { BashRole } from "@/lib/policy";
import { makeMember, makeUser } from "../factories/users";
import { closeSmtpServers, startSmtp } from "../factories/smtp";
import { db, resetDb } from "./db";

beforeEach(resetDb);

const BASE = "https://bashboard.example.com";
const savedEnv = { SMTP_URL: process.env.SMTP_URL, MAIL_FROM: process.env.MAIL_FROM };

beforeEach(() => {
  delete process.env.SMTP_URL;
  delete process.env.MAIL_FROM;
});
afterEach(async () => {
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await closeSmtpServers();
});


type User = Awaited<ReturnType<typeof makeUser>>;

const member = (bashId: string, role: BashRole, name?: string): Promise<User> => makeMember(db(), bashId, role, { name });

async function setup(create: Record<string, unknown> = {}) {
  const fac = await makeUser(db(), { name: "Fay Facilitator" });
  const bash = await createBash(db(), fac, { title: "RC bash", ...create });
  return { fac, bash };
}

const membership = (bashId: string, userId: string) => db().membership.findUnique({ where: { bashId_userId: { bashId, userId } } });
const tokenOf = (link: string) => link.slice(link.lastIndexOf("/") + 1);

const TEXT = {
  unknown: "This invite link is not valid. Check that you copied all of it, or ask the facilitator for a new one.",
  expired: "This invite link has expired. Ask the facilitator for a new one.",
  used: "This invite link has been used as many times as it allows. Ask the facilitator for a new one.",
  revoked: "This invite link was withdrawn by the facilitator. Ask them for a new one.",
};

describe("invite links", () => {
  it("stores only the sha256 of the token, with the role, expiry and use limit", async () => {
    const { fac, bash } = await setup();
    const now = new Date("2030-01-01T12:00:00Z");
    const { invite, token, url } = await createInviteLink(db(), fac, bash.id, { role: "TRIAGER", expiresInDays: "7", maxUses: "5" }, { baseUrl: BASE, now });
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(url).toBe(`${BASE}/invite/${token}`);
    const stored = await db().invite.findUniqueOrThrow({ where: { id: invite.id } });
    expect(stored).toMatchObject({
      bashId: bash.id,
      role: "TRIAGER",
      maxUses: 5,
      uses: 0,
      email: null,
      revokedAt: null,
      createdById: fac.id,
      expiresAt: new Date("2030-01-08T12:00:00Z"),
      tokenHash: crypto.createHash("sha256").update(token).digest("hex"),
    });
    expect(JSON.stringify(stored)).not.toContain(token);
    const acts = await db().activity.findMany({ where: { bashId: bash.id, type: "invite.created" } });
    expect(acts).toHaveLength(1);
    expect(JSON.stringify(acts[0].data)).not.toContain(token);

    const open = await createInviteLink(db(), fac, bash.id, {}, { baseUrl: BASE, now });
    expect(open.invite).toMatchObject({ role: "PARTICIPANT", maxUses: null, expiresAt: null });
    expect(open.token).not.toBe(token);
  });

  it("bad settings are INVALID; only facilitators make links", async () => {
    const { fac, bash } = await setup();
    await expect(createInviteLink(db(), fac, bash.id, { expiresInDays: "0" }, { baseUrl: BASE })).rejects.toMatchObject({
      code: "INVALID",
      message: "Choose an expiry between 1 and 90 days, or leave it empty for no expiry.",
    });
    await expect(createInviteLink(db(), fac, bash.id, { maxUses: "1.5" }, { baseUrl: BASE })).rejects.toMatchObject({
      code: "INVALID",
      message: "Allow between 1 and 1000 uses, or leave it empty for no limit.",
    });
    await expect(createInviteLink(db(), fac, bash.id, { role: "ADMIN" }, { baseUrl: BASE })).rejects.toMatchObject({
      code: "INVALID",
      message: "Choose a role: participant, facilitator, triager or observer.",
    });
    const part = await member(bash.id, "PARTICIPANT");
    await expect(createInviteLink(db(), part, bash.id, {}, { baseUrl: BASE })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "You do not have permission to invite people to this bash.",
    });
    const outsider = await makeUser(db());
    await expect(createInviteLink(db(), outsider, bash.id, {}, { baseUrl: BASE })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db().invite.count()).toBe(0);
  });

  it("findInvite: ok, expired, used up, revoked, archived and garbage", async () => {
    const { fac, bash } = await setup({ scheduledStart: "2030-02-01T10:00" });
    const now = new Date("2030-01-01T12:00:00Z");
    const ok = await createInviteLink(db(), fac, bash.id, { role: "OBSERVER", expiresInDays: "2" }, { baseUrl: BASE, now });
    const found = await findInvite(db(), ok.token, now);
    expect(found).toEqual({
      ok: true,
      invite: {
        id: ok.invite.id,
        role: "OBSERVER",
        email: null,
        invitedBy: "Fay Facilitator",
        bash: expect.objectContaining({ id: bash.id, title: "RC bash", scheduledStart: new Date("2030-02-01T10:00:00Z") }),
      },
    });
    // The answer never carries the hash or anything beyond title and time.
    expect(JSON.stringify(found)).not.toContain(ok.invite.tokenHash);

    await expect(findInvite(db(), ok.token, new Date("2030-01-03T12:00:00Z"))).resolves.toEqual({ ok: false, problem: TEXT.expired });

    const once = await createInviteLink(db(), fac, bash.id, { maxUses: "1" }, { baseUrl: BASE, now });
    await db().invite.update({ where: { id: once.invite.id }, data: { uses: 1 } });
    await expect(findInvite(db(), once.token, now)).resolves.toEqual({ ok: false, problem: TEXT.used });

    const gone = await createInviteLink(db(), fac, bash.id, {}, { baseUrl: BASE, now });
    await revokeInvite(db(), fac, bash.id, { id: gone.invite.id });
    await expect(findInvite(db(), gone.token, now)).resolves.toEqual({ ok: false, problem: TEXT.revoked });

    await expect(findInvite(db(), "abc", now)).resolves.toEqual({ ok: false, problem: TEXT.unknown });
    await expect(findInvite(db(), crypto.randomBytes(24).toString("base64url"), now)).resolves.toEqual({ ok: false, problem: TEXT.unknown });
    await expect(findInvite(db(), "x".repeat(500), now)).resolves.toEqual({ ok: false, problem: TEXT.unknown });

    await db().bash.update({ where: { id: bash.id }, data: { archivedAt: now } });
    await expect(findInvite(db(), ok.token, now)).resolves.toEqual({ ok: false, problem: TEXT.unknown });
  });
});

describe("accepting", () => {
  it("joins with the link's role and counts the use; a maxUses=1 link refuses the second person", async () => {
    const { fac, bash } = await setup();
    const { invite, token } = await createInviteLink(db(), fac, bash.id, { role: "TRIAGER", maxUses: "1" }, { baseUrl: BASE });
    const ana = await makeUser(db(), { name: "Ana" });
    const bo = await makeUser(db(), { name: "Bo" });

    await expect(acceptInvite(db(), ana, token)).resolves.toEqual({ bashId: bash.id, joined: true });
    expect(await membership(bash.id, ana.id)).toMatchObject({ role: "TRIAGER", rsvp: "PENDING", isPlaceholder: false });
    expect((await db().invite.findUniqueOrThrow({ where: { id: invite.id } })).uses).toBe(1);
    expect(await db().activity.count({ where: { bashId: bash.id, type: "invite.accepted", actorId: ana.id } })).toBe(1);

    await expect(acceptInvite(db(), bo, token)).rejects.toMatchObject({ code: "CONFLICT", message: TEXT.used });
    expect(await membership(bash.id, bo.id)).toBeNull();

    // Ana opening it again is fine, and does not use it up further.
    await expect(acceptInvite(db(), ana, token)).resolves.toEqual({ bashId: bash.id, joined: false });
    expect((await db().invite.findUniqueOrThrow({ where: { id: invite.id } })).uses).toBe(1);
    expect(await db().membership.count({ where: { bashId: bash.id } })).toBe(2);
  });

  it("an existing member opening a link does not consume a use", async () => {
    const { fac, bash } = await setup();
    const { invite, token } = await createInviteLink(db(), fac, bash.id, { maxUses: "2" }, { baseUrl: BASE });
    const part = await member(bash.id, "PARTICIPANT");
    await expect(acceptInvite(db(), part, token)).resolves.toEqual({ bashId: bash.id, joined: false });
    await expect(acceptInvite(db(), fac, token)).resolves.toEqual({ bashId: bash.id, joined: false });
    expect((await db().invite.findUniqueOrThrow({ where: { id: invite.id } })).uses).toBe(0);
    // The facilitator keeps the higher role.
    expect((await membership(bash.id, fac.id))?.role).toBe("FACILITATOR");
  });

  it("a link never changes an existing member's role (a demoted member re-opening an old facilitator link stays demoted)", async () => {
    const { fac, bash } = await setup();
    const { invite, token } = await createInviteLink(db(), fac, bash.id, { role: "FACILITATOR", maxUses: "1" }, { baseUrl: BASE });
    const a = await member(bash.id, "OBSERVER");
    await expect(acceptInvite(db(), a, token)).resolves.toEqual({ bashId: bash.id, joined: false });
    expect((await membership(bash.id, a.id))?.role).toBe("OBSERVER");
    expect((await db().invite.findUniqueOrThrow({ where: { id: invite.id } })).uses).toBe(0);
  });

  it("an emailed invite is for that address: another signed-in person is refused; a new account takes the invited address, verified", async () => {
    const { fac, bash } = await setup();
    await inviteByEmail(db(), fac, bash.id, { emails: "ana@example.com" }, { baseUrl: BASE });
    const msg = await db().emailMessage.findFirstOrThrow({ where: { bashId: bash.id, toEmail: "ana@example.com" } });
    const token = tokenOf(msg.link);
    const mallory = await makeUser(db());
    await expect(acceptInvite(db(), mallory, token)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("sent to ana@example.com") });
    expect(await membership(bash.id, mallory.id)).toBeNull();
    const r = await acceptInviteAsNewUser(db(), { token, name: "Ana", email: "someone-else@example.com", password: "a long password 1" });
    expect(r.email).toBe("ana@example.com");
    const ana = await db().user.findUniqueOrThrow({ where: { email: "ana@example.com" } });
    expect(ana.emailVerifiedAt).not.toBeNull();
    expect(await db().user.findUnique({ where: { email: "someone-else@example.com" } })).toBeNull();
  });

  it("an open link's new account is unverified, and a junk token is refused before any account is made", async () => {
    const { fac, bash } = await setup();
    const { token } = await createInviteLink(db(), fac, bash.id, {}, { baseUrl: BASE });
    await acceptInviteAsNewUser(db(), { token, name: "Bo", email: "bo@example.com", password: "a long password 1" });
    expect((await db().user.findUniqueOrThrow({ where: { email: "bo@example.com" } })).emailVerifiedAt).toBeNull();
    await expect(
      acceptInviteAsNewUser(db(), { token: crypto.randomBytes(24).toString("base64url"), name: "X", email: "x@example.com", password: "a long password 1" }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: TEXT.unknown });
    expect(await db().user.findUnique({ where: { email: "x@example.com" } })).toBeNull();
  });

  it("once an emailed invite is accepted or withdrawn, its link is taken out of the outbox copy", async () => {
    const { fac, bash } = await setup();
    await inviteByEmail(db(), fac, bash.id, { emails: "ana@example.com, bo@example.com" }, { baseUrl: BASE });
    const [ana, bo] = await Promise.all(["ana@example.com", "bo@example.com"].map((e) => db().emailMessage.findFirstOrThrow({ where: { bashId: bash.id, toEmail: e } })));
    const anaToken = tokenOf(ana.link);
    await acceptInviteAsNewUser(db(), { token: anaToken, name: "Ana", email: "ana@example.com", password: "a long password 1" });
    const anaAfter = await db().emailMessage.findUniqueOrThrow({ where: { id: ana.id } });
    expect(anaAfter.link).toBe("");
    expect(anaAfter.text).not.toContain(anaToken);
    expect(anaAfter.text).toContain("[invite link — no longer valid]");
    // Bo's message still has its link until that invite is withdrawn.
    expect((await db().emailMessage.findUniqueOrThrow({ where: { id: bo.id } })).link).toBe(bo.link);
    const boInvite = await db().invite.findFirstOrThrow({ where: { bashId: bash.id, email: "bo@example.com" } });
    await revokeInvite(db(), fac, bash.id, { id: boInvite.id });
    const boAfter = await db().emailMessage.findUniqueOrThrow({ where: { id: bo.id } });
    expect(boAfter.link).toBe("");
    expect(boAfter.text).not.toContain(tokenOf(bo.link));
  });

  it("sending the same email invites twice does not invite anyone twice", async () => {
    const { fac, bash } = await setup();
    const first = await inviteByEmail(db(), fac, bash.id, { emails: "ana@example.com, bo@example.com" }, { baseUrl: BASE });
    expect(first.invited).toBe(2);
    const second = await inviteByEmail(db(), fac, bash.id, { emails: "ana@example.com, bo@example.com, cy@example.com" }, { baseUrl: BASE });
    expect(second.invited).toBe(1);
    expect(second.skipped.sort()).toEqual(["ana@example.com", "bo@example.com"]);
    expect(await db().invite.count({ where: { bashId: bash.id } })).toBe(3);
  });

  it("an observer link makes an observer; bad or expired tokens do not join", async () => {
    const { fac, bash } = await setup();
    const now = new Date("2030-01-01T12:00:00Z");
    const obsLink = await createInviteLink(db(), fac, bash.id, { role: "OBSERVER", expiresInDays: "1" }, { baseUrl: BASE, now });
    const ana = await makeUser(db());
    await acceptInvite(db(), ana, obsLink.token, now);
    expect((await membership(bash.id, ana.id))?.role).toBe("OBSERVER");

    const late = await makeUser(db());
    await expect(acceptInvite(db(), late, obsLink.token, new Date("2030-01-02T12:00:01Z"))).rejects.toMatchObject({ code: "CONFLICT", message: TEXT.expired });
    await expect(acceptInvite(db(), late, crypto.randomBytes(24).toString("base64url"))).rejects.toMatchObject({ code: "NOT_FOUND", message: TEXT.unknown });
    await expect(acceptInvite(db(), late, "short")).rejects.toMatchObject({ code: "INVALID", message: "That invite link is incomplete." });
    expect(await membership(bash.id, late.id)).toBeNull();
  });

  it("accepting as a new user creates the account and the membership together; an existing email writes nothing", async () => {
    const { fac, bash } = await setup();
    const { invite, token } = await createInviteLink(db(), fac, bash.id, { role: "PARTICIPANT", maxUses: "3" }, { baseUrl: BASE });
    const res = await acceptInviteAsNewUser(db(), { token, name: "Nia New", email: " Nia@Example.com ", password: "a-long-enough-password" });
    expect(res).toEqual({ bashId: bash.id, joined: true, email: "nia@example.com" });
    const nia = await db().user.findUniqueOrThrow({ where: { email: "nia@example.com" } });
    expect(nia.name).toBe("Nia New");
    expect(nia.passwordHash).toMatch(/^\$2/);
    expect(await membership(bash.id, nia.id)).toMatchObject({ role: "PARTICIPANT" });
    expect((await db().invite.findUniqueOrThrow({ where: { id: invite.id } })).uses).toBe(1);

    const existing = await makeUser(db(), { email: "old@example.com" });
    const users = await db().user.count();
    await expect(acceptInviteAsNewUser(db(), { token, name: "Old", email: "OLD@example.com", password: "a-long-enough-password" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "An account with this email already exists. Sign in to accept the invite.",
      fieldErrors: { email: "An account with this email already exists. Sign in to accept the invite." },
    });
    expect(await db().user.count()).toBe(users);
    expect(await membership(bash.id, existing.id)).toBeNull();
    expect((await db().invite.findUniqueOrThrow({ where: { id: invite.id } })).uses).toBe(1);

    // A dead link: the new account is not kept either.
    await revokeInvite(db(), fac, bash.id, { id: invite.id });
    await expect(acceptInviteAsNewUser(db(), { token, name: "Late", email: "late@example.com", password: "a-long-enough-password" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: TEXT.revoked,
    });
    expect(await db().user.findUnique({ where: { email: "late@example.com" } })).toBeNull();
    await expect(acceptInviteAsNewUser(db(), { token, name: "", email: "x@example.com", password: "short" })).rejects.toMatchObject({ code: "INVALID" });
  });

  it("two people accepting a single-use link at the same instant: exactly one gets in", async () => {
    const { fac, bash } = await setup();
    const { invite, token } = await createInviteLink(db(), fac, bash.id, { maxUses: "1" }, { baseUrl: BASE });
    const people = await Promise.all([1, 2, 3].map((i) => makeUser(db(), { name: `Racer ${i}` })));
    const results = await Promise.allSettled(people.map((p) => acceptInvite(db(), p, token)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason)).toMatchObject([
      { code: "CONFLICT", message: TEXT.used },
      { code: "CONFLICT", message: TEXT.used },
    ]);
    expect((await db().invite.findUniqueOrThrow({ where: { id: invite.id } })).uses).toBe(1);
    expect(await db().membership.count({ where: { bashId: bash.id } })).toBe(2);
  });

  it("two new accounts racing for a single-use link: exactly one is created", async () => {
    const { fac, bash } = await setup();
    const { token } = await createInviteLink(db(), fac, bash.id, { maxUses: "1" }, { baseUrl: BASE });
    const results = await Promise.allSettled(
      ["r1@example.com", "r2@example.com"].map((email) => acceptInviteAsNewUser(db(), { token, name: "Racer", email, password: "a-long-enough-password" })),
    );
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await db().user.count({ where: { email: { in: ["r1@example.com", "r2@example.com"] } } })).toBe(1);
    expect(await db().membership.count({ where: { bashId: bash.id } })).toBe(2);
  });

  it("a revoked link refuses newcomers; revoking twice is NOT_FOUND; only facilitators revoke", async () => {
    const { fac, bash } = await setup();
    const { invite, token } = await createInviteLink(db(), fac, bash.id, {}, { baseUrl: BASE });
    const part = await member(bash.id, "PARTICIPANT");
    await expect(revokeInvite(db(), part, bash.id, { id: invite.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await revokeInvite(db(), fac, bash.id, { id: invite.id });
    expect((await db().invite.findUniqueOrThrow({ where: { id: invite.id } })).revokedAt).toBeInstanceOf(Date);
    const ana = await makeUser(db());
    await expect(acceptInvite(db(), ana, token)).rejects.toMatchObject({ code: "CONFLICT", message: TEXT.revoked });
    expect(await membership(bash.id, ana.id)).toBeNull();
    await expect(revokeInvite(db(), fac, bash.id, { id: invite.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    // An invite of another bash cannot be revoked from this one.
    const { fac: otherFac, bash: other } = await setup({ title: "Other" });
    const theirs = await createInviteLink(db(), otherFac, other.id, {}, { baseUrl: BASE });
    await expect(revokeInvite(db(), fac, bash.id, { id: theirs.invite.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db().invite.findUniqueOrThrow({ where: { id: theirs.invite.id } })).revokedAt).toBeNull();
  });
});

describe("inviteByEmail", () => {
  it("an invalid address in the list is INVALID, names it, and writes nothing", async () => {
    const { fac, bash } = await setup();
    const err = await inviteByEmail(db(), fac, bash.id, { emails: "ana@example.com, not-an-email\nbo@example.com; also bad" }, { baseUrl: BASE }).catch(
      (e: unknown) => e,
    );
    const message = "These are not email addresses: not-an-email, also bad. Fix them and send again.";
    expect(err).toMatchObject({ code: "INVALID", message, fieldErrors: { emails: message } });
    await expect(inviteByEmail(db(), fac, bash.id, { emails: " ,\n; " }, { baseUrl: BASE })).rejects.toMatchObject({
      code: "INVALID",
      message: "Enter at least one email address, one per line or separated by commas.",
    });
    expect(await db().invite.count()).toBe(0);
    expect(await db().emailMessage.count()).toBe(0);
    expect(await db().activity.count({ where: { type: "invite.emailed" } })).toBe(0);
  });

  it("without SMTP: one OUTBOX message per new person, each with a single-use link that works; members are skipped", async () => {
    const { fac, bash } = await setup({ product: "Shop", release: "2.4" });
    const existing = await member(bash.id, "PARTICIPANT");
    const now = new Date();
    const res = await inviteByEmail(
      db(),
      fac,
      bash.id,
      { emails: `Ana <Ana@Example.com>; bo@example.com\n${existing.email.toUpperCase()}, ana@example.com`, role: "TRIAGER" },
      { baseUrl: BASE, now },
    );
    expect(res).toEqual({ invited: 2, skipped: [existing.email], sent: 0, failed: 0, outbox: 2, smtp: false });

    const rows = await db().emailMessage.findMany({ where: { bashId: bash.id }, orderBy: { toEmail: "asc" } });
    expect(rows.map((r) => [r.toEmail, r.status, r.kind, r.subject])).toEqual([
      ["ana@example.com", "OUTBOX", "invite", "You're invited: RC bash"],
      ["bo@example.com", "OUTBOX", "invite", "You're invited: RC bash"],
    ]);
    const invites = await db().invite.findMany({ where: { bashId: bash.id }, orderBy: { email: "asc" } });
    expect(invites.map((i) => [i.email, i.role, i.maxUses, i.uses, i.expiresAt?.getTime(), i.sentAt?.getTime()])).toEqual([
      ["ana@example.com", "TRIAGER", 1, 0, now.getTime() + 14 * 86_400_000, now.getTime()],
      ["bo@example.com", "TRIAGER", 1, 0, now.getTime() + 14 * 86_400_000, now.getTime()],
    ]);

    for (const r of rows) {
      expect(r.link).toMatch(new RegExp(`^${BASE}/invite/[A-Za-z0-9_-]{32}$`));
      expect(r.text).toContain(r.link);
      expect(r.text).toContain('invites you to the bug bash "RC bash" for Shop 2.4');
      expect(r.text).toContain("When: the time will follow");
      expect(r.ics).toBeNull();
      const token = tokenOf(r.link);
      expect(JSON.stringify(invites)).not.toContain(token);
      await expect(findInvite(db(), token)).resolves.toMatchObject({ ok: true, invite: { role: "TRIAGER", email: r.toEmail } });
    }
    expect(tokenOf(rows[0].link)).not.toBe(tokenOf(rows[1].link));

    const ana = await makeUser(db(), { email: "ana@example.com" });
    await expect(acceptInvite(db(), ana, tokenOf(rows[0].link))).resolves.toEqual({ bashId: bash.id, joined: true });
    expect((await membership(bash.id, ana.id))?.role).toBe("TRIAGER");
    await expect(findInvite(db(), tokenOf(rows[0].link))).resolves.toEqual({ ok: false, problem: TEXT.used });

    // Sending again skips everyone who is in by now.
    const again = await inviteByEmail(db(), fac, bash.id, { emails: "ana@example.com" }, { baseUrl: BASE });
    expect(again).toMatchObject({ invited: 0, skipped: ["ana@example.com"] });
    expect(await db().emailMessage.count()).toBe(2);

    const part = await member(bash.id, "PARTICIPANT");
    await expect(inviteByEmail(db(), part, bash.id, { emails: "cy@example.com" }, { baseUrl: BASE })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db().invite.count({ where: { email: "cy@example.com" } })).toBe(0);
  });

  it("with SMTP: the messages arrive with the invite link and, for a scheduled bash, the calendar invite; rows are SENT", async () => {
    const smtp = await startSmtp();
    process.env.SMTP_URL = smtp.url;
    const { fac, bash } = await setup({ scheduledStart: "2030-03-01T10:00", timeZone: "Europe/Berlin", location: "Room 4" });
    const res = await inviteByEmail(db(), fac, bash.id, { emails: "ana@example.com\nbo@example.com" }, { baseUrl: BASE });
    expect(res).toEqual({ invited: 2, skipped: [], sent: 2, failed: 0, outbox: 0, smtp: true });

    const rows = await db().emailMessage.findMany({ where: { bashId: bash.id }, orderBy: { toEmail: "asc" } });
    expect(rows.map((r) => [r.toEmail, r.status, r.error])).toEqual([
      ["ana@example.com", "SENT", ""],
      ["bo@example.com", "SENT", ""],
    ]);
    expect(rows.every((r) => r.sentAt instanceof Date)).toBe(true);

    expect(smtp.received.map((r) => r.rcptTo).sort()).toEqual([["ana@example.com"], ["bo@example.com"]]);
    for (const row of rows) {
      const got = smtp.received.find((r) => r.rcptTo[0] === row.toEmail)!;
      expect(got.mail.subject).toBe("You're invited: RC bash");
      expect(got.mail.text).toContain(row.link);
      expect(got.mail.text).toContain("Where: Room 4");
      expect(got.mail.text).toContain("(Europe/Berlin), 60 minutes");
      const attachment = got.mail.attachments.find((a) => a.contentType === "text/calendar");
      expect(attachment).toBeDefined();
      const cal = new ICAL.Component(ICAL.parse(attachment!.content.toString("utf8")));
      expect(cal.getFirstPropertyValue("method")).toBe("REQUEST");
      const vevent = cal.getFirstSubcomponent("vevent")!;
      const event = new ICAL.Event(vevent);
      expect(event.uid).toBe(`bash-${bash.id}@bashboard`);
      expect(event.sequence).toBe(0);
      expect(event.startDate.toJSDate().toISOString()).toBe("2030-03-01T09:00:00.000Z");
      expect(String(vevent.getFirstPropertyValue("attendee"))).toBe(`mailto:${row.toEmail}`);
      // The link in the mail works.
      await expect(findInvite(db(), tokenOf(row.link))).resolves.toMatchObject({ ok: true, invite: { email: row.toEmail } });
    }
  });
});
