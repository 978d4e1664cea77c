// The users admin: invite people to the install, hand out password links, promote and demote admins,
// deactivate and reactivate accounts. Admins only; every action lands in the audit log.
//
// Admin rights and deactivation share one advisory lock, so two admins demoting (or deactivating)
// each other at the same instant cannot leave the install without an active admin.
import { logActivity } from "@/lib/activity/log";
import { ZInviteUser, ZResetLink, ZSetAdmin, ZUserRef } from "@/lib/admin/schema";
import type { Db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { deliverEmails, queueEmails, smtpConfigured, type DeliveryStatus } from "@/lib/mail/mailer";
import { assertCan, type Actor } from "@/lib/policy";
import { issueUserToken, passwordLinkUrl, redactPasswordLinks, TOKEN_TTL_MINUTES } from "@/lib/users/tokens";
import { parseInput } from "@/lib/validation";

/** pg_advisory_xact_lock key for "who is an active admin" (createFirstAdmin uses 4242001). */
export const ADMIN_ROLE_LOCK = 4242002;

async function lockAdmins(tx: Db) {
  await tx.$executeRaw`select pg_advisory_xact_lock(${ADMIN_ROLE_LOCK})`;
}

const DUPLICATE_EMAIL = "Someone with that email already has an account. Find them in the list instead.";

function duration(minutes: number): string {
  if (minutes % (24 * 60) === 0) {
    const d = minutes / (24 * 60);
    return `${d} day${d === 1 ? "" : "s"}`;
  }
  if (minutes % 60 === 0) {
    const h = minutes / 60;
    return `${h} hour${h === 1 ? "" : "s"}`;
  }
  return `${minutes} minutes`;
}

/**
 * Admins other than this user who can actually sign in: active, with a password or a linked sign-in
 * provider. An invited admin who never set a password does not count, or the install could be left
 * with nobody able to administer it.
 */
async function otherUsableAdmins(tx: Db, userId: string): Promise<number> {
  return tx.user.count({
    where: { id: { not: userId }, isAdmin: true, deactivatedAt: null, OR: [{ passwordHash: { not: null } }, { accounts: { some: {} } }] },
  });
}

async function deliveryOf(db: PrismaClient, id: string | undefined): Promise<{ status: DeliveryStatus; error: string } | null> {
  if (!id) return null;
  await deliverEmails(db, [id]);
  await redactPasswordLinks(db, { ids: [id] });
  const row = await db.emailMessage.findUnique({ where: { id }, select: { status: true, error: true } });
  return row ? { status: row.status as DeliveryStatus, error: row.error } : null;
}

export type LinkResult = {
  userId: string;
  name: string;
  email: string;
  /** The one-time link, for the admin to copy. Null when it was emailed and the mail server accepted it. */
  link: string | null;
  expiresAt: Date;
  /** Whether an email was attempted, and how it went. */
  delivery: { status: DeliveryStatus; error: string } | null;
};

/**
 * Invite someone to the install: a user without a password, and a one-time link (a week) to set one.
 * With SMTP the link is emailed; without it (or when sending fails) the admin gets it to pass on.
 */
export async function inviteUser(db: PrismaClient, actor: Actor, raw: unknown, opts: { baseUrl: string; now?: Date }): Promise<LinkResult> {
  assertCan(actor, "admin.users");
  const input = parseInput(ZInviteUser, raw);
  const now = opts.now ?? new Date();
  const send = smtpConfigured();
  let created;
  try {
    created = await db.$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
        throw new AppError("CONFLICT", DUPLICATE_EMAIL, { fieldErrors: { email: DUPLICATE_EMAIL } });
      }
      if (input.isAdmin) await lockAdmins(tx);
      const user = await tx.user.create({ data: { name: input.name, email: input.email, isAdmin: input.isAdmin }, select: { id: true, name: true, email: true } });
      const { token, expiresAt } = await issueUserToken(tx, { userId: user.id, purpose: "INVITE", createdById: actor.id, now });
      const link = passwordLinkUrl(opts.baseUrl, token);
      const [emailId] = send
        ? await queueEmails(tx, [
            {
              kind: "user.invite",
              toEmail: user.email,
              toName: user.name,
              subject: `${actor.name} invited you to Bashboard`,
              text: `Hello ${user.name},\n\n${actor.name} invited you to Bashboard, where your team plans and runs bug bashes${input.isAdmin ? " (as an admin)" : ""}.\n\nOpen this link to choose your password:\n${link}\n\nThe link works once, for ${duration(TOKEN_TTL_MINUTES.INVITE)}. Then sign in with ${user.email}.`,
              link,
              createdById: actor.id,
            },
          ])
        : [];
      await logActivity(tx, {
        bashId: null,
        actorId: actor.id,
        type: "user.invited",
        entityType: "user",
        entityId: user.id,
        data: { email: user.email, name: user.name, isAdmin: input.isAdmin, emailed: send },
      });
      return { user, link, expiresAt, emailId };
    });
  } catch (e) {
    // Two admins inviting the same address at once: the second one loses on the unique email.
    if ((e as { code?: string }).code === "P2002") {
      throw new AppError("CONFLICT", DUPLICATE_EMAIL, { fieldErrors: { email: DUPLICATE_EMAIL } });
    }
    throw e;
  }
  const delivery = await deliveryOf(db, created.emailId);
  return {
    userId: created.user.id,
    name: created.user.name,
    email: created.user.email,
    link: delivery?.status === "SENT" ? null : created.link,
    expiresAt: created.expiresAt,
    delivery,
  };
}

/**
 * A one-time link that sets a new password (an hour), shown to the admin once and, when asked and SMTP
 * is set up, emailed too. Someone invited who never set a password gets a fresh invite link instead
 * (a week). Earlier unused links of the person stop working.
 */
export async function createPasswordLink(db: PrismaClient, actor: Actor, raw: unknown, opts: { baseUrl: string; now?: Date }): Promise<LinkResult> {
  assertCan(actor, "admin.users");
  const input = parseInput(ZResetLink, raw);
  const now = opts.now ?? new Date();
  if (input.sendEmail && !smtpConfigured()) {
    throw new AppError("CONFLICT", "Email is not set up on this Bashboard, so the link cannot be emailed. Generate it without emailing and pass it on yourself.");
  }
  const r = await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, name: true, email: true, passwordHash: true, deactivatedAt: true } });
    if (!user) throw notFound("That user");
    if (user.deactivatedAt) throw new AppError("CONFLICT", `${user.name} is deactivated. Reactivate them first, then create a link.`);
    const purpose = user.passwordHash ? "RESET" : "INVITE";
    const { token, expiresAt } = await issueUserToken(tx, { userId: user.id, purpose, createdById: actor.id, now });
    const link = passwordLinkUrl(opts.baseUrl, token);
    const valid = duration(TOKEN_TTL_MINUTES[purpose]);
    const [emailId] = input.sendEmail
      ? await queueEmails(tx, [
          purpose === "RESET"
            ? {
                kind: "user.reset",
                toEmail: user.email,
                toName: user.name,
                subject: "Set a new Bashboard password",
                text: `Hello ${user.name},\n\n${actor.name}, an admin of Bashboard, created a link for you to set a new password:\n${link}\n\nThe link works once, for ${valid}. If you did not ask for this, you can ignore this email; your password stays as it is.`,
                link,
                createdById: actor.id,
              }
            : {
                kind: "user.invite",
                toEmail: user.email,
                toName: user.name,
                subject: `${actor.name} invited you to Bashboard`,
                text: `Hello ${user.name},\n\n${actor.name} invited you to Bashboard.\n\nOpen this link to choose your password:\n${link}\n\nThe link works once, for ${valid}. Then sign in with ${user.email}.`,
                link,
                createdById: actor.id,
              },
        ])
      : [];
    await logActivity(tx, {
      bashId: null,
      actorId: actor.id,
      type: purpose === "RESET" ? "user.reset_link" : "user.invite_link",
      entityType: "user",
      entityId: user.id,
      data: { email: user.email, name: user.name, emailed: input.sendEmail },
    });
    return { user, link, expiresAt, emailId };
  });
  const delivery = await deliveryOf(db, r.emailId);
  return { userId: r.user.id, name: r.user.name, email: r.user.email, link: r.link, expiresAt: r.expiresAt, delivery };
}

/** Make someone an admin, or take it away. The last active admin keeps it. */
export async function setUserAdmin(db: PrismaClient, actor: Actor, raw: unknown) {
  assertCan(actor, "admin.users");
  const input = parseInput(ZSetAdmin, raw);
  return db.$transaction(async (tx) => {
    await lockAdmins(tx);
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, name: true, email: true, isAdmin: true, deactivatedAt: true } });
    if (!user) throw notFound("That user");
    if (user.isAdmin === input.isAdmin) {
      throw new AppError("CONFLICT", input.isAdmin ? `${user.name} is already an admin.` : `${user.name} is not an admin.`);
    }
    if (input.isAdmin && user.deactivatedAt) throw new AppError("CONFLICT", `${user.name} is deactivated. Reactivate them first.`);
    if (!input.isAdmin && !user.deactivatedAt) {
      if ((await otherUsableAdmins(tx, user.id)) === 0) throw new AppError("CONFLICT", `${user.name} is the last active admin. Make someone else an admin first (one who has signed in).`);
    }
    await tx.user.update({ where: { id: user.id }, data: { isAdmin: input.isAdmin } });
    await logActivity(tx, {
      bashId: null,
      actorId: actor.id,
      type: input.isAdmin ? "user.admin_granted" : "user.admin_revoked",
      entityType: "user",
      entityId: user.id,
      data: { email: user.email, name: user.name },
    });
    return { id: user.id, isAdmin: input.isAdmin };
  });
}

/**
 * Deactivate an account: they can no longer sign in (sessions end at their next request), their API
 * tokens and unused password links stop working, and everything they wrote keeps their name.
 * Not yourself, and not the last active admin.
 */
export async function deactivateUser(db: PrismaClient, actor: Actor, raw: unknown, now = new Date()) {
  assertCan(actor, "admin.users");
  const { userId } = parseInput(ZUserRef, raw);
  if (userId === actor.id) throw new AppError("CONFLICT", "You cannot deactivate your own account. Ask another admin.");
  return db.$transaction(async (tx) => {
    await lockAdmins(tx);
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, name: true, email: true, isAdmin: true, deactivatedAt: true } });
    if (!user) throw notFound("That user");
    if (user.deactivatedAt) throw new AppError("CONFLICT", `${user.name} is already deactivated.`);
    if (user.isAdmin) {
      if ((await otherUsableAdmins(tx, user.id)) === 0) throw new AppError("CONFLICT", `${user.name} is the last active admin and cannot be deactivated. Make someone else an admin first (one who has signed in).`);
    }
    await tx.user.update({ where: { id: user.id }, data: { deactivatedAt: now } });
    const tokens = await tx.apiToken.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: now } });
    const links = await tx.passwordResetToken.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: now } });
    await logActivity(tx, {
      bashId: null,
      actorId: actor.id,
      type: "user.deactivated",
      entityType: "user",
      entityId: user.id,
      data: { email: user.email, name: user.name, apiTokensRevoked: tokens.count, passwordLinksRevoked: links.count },
    });
    return { id: user.id, deactivatedAt: now };
  });
}

/** Let a deactivated person sign in again (their revoked API tokens stay revoked). */
export async function reactivateUser(db: PrismaClient, actor: Actor, raw: unknown) {
  assertCan(actor, "admin.users");
  const { userId } = parseInput(ZUserRef, raw);
  return db.$transaction(async (tx) => {
    await lockAdmins(tx);
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, name: true, email: true, deactivatedAt: true } });
    if (!user) throw notFound("That user");
    if (!user.deactivatedAt) throw new AppError("CONFLICT", `${user.name} is already active.`);
    await tx.user.update({ where: { id: user.id }, data: { deactivatedAt: null } });
    await logActivity(tx, { bashId: null, actorId: actor.id, type: "user.reactivated", entityType: "user", entityId: user.id, data: { email: user.email, name: user.name } });
    return { id: user.id };
  });
}
