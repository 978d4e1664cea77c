import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

/** One row in the bash's activity log (audit trail and event stream). Never put secrets in `data`. */
export async function logActivity(
  db: Db,
  a: { bashId: string | null; actorId: string | null; type: string; entityType?: string; entityId?: string; data?: Prisma.InputJsonValue },
) {
  await db.activity.create({
    data: { bashId: a.bashId, actorId: a.actorId, type: a.type, entityType: a.entityType ?? "", entityId: a.entityId ?? "", data: a.data ?? {} },
  });
}
