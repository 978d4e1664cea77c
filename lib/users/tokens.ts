// One-time links that set a password: "forgot password" (emailed), an admin's reset link, and an
// admin's invite to the install. The link carries a random token; only its sha256 is stored. A token
// works once, until it expires, and issuing a new one retires the person's earlier unused ones.
import crypto from "node:crypto";
import type { Db } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { hashPassword } from "@/lib/users/password";
import { ZPassword } from "@/lib/users/schema";
import { parseInput } from "@/lib/validation";
import { z } from "zod";

export type UserTokenPurpose = "RESET" | "INVITE";

/** Reset links last an hour; an invitation to the install lasts a week. */
export const TOKEN_TTL_MINUTES: Record<UserTokenPurpose, number> = { RESET: 60, INVITE: 7 * 24 * 60 };

export function hashUserToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export const passwordLinkUrl = (baseUrl: string, token: string) => `${baseUrl}/reset/${token}`;

/** Call inside the write's transaction. Returns the raw token (show or send it once; never store it). */
export async function issueUserToken(
  tx: Db,
  a: { userId: string; purpose: UserTokenPurpose; createdById?: string | null; now?: Date; ttlMinutes?: number },
): Promise<{ token: string; expiresAt: Date }> {
  const now = a.now ?? new Date();
  const token = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + (a.ttlMinutes ?? TOKEN_TTL_MINUTES[a.purpose]) * 60_000);
  // Retire earlier unused links: only the newest one works, and their emails lose the link.
  const retired = await tx.passwordResetToken.updateMany({ where: { userId: a.userId, usedAt: null }, data: { usedAt: now } });
  if (retired.count > 0) {
    const user = await tx.user.findUnique({ where: { id: a.userId }, select: { email: true } });
    if (user) await redactPasswordLinks(tx, { toEmail: user.email });
  }
  await tx.passwordResetToken.create({
    data: { userId: a.userId, tokenHash: hashUserToken(token), purpose: a.purpose, createdById: a.createdById ?? null, expiresAt },
  });
  return { token, expiresAt };
}

export type TokenState =
  | { state: "ok"; purpose: UserTokenPurpose; user: { id: string; name: string; email: string }; expiresAt: Date }
  | { state: "used" | "expired" | "unknown" };

/** What a link is, for the page that shows it (never reveals anything for an unknown token). */
export async function inspectUserToken(db: Db, rawToken: string, now = new Date()): Promise<TokenState> {
  if (typeof rawToken !== "string" || rawToken.length < 20 || rawToken.length > 200) return { state: "unknown" };
  const row = await db.passwordResetToken.findUnique({
    where: { tokenHash: hashUserToken(rawToken) },
    include: { user: { select: { id: true, name: true, email: true, deactivatedAt: true } } },
  });
  if (!row || row.user.deactivatedAt) return { state: "unknown" };
  if (row.usedAt) return { state: "used" };
  if (row.expiresAt <= now) return { state: "expired" };
  return { state: "ok", purpose: row.purpose === "INVITE" ? "INVITE" : "RESET", user: { id: row.user.id, name: row.user.name, email: row.user.email }, expiresAt: row.expiresAt };
}

export const ZUseUserToken = z.object({
  token: z.string({ error: "This link is incomplete." }).min(20, "This link is incomplete.").max(200, "This link is not valid."),
  password: ZPassword,
});

/**
 * Set a new password with a link. Single use even when two tabs submit at once (row lock). The
 * person's failed sign-in attempts are cleared, every session signed in before is ended, and the email
 * counts as verified when the link was Bashboard's own "forgot password" email.
 */
export async function useUserToken(db: PrismaClient, raw: unknown, now = new Date()) {
  const input = parseInput(ZUseUserToken, raw);
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`select id from "PasswordResetToken" where "tokenHash" = ${hashUserToken(input.token)} for update`;
    const row = rows[0] ? await tx.passwordResetToken.findUnique({ where: { id: rows[0].id }, include: { user: true } }) : null;
    if (!row || row.user.deactivatedAt) throw new AppError("NOT_FOUND", "This link is not valid. Ask for a new one.");
    if (row.usedAt) throw new AppError("CONFLICT", "This link has already been used. Ask for a new one.");
    if (row.expiresAt <= now) throw new AppError("CONFLICT", "This link has expired. Ask for a new one.");
    await tx.passwordResetToken.update({ where: { id: row.id }, data: { usedAt: now } });
    // Only a link Bashboard itself emailed ("forgot password") proves the inbox; a link an admin made
    // may have been passed on by hand.
    const emailed = row.createdById === null;
    await tx.user.update({
      where: { id: row.userId },
      data: { passwordHash, passwordChangedAt: now, ...(emailed && !row.user.emailVerifiedAt ? { emailVerifiedAt: now } : {}) },
    });
    await redactPasswordLinks(tx, { toEmail: row.user.email });
    await tx.loginAttempt.deleteMany({ where: { email: row.user.email, success: false } });
    await tx.activity.create({
      data: { actorId: row.userId, type: row.purpose === "INVITE" ? "user.invite_accepted" : "user.password_reset", entityType: "user", entityId: row.userId },
    });
    return { email: row.user.email, name: row.user.name };
  });
}

/** Email kinds that carry a one-time password link. */
export const PASSWORD_LINK_KINDS = ["password.reset", "user.invite", "user.reset"] as const;
const REDACTED = "[one-time link removed: it was sent, used or replaced]";

/**
 * Take one-time password links out of the stored copies of emails: once a message has been sent, or
 * its link used or replaced, the secret has no reason to stay readable in the database. `ids` limits
 * it to those messages and only once they are SENT (messages still waiting for delivery keep it).
 */
export async function redactPasswordLinks(db: Db, where: { toEmail?: string; ids?: string[] }) {
  const rows = await db.emailMessage.findMany({
    where: {
      kind: { in: [...PASSWORD_LINK_KINDS] },
      link: { contains: "/reset/" },
      ...(where.toEmail ? { toEmail: where.toEmail } : {}),
      ...(where.ids ? { id: { in: where.ids }, status: "SENT" } : {}),
    },
    select: { id: true, link: true, text: true },
  });
  for (const m of rows) {
    await db.emailMessage.update({ where: { id: m.id }, data: { link: "", text: m.text.split(m.link).join(REDACTED) } });
  }
  return rows.length;
}
