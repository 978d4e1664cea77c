// The help queue: a participant raises a hand ("I'm blocked"), a facilitator acknowledges it
// ("on my way") and resolves it; the participant sees each change live.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { logActivity } from "@/lib/activity/log";
import { getBashContext } from "@/lib/bashes/queries";
import type { Db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { ZHelpRef, ZRaiseHand } from "@/lib/live/schema";
import { assertCan, type Actor } from "@/lib/policy";
import { parseInput } from "@/lib/validation";

const OPEN_STATES = ["OPEN", "ACKNOWLEDGED"] as const;

/** My open raised hand in this bash, if any. */
export async function findMyHelpRequest(db: Db, actor: Actor, bashId: string) {
  return db.helpRequest.findFirst({
    where: { bashId, userId: actor.id, status: { in: [...OPEN_STATES] } },
    orderBy: { createdAt: "desc" },
    include: { handledBy: { select: { name: true } } },
  });
}

/** Raise my hand. One open request per person: raising again updates its message. */
export async function raiseHand(db: PrismaClient, actor: Actor, bashId: string, raw: unknown, now = new Date()) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "help.raise", ctx);
  const { message } = parseInput(ZRaiseHand, raw);
  return db.$transaction(async (tx) => {
    const m = await tx.membership.findUnique({ where: { bashId_userId: { bashId, userId: actor.id } }, select: { id: true } });
    if (!m) throw new AppError("FORBIDDEN", "Join the bash first: open your invite link.");
    // Serialise a person's own requests so a double tap does not open two.
    await tx.$executeRaw`select id from "Membership" where id = ${m.id} for update`;
    const open = await tx.helpRequest.findFirst({ where: { bashId, userId: actor.id, status: { in: [...OPEN_STATES] } } });
    const req = open
      ? await tx.helpRequest.update({ where: { id: open.id }, data: { message } })
      : await tx.helpRequest.create({ data: { bashId, userId: actor.id, message, createdAt: now } });
    await tx.membership.update({ where: { id: m.id }, data: { blockedAt: open ? undefined : now, lastSeenAt: now } });
    await logActivity(tx, { bashId, actorId: actor.id, type: open ? "help.updated" : "help.raised", entityType: "help", entityId: req.id });
    return req;
  });
}

async function moveRequest(db: PrismaClient, actor: Actor, bashId: string, raw: unknown, to: "ACKNOWLEDGED" | "RESOLVED", now: Date) {
  const ctx = await getBashContext(db, actor, bashId);
  const { id } = parseInput(ZHelpRef, raw);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`select id from "HelpRequest" where id = ${id} and "bashId" = ${bashId} for update`;
    const req = await tx.helpRequest.findFirst({ where: { id, bashId } });
    if (!req) throw notFound("That help request");
    // The person who raised it may take it back ("I'm unblocked"); anything else is the facilitators'.
    const own = req.userId === actor.id && to === "RESOLVED";
    if (!own) assertCan(actor, "help.handle", ctx);
    if (req.status === "RESOLVED") return req;
    if (to === "ACKNOWLEDGED" && req.status === "ACKNOWLEDGED") return req;
    const updated = await tx.helpRequest.update({
      where: { id },
      data:
        to === "ACKNOWLEDGED"
          ? { status: to, acknowledgedAt: now, handledById: actor.id }
          : { status: to, resolvedAt: now, handledById: req.handledById ?? (own ? null : actor.id) },
    });
    if (to === "RESOLVED") {
      const stillOpen = await tx.helpRequest.count({ where: { bashId, userId: req.userId, status: { in: [...OPEN_STATES] } } });
      if (stillOpen === 0) await tx.membership.updateMany({ where: { bashId, userId: req.userId }, data: { blockedAt: null } });
    }
    await logActivity(tx, { bashId, actorId: actor.id, type: to === "ACKNOWLEDGED" ? "help.acknowledged" : "help.resolved", entityType: "help", entityId: id });
    return updated;
  });
}

/** "On my way": the participant sees who is coming. */
export function acknowledgeHelp(db: PrismaClient, actor: Actor, bashId: string, raw: unknown, now = new Date()) {
  return moveRequest(db, actor, bashId, raw, "ACKNOWLEDGED", now);
}

/** Unblocked: by a facilitator, or by the participant themself. */
export function resolveHelp(db: PrismaClient, actor: Actor, bashId: string, raw: unknown, now = new Date()) {
  return moveRequest(db, actor, bashId, raw, "RESOLVED", now);
}
