import type { PrismaClient } from "@/lib/generated/prisma/client";
import { logActivity } from "@/lib/activity/log";
import { ZFeature, ZId, ZMove } from "@/lib/bashes/schema";
import { getBashContext } from "@/lib/bashes/queries";
import { notFound } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/policy";
import { parseInput } from "@/lib/validation";

/** The list with `id` moved one place up or down; null when the id is not in the list. */
export function moveInList(ids: string[], id: string, direction: "up" | "down"): string[] | null {
  const i = ids.indexOf(id);
  if (i < 0) return null;
  const j = direction === "up" ? i - 1 : i + 1;
  if (j < 0 || j >= ids.length) return ids;
  const next = [...ids];
  [next[i], next[j]] = [next[j], next[i]];
  return next;
}

export async function createFeature(db: PrismaClient, actor: Actor, bashId: string, raw: unknown) {
  assertCan(actor, "bash.update", await getBashContext(db, actor, bashId));
  const input = parseInput(ZFeature, raw);
  return db.$transaction(async (tx) => {
    // One writer at a time per bash, so two adds never get the same position.
    await tx.$executeRaw`select id from "Bash" where id = ${bashId} for update`;
    const last = await tx.feature.aggregate({ where: { bashId }, _max: { position: true } });
    const feature = await tx.feature.create({ data: { ...input, bashId, position: (last._max.position ?? -1) + 1 } });
    await logActivity(tx, { bashId, actorId: actor.id, type: "feature.created", entityType: "feature", entityId: feature.id, data: { menuName: feature.menuName } });
    return feature;
  });
}

export async function updateFeature(db: PrismaClient, actor: Actor, bashId: string, featureId: string, raw: unknown) {
  assertCan(actor, "bash.update", await getBashContext(db, actor, bashId));
  const input = parseInput(ZFeature, raw);
  await db.$transaction(async (tx) => {
    const r = await tx.feature.updateMany({ where: { id: featureId, bashId }, data: input });
    if (r.count === 0) throw notFound("That feature");
    await logActivity(tx, { bashId, actorId: actor.id, type: "feature.updated", entityType: "feature", entityId: featureId, data: { menuName: input.menuName } });
  });
}

export async function deleteFeature(db: PrismaClient, actor: Actor, bashId: string, raw: unknown) {
  assertCan(actor, "bash.update", await getBashContext(db, actor, bashId));
  const { id } = parseInput(ZId, raw);
  await db.$transaction(async (tx) => {
    const r = await tx.feature.deleteMany({ where: { id, bashId } });
    if (r.count === 0) throw notFound("That feature");
    await logActivity(tx, { bashId, actorId: actor.id, type: "feature.deleted", entityType: "feature", entityId: id });
  });
}

/** Reorder: one step up or down. Positions are rewritten 0..n-1 in one transaction. */
export async function moveFeature(db: PrismaClient, actor: Actor, bashId: string, raw: unknown) {
  assertCan(actor, "bash.update", await getBashContext(db, actor, bashId));
  const input = parseInput(ZMove, raw);
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`select id from "Bash" where id = ${bashId} for update`;
    const rows = await tx.feature.findMany({ where: { bashId }, orderBy: [{ position: "asc" }, { createdAt: "asc" }], select: { id: true } });
    const order = moveInList(rows.map((r) => r.id), input.id, input.direction);
    if (!order) throw notFound("That feature");
    for (const [i, id] of order.entries()) await tx.feature.update({ where: { id }, data: { position: i } });
  });
}
