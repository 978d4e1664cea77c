import type { PrismaClient } from "@/lib/generated/prisma/client";
import { logActivity } from "@/lib/activity/log";
import { ZEnvironment, ZId, ZMove } from "@/lib/bashes/schema";
import { getBashContext } from "@/lib/bashes/queries";
import { notFound } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/policy";
import { parseInput } from "@/lib/validation";
import { moveInList } from "@/lib/features/commands";

export async function createEnvironment(db: PrismaClient, actor: Actor, bashId: string, raw: unknown) {
  assertCan(actor, "bash.update", await getBashContext(db, actor, bashId));
  const input = parseInput(ZEnvironment, raw);
  return db.$transaction(async (tx) => {
    // One writer at a time per bash, so two adds never get the same position.
    await tx.$executeRaw`select id from "Bash" where id = ${bashId} for update`;
    const last = await tx.environment.aggregate({ where: { bashId }, _max: { position: true } });
    const env = await tx.environment.create({ data: { ...input, isUp: input.isUp ?? false, bashId, position: (last._max.position ?? -1) + 1 } });
    await logActivity(tx, { bashId, actorId: actor.id, type: "environment.created", entityType: "environment", entityId: env.id, data: { name: env.name } });
    return env;
  });
}

export async function updateEnvironment(db: PrismaClient, actor: Actor, bashId: string, environmentId: string, raw: unknown) {
  assertCan(actor, "bash.update", await getBashContext(db, actor, bashId));
  const input = parseInput(ZEnvironment, raw);
  return db.$transaction(async (tx) => {
    const r = await tx.environment.updateMany({ where: { id: environmentId, bashId }, data: { ...input, isUp: input.isUp ?? false } });
    if (r.count === 0) throw notFound("That environment");
    await logActivity(tx, { bashId, actorId: actor.id, type: "environment.updated", entityType: "environment", entityId: environmentId, data: { name: input.name } });
  });
}

export async function deleteEnvironment(db: PrismaClient, actor: Actor, bashId: string, raw: unknown) {
  assertCan(actor, "bash.update", await getBashContext(db, actor, bashId));
  const { id } = parseInput(ZId, raw);
  await db.$transaction(async (tx) => {
    const r = await tx.environment.deleteMany({ where: { id, bashId } });
    if (r.count === 0) throw notFound("That environment");
    await logActivity(tx, { bashId, actorId: actor.id, type: "environment.deleted", entityType: "environment", entityId: id });
  });
}

export async function moveEnvironment(db: PrismaClient, actor: Actor, bashId: string, raw: unknown) {
  assertCan(actor, "bash.update", await getBashContext(db, actor, bashId));
  const input = parseInput(ZMove, raw);
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`select id from "Bash" where id = ${bashId} for update`;
    const rows = await tx.environment.findMany({ where: { bashId }, orderBy: [{ position: "asc" }, { createdAt: "asc" }], select: { id: true } });
    const order = moveInList(rows.map((r) => r.id), input.id, input.direction);
    if (!order) throw notFound("That environment");
    for (const [i, id] of order.entries()) await tx.environment.update({ where: { id }, data: { position: i } });
  });
}
