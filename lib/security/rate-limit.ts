// Fixed-window counters in Postgres, so every app instance shares one count per key.
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";

/**
 * Count one hit for `key` in the current window; throws RATE_LIMITED (with Retry-After seconds)
 * once more than `limit` hits land in one window. Old windows are swept now and then.
 */
export async function hitRateLimit(db: Db, key: string, limit: number, windowSeconds: number, now = new Date(), message?: string): Promise<{ remaining: number; resetAt: Date }> {
  const windowMs = windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const rows = await db.$queryRaw<{ count: number }[]>`
    insert into "RateLimit" ("key", "windowStart", "count") values (${key}, ${windowStart}, 1)
    on conflict ("key", "windowStart") do update set "count" = "RateLimit"."count" + 1
    returning "count"`;
  const count = Number(rows[0]?.count ?? 1);
  const resetAt = new Date(windowStart.getTime() + windowMs);
  if (Math.random() < 0.01) {
    await db.$executeRaw`delete from "RateLimit" where "windowStart" < ${new Date(now.getTime() - 24 * 3600_000)}`;
  }
  if (count > limit) {
    const retryAfterSeconds = Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000));
    throw new AppError("RATE_LIMITED", message ?? `Too many requests. Wait ${retryAfterSeconds} seconds and try again.`, { retryAfterSeconds });
  }
  return { remaining: limit - count, resetAt };
}
