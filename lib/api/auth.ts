// Who is calling the REST API: `Authorization: Bearer bb_…`. The token stands for its user, so every
// command runs as that user under lib/policy.ts (a token never reaches a bash its user cannot see).
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import { hitRateLimit } from "@/lib/security/rate-limit";
import { hashApiToken, isWellFormedToken, type TokenScope } from "@/lib/api/tokens";

/** Requests per token per minute (API_RATE_LIMIT, default 120). */
export function apiRateLimit(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.API_RATE_LIMIT);
  return Number.isFinite(n) && n >= 1 ? Math.floor(n) : 120;
}

/** lastUsedAt is written at most this often per token, so busy pipelines do not write on every call. */
const LAST_USED_EVERY_MS = 60_000;

/** The value of WWW-Authenticate on a 401 (RFC 6750). */
export const WWW_AUTHENTICATE = 'Bearer realm="Bashboard"';

const unauthenticated = (message: string) => new AppError("UNAUTHENTICATED", message);

/** The bearer token from the Authorization header, or null when there is none. */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
  return m ? m[1] : "";
}

/**
 * The actor behind the request's token. 401 for a missing, unknown or revoked token or a deactivated
 * user; 429 (with Retry-After) past the per-token rate limit; 403 when a read-only token tries to write.
 */
export async function authenticateApi(db: Db, request: Request, needed: TokenScope, now = new Date()): Promise<Actor> {
  const raw = bearerToken(request);
  if (raw === null) {
    throw unauthenticated("Send an API token in the Authorization header: Authorization: Bearer bb_… (create one under Account → API tokens).");
  }
  if (!raw || !isWellFormedToken(raw)) {
    throw unauthenticated("That API token is not valid. Check that you copied all of it (it starts with bb_), or create a new one.");
  }
  const token = await db.apiToken.findUnique({
    where: { tokenHash: hashApiToken(raw) },
    select: {
      id: true,
      scope: true,
      revokedAt: true,
      lastUsedAt: true,
      user: { select: { id: true, name: true, email: true, isAdmin: true, deactivatedAt: true } },
    },
  });
  if (!token) throw unauthenticated("That API token is not valid. Check that you copied all of it (it starts with bb_), or create a new one.");
  if (token.revokedAt) throw unauthenticated("That API token has been revoked. Create a new one under Account → API tokens.");
  if (token.user.deactivatedAt) throw unauthenticated("The account this API token belongs to has been deactivated.");

  await hitRateLimit(db, `api:${token.id}`, apiRateLimit(), 60, now);

  if (needed === "READ_WRITE" && token.scope !== "READ_WRITE") {
    throw new AppError("FORBIDDEN", "This token is read-only. Create a read-and-write token to make changes.");
  }

  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() >= LAST_USED_EVERY_MS) {
    // Conditional, so concurrent requests write it once.
    await db.apiToken.updateMany({
      where: { id: token.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - LAST_USED_EVERY_MS) } }] },
      data: { lastUsedAt: now },
    });
  }

  const u = token.user;
  return { id: u.id, name: u.name, email: u.email, isAdmin: u.isAdmin };
}
