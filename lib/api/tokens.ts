// Personal API tokens for the REST API (/api/v1). The raw token is shown once, when it is made;
// only its sha256 is stored. A token acts as its user, with the same policy as the UI, and a READ
// token cannot write. Tokens belong to one person: nobody else can list or revoke them.
import crypto from "node:crypto";
import { z } from "zod";
import { logActivity } from "@/lib/activity/log";
import type { Db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/policy";
import { parseInput } from "@/lib/validation";

export const TOKEN_PREFIX = "bb_";
export const TOKEN_SCOPES = ["READ", "READ_WRITE"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
export const SCOPE_LABEL: Record<TokenScope, string> = { READ: "Read only", READ_WRITE: "Read and write" };

/** How many tokens one person may have that are not revoked. */
export const MAX_ACTIVE_TOKENS = 20;

export const ZCreateApiToken = z.object({
  name: z
    .string({ error: "Give the token a name, for example “Release pipeline”." })
    .trim()
    .min(1, "Give the token a name, for example “Release pipeline”.")
    .max(100, "Keep the name under 100 characters."),
  scope: z.enum(TOKEN_SCOPES, { error: "Choose read only or read and write." }),
});

export const ZRevokeApiToken = z.object({ id: z.string({ error: "Missing token id." }).trim().min(1, "Missing token id.").max(64, "That token id is not valid.") });

export function hashApiToken(raw: string): string {
  return crypto.createHash("sha256").update(raw).digest("hex");
}

/** A new random token: bb_ + 32 random bytes, base64url (43 characters). */
export function generateApiToken(): string {
  return TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
}

/** Looks like one of ours (cheap check before any query). */
export function isWellFormedToken(raw: string): boolean {
  return /^bb_[A-Za-z0-9_-]{43}$/.test(raw);
}

export type ApiTokenInfo = { id: string; name: string; scope: TokenScope; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

/** Make a token. Returns the raw token: show it once, it cannot be recovered. */
export async function createApiToken(db: PrismaClient, actor: Actor, raw: unknown): Promise<ApiTokenInfo & { token: string }> {
  const input = parseInput(ZCreateApiToken, raw);
  const token = generateApiToken();
  return db.$transaction(async (tx) => {
    // One writer per person, so two tabs cannot both pass the limit.
    await tx.$executeRaw`select id from "User" where id = ${actor.id} for update`;
    const active = await tx.apiToken.count({ where: { userId: actor.id, revokedAt: null } });
    if (active >= MAX_ACTIVE_TOKENS) {
      throw new AppError("CONFLICT", `You already have ${MAX_ACTIVE_TOKENS} active tokens. Revoke one you no longer use, then create a new one.`);
    }
    const row = await tx.apiToken.create({
      data: { userId: actor.id, name: input.name, scope: input.scope, tokenHash: hashApiToken(token) },
      select: { id: true, name: true, scope: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    });
    await logActivity(tx, { bashId: null, actorId: actor.id, type: "api_token.created", entityType: "api_token", entityId: row.id, data: { name: row.name, scope: row.scope } });
    return { ...row, token };
  });
}

/** My tokens, active ones first (newest first), then the revoked ones. Never the secret. */
export async function listApiTokens(db: Db, actor: Actor): Promise<ApiTokenInfo[]> {
  return db.apiToken.findMany({
    where: { userId: actor.id },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    take: 100,
    select: { id: true, name: true, scope: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

/** Revoke one of my tokens; it stops working at once. Revoking twice is fine; anyone else's is NOT_FOUND. */
export async function revokeApiToken(db: PrismaClient, actor: Actor, raw: unknown, now = new Date()): Promise<{ id: string; name: string }> {
  const { id } = parseInput(ZRevokeApiToken, raw);
  return db.$transaction(async (tx) => {
    const row = await tx.apiToken.findFirst({ where: { id, userId: actor.id }, select: { id: true, name: true, revokedAt: true } });
    if (!row) throw notFound("That token");
    if (row.revokedAt) return { id: row.id, name: row.name };
    await tx.apiToken.update({ where: { id: row.id }, data: { revokedAt: now } });
    await logActivity(tx, { bashId: null, actorId: actor.id, type: "api_token.revoked", entityType: "api_token", entityId: row.id, data: { name: row.name } });
    return { id: row.id, name: row.name };
  });
}
