import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

/** The Postgres NOTIFY channel live updates travel on (see lib/realtime). */
export const EVENTS_CHANNEL = "bashboard_events";

/**
 * One row in the bash's activity log (audit trail and event stream). Never put secrets in `data`.
 * Call it inside the write's transaction: the row and its pg_notify commit (or roll back) together,
 * and Postgres delivers the NOTIFY only on commit. The payload carries ids only; listeners refetch.
 */
export async function logActivity(
  db: Db,
  a: { bashId: string | null; actorId: string | null; type: string; entityType?: string; entityId?: string; data?: Prisma.InputJsonValue },
) {
  const row = await db.activity.create({
    data: { bashId: a.bashId, actorId: a.actorId, type: a.type, entityType: a.entityType ?? "", entityId: a.entityId ?? "", data: a.data ?? {} },
    select: { id: true },
  });
  if (a.bashId) {
    const payload = JSON.stringify({ b: a.bashId, i: row.id.toString(), t: a.type });
    await db.$executeRaw`select pg_notify(${EVENTS_CHANNEL}, ${payload})`;
  }
}
