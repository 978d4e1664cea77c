// Email + password sign-in with a rate limit per account and per IP, kept in Postgres so every app
// instance sees the same counts.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { verifyPassword } from "@/lib/users/password";
import { ZSignIn } from "@/lib/users/schema";
import { parseInput } from "@/lib/validation";

export function loginLimits() {
  return {
    perAccount: Number(process.env.LOGIN_MAX_FAILURES ?? 5),
    perIp: Number(process.env.LOGIN_MAX_FAILURES_PER_IP ?? 30),
    windowMinutes: Number(process.env.LOGIN_WINDOW_MINUTES ?? 15),
  };
}

export type LoginUser = { id: string; email: string; name: string; isAdmin: boolean };

export async function verifyLogin(prisma: PrismaClient, raw: unknown, ip: string, now = new Date()): Promise<LoginUser> {
  const { email, password } = parseInput(ZSignIn, raw);
  // One attempt per account at a time: parallel guesses cannot all pass the count before any is
  // recorded. The attempt is recorded in the same transaction, so an error below still counts it.
  const result = await prisma.$transaction(
    async (db) => {
      await db.$executeRaw`select pg_advisory_xact_lock(hashtext(${"login:" + email}))`;
      return checkAndRecord(db, email, password, ip, now);
    },
    { timeout: 20_000, maxWait: 20_000 },
  );
  if (!result.ok) throw result.error;
  return result.user;
}

async function checkAndRecord(
  db: Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0],
  email: string,
  password: string,
  ip: string,
  now: Date,
): Promise<{ ok: true; user: LoginUser } | { ok: false; error: AppError }> {
  const { perAccount, perIp, windowMinutes } = loginLimits();
  const since = new Date(now.getTime() - windowMinutes * 60_000);

  const [accountFailures, ipFailures] = await Promise.all([
    db.loginAttempt.findMany({
      where: { email, success: false, createdAt: { gt: since } },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
    }),
    db.loginAttempt.findMany({
      where: { ip, success: false, createdAt: { gt: since } },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
    }),
  ]);
  const accountLimited = accountFailures.length >= perAccount;
  const ipLimited = ipFailures.length >= perIp;
  if (accountLimited || ipLimited) {
    // Wait until enough failures have left the window for the limit that applies.
    const releaseAt = (list: { createdAt: Date }[], max: number) =>
      list.length >= max ? list[list.length - max].createdAt.getTime() + windowMinutes * 60_000 : 0;
    const until = Math.max(accountLimited ? releaseAt(accountFailures, perAccount) : 0, ipLimited ? releaseAt(ipFailures, perIp) : 0);
    const waitMs = Math.max(60_000, until - now.getTime());
    const minutes = Math.ceil(waitMs / 60_000);
    const error = new AppError(
      "RATE_LIMITED",
      `Too many failed sign-in attempts. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again, or ask an admin to reset your password.`,
      { retryAfterSeconds: Math.ceil(waitMs / 1000) },
    );
    return { ok: false, error };
  }

  const user = await db.user.findUnique({ where: { email } });
  const ok = await verifyPassword(password, user?.passwordHash);
  await db.loginAttempt.create({ data: { email, ip, success: ok && !user?.deactivatedAt } });
  if (!ok || !user) return { ok: false, error: new AppError("INVALID", "That email and password do not match. Check them and try again.") };
  if (user.deactivatedAt) return { ok: false, error: new AppError("FORBIDDEN", "This account has been deactivated. Ask an admin of this Bashboard.") };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin } };
}
