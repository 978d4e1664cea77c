// My account: name and designation, password, devices saved on my profile, email preferences; and
// the signed-out side: "forgot password" and setting a password with a one-time link.
import crypto from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { logActivity } from "@/lib/activity/log";
import {
  MAX_SAVED_DEVICES,
  ZChangePassword,
  ZDeviceRef,
  ZEmailPrefs,
  ZForgotPassword,
  ZProfile,
  ZResetPassword,
  deviceFields,
  sameDevice,
} from "@/lib/account/schema";
import { OPTIONAL_EMAIL_KINDS } from "@/lib/account/notification-kinds";
import { describeDevice, ZDevice } from "@/lib/devices/schema";
import { AppError, isAppError, notFound } from "@/lib/errors";
import { deliverEmails, queueEmails, smtpConfigured } from "@/lib/mail/mailer";
import type { Actor } from "@/lib/policy";
import { hitRateLimit } from "@/lib/security/rate-limit";
import { hashPassword, verifyPassword } from "@/lib/users/password";
import { TOKEN_TTL_MINUTES, issueUserToken, passwordLinkUrl, redactPasswordLinks, useUserToken as redeemUserToken } from "@/lib/users/tokens";
import { parseInput } from "@/lib/validation";

/** Change my name and designation. */
export async function updateProfile(db: PrismaClient, actor: Actor, raw: unknown) {
  const input = parseInput(ZProfile, raw);
  return db.$transaction(async (tx) => {
    const user = await tx.user.update({
      where: { id: actor.id },
      data: { name: input.name, designation: input.designation || null },
      select: { id: true, name: true, designation: true },
    });
    await logActivity(tx, { bashId: null, actorId: actor.id, type: "account.profile_updated", entityType: "user", entityId: actor.id });
    return user;
  });
}

/** Wrong current passwords per person before a pause (also slows down someone at an unlocked screen). */
export const PASSWORD_CHANGE_LIMIT = { attempts: 10, windowSeconds: 15 * 60 };

/** Change my password: the current one is required; the new one follows the usual rules. */
export async function changePassword(db: PrismaClient, actor: Actor, raw: unknown) {
  const input = parseInput(ZChangePassword, raw);
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { passwordHash: true } });
  if (!user?.passwordHash) {
    throw new AppError("CONFLICT", "Your account has no password: you sign in with an external provider. Use “Forgot password?” on the sign-in page, or ask an admin for a link, to set one.");
  }
  await limited(() =>
    hitRateLimit(db, `password-change:${actor.id}`, PASSWORD_CHANGE_LIMIT.attempts, PASSWORD_CHANGE_LIMIT.windowSeconds),
    (minutes) => `Too many attempts to change your password. Wait ${minutes} and try again.`,
  );
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new AppError("INVALID", "That is not your current password. Nothing was changed.", { fieldErrors: { currentPassword: "That is not your current password." } });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    // Only if nobody changed it meanwhile (another tab, a reset link).
    const r = await tx.user.updateMany({ where: { id: actor.id, passwordHash: user.passwordHash }, data: { passwordHash, passwordChangedAt: new Date() } });
    if (r.count === 0) throw new AppError("CONFLICT", "Your password was changed somewhere else just now. Reload the page and try again.");
    // Any reset link still lying around would undo this change: retire it.
    await tx.passwordResetToken.updateMany({ where: { userId: actor.id, usedAt: null }, data: { usedAt: new Date() } });
    await logActivity(tx, { bashId: null, actorId: actor.id, type: "account.password_changed", entityType: "user", entityId: actor.id });
  });
}

/** Save a device on my profile, to add it to any bash with one tap. */
export async function addProfileDevice(db: PrismaClient, actor: Actor, raw: unknown) {
  const input = parseInput(ZDevice, raw);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`select id from "User" where id = ${actor.id} for update`;
    const saved = await tx.device.findMany({ where: { userId: actor.id, membershipId: null } });
    const same = saved.find((d) => sameDevice(d, input));
    if (same) throw new AppError("CONFLICT", `${describeDevice(same)} is already on your profile.`);
    if (saved.length >= MAX_SAVED_DEVICES) throw new AppError("INVALID", `You can save up to ${MAX_SAVED_DEVICES} devices on your profile. Remove one first.`);
    const device = await tx.device.create({ data: { ...input, userId: actor.id, membershipId: null } });
    await logActivity(tx, { bashId: null, actorId: actor.id, type: "account.device_saved", entityType: "device", entityId: device.id, data: { kind: device.kind, os: device.os } });
    return device;
  });
}

/** Remove a device from my profile (copies already added to bashes stay there). */
export async function removeProfileDevice(db: PrismaClient, actor: Actor, raw: unknown) {
  const { deviceId } = parseInput(ZDeviceRef, raw);
  await db.$transaction(async (tx) => {
    const r = await tx.device.deleteMany({ where: { id: deviceId, userId: actor.id, membershipId: null } });
    if (r.count === 0) throw notFound("That saved device");
    await logActivity(tx, { bashId: null, actorId: actor.id, type: "account.device_removed", entityType: "device", entityId: deviceId });
  });
}

/** "Save to my profile" for a device I listed in a bash. Saving one already on the profile does nothing. */
export async function saveBashDeviceToProfile(db: PrismaClient, actor: Actor, raw: unknown) {
  const { deviceId } = parseInput(ZDeviceRef, raw);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`select id from "User" where id = ${actor.id} for update`;
    const src = await tx.device.findFirst({ where: { id: deviceId, userId: actor.id, membershipId: { not: null } } });
    if (!src) throw notFound("That device");
    const saved = await tx.device.findMany({ where: { userId: actor.id, membershipId: null } });
    const same = saved.find((d) => sameDevice(d, src));
    if (same) return { device: same, saved: false };
    if (saved.length >= MAX_SAVED_DEVICES) throw new AppError("INVALID", `You can save up to ${MAX_SAVED_DEVICES} devices on your profile. Remove one on My account first.`);
    const device = await tx.device.create({ data: { ...deviceFields(src), userId: actor.id, membershipId: null } });
    await logActivity(tx, { bashId: null, actorId: actor.id, type: "account.device_saved", entityType: "device", entityId: device.id, data: { kind: device.kind, os: device.os } });
    return { device, saved: true };
  });
}

/** Which optional emails I get. In-app notifications are always on. */
export async function setEmailPrefs(db: PrismaClient, actor: Actor, raw: unknown) {
  const input = parseInput(ZEmailPrefs, raw) as Record<string, boolean>;
  const off = Object.fromEntries(OPTIONAL_EMAIL_KINDS.filter((k) => !input[k.kind]).map((k) => [k.kind, false]));
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.id }, data: { emailPrefs: off } });
    await logActivity(tx, { bashId: null, actorId: actor.id, type: "account.email_prefs", entityType: "user", entityId: actor.id, data: { off: Object.keys(off) } });
  });
  return { off: Object.keys(off) };
}

// --- signed out -------------------------------------------------------------------------------

/** "Forgot password" requests: per email address and per IP, in one window. */
export const FORGOT_LIMITS = { perEmail: 3, perIp: 20, windowSeconds: 60 * 60 };

/** The one answer a "forgot password" request gets, whether or not the account exists. */
export const FORGOT_SENT_MESSAGE = "If an account uses that email, we have sent it a link to choose a new password. The link works for one hour. Check your inbox (and spam folder).";

/**
 * Email a reset link, if SMTP is configured and an active account uses the address. The answer is
 * the same either way (no account enumeration). `defer` runs the SMTP delivery after the response
 * (Next's `after`), so a known address does not answer slower than an unknown one.
 */
export async function requestPasswordReset(
  db: PrismaClient,
  raw: unknown,
  opts: { ip: string; baseUrl: string | null; now?: Date; defer?: (task: () => Promise<unknown>) => void },
): Promise<{ smtp: boolean }> {
  const { email } = parseInput(ZForgotPassword, raw);
  // Without a mail server, or without a configured public URL to put in the link, nothing can be sent.
  if (!smtpConfigured() || !opts.baseUrl) return { smtp: false };
  const baseUrl = opts.baseUrl;
  const now = opts.now ?? new Date();
  const message = (minutes: string) => `Too many password reset requests. Wait ${minutes} and try again, or ask an admin of this Bashboard for a reset link.`;
  await limited(() => hitRateLimit(db, `forgot:ip:${opts.ip}`, FORGOT_LIMITS.perIp, FORGOT_LIMITS.windowSeconds, now), message);
  const emailKey = crypto.createHash("sha256").update(email).digest("hex");
  await limited(() => hitRateLimit(db, `forgot:email:${emailKey}`, FORGOT_LIMITS.perEmail, FORGOT_LIMITS.windowSeconds, now), message);

  // Everything that depends on whether the account exists happens after the answer, so a known
  // address takes no longer to answer than an unknown one.
  const work = async () => {
    const user = await db.user.findUnique({ where: { email }, select: { id: true, name: true, email: true, deactivatedAt: true } });
    if (!user || user.deactivatedAt) return;
    const ids = await db.$transaction(async (tx) => {
      const { token } = await issueUserToken(tx, { userId: user.id, purpose: "RESET", createdById: null, now });
      const link = passwordLinkUrl(baseUrl, token);
      await logActivity(tx, { bashId: null, actorId: user.id, type: "account.password_reset_requested", entityType: "user", entityId: user.id });
      return queueEmails(tx, [
        {
          kind: "password.reset",
          toEmail: user.email,
          toName: user.name,
          subject: "Choose a new Bashboard password",
          text: `Hello ${user.name},\n\nSomeone (hopefully you) asked to reset the password of your Bashboard account ${user.email}. Open this link within ${TOKEN_TTL_MINUTES.RESET} minutes to choose a new password:\n\n${link}\n\nThe link works once. If you did not ask for it, ignore this email: your password stays as it is.`,
          link,
          createdById: null,
        },
      ]);
    });
    await deliverEmails(db, ids);
    await redactPasswordLinks(db, { ids });
  };
  if (opts.defer) {
    opts.defer(() => work().catch((e) => console.error("[forgot password]", e)));
  } else {
    await work();
  }
  return { smtp: true };
}

/** Set a password with a one-time link (reset or invitation): new password twice. */
export async function resetPasswordWithLink(db: PrismaClient, raw: unknown, now = new Date()) {
  const input = parseInput(ZResetPassword, raw);
  return redeemUserToken(db, { token: input.token, password: input.password }, now);
}

/** Run a rate-limit hit; its RATE_LIMITED error gets our own wording ("Wait 12 minutes"). */
async function limited(hit: () => Promise<unknown>, message: (minutes: string) => string) {
  try {
    await hit();
  } catch (e) {
    if (!isAppError(e) || e.code !== "RATE_LIMITED") throw e;
    const seconds = e.retryAfterSeconds ?? 60;
    const minutes = Math.max(1, Math.ceil(seconds / 60));
    throw new AppError("RATE_LIMITED", message(`${minutes} minute${minutes === 1 ? "" : "s"}`), { retryAfterSeconds: seconds });
  }
}
