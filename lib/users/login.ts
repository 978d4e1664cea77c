// Email + password sign-in with a rate limit per account and per IP, kept in Postgres so every app
// instance sees the same counts.
import type { Db } from "@/lib/db";
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

export async function verifyLogin(db: Db, raw: unknown, ip: string, now = new Date()): Promise<LoginUser> {
  const { email, password } = parseInput(ZSignIn, raw);
  const { perAccount, perIp, windowMinutes } = loginLimits();
  const since = new Date(now.getTime() - windowMinutes * 60_000);

  const [accountFailures, ipFailures] = await Promise.all([
    db.loginAttempt.findMany({
      where: { email, success: false, createdAt: { gt: since } },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
    }),
    db.loginAttempt.count({ where: { ip, success: false, createdAt: { gt: since } } }),
  ]);
  if (accountFailures.length >= perAccount || ipFailures >= perIp) {
    const oldest = accountFailures[0]?.createdAt ?? since;
    const waitMs = Math.max(60_000, oldest.getTime() + windowMinutes * 60_000 - now.getTime());
    const minutes = Math.ceil(waitMs / 60_000);
    throw new AppError(
      "RATE_LIMITED",
      `Too many failed sign-in attempts. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again, or ask an admin to reset your password.`,
      { retryAfterSeconds: Math.ceil(waitMs / 1000) },
    );
  }

  const user = await db.user.findUnique({ where: { email } });
  const ok = await verifyPassword(password, user?.passwordHash);
  await db.loginAttempt.create({ data: { email, ip, success: ok && !user?.deactivatedAt } });
  if (!ok || !user) throw new AppError("INVALID", "That email and password do not match. Check them and try again.");
  if (user.deactivatedAt) throw new AppError("FORBIDDEN", "This account has been deactivated. Ask an admin of this Bashboard.");
  return { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin };
}
