import type { PrismaClient } from "@/lib/generated/prisma/client";
import { logActivity } from "@/lib/activity/log";
import { ZCoverageTarget, ZId } from "@/lib/bashes/schema";
import { getBashContext } from "@/lib/bashes/queries";
import { AppError, notFound } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/policy";
import { parseInput } from "@/lib/validation";

export async function addCoverageTarget(db: PrismaClient, actor: Actor, bashId: string, raw: unknown) {
  assertCan(actor, "bash.update", await getBashContext(db, actor, bashId));
  const input = parseInput(ZCoverageTarget, raw);
  return db.$transaction(async (tx) => {
    // One writer at a time per bash: the duplicate check and the position must see every earlier add.
    await tx.$executeRaw`select id from "Bash" where id = ${bashId} for update`;
    const existing = await tx.coverageTarget.findMany({ where: { bashId } });
    const key = (t: { kind: string; os: string; osVersion: string; browser: string }) => [t.kind, t.os, t.osVersion, t.browser].map((s) => s.toLowerCase()).join("|");
    if (existing.some((t) => key(t) === key(input))) throw new AppError("CONFLICT", "That combination is already on the list.");
    // After the last one (not at existing.length, which a removal may already have taken).
    const position = existing.reduce((max, t) => Math.max(max, t.position), -1) + 1;
    const target = await tx.coverageTarget.create({ data: { ...input, bashId, position } });
    await logActivity(tx, { bashId, actorId: actor.id, type: "coverage.added", entityType: "coverageTarget", entityId: target.id, data: { ...input } });
    return target;
  });
}

export async function removeCoverageTarget(db: PrismaClient, actor: Actor, bashId: string, raw: unknown) {
  assertCan(actor, "bash.update", await getBashContext(db, actor, bashId));
  const { id } = parseInput(ZId, raw);
  await db.$transaction(async (tx) => {
    const r = await tx.coverageTarget.deleteMany({ where: { id, bashId } });
    if (r.count === 0) throw notFound("That coverage target");
    await logActivity(tx, { bashId, actorId: actor.id, type: "coverage.removed", entityType: "coverageTarget", entityId: id });
  });
}
