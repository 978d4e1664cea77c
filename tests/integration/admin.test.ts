// The users admin and the install settings against a real Postgres: invites, password links, admin
// rights with last-admin protection (also under concurrency), deactivation, settings and their use.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPasswordLink, deactivateUser, inviteUser, reactivateUser, setUserAdmin } from "@/lib/admin/commands";
import { countActiveAdmins, listUsers } from "@/lib/admin/queries";
import { assertUploadSize } from "@/lib/attachments/commands";
import { createBash, setBashStatus } from "@/lib/bashes/commands";
import { createReport } from "@/lib/reports/commands";
import { sendTestEmail, updateSettings } from "@/lib/settings/commands";
import { environmentSummary } from "@/lib/settings/environment";
import { getSettings, resolveUploadMaxBytes } from "@/lib/settings/queries";
import { verifyLogin } from "@/lib/users/login";
import { hashUserToken, inspectUserToken, useUserToken } from "@/lib/users/tokens";
import { closeSmtpServers, startSmtp } from "../factories/smtp";
import { makeMember, makeUser } from "../factories/users";
import { db, resetDb } from "./db";

const BASE = "https://bashboard.example.com";
const MB = 1024 * 1024;
const savedEnv = { SMTP_URL: process.env.SMTP_URL, UPLOAD_MAX_BYTES: process.env.UPLOAD_MAX_BYTES };

beforeEach(async () => {
  await resetDb();
  delete process.env.SMTP_URL;
  delete process.env.UPLOAD_MAX_BYTES;
});
afterEach(async () => {
  await closeSmtpServers();
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

type User = Awaited<ReturnType<typeof makeUser>>;
const admin = (name = "Ada Admin") => makeUser(db(), { name, isAdmin: true });
const tokenOf = (link: string) => link.slice(`${BASE}/reset/`.length);
const activity = (type: string) => db().activity.findMany({ where: { type }, orderBy: { id: "asc" } });

describe("permissions", () => {
  it("every admin command and the list refuse a non-admin with FORBIDDEN, and change nothing", async () => {
    await admin();
    const eve = await makeUser(db(), { name: "Eve" });
    const bob = await makeUser(db(), { name: "Bob" });
    const calls: Promise<unknown>[] = [
      inviteUser(db(), eve, { name: "X", email: "x@example.com" }, { baseUrl: BASE }),
      createPasswordLink(db(), eve, { userId: bob.id }, { baseUrl: BASE }),
      setUserAdmin(db(), eve, { userId: eve.id, isAdmin: "true" }),
      deactivateUser(db(), eve, { userId: bob.id }),
      reactivateUser(db(), eve, { userId: bob.id }),
      listUsers(db(), eve, {}),
      updateSettings(db(), eve, { defaultLabel: "x", defaultDurationMinutes: 30 }),
      sendTestEmail(db(), eve, {}),
    ];
    for (const c of calls) await expect(c).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db().user.count()).toBe(3);
    expect(await db().user.count({ where: { isAdmin: true } })).toBe(1);
    expect(await db().passwordResetToken.count()).toBe(0);
    expect(await db().setting.count()).toBe(0);
  });
});

describe("inviteUser", () => {
  it("creates the person without a password and a week-long INVITE link that sets one (no SMTP: the link is for the admin)", async () => {
    const ada = await admin();
    const r = await inviteUser(db(), ada, { name: " Ivy Invitee ", email: "Ivy@Example.com" }, { baseUrl: BASE });
    expect(r).toMatchObject({ name: "Ivy Invitee", email: "ivy@example.com", delivery: null });
    expect(r.link).toMatch(new RegExp(`^${BASE}/reset/[A-Za-z0-9_-]{40,}$`));
    const user = await db().user.findUniqueOrThrow({ where: { email: "ivy@example.com" } });
    expect(user).toMatchObject({ passwordHash: null, isAdmin: false, deactivatedAt: null });
    const row = await db().passwordResetToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(row).toMatchObject({ purpose: "INVITE", createdById: ada.id, usedAt: null, tokenHash: hashUserToken(tokenOf(r.link!)) });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeGreaterThan(6 * 86_400_000);
    expect(await db().emailMessage.count()).toBe(0); // the link never sits in an outbox

    const listed = await listUsers(db(), ada, { status: "invited" });
    expect(listed.users.map((u) => [u.email, u.status])).toEqual([["ivy@example.com", "invited"]]);

    await useUserToken(db(), { token: tokenOf(r.link!), password: "ivys-new-password" });
    await expect(verifyLogin(db(), { email: "ivy@example.com", password: "ivys-new-password" }, "10.0.0.1")).resolves.toMatchObject({ id: user.id });
    // The admin passed the link on by hand: it proves nothing about the inbox.
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).toBeNull();
    expect((await listUsers(db(), ada, { q: "ivy" })).users[0]).toMatchObject({ status: "active" });

    const [log] = await activity("user.invited");
    expect(log).toMatchObject({ actorId: ada.id, bashId: null, entityType: "user", entityId: user.id, data: { email: "ivy@example.com", name: "Ivy Invitee", isAdmin: false, emailed: false } });
  });

  it("may invite an admin; a duplicate email is a field error and adds nothing", async () => {
    const ada = await admin();
    await inviteUser(db(), ada, { name: "Ned", email: "ned@example.com", isAdmin: "on" }, { baseUrl: BASE });
    expect((await db().user.findUniqueOrThrow({ where: { email: "ned@example.com" } })).isAdmin).toBe(true);
    await expect(inviteUser(db(), ada, { name: "Ned again", email: "NED@example.com" }, { baseUrl: BASE })).rejects.toMatchObject({
      code: "CONFLICT",
      fieldErrors: { email: "Someone with that email already has an account. Find them in the list instead." },
    });
    await expect(inviteUser(db(), ada, { name: "", email: "not-an-email" }, { baseUrl: BASE })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { name: "Enter their name.", email: "Enter a valid email address, like ana@example.com." },
    });
    expect(await db().user.count()).toBe(2);
    expect(await db().passwordResetToken.count()).toBe(1);
  });

  it("two admins inviting the same address at once: one user", async () => {
    const ada = await admin();
    const ben = await admin("Ben Admin");
    const results = await Promise.allSettled([
      inviteUser(db(), ada, { name: "Sam", email: "sam@example.com" }, { baseUrl: BASE }),
      inviteUser(db(), ben, { name: "Sam", email: "sam@example.com" }, { baseUrl: BASE }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "CONFLICT" } });
    expect(await db().user.count({ where: { email: "sam@example.com" } })).toBe(1);
  });

  it("with SMTP, emails the link (kind user.invite) and does not hand it to the admin", async () => {
    const smtp = await startSmtp();
    process.env.SMTP_URL = smtp.url;
    const ada = await admin();
    const r = await inviteUser(db(), ada, { name: "Mia", email: "mia@example.com" }, { baseUrl: BASE });
    expect(r).toMatchObject({ link: null, delivery: { status: "SENT" } });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].rcptTo).toEqual(["mia@example.com"]);
    const link = /https:\/\/bashboard\.example\.com\/reset\/\S+/.exec(smtp.received[0].mail.text ?? "")?.[0];
    expect(link).toBeTruthy();
    expect((await db().emailMessage.findFirstOrThrow()).kind).toBe("user.invite");
    expect(await inspectUserToken(db(), tokenOf(link!))).toMatchObject({ state: "ok", purpose: "INVITE" });
  });

  it("with SMTP refusing the address, the admin gets the link to pass on", async () => {
    const smtp = await startSmtp();
    smtp.reject.add("gone@example.com");
    process.env.SMTP_URL = smtp.url;
    const ada = await admin();
    const r = await inviteUser(db(), ada, { name: "Gone", email: "gone@example.com" }, { baseUrl: BASE });
    expect(r.delivery?.status).toBe("FAILED");
    expect(r.link).toMatch(/\/reset\//);
  });
});

describe("createPasswordLink", () => {
  it("a reset link works once and replaces the person's earlier links", async () => {
    const ada = await admin();
    const bob = await makeUser(db(), { name: "Bob" });
    const first = await createPasswordLink(db(), ada, { userId: bob.id }, { baseUrl: BASE });
    const second = await createPasswordLink(db(), ada, { userId: bob.id }, { baseUrl: BASE });
    expect(second.delivery).toBeNull();
    expect(await inspectUserToken(db(), tokenOf(first.link!))).toEqual({ state: "used" });
    const row = await db().passwordResetToken.findUniqueOrThrow({ where: { tokenHash: hashUserToken(tokenOf(second.link!)) } });
    expect(row).toMatchObject({ purpose: "RESET", createdById: ada.id });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeLessThanOrEqual(60 * 60_000 + 1000);

    await useUserToken(db(), { token: tokenOf(second.link!), password: "bobs-brand-new-pass" });
    await expect(useUserToken(db(), { token: tokenOf(second.link!), password: "someone-elses-pass" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This link has already been used. Ask for a new one.",
    });
    await expect(verifyLogin(db(), { email: bob.email, password: "bobs-brand-new-pass" }, "10.0.0.2")).resolves.toMatchObject({ id: bob.id });
    await expect(verifyLogin(db(), { email: bob.email, password: bob.password }, "10.0.0.2")).rejects.toMatchObject({ code: "INVALID" });
    expect(await activity("user.reset_link")).toHaveLength(2);
    expect((await activity("user.reset_link"))[0]).toMatchObject({ entityId: bob.id, data: { email: bob.email, name: "Bob", emailed: false } });
  });

  it("someone invited who never set a password gets a fresh invite link", async () => {
    const ada = await admin();
    const inv = await inviteUser(db(), ada, { name: "Ivy", email: "ivy@example.com" }, { baseUrl: BASE });
    const again = await createPasswordLink(db(), ada, { userId: inv.userId }, { baseUrl: BASE });
    expect(await inspectUserToken(db(), tokenOf(again.link!))).toMatchObject({ state: "ok", purpose: "INVITE" });
    expect(await inspectUserToken(db(), tokenOf(inv.link!))).toEqual({ state: "used" });
  });

  it("emails the link when asked and SMTP is set up; refuses to email without SMTP; refuses a deactivated person", async () => {
    const ada = await admin();
    const bob = await makeUser(db(), { name: "Bob" });
    await expect(createPasswordLink(db(), ada, { userId: bob.id, sendEmail: "on" }, { baseUrl: BASE })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db().passwordResetToken.count()).toBe(0);

    const smtp = await startSmtp();
    process.env.SMTP_URL = smtp.url;
    const r = await createPasswordLink(db(), ada, { userId: bob.id, sendEmail: "on" }, { baseUrl: BASE });
    expect(r.delivery?.status).toBe("SENT");
    expect(r.link).toBeTruthy(); // shown to the admin too
    expect(smtp.received[0].mail.text).toContain(r.link!);
    expect((await db().emailMessage.findFirstOrThrow()).kind).toBe("user.reset");

    await deactivateUser(db(), ada, { userId: bob.id });
    await expect(createPasswordLink(db(), ada, { userId: bob.id }, { baseUrl: BASE })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(createPasswordLink(db(), ada, { userId: "nobody-here" }, { baseUrl: BASE })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("setUserAdmin", () => {
  it("grants and revokes admin, logging both; never removes the last active admin", async () => {
    const ada = await admin();
    const bob = await makeUser(db(), { name: "Bob" });
    await expect(setUserAdmin(db(), ada, { userId: ada.id, isAdmin: "false" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Ada Admin is the last active admin. Make someone else an admin first (one who has signed in).",
    });
    await setUserAdmin(db(), ada, { userId: bob.id, isAdmin: "true" });
    expect(await countActiveAdmins(db())).toBe(2);
    await expect(setUserAdmin(db(), ada, { userId: bob.id, isAdmin: "true" })).rejects.toMatchObject({ code: "CONFLICT", message: "Bob is already an admin." });
    await setUserAdmin(db(), ada, { userId: ada.id, isAdmin: "false" });
    expect(await db().user.findUniqueOrThrow({ where: { id: ada.id } })).toMatchObject({ isAdmin: false });
    expect((await activity("user.admin_granted"))[0]).toMatchObject({ actorId: ada.id, entityId: bob.id, data: { email: bob.email, name: "Bob" } });
    expect((await activity("user.admin_revoked"))[0]).toMatchObject({ entityId: ada.id });
  });

  it("an invited admin who never set a password does not count either", async () => {
    const ada = await admin();
    await inviteUser(db(), ada, { name: "Ned", email: "ned-invited@example.com", isAdmin: "on" }, { baseUrl: BASE });
    expect(await countActiveAdmins(db())).toBe(1);
    await expect(setUserAdmin(db(), ada, { userId: ada.id, isAdmin: "false" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(deactivateUser(db(), ada, { userId: ada.id })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("a deactivated admin does not count: the last active one stays", async () => {
    const ada = await admin();
    const ben = await admin("Ben Admin");
    await deactivateUser(db(), ada, { userId: ben.id });
    await expect(setUserAdmin(db(), ada, { userId: ada.id, isAdmin: "false" })).rejects.toMatchObject({ code: "CONFLICT" });
    // Taking admin from the deactivated one is fine.
    await setUserAdmin(db(), ada, { userId: ben.id, isAdmin: "false" });
    await expect(setUserAdmin(db(), ada, { userId: ben.id, isAdmin: "true" })).rejects.toMatchObject({ code: "CONFLICT", message: "Ben Admin is deactivated. Reactivate them first." });
  });

  it("two admins demoting each other at the same instant: exactly one succeeds", async () => {
    for (let round = 0; round < 3; round++) {
      await resetDb();
      const ada = await admin();
      const ben = await admin("Ben Admin");
      const results = await Promise.allSettled([
        setUserAdmin(db(), ada, { userId: ben.id, isAdmin: "false" }),
        setUserAdmin(db(), ben, { userId: ada.id, isAdmin: "false" }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "CONFLICT" } });
      expect(await countActiveAdmins(db())).toBe(1);
    }
  });

  it("a demotion and a deactivation racing cannot leave no active admin", async () => {
    const ada = await admin();
    const ben = await admin("Ben Admin");
    const results = await Promise.allSettled([setUserAdmin(db(), ada, { userId: ada.id, isAdmin: "false" }), deactivateUser(db(), ada, { userId: ben.id })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await countActiveAdmins(db())).toBe(1);
  });
});

describe("deactivateUser / reactivateUser", () => {
  async function setupWithReport() {
    const ada = await admin();
    const fac = await makeUser(db(), { name: "Fay" });
    const bash = await createBash(db(), fac, { title: "RC bash", scheduledStart: "2030-03-01T10:00" });
    const rita: User = await makeMember(db(), bash.id, "PARTICIPANT", { name: "Rita Reporter" });
    await setBashStatus(db(), fac, bash.id, { status: "SCHEDULED" });
    await setBashStatus(db(), fac, bash.id, { status: "LIVE" });
    const report = await createReport(db(), rita, bash.id, { clientId: "client-rita-0001", title: "Checkout button does nothing" });
    return { ada, rita, report };
  }

  it("the person can no longer sign in, their API tokens and unused links are revoked, and their reports keep their name", async () => {
    const { ada, rita, report } = await setupWithReport();
    await db().apiToken.create({ data: { userId: rita.id, name: "CI", tokenHash: "h1" } });
    await db().apiToken.create({ data: { userId: rita.id, name: "old", tokenHash: "h2", revokedAt: new Date("2026-01-01T00:00:00Z") } });
    const link = await createPasswordLink(db(), ada, { userId: rita.id }, { baseUrl: BASE });

    await deactivateUser(db(), ada, { userId: rita.id });
    await expect(verifyLogin(db(), { email: rita.email, password: rita.password }, "10.0.0.3")).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "This account has been deactivated. Ask an admin of this Bashboard.",
    });
    const tokens = await db().apiToken.findMany({ where: { userId: rita.id }, orderBy: { name: "asc" } });
    expect(tokens.every((t) => t.revokedAt !== null)).toBe(true);
    expect(tokens.find((t) => t.name === "old")?.revokedAt?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    await expect(useUserToken(db(), { token: tokenOf(link.link!), password: "a-new-password-1" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db().report.findUniqueOrThrow({ where: { id: report.id } })).toMatchObject({ reporterId: rita.id, reporterName: "Rita Reporter" });
    expect((await activity("user.deactivated"))[0]).toMatchObject({ entityId: rita.id, data: { email: rita.email, name: "Rita Reporter", apiTokensRevoked: 1, passwordLinksRevoked: 1 } });
    expect((await listUsers(db(), ada, { status: "deactivated" })).users.map((u) => u.id)).toEqual([rita.id]);
    await expect(deactivateUser(db(), ada, { userId: rita.id })).rejects.toMatchObject({ code: "CONFLICT", message: "Rita Reporter is already deactivated." });

    await reactivateUser(db(), ada, { userId: rita.id });
    await expect(verifyLogin(db(), { email: rita.email, password: rita.password }, "10.0.0.4")).resolves.toMatchObject({ id: rita.id });
    expect(await db().apiToken.count({ where: { userId: rita.id, revokedAt: null } })).toBe(0);
    expect(await activity("user.reactivated")).toHaveLength(1);
    await expect(reactivateUser(db(), ada, { userId: rita.id })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("refuses to deactivate yourself or the last active admin", async () => {
    const ada = await admin();
    const ben = await admin("Ben Admin");
    await expect(deactivateUser(db(), ada, { userId: ada.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "You cannot deactivate your own account. Ask another admin.",
    });
    await setUserAdmin(db(), ada, { userId: ben.id, isAdmin: "false" });
    await setUserAdmin(db(), ada, { userId: ben.id, isAdmin: "true" });
    await deactivateUser(db(), ada, { userId: ben.id });
    // Ada is now the only active admin; another admin (reactivated Ben, demoted) cannot take her out.
    await reactivateUser(db(), ada, { userId: ben.id });
    await setUserAdmin(db(), ada, { userId: ben.id, isAdmin: "false" });
    const benNow = { ...ben, isAdmin: true }; // a stale session that still believes it is admin
    await expect(deactivateUser(db(), benNow, { userId: ada.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Ada Admin is the last active admin and cannot be deactivated. Make someone else an admin first (one who has signed in).",
    });
    expect(await countActiveAdmins(db())).toBe(1);
  });

  it("two admins deactivating each other at once: one stays", async () => {
    const ada = await admin();
    const ben = await admin("Ben Admin");
    const results = await Promise.allSettled([deactivateUser(db(), ada, { userId: ben.id }), deactivateUser(db(), ben, { userId: ada.id })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await countActiveAdmins(db())).toBe(1);
  });
});

describe("listUsers", () => {
  it("searches name and email, filters, counts bashes and shows the last password sign-in", async () => {
    const ada = await admin();
    const fac = await makeUser(db(), { name: "Fay Facilitator", email: "fay@corp.example" });
    await createBash(db(), fac, { title: "One" });
    await createBash(db(), fac, { title: "Two" });
    await verifyLogin(db(), { email: fac.email, password: fac.password }, "10.0.0.9");
    const all = await listUsers(db(), ada, {});
    expect(all.total).toBe(2);
    const fay = all.users.find((u) => u.id === fac.id)!;
    expect(fay).toMatchObject({ bashes: 2, status: "active", isAdmin: false });
    expect(fay.lastSignInAt).toBeInstanceOf(Date);
    expect(all.users.find((u) => u.id === ada.id)).toMatchObject({ lastSignInAt: null, isAdmin: true });
    expect((await listUsers(db(), ada, { q: "CORP.example" })).users.map((u) => u.id)).toEqual([fac.id]);
    expect((await listUsers(db(), ada, { q: "fay x" })).users).toHaveLength(0);
    expect((await listUsers(db(), ada, { q: "facil" })).users.map((u) => u.id)).toEqual([fac.id]);
    expect((await listUsers(db(), ada, { status: "admins" })).users.map((u) => u.id)).toEqual([ada.id]);
    // Nonsense in the query string falls back to the defaults.
    expect(await listUsers(db(), ada, { status: "weird", page: "-3" })).toMatchObject({ status: "all", page: 1, total: 2 });
  });

  it("caps a page at 50 and pages on", async () => {
    const ada = await admin();
    await db().user.createMany({ data: Array.from({ length: 60 }, (_, i) => ({ email: `p${i}@example.com`, name: `Person ${i}` })) });
    const p1 = await listUsers(db(), ada, {});
    expect(p1).toMatchObject({ total: 61, pages: 2 });
    expect(p1.users).toHaveLength(50);
    const p2 = await listUsers(db(), ada, { page: "2" });
    expect(p2.users).toHaveLength(11);
    expect(new Set([...p1.users, ...p2.users].map((u) => u.id)).size).toBe(61);
  });
});

describe("settings", () => {
  it("defaults when nothing is saved; saving validates and logs what changed", async () => {
    const ada = await admin();
    expect(await getSettings(db())).toEqual({ defaultLabel: "bug-bash", defaultDurationMinutes: 60, leaderboardHiddenByDefault: false, uploadMaxMb: null });
    await expect(updateSettings(db(), ada, { defaultLabel: " ", defaultDurationMinutes: "10", uploadMaxMb: "-1" })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: {
        defaultLabel: "Enter the default label, for example bug-bash.",
        defaultDurationMinutes: "A bash lasts at least 15 minutes.",
        uploadMaxMb: "The upload limit must be more than 0 MB.",
      },
    });
    await expect(updateSettings(db(), ada, { defaultLabel: "qa", defaultDurationMinutes: "500" })).rejects.toMatchObject({
      fieldErrors: { defaultDurationMinutes: "A bash lasts at most 240 minutes (4 hours)." },
    });
    await expect(updateSettings(db(), ada, { defaultLabel: "qa", defaultDurationMinutes: "90", uploadMaxMb: "abc" })).rejects.toMatchObject({
      fieldErrors: { uploadMaxMb: "Enter the upload limit in MB, or leave it empty." },
    });
    // Above the server's limit (20 MB by default).
    await expect(updateSettings(db(), ada, { defaultLabel: "qa", defaultDurationMinutes: "90", uploadMaxMb: "25" })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { uploadMaxMb: "The server allows uploads of at most 20 MB (UPLOAD_MAX_BYTES). Enter 20 or less, or leave it empty." },
    });
    expect(await db().setting.count()).toBe(0);

    await updateSettings(db(), ada, { defaultLabel: " qa-bash ", defaultDurationMinutes: "90", leaderboardHiddenByDefault: "on", uploadMaxMb: "5.5" });
    expect(await getSettings(db())).toEqual({ defaultLabel: "qa-bash", defaultDurationMinutes: 90, leaderboardHiddenByDefault: true, uploadMaxMb: 5.5 });
    const [log] = await activity("settings.updated");
    expect(log).toMatchObject({ actorId: ada.id, bashId: null, data: { changes: { defaultLabel: { from: "bug-bash", to: "qa-bash" }, uploadMaxMb: { from: null, to: 5.5 } } } });

    // Saving the same values again logs nothing; clearing the upload limit removes its row.
    await updateSettings(db(), ada, { defaultLabel: "qa-bash", defaultDurationMinutes: "90", leaderboardHiddenByDefault: "on", uploadMaxMb: "5.5" });
    expect(await activity("settings.updated")).toHaveLength(1);
    await updateSettings(db(), ada, { defaultLabel: "qa-bash", defaultDurationMinutes: "90", uploadMaxMb: "" });
    expect(await getSettings(db())).toMatchObject({ leaderboardHiddenByDefault: false, uploadMaxMb: null });
    expect(await db().setting.findUnique({ where: { key: "uploads.maxMb" } })).toBeNull();
  });

  it("createBash takes the default label, duration and leaderboard setting when the creator did not choose", async () => {
    const ada = await admin();
    const fac = await makeUser(db(), { name: "Fay" });
    const plain = await createBash(db(), fac, { title: "Before" });
    expect(plain).toMatchObject({ label: "bug-bash", durationMinutes: 60, leaderboardHidden: false });

    await updateSettings(db(), ada, { defaultLabel: "qa-bash", defaultDurationMinutes: "90", leaderboardHiddenByDefault: "on" });
    expect(await createBash(db(), fac, { title: "Defaults" })).toMatchObject({ label: "qa-bash", durationMinutes: 90, leaderboardHidden: true });
    expect(await createBash(db(), fac, { title: "Empty field", durationMinutes: "" })).toMatchObject({ durationMinutes: 90 });
    expect(await createBash(db(), fac, { title: "Chosen", durationMinutes: "45" })).toMatchObject({ durationMinutes: 45, label: "qa-bash" });
    await expect(createBash(db(), fac, { title: "Bad", durationMinutes: "5" })).rejects.toMatchObject({ code: "INVALID" });
  });

  it("the upload limit: the setting when there is one, never above the server's limit", async () => {
    const ada = await admin();
    expect(await resolveUploadMaxBytes(db())).toBe(20 * MB);
    await updateSettings(db(), ada, { defaultLabel: "bug-bash", defaultDurationMinutes: "60", uploadMaxMb: "2" });
    expect(await resolveUploadMaxBytes(db())).toBe(2 * MB);
    expect(() => assertUploadSize(3 * MB, 2 * MB)).toThrow("That file is 3 MB; the limit is 2 MB.");
    // The operator lowers the server's limit below the setting: the lower one wins.
    process.env.UPLOAD_MAX_BYTES = String(1 * MB);
    expect(await resolveUploadMaxBytes(db())).toBe(1 * MB);
    expect(await resolveUploadMaxBytes(db(), { UPLOAD_MAX_BYTES: String(50 * MB) })).toBe(2 * MB);
  });

  it("a test email goes to the admin (or the address typed); a delivery error is reported", async () => {
    const ada = await admin();
    await expect(sendTestEmail(db(), ada, {})).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("SMTP_URL") });
    const smtp = await startSmtp();
    process.env.SMTP_URL = smtp.url;
    await expect(sendTestEmail(db(), ada, {})).resolves.toEqual({ to: ada.email, status: "SENT" });
    await expect(sendTestEmail(db(), ada, { to: "Other@Example.com" })).resolves.toEqual({ to: "other@example.com", status: "SENT" });
    expect(smtp.received.map((m) => m.rcptTo[0])).toEqual([ada.email, "other@example.com"]);
    smtp.reject.add("bounce@example.com");
    await expect(sendTestEmail(db(), ada, { to: "bounce@example.com" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("The test email to bounce@example.com was not sent: The mail server refused the recipient"),
    });
    await expect(sendTestEmail(db(), ada, { to: "nope" })).rejects.toMatchObject({ code: "INVALID" });
    expect(await activity("settings.test_email")).toHaveLength(3);
  });

  it("the environment summary never shows a secret", () => {
    const env = environmentSummary({
      DATABASE_URL: "postgresql://bb:db-secret@db.internal:5432/bb",
      SMTP_URL: "smtp://mailer:smtp-secret@mail.example.com:587",
      MAIL_FROM: "Bashboard <bb@example.com>",
      S3_BUCKET: "uploads",
      S3_ENDPOINT: "https://minio.example.com:9000",
      S3_SECRET_ACCESS_KEY: "s3-secret",
      GITHUB_TOKEN: "gh-secret",
      GITHUB_REPO: "acme/app",
      GITHUB_ID: "id",
      GITHUB_SECRET: "oauth-secret",
      APP_URL: "https://bb.example.com/",
    });
    const text = JSON.stringify(env);
    for (const secret of ["db-secret", "smtp-secret", "s3-secret", "gh-secret", "oauth-secret", "mailer"]) expect(text).not.toContain(secret);
    expect(env).toMatchObject({
      database: { kind: "external", host: "db.internal" },
      smtp: { configured: true, host: "mail.example.com", from: "Bashboard <bb@example.com>" },
      storage: { kind: "s3", bucket: "uploads", endpointHost: "minio.example.com" },
      github: { configured: true, repo: "acme/app" },
      oauth: ["GitHub"],
    });
    expect(environmentSummary({ DATABASE_URL: "postgresql://x@127.0.0.1:54320/bashboard" }).database.kind).toBe("embedded");
  });
});
