import crypto from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/db";
import { logActivity } from "@/lib/activity/log";
import { getBashContext } from "@/lib/bashes/queries";
import { buildBashIcs } from "@/lib/calendar/ics";
import { loadIcsBash } from "@/lib/calendar/bash-ics";
import { AppError, notFound } from "@/lib/errors";
import { ZAcceptAsNewUser, ZCreateInviteLink, ZInviteByEmail, ZToken } from "@/lib/invites/schema";
import { deliverEmails, mailFromAddress, queueEmails, smtpConfigured } from "@/lib/mail/mailer";
import { assertCan, type Actor } from "@/lib/policy";
import { hashPassword } from "@/lib/users/password";
import { parseInput } from "@/lib/validation";
import { z } from "zod";

export const EMAIL_INVITE_DAYS = 14;

export function newInviteToken(): { token: string; tokenHash: string } {
  const token = crypto.randomBytes(24).toString("base64url");
  return { token, tokenHash: hashInviteToken(token) };
}

export function hashInviteToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export const inviteUrl = (baseUrl: string, token: string) => `${baseUrl}/invite/${token}`;

/** A shareable link with a role, an optional expiry and an optional use limit. The token is shown once. */
export async function createInviteLink(db: PrismaClient, actor: Actor, bashId: string, raw: unknown, opts: { baseUrl: string; now?: Date }) {
  assertCan(actor, "invite.manage", await getBashContext(db, actor, bashId));
  const input = parseInput(ZCreateInviteLink, raw);
  const now = opts.now ?? new Date();
  const { token, tokenHash } = newInviteToken();
  const invite = await db.$transaction(async (tx) => {
    const inv = await tx.invite.create({
      data: {
        bashId,
        tokenHash,
        role: input.role,
        expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
        maxUses: input.maxUses ?? null,
        createdById: actor.id,
      },
    });
    await logActivity(tx, { bashId, actorId: actor.id, type: "invite.created", entityType: "invite", entityId: inv.id, data: { role: inv.role, maxUses: inv.maxUses } });
    return inv;
  });
  return { invite, token, url: inviteUrl(opts.baseUrl, token) };
}

/**
 * Invite a list of people by email: one single-use link each. With SMTP the messages go out at once
 * (with the calendar invite attached when the bash is scheduled); without it they wait in the outbox.
 * People who are already members are skipped.
 */
export async function inviteByEmail(db: PrismaClient, actor: Actor, bashId: string, raw: unknown, opts: { baseUrl: string; now?: Date }) {
  assertCan(actor, "invite.manage", await getBashContext(db, actor, bashId));
  const input = parseInput(ZInviteByEmail, raw);
  const now = opts.now ?? new Date();
  const { ids, skipped } = await db.$transaction(async (tx) => {
    const bash = await tx.bash.findUniqueOrThrow({ where: { id: bashId } });
    const members = await tx.membership.findMany({ where: { bashId, user: { email: { in: input.emails } } }, select: { user: { select: { email: true } } } });
    const already = new Set(members.map((m) => m.user.email));
    // Someone with a live invite is not invited twice (a second click on "Send" sends nothing new).
    const pending = await tx.invite.findMany({
      where: { bashId, email: { in: input.emails }, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      select: { email: true, uses: true, maxUses: true },
    });
    for (const p of pending) if (p.email && (p.maxUses === null || p.uses < p.maxUses)) already.add(p.email);
    const fresh = input.emails.filter((e) => !already.has(e));
    const icsBash = bash.scheduledStart ? await loadIcsBash(tx, bashId, opts.baseUrl) : null;
    const when = bash.scheduledStart
      ? `${new Intl.DateTimeFormat("en-GB", { timeZone: bash.timeZone, dateStyle: "full", timeStyle: "short" }).format(bash.scheduledStart)} (${bash.timeZone.replace(/_/g, " ")}), ${bash.durationMinutes} minutes`
      : "the time will follow";
    const emails = [];
    for (const email of fresh) {
      const { token, tokenHash } = newInviteToken();
      await tx.invite.create({
        data: { bashId, tokenHash, role: input.role, email, maxUses: 1, expiresAt: new Date(now.getTime() + EMAIL_INVITE_DAYS * 86_400_000), sentAt: now, createdById: actor.id },
      });
      const link = inviteUrl(opts.baseUrl, token);
      emails.push({
        bashId,
        kind: "invite",
        toEmail: email,
        subject: `You're invited: ${bash.title}`,
        text: `Hello,\n\n${actor.name} invites you to the bug bash "${bash.title}"${bash.product ? ` for ${[bash.product, bash.release].filter(Boolean).join(" ")}` : ""}.\n\nWhen: ${when}\n${bash.location ? `Where: ${bash.location}\n` : ""}${bash.videoLink ? `Video call: ${bash.videoLink}\n` : ""}\nOpen this link to join, say whether you can come and add the devices you will test on:\n${link}\n\nThe link is for you alone and works for ${EMAIL_INVITE_DAYS} days.`,
        link,
        ics: icsBash ? buildBashIcs(icsBash, { method: "REQUEST", organizer: { email: mailFromAddress(), name: actor.name }, attendee: { email, name: email } }) : null,
        createdById: actor.id,
      });
    }
    const ids = await queueEmails(tx, emails);
    await logActivity(tx, { bashId, actorId: actor.id, type: "invite.emailed", entityType: "bash", entityId: bashId, data: { count: fresh.length, role: input.role } });
    return { ids, skipped: [...already] };
  });
  const delivery = ids.length ? await deliverEmails(db, ids) : { sent: 0, failed: 0, outbox: 0 };
  return { invited: ids.length, skipped, ...delivery, smtp: smtpConfigured() };
}

export async function revokeInvite(db: PrismaClient, actor: Actor, bashId: string, raw: unknown) {
  assertCan(actor, "invite.manage", await getBashContext(db, actor, bashId));
  const { id } = parseInput(z.object({ id: z.string().min(1, "Missing invite id.") }), raw);
  await db.$transaction(async (tx) => {
    const r = await tx.invite.updateMany({ where: { id, bashId, revokedAt: null }, data: { revokedAt: new Date() } });
    if (r.count === 0) throw notFound("That invite");
    const inv = await tx.invite.findUniqueOrThrow({ where: { id }, select: { tokenHash: true, email: true } });
    if (inv.email) await redactInviteMessages(tx, bashId, inv.tokenHash);
    await logActivity(tx, { bashId, actorId: actor.id, type: "invite.revoked", entityType: "invite", entityId: id });
  });
}

/**
 * Once an emailed invite can no longer be used (accepted, withdrawn), its link is taken out of the
 * outbox copy of the message: the token is a secret and has no reason to stay readable.
 */
async function redactInviteMessages(tx: Db, bashId: string, tokenHash: string) {
  const messages = await tx.emailMessage.findMany({ where: { bashId, kind: "invite", link: { contains: "/invite/" } }, select: { id: true, link: true, text: true } });
  for (const m of messages) {
    const token = m.link.slice(m.link.lastIndexOf("/") + 1);
    if (hashInviteToken(token) !== tokenHash) continue;
    await tx.emailMessage.update({ where: { id: m.id }, data: { link: "", text: m.text.split(m.link).join("[invite link — no longer valid]") } });
  }
}

type InviteProblem = "expired" | "used" | "revoked" | "unknown";
const PROBLEM_TEXT: Record<InviteProblem, string> = {
  unknown: "This invite link is not valid. Check that you copied all of it, or ask the facilitator for a new one.",
  expired: "This invite link has expired. Ask the facilitator for a new one.",
  used: "This invite link has been used as many times as it allows. Ask the facilitator for a new one.",
  revoked: "This invite link was withdrawn by the facilitator. Ask them for a new one.",
};

/** What the invite page shows before anyone signs in. Never reveals more than the bash's title and time. */
export async function findInvite(db: Db, rawToken: string, now = new Date()) {
  const token = ZToken.safeParse(rawToken);
  if (!token.success) return { ok: false as const, problem: PROBLEM_TEXT.unknown };
  const invite = await db.invite.findUnique({
    where: { tokenHash: hashInviteToken(token.data) },
    include: {
      bash: { select: { id: true, title: true, product: true, release: true, scheduledStart: true, timeZone: true, durationMinutes: true, archivedAt: true } },
      createdBy: { select: { name: true } },
    },
  });
  const problem = inviteProblem(invite, now);
  if (problem || !invite) return { ok: false as const, problem: PROBLEM_TEXT[problem ?? "unknown"] };
  return { ok: true as const, invite: { id: invite.id, role: invite.role, email: invite.email, bash: invite.bash, invitedBy: invite.createdBy?.name ?? null } };
}

function inviteProblem(
  invite: { revokedAt: Date | null; expiresAt: Date | null; maxUses: number | null; uses: number; bash: { archivedAt: Date | null } } | null,
  now: Date,
): InviteProblem | null {
  if (!invite || invite.bash.archivedAt) return "unknown";
  if (invite.revokedAt) return "revoked";
  if (invite.expiresAt && invite.expiresAt <= now) return "expired";
  if (invite.maxUses !== null && invite.uses >= invite.maxUses) return "used";
  return null;
}

/**
 * Join with the invite as the signed-in user. An existing member simply arrives at the bash: a link
 * never changes the role of someone already in it (a demoted member re-opening an old facilitator
 * link stays demoted). An invite sent to an address is only for that address.
 */
async function joinWithInvite(tx: Db, user: { id: string; email: string }, tokenHash: string, now: Date) {
  await tx.$executeRaw`select id from "Invite" where "tokenHash" = ${tokenHash} for update`;
  const invite = await tx.invite.findUnique({ where: { tokenHash }, include: { bash: { select: { archivedAt: true } } } });
  const problem = inviteProblem(invite, now);
  if (!invite) throw new AppError("NOT_FOUND", PROBLEM_TEXT.unknown);
  const existing = await tx.membership.findUnique({ where: { bashId_userId: { bashId: invite.bashId, userId: user.id } } });
  if (existing && !existing.isPlaceholder) return { bashId: invite.bashId, joined: false };
  if (problem) throw new AppError("CONFLICT", PROBLEM_TEXT[problem]);
  if (invite.email && invite.email !== user.email.toLowerCase()) {
    throw new AppError("CONFLICT", `This invite was sent to ${invite.email}. Sign in with that address, or ask the facilitator for a link of your own.`);
  }
  const used = await tx.invite.update({ where: { id: invite.id }, data: { uses: { increment: 1 } } });
  if (used.email && used.maxUses !== null && used.uses >= used.maxUses) await redactInviteMessages(tx, invite.bashId, tokenHash);
  if (existing) await tx.membership.update({ where: { id: existing.id }, data: { isPlaceholder: false, role: invite.role } });
  else await tx.membership.create({ data: { bashId: invite.bashId, userId: user.id, role: invite.role } });
  await logActivity(tx, { bashId: invite.bashId, actorId: user.id, type: "invite.accepted", entityType: "invite", entityId: invite.id, data: { role: invite.role } });
  return { bashId: invite.bashId, joined: true };
}

export async function acceptInvite(db: PrismaClient, actor: Actor, rawToken: unknown, now = new Date()) {
  const token = parseInput(ZToken, rawToken);
  return db.$transaction((tx) => joinWithInvite(tx, actor, hashInviteToken(token), now));
}

/**
 * Accepting without an account: create it and join in one transaction. The token is checked before
 * any password hashing. An invite sent to an address creates the account for that address (the link
 * proves the person reads that inbox); an open link takes the address typed, unverified.
 */
export async function acceptInviteAsNewUser(db: PrismaClient, raw: unknown, now = new Date()) {
  const input = parseInput(ZAcceptAsNewUser, raw);
  const tokenHash = hashInviteToken(input.token);
  const found = await findInvite(db, input.token, now);
  if (!found.ok) throw new AppError("CONFLICT", found.problem);
  const email = found.invite.email ?? input.email;
  const passwordHash = await hashPassword(input.password);
  const taken = "An account with this email already exists. Sign in to accept the invite.";
  return db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email }, select: { id: true } })) throw new AppError("CONFLICT", taken, { fieldErrors: { email: taken } });
    const user = await tx.user
      .create({ data: { name: input.name, email, passwordHash, emailVerifiedAt: found.invite.email ? now : null } })
      .catch((e: unknown) => {
        // Two sign-ups with one email at the same instant: the loser hears the same as above.
        if ((e as { code?: string }).code === "P2002") throw new AppError("CONFLICT", taken, { fieldErrors: { email: taken } });
        throw e;
      });
    const res = await joinWithInvite(tx, user, tokenHash, now);
    return { ...res, email: user.email };
  });
}
