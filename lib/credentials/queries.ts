import { findBashContext } from "@/lib/bashes/queries";
import type { Db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { assertCan, can, type Actor } from "@/lib/policy";

export type PoolAccount = {
  id: string;
  username: string;
  notes: string;
  claimedBy: { id: string; name: string } | null;
  claimedAt: Date | null;
  secret: string | null;
};

export type PoolEnvironment = {
  environmentId: string;
  environmentName: string;
  total: number;
  free: number;
  /** The account the actor holds in this environment, with its secret. */
  mine: { id: string; username: string; secret: string; notes: string } | null;
  /** Every account, with secrets: only for facilitators; empty for everybody else. */
  accounts: PoolAccount[];
};

/**
 * The test-account pool of each environment of a bash, in environment order. Facilitators see
 * every account and its secret; everybody else sees counts and only their own claim.
 */
export async function listCredentialPool(db: Db, actor: Actor, bashId: string): Promise<PoolEnvironment[]> {
  const ctx = await findBashContext(db, actor, bashId);
  if (!ctx.exists) throw notFound("That bash");
  assertCan(actor, "bash.read", ctx);
  const canManage = can(actor, "credential.manage", ctx);

  const environments = await db.environment.findMany({
    where: { bashId },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true },
  });
  // One after another: `db` may be an open transaction, which runs one query at a time.
  const totals = await db.testCredential.groupBy({ by: ["environmentId"], where: { bashId }, _count: { _all: true } });
  const frees = await db.testCredential.groupBy({ by: ["environmentId"], where: { bashId, claimedById: null }, _count: { _all: true } });
  const mine = await db.testCredential.findMany({
    where: { bashId, claimedById: actor.id },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, environmentId: true, username: true, secret: true, notes: true },
  });
  // Secrets of other people's accounts are not even read unless the actor is a facilitator.
  const accounts = canManage
    ? await db.testCredential.findMany({
        where: { bashId },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: {
          id: true,
          environmentId: true,
          username: true,
          secret: true,
          notes: true,
          claimedAt: true,
          claimedBy: { select: { id: true, name: true } },
        },
      })
    : [];

  const count = (rows: { environmentId: string; _count: { _all: number } }[], envId: string) =>
    rows.find((r) => r.environmentId === envId)?._count._all ?? 0;

  return environments.map((env) => {
    const held = mine.find((c) => c.environmentId === env.id);
    return {
      environmentId: env.id,
      environmentName: env.name,
      total: count(totals, env.id),
      free: count(frees, env.id),
      mine: held ? { id: held.id, username: held.username, secret: held.secret, notes: held.notes } : null,
      accounts: accounts
        .filter((c) => c.environmentId === env.id)
        .map((c) => ({
          id: c.id,
          username: c.username,
          notes: c.notes,
          claimedBy: c.claimedBy ? { id: c.claimedBy.id, name: c.claimedBy.name } : null,
          claimedAt: c.claimedAt,
          secret: c.secret,
        })),
    };
  });
}
