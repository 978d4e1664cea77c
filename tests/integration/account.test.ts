import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  FORGOT_LIMITS,
  FORGOT_SENT_MESSAGE,
  addProfileDevice,
  changePassword,
  removeProfileDevice,
  requestPasswordReset,
  resetPasswordWithLink,
  saveBashDeviceToProfile,
  setEmailPrefs,
  updateProfile,
} from "@/lib/account/commands";
import { OPTIONAL_EMAIL_KINDS } from "@/lib/account/notification-kinds";
import { getAccount } from "@/lib/account/queries";
import { MAX_SAVED_DEVICES } from "@/lib/account/schema";
import { createBash } from "@/lib/bashes/commands";
import { queueEmails, type OutgoingEmail } from "@/lib/mail/mailer";
import { MAX_DEVICES, addMyDevice, addSavedDevice, sendReminders } from "@/lib/participants/commands";
import { verifyLogin } from "@/lib/users/login";
import { verifyPassword } from "@/lib/users/password";
import { inspectUserToken, issueUserToken } from "@/lib/users/tokens";
import { closeSmtpServers, startSmtp } from "../factories/smtp";
import { sessionStillValid } from "@/lib/auth";
import { makeMember, makeUser } from "../factories/users";
import { db, resetDb } from "./db";

beforeEach(resetDb);

const BASE = "https://bashboard.example.com";
const savedSmtp = process.env.SMTP_URL;
beforeEach(() => {
  delete process.env.SMTP_URL;
});
afterEach(async () => {
  if (savedSmtp === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = savedSmtp;
  await closeSmtpServers();
});

const WEB = { kind: "WEB", os: "Windows", osVersion: "11", browser: "Chrome", browserVersion: "131" };
const PHONE = { kind: "MOBILE", phoneName: "Pixel 8", os: "Android", osVersion: "14" };

const hashOf = async (id: string) => (await db().user.findUniqueOrThrow({ where: { id } })).passwordHash;
const savedOf = (userId: string) => db().device.findMany({ where: { userId, membershipId: null }, orderBy: { createdAt: "asc" } });

describe("profile", () => {
  it("changes name and designation; bad input is INVALID and changes nothing", async () => {
    const u = await makeUser(db(), { name: "Pat" });
    await updateProfile(db(), u, { name: "  Pat Tester ", designation: " QA lead " });
    expect(await db().user.findUniqueOrThrow({ where: { id: u.id } })).toMatchObject({ name: "Pat Tester", designation: "QA lead" });
    expect(await db().activity.count({ where: { actorId: u.id, type: "account.profile_updated", bashId: null } })).toBe(1);

    await expect(updateProfile(db(), u, { name: "   ", designation: "PM" })).rejects.toMatchObject({ code: "INVALID", message: "Enter your name.", fieldErrors: { name: "Enter your name." } });
    await expect(updateProfile(db(), u, { name: "Pat", designation: "x".repeat(101) })).rejects.toMatchObject({
      code: "INVALID",
      message: "Keep the designation under 100 characters.",
    });
    expect(await db().user.findUniqueOrThrow({ where: { id: u.id } })).toMatchObject({ name: "Pat Tester", designation: "QA lead" });

    await updateProfile(db(), u, { name: "Pat", designation: "" });
    expect(await db().user.findUniqueOrThrow({ where: { id: u.id } })).toMatchObject({ name: "Pat", designation: null });
    expect(await getAccount(db(), u)).toMatchObject({ name: "Pat", designation: "", hasPassword: true, devices: [] });
  });
});

describe("change password", () => {
  it("needs the right current password; a wrong one is INVALID and changes nothing", async () => {
    const u = await makeUser(db());
    const before = await hashOf(u.id);
    await expect(changePassword(db(), u, { currentPassword: "not my password", newPassword: "a brand new password", confirmPassword: "a brand new password" })).rejects.toMatchObject({
      code: "INVALID",
      message: "That is not your current password. Nothing was changed.",
      fieldErrors: { currentPassword: "That is not your current password." },
    });
    expect(await hashOf(u.id)).toBe(before);

    await expect(changePassword(db(), u, { currentPassword: u.password, newPassword: "short", confirmPassword: "short" })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { newPassword: "Use at least 10 characters for the password." },
    });
    await expect(changePassword(db(), u, { currentPassword: u.password, newPassword: "a brand new password", confirmPassword: "a brand new passw0rd" })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { confirmPassword: "The two new passwords do not match. Type them again." },
    });
    await expect(changePassword(db(), u, { currentPassword: u.password, newPassword: u.password, confirmPassword: u.password })).rejects.toMatchObject({ code: "INVALID" });
    expect(await hashOf(u.id)).toBe(before);
    expect(await db().activity.count({ where: { type: "account.password_changed" } })).toBe(0);
  });

  it("sets the new password, retires open reset links, and the old password stops working", async () => {
    const u = await makeUser(db());
    const { token } = await db().$transaction((tx) => issueUserToken(tx, { userId: u.id, purpose: "RESET" }));
    await changePassword(db(), u, { currentPassword: u.password, newPassword: "a brand new password", confirmPassword: "a brand new password" });
    expect(await verifyPassword("a brand new password", await hashOf(u.id))).toBe(true);
    await expect(verifyLogin(db(), { email: u.email, password: u.password }, "10.0.0.9")).rejects.toMatchObject({ code: "INVALID" });
    await expect(verifyLogin(db(), { email: u.email, password: "a brand new password" }, "10.0.0.9")).resolves.toMatchObject({ id: u.id });
    expect(await inspectUserToken(db(), token)).toEqual({ state: "used" });
    expect(await db().activity.count({ where: { actorId: u.id, type: "account.password_changed", bashId: null } })).toBe(1);
  });

  it("an account without a password (external sign-in) is told how to get one", async () => {
    const u = await makeUser(db());
    await db().user.update({ where: { id: u.id }, data: { passwordHash: null } });
    await expect(changePassword(db(), u, { currentPassword: "whatever", newPassword: "a brand new password", confirmPassword: "a brand new password" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(await getAccount(db(), u)).toMatchObject({ hasPassword: false });
  });
});

describe("saved devices on my profile", () => {
  it("adds, refuses a duplicate and bad input, removes", async () => {
    const u = await makeUser(db());
    const d = await addProfileDevice(db(), u, WEB);
    expect(d).toMatchObject({ ...WEB, userId: u.id, membershipId: null });
    await addProfileDevice(db(), u, PHONE);
    await expect(addProfileDevice(db(), u, { ...WEB, os: "windows" })).rejects.toMatchObject({ code: "CONFLICT", message: "Windows 11 · Chrome 131 is already on your profile." });
    await expect(addProfileDevice(db(), u, { kind: "WEB", os: "", browser: "Chrome" })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { os: "Enter the operating system, for example Windows 11." },
    });
    expect(await savedOf(u.id)).toHaveLength(2);
    expect((await getAccount(db(), u)).devices.map((x) => x.id)).toContain(d.id);

    await removeProfileDevice(db(), u, { deviceId: d.id });
    expect((await savedOf(u.id)).map((x) => x.kind)).toEqual(["MOBILE"]);
    await expect(removeProfileDevice(db(), u, { deviceId: d.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db().activity.count({ where: { actorId: u.id, bashId: null, type: { in: ["account.device_saved", "account.device_removed"] } } })).toBe(3);
  });

  it(`keeps at most ${MAX_SAVED_DEVICES}`, async () => {
    const u = await makeUser(db());
    for (let i = 0; i < MAX_SAVED_DEVICES; i++) await addProfileDevice(db(), u, { ...WEB, browserVersion: String(100 + i) });
    await expect(addProfileDevice(db(), u, { ...WEB, browserVersion: "999" })).rejects.toMatchObject({
      code: "INVALID",
      message: `You can save up to ${MAX_SAVED_DEVICES} devices on your profile. Remove one first.`,
    });
    expect(await savedOf(u.id)).toHaveLength(MAX_SAVED_DEVICES);
  });

  it("cannot remove someone else's saved device, nor a bash device through the profile", async () => {
    const fac = await makeUser(db());
    const bash = await createBash(db(), fac, { title: "RC bash" });
    const other = await makeUser(db());
    const theirs = await addProfileDevice(db(), other, WEB);
    const me = await makeMember(db(), bash.id, "PARTICIPANT");
    await expect(removeProfileDevice(db(), me, { deviceId: theirs.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const onBash = await addMyDevice(db(), me, bash.id, PHONE);
    await expect(removeProfileDevice(db(), me, { deviceId: onBash.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db().device.count()).toBe(2);
  });
});

describe("add a saved device to a bash", () => {
  async function setup() {
    const fac = await makeUser(db(), { name: "Fay" });
    const bash = await createBash(db(), fac, { title: "RC bash" });
    const pat = await makeMember(db(), bash.id, "PARTICIPANT", { name: "Pat" });
    const membership = await db().membership.findUniqueOrThrow({ where: { bashId_userId: { bashId: bash.id, userId: pat.id } } });
    return { fac, bash, pat, membershipId: membership.id };
  }

  it("adds a copy once; the saved device stays on the profile", async () => {
    const { bash, pat, membershipId } = await setup();
    const saved = await addProfileDevice(db(), pat, PHONE);
    const r = await addSavedDevice(db(), pat, bash.id, { deviceId: saved.id });
    expect(r.added).toBe(true);
    expect(r.device.id).not.toBe(saved.id);
    expect(r.device).toMatchObject({ ...PHONE, userId: pat.id, membershipId });
    expect(await db().activity.findFirst({ where: { bashId: bash.id, type: "device.added", entityId: r.device.id } })).toMatchObject({ data: { fromProfile: true } });

    const again = await addSavedDevice(db(), pat, bash.id, { deviceId: saved.id });
    expect(again).toMatchObject({ added: false, device: { id: r.device.id } });
    expect(await db().device.count({ where: { membershipId } })).toBe(1);
    expect(await savedOf(pat.id)).toHaveLength(1);

    // Removing the saved one keeps the copy in the bash.
    await removeProfileDevice(db(), pat, { deviceId: saved.id });
    expect(await db().device.count({ where: { membershipId } })).toBe(1);
  });

  it("refuses someone else's saved device, a bash device, strangers and a full list", async () => {
    const { bash, pat, membershipId } = await setup();
    const other = await makeMember(db(), bash.id, "PARTICIPANT");
    const theirs = await addProfileDevice(db(), other, WEB);
    await expect(addSavedDevice(db(), pat, bash.id, { deviceId: theirs.id })).rejects.toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining("That saved device") });
    const theirBashDevice = await addMyDevice(db(), other, bash.id, PHONE);
    await expect(addSavedDevice(db(), pat, bash.id, { deviceId: theirBashDevice.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const myBashDevice = await addMyDevice(db(), pat, bash.id, PHONE);
    await expect(addSavedDevice(db(), pat, bash.id, { deviceId: myBashDevice.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(addSavedDevice(db(), pat, bash.id, {})).rejects.toMatchObject({ code: "INVALID" });

    const stranger = await makeUser(db());
    const strangers = await addProfileDevice(db(), stranger, WEB);
    await expect(addSavedDevice(db(), stranger, bash.id, { deviceId: strangers.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    for (let i = 1; i < MAX_DEVICES; i++) await addMyDevice(db(), pat, bash.id, { ...WEB, browserVersion: String(i) });
    const mine = await addProfileDevice(db(), pat, { ...WEB, browser: "Firefox" });
    await expect(addSavedDevice(db(), pat, bash.id, { deviceId: mine.id })).rejects.toMatchObject({
      code: "INVALID",
      message: `You can list up to ${MAX_DEVICES} devices for one bash. Remove one first.`,
    });
    expect(await db().device.count({ where: { membershipId } })).toBe(MAX_DEVICES);
  });

  it("saves a device typed for a bash to my profile, once", async () => {
    const { bash, pat } = await setup();
    const typed = await addMyDevice(db(), pat, bash.id, WEB);
    const r = await saveBashDeviceToProfile(db(), pat, { deviceId: typed.id });
    expect(r).toMatchObject({ saved: true, device: { ...WEB, membershipId: null, userId: pat.id } });
    expect(await saveBashDeviceToProfile(db(), pat, { deviceId: typed.id })).toMatchObject({ saved: false });
    expect(await savedOf(pat.id)).toHaveLength(1);

    const other = await makeMember(db(), bash.id, "PARTICIPANT");
    await expect(saveBashDeviceToProfile(db(), other, { deviceId: typed.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await savedOf(other.id)).toHaveLength(0);
  });
});

describe("email preferences", () => {
  const mail = (over: Partial<OutgoingEmail>): OutgoingEmail => ({ kind: "reminder", toEmail: "x@example.com", subject: "S", text: "T", ...over });

  it("stores only what is off; in-app is untouched", async () => {
    const u = await makeUser(db());
    expect((await getAccount(db(), u)).emailPrefs.every((k) => k.enabled)).toBe(true);
    await setEmailPrefs(db(), u, { "report.question": "on", "report.answer": "on", "bash.rescheduled": "on" });
    expect((await db().user.findUniqueOrThrow({ where: { id: u.id } })).emailPrefs).toEqual({ reminder: false });
    const prefs = (await getAccount(db(), u)).emailPrefs;
    expect(prefs.map((k) => [k.kind, k.enabled])).toEqual(OPTIONAL_EMAIL_KINDS.map((k) => [k.kind, k.kind !== "reminder"]));
    await setEmailPrefs(db(), u, Object.fromEntries(OPTIONAL_EMAIL_KINDS.map((k) => [k.kind, true])));
    expect((await db().user.findUniqueOrThrow({ where: { id: u.id } })).emailPrefs).toEqual({});
  });

  it("queueEmails drops optional kinds the person turned off, never the ones that must go", async () => {
    const off = await makeUser(db(), { email: "off@example.com" });
    await makeUser(db(), { email: "on@example.com" });
    await setEmailPrefs(db(), off, { "bash.rescheduled": "on" });
    const ids = await queueEmails(db(), [
      mail({ kind: "reminder", toEmail: "OFF@example.com" }),
      mail({ kind: "report.question", toEmail: "off@example.com" }),
      mail({ kind: "bash.rescheduled", toEmail: "off@example.com" }),
      mail({ kind: "password.reset", toEmail: "off@example.com" }),
      mail({ kind: "invite", toEmail: "off@example.com" }),
      mail({ kind: "test", toEmail: "off@example.com" }),
      mail({ kind: "reminder", toEmail: "on@example.com" }),
      mail({ kind: "reminder", toEmail: "nobody-yet@example.com" }),
    ]);
    expect(ids).toHaveLength(6);
    const rows = await db().emailMessage.findMany({ orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => `${r.kind} ${r.toEmail.toLowerCase()}`).sort()).toEqual(
      [
        "bash.rescheduled off@example.com",
        "password.reset off@example.com",
        "invite off@example.com",
        "test off@example.com",
        "reminder on@example.com",
        "reminder nobody-yet@example.com",
      ].sort(),
    );
  });

  it("a reminder still reaches the bell of someone who turned reminder emails off", async () => {
    const fac = await makeUser(db());
    const bash = await createBash(db(), fac, { title: "RC bash" });
    const quiet = await makeMember(db(), bash.id, "PARTICIPANT");
    const loud = await makeMember(db(), bash.id, "PARTICIPANT");
    await setEmailPrefs(db(), quiet, {});
    const res = await sendReminders(db(), fac, bash.id, {}, { baseUrl: BASE });
    expect(res).toMatchObject({ reminded: 2, outbox: 1 });
    expect((await db().emailMessage.findMany()).map((m) => m.toEmail)).toEqual([loud.email]);
    expect(await db().notification.count({ where: { kind: "reminder", userId: { in: [quiet.id, loud.id] } } })).toBe(2);
  });
});

describe("forgot password", () => {
  const linkIn = (text: string) => {
    const m = /https:\/\/bashboard\.example\.com\/reset\/([A-Za-z0-9_-]+)/.exec(text);
    if (!m) throw new Error(`no reset link in: ${text}`);
    return m[1];
  };

  it("without SMTP: no link is made, the page says to ask an admin", async () => {
    const u = await makeUser(db());
    await expect(requestPasswordReset(db(), { email: u.email }, { ip: "10.1.1.1", baseUrl: BASE })).resolves.toEqual({ smtp: false });
    expect(await db().passwordResetToken.count()).toBe(0);
    expect(await db().emailMessage.count()).toBe(0);
  });

  it("emails a one-hour link to a known address; unknown and deactivated addresses get the same answer and no email", async () => {
    const smtp = await startSmtp();
    process.env.SMTP_URL = smtp.url;
    const u = await makeUser(db(), { name: "Pat Tester" });
    const gone = await makeUser(db());
    await db().user.update({ where: { id: gone.id }, data: { deactivatedAt: new Date() } });

    const known = await requestPasswordReset(db(), { email: ` ${u.email.toUpperCase()} ` }, { ip: "10.1.1.2", baseUrl: BASE });
    const unknown = await requestPasswordReset(db(), { email: "nobody@example.com" }, { ip: "10.1.1.2", baseUrl: BASE });
    const deactivated = await requestPasswordReset(db(), { email: gone.email }, { ip: "10.1.1.2", baseUrl: BASE });
    expect(known).toEqual({ smtp: true });
    expect(unknown).toEqual(known);
    expect(deactivated).toEqual(known);
    expect(FORGOT_SENT_MESSAGE).toMatch(/^If an account uses that email/);

    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].rcptTo).toEqual([u.email]);
    const token = linkIn(smtp.received[0].mail.text ?? "");
    const row = await db().passwordResetToken.findFirstOrThrow();
    expect(row).toMatchObject({ userId: u.id, purpose: "RESET", createdById: null, usedAt: null });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeGreaterThan(59 * 60_000);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeLessThanOrEqual(61 * 60_000);
    const stored = await db().emailMessage.findFirstOrThrow();
    expect(stored).toMatchObject({ kind: "password.reset", status: "SENT", link: "" });
    // Once sent, the stored copy no longer holds the secret link.
    expect(stored.text).not.toContain(token);
    expect(stored.text).toContain("[one-time link removed");

    const state = await inspectUserToken(db(), token);
    expect(state).toMatchObject({ state: "ok", purpose: "RESET", user: { id: u.id, name: "Pat Tester", email: u.email } });

    // The link works once.
    await expect(resetPasswordWithLink(db(), { token, password: "my new password!", confirm: "my new password?" })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { confirm: "The two passwords do not match. Type them again." },
    });
    expect((await inspectUserToken(db(), token)).state).toBe("ok");
    await expect(resetPasswordWithLink(db(), { token, password: "my new password!", confirm: "my new password!" })).resolves.toMatchObject({ email: u.email });
    await expect(verifyLogin(db(), { email: u.email, password: "my new password!" }, "10.1.1.3")).resolves.toMatchObject({ id: u.id });
    await expect(resetPasswordWithLink(db(), { token, password: "another password", confirm: "another password" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This link has already been used. Ask for a new one.",
    });
    expect(await inspectUserToken(db(), token)).toEqual({ state: "used" });
    await expect(verifyLogin(db(), { email: u.email, password: "my new password!" }, "10.1.1.3")).resolves.toMatchObject({ id: u.id });
    // Sessions signed in before the reset are over; later ones are fine.
    const changedAt = (await db().user.findUniqueOrThrow({ where: { id: u.id } })).passwordChangedAt;
    expect(changedAt).not.toBeNull();
    expect(sessionStillValid(changedAt!.getTime() - 1, changedAt)).toBe(false);
    expect(sessionStillValid(undefined, changedAt)).toBe(false);
    expect(sessionStillValid(changedAt!.getTime() + 1, changedAt)).toBe(true);
    expect(sessionStillValid(undefined, null)).toBe(true);
  });

  it("without a configured public URL nothing is emailed (a link must never follow the request's Host)", async () => {
    const smtp = await startSmtp();
    process.env.SMTP_URL = smtp.url;
    const u = await makeUser(db());
    await expect(requestPasswordReset(db(), { email: u.email }, { ip: "10.1.1.9", baseUrl: null })).resolves.toEqual({ smtp: false });
    expect(smtp.received).toHaveLength(0);
    expect(await db().passwordResetToken.count()).toBe(0);
  });

  it("a bad email address is INVALID; nothing is sent", async () => {
    const smtp = await startSmtp();
    process.env.SMTP_URL = smtp.url;
    await expect(requestPasswordReset(db(), { email: "not an email" }, { ip: "10.1.1.4", baseUrl: BASE })).rejects.toMatchObject({ code: "INVALID" });
    expect(smtp.received).toHaveLength(0);
  });

  it(`is rate-limited per email (${FORGOT_LIMITS.perEmail}/hour) and per IP (${FORGOT_LIMITS.perIp}/hour)`, async () => {
    const smtp = await startSmtp();
    process.env.SMTP_URL = smtp.url;
    const u = await makeUser(db());
    const now = new Date("2030-01-01T10:05:00Z");
    for (let i = 0; i < FORGOT_LIMITS.perEmail; i++) {
      await requestPasswordReset(db(), { email: u.email }, { ip: `10.2.0.${i}`, baseUrl: BASE, now });
    }
    await expect(requestPasswordReset(db(), { email: u.email }, { ip: "10.2.0.99", baseUrl: BASE, now })).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: "Too many password reset requests. Wait 55 minutes and try again, or ask an admin of this Bashboard for a reset link.",
    });
    // An unknown address is limited the same way (the limit does not reveal whether it exists).
    for (let i = 0; i < FORGOT_LIMITS.perEmail; i++) await requestPasswordReset(db(), { email: "ghost@example.com" }, { ip: `10.3.0.${i}`, baseUrl: BASE, now });
    await expect(requestPasswordReset(db(), { email: "ghost@example.com" }, { ip: "10.3.0.99", baseUrl: BASE, now })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(smtp.received).toHaveLength(FORGOT_LIMITS.perEmail);
    // Only the newest link works.
    expect(await db().passwordResetToken.count({ where: { userId: u.id, usedAt: null } })).toBe(1);

    for (let i = 0; i < FORGOT_LIMITS.perIp; i++) await requestPasswordReset(db(), { email: `p${i}@example.com` }, { ip: "10.9.9.9", baseUrl: BASE, now });
    await expect(requestPasswordReset(db(), { email: "one-more@example.com" }, { ip: "10.9.9.9", baseUrl: BASE, now })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    // The next window starts afresh.
    await expect(requestPasswordReset(db(), { email: u.email }, { ip: "10.9.9.9", baseUrl: BASE, now: new Date("2030-01-01T11:00:01Z") })).resolves.toEqual({ smtp: true });
  });
});

describe("links that cannot be used", () => {
  it("an expired link is refused and changes nothing", async () => {
    const u = await makeUser(db());
    const before = await hashOf(u.id);
    const { token } = await db().$transaction((tx) => issueUserToken(tx, { userId: u.id, purpose: "RESET", now: new Date(Date.now() - 2 * 3600_000) }));
    expect(await inspectUserToken(db(), token)).toEqual({ state: "expired" });
    await expect(resetPasswordWithLink(db(), { token, password: "my new password!", confirm: "my new password!" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This link has expired. Ask for a new one.",
    });
    expect(await hashOf(u.id)).toBe(before);
  });

  it("a used link, a replaced link and an unknown link are refused", async () => {
    const admin = await makeUser(db(), { isAdmin: true });
    const u = await makeUser(db());
    const first = await db().$transaction((tx) => issueUserToken(tx, { userId: u.id, purpose: "INVITE", createdById: admin.id }));
    const second = await db().$transaction((tx) => issueUserToken(tx, { userId: u.id, purpose: "INVITE", createdById: admin.id }));
    expect(await inspectUserToken(db(), first.token)).toEqual({ state: "used" });
    expect(await inspectUserToken(db(), second.token)).toMatchObject({ state: "ok", purpose: "INVITE" });
    await expect(resetPasswordWithLink(db(), { token: first.token, password: "my new password!", confirm: "my new password!" })).rejects.toMatchObject({ code: "CONFLICT" });
    await resetPasswordWithLink(db(), { token: second.token, password: "my new password!", confirm: "my new password!" });
    await expect(resetPasswordWithLink(db(), { token: second.token, password: "other password!", confirm: "other password!" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This link has already been used. Ask for a new one.",
    });
    expect(await inspectUserToken(db(), "x".repeat(43))).toEqual({ state: "unknown" });
    await expect(resetPasswordWithLink(db(), { token: "x".repeat(43), password: "my new password!", confirm: "my new password!" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(resetPasswordWithLink(db(), { token: "short", password: "my new password!", confirm: "my new password!" })).rejects.toMatchObject({ code: "INVALID" });
  });
});
