import { logActivity } from "@/lib/activity/log";
// The test-credential pool: facilitators paste shared test accounts per environment, participants
// claim one each. A credential is held by at most one person: claims are one conditional UPDATE
// with FOR UPDATE SKIP LOCKED, and one person's concurrent claims are serialised by an advisory lock.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { findBashContext } from "@/lib/bashes/queries";
import { ZAddCredentials, ZClaimCredential, ZReleaseCredential, ZRemoveCredential, parseCredentialLines } from "@/lib/credentials/schema";
import { AppError, notFound } from "@/lib/errors";
import { assertCan, can, canSeeBash, type Actor, type BashAction, type BashContext } from "@/lib/policy";
import { parseInput } from "@/lib/validation";

export type ClaimedCredential = { id: string; username: string; secret: string; notes: string };

async function bashContext(db: PrismaClient, actor: Actor, bashId: string, action: BashAction): Promise<BashContext> {
  const ctx = await findBashContext(db, actor, bashId);
  if (!ctx.exists) throw notFound("That bash");
  assertCan(actor, action, ctx);
  return ctx;
}

async function findEnvironment(db: PrismaClient, bashId: string, environmentId: string) {
  const env = await db.environment.findFirst({ where: { id: environmentId, bashId }, select: { id: true, name: true } });
  if (!env) throw notFound("That environment");
  return env;
}

const usernameKey = (u: string) => u.trim().toLowerCase();

/**
 * Add pasted accounts to an environment's pool. All or nothing: any bad line refuses the whole paste.
 * Usernames already in the pool (or repeated in the paste) are skipped, case-insensitively.
 */
export async function addCredentials(
  db: PrismaClient,
  actor: Actor,
  bashId: string,
  raw: unknown,
): Promise<{ added: number; skippedDuplicates: number }> {
  await bashContext(db, actor, bashId, "credential.manage");
  const input = parseInput(ZAddCredentials, raw);
  const env = await findEnvironment(db, bashId, input.environmentId);

  const { rows, problems } = parseCredentialLines(input.text);
  if (problems.length > 0) {
    const more = problems.length - 1;
    const message = more > 0 ? `${problems[0].message} (${more} more ${more === 1 ? "line has" : "lines have"} problems.)` : problems[0].message;
    throw new AppError("INVALID", message, { fieldErrors: { text: message } });
  }
  if (rows.length === 0) {
    const message = "Paste at least one account: a username and a password on each line.";
    throw new AppError("INVALID", message, { fieldErrors: { text: message } });
  }

  return db.$transaction(async (tx) => {
    // Two facilitators pasting into the same pool at once must not both add the same username.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`credentials.add:${env.id}`}::text))`;
    const existing = await tx.testCredential.findMany({ where: { environmentId: env.id }, select: { username: true } });
    const seen = new Set(existing.map((c) => usernameKey(c.username)));
    const fresh = rows.filter((r) => {
      const key = usernameKey(r.username);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (fresh.length > 0) {
      // Paste order is claim order: the oldest free account is handed out first.
      const base = Date.now();
      await tx.testCredential.createMany({
        data: fresh.map((r, i) => ({
          bashId,
          environmentId: env.id,
          username: r.username,
          secret: r.secret,
          notes: r.notes,
          createdAt: new Date(base + i),
        })),
      });
      await logActivity(tx, {
          bashId,
          actorId: actor.id,
          type: "credentials.added",
          entityType: "environment",
          entityId: env.id,
          data: { count: fresh.length },
        });
    }
    return { added: fresh.length, skippedDuplicates: rows.length - fresh.length };
  });
}

/**
 * Claim a test account in an environment: the one the actor already holds there, otherwise the
 * oldest free one. CONFLICT when none is free.
 */
export async function claimCredential(db: PrismaClient, actor: Actor, bashId: string, raw: unknown): Promise<ClaimedCredential> {
  await bashContext(db, actor, bashId, "credential.claim");
  const input = parseInput(ZClaimCredential, raw);
  const env = await findEnvironment(db, bashId, input.environmentId);

  return db.$transaction(async (tx) => {
    // The same person clicking twice (or in two tabs) waits here for their first claim to commit,
    // then finds it below instead of taking a second account.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${actor.id}::text || ':' || ${env.id}::text))`;
    const held = await tx.testCredential.findFirst({
      where: { bashId, environmentId: env.id, claimedById: actor.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, username: true, secret: true, notes: true },
    });
    if (held) return held;

    // One statement: lock the oldest free row (skipping rows another claim is taking right now) and take it.
    const taken = await tx.$queryRaw<ClaimedCredential[]>`
      UPDATE "TestCredential"
         SET "claimedById" = ${actor.id}, "claimedAt" = now()
       WHERE "claimedById" IS NULL
         AND id = (
           SELECT id FROM "TestCredential"
            WHERE "environmentId" = ${env.id} AND "bashId" = ${bashId} AND "claimedById" IS NULL
            ORDER BY "createdAt", id
            LIMIT 1
            FOR UPDATE SKIP LOCKED)
      RETURNING id, username, secret, notes`;
    const cred = taken[0];
    if (!cred) throw new AppError("CONFLICT", `All test accounts for ${env.name} are taken. Ask a facilitator to add more.`);

    await logActivity(tx, {
        bashId,
        actorId: actor.id,
        type: "credential.claimed",
        entityType: "credential",
        entityId: cred.id,
        data: { environmentId: env.id },
      });
    return { id: cred.id, username: cred.username, secret: cred.secret, notes: cred.notes };
  });
}

/**
 * Give a claimed account back to the pool: the claimer their own, a facilitator anyone's.
 * `released` is false when it was already free (or released meanwhile).
 */
export async function releaseCredential(db: PrismaClient, actor: Actor, bashId: string, raw: unknown): Promise<{ released: boolean }> {
  const ctx = await findBashContext(db, actor, bashId);
  if (!ctx.exists || !canSeeBash(actor, ctx)) throw notFound("That bash");
  const input = parseInput(ZReleaseCredential, raw);
  const cred = await db.testCredential.findFirst({
    where: { id: input.credentialId, bashId },
    select: { id: true, environmentId: true, claimedById: true, claimedAt: true },
  });
  if (!cred) throw notFound("That test account");

  const claimedById = cred.claimedById;
  if (!claimedById) {
    // Already free (a second click on "release"): nothing to do, for anyone who may use the pool.
    if (!can(actor, "credential.manage", ctx)) assertCan(actor, "credential.claim", ctx);
    return { released: false };
  }
  if (claimedById === actor.id) assertCan(actor, "credential.claim", ctx);
  else if (!can(actor, "credential.manage", ctx)) throw new AppError("FORBIDDEN", "You can only release the test account you claimed.");

  return db.$transaction(async (tx) => {
    // Only the claim we looked at: if it was released and claimed again meanwhile, leave the new claim alone.
    const { count } = await tx.testCredential.updateMany({
      where: { id: cred.id, bashId, claimedById, claimedAt: cred.claimedAt },
      data: { claimedById: null, claimedAt: null },
    });
    if (count === 0) return { released: false };
    await logActivity(tx, {
        bashId,
        actorId: actor.id,
        type: "credential.released",
        entityType: "credential",
        entityId: cred.id,
        data: { environmentId: cred.environmentId, claimedById },
      });
    return { released: true };
  });
}

/** Delete an account from the pool (claimed or not). */
export async function removeCredential(db: PrismaClient, actor: Actor, bashId: string, raw: unknown): Promise<{ removed: true }> {
  await bashContext(db, actor, bashId, "credential.manage");
  const input = parseInput(ZRemoveCredential, raw);
  return db.$transaction(async (tx) => {
    const cred = await tx.testCredential.findFirst({ where: { id: input.credentialId, bashId }, select: { id: true, environmentId: true } });
    if (!cred) throw notFound("That test account");
    const { count } = await tx.testCredential.deleteMany({ where: { id: cred.id, bashId } });
    if (count === 0) throw notFound("That test account");
    await logActivity(tx, {
        bashId,
        actorId: actor.id,
        type: "credential.removed",
        entityType: "credential",
        entityId: cred.id,
        data: { environmentId: cred.environmentId },
      });
    return { removed: true as const };
  });
}
