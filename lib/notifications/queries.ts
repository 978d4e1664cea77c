import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/db";
import { ZId } from "@/lib/bashes/schema";
import { notFound } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import { parseInput } from "@/lib/validation";

// A person's own notifications: every query is scoped to the actor, so nobody reads another's.
export async function countUnread(db: Db, actor: Actor): Promise<number> {
  return db.notification.count({ where: { userId: actor.id, readAt: null } });
}

export async function listNotifications(db: Db, actor: Actor, limit = 100) {
  return db.notification.findMany({
    where: { userId: actor.id },
    orderBy: { createdAt: "desc" },
    take: limit,
    include: { bash: { select: { title: true } } },
  });
}

export async function markAllRead(db: PrismaClient, actor: Actor) {
  const r = await db.notification.updateMany({ where: { userId: actor.id, readAt: null }, data: { readAt: new Date() } });
  return { marked: r.count };
}

export async function markRead(db: PrismaClient, actor: Actor, raw: unknown) {
  const { id } = parseInput(ZId, raw);
  const n = await db.notification.findFirst({ where: { id, userId: actor.id } });
  if (!n) throw notFound("That notification");
  if (!n.readAt) await db.notification.update({ where: { id }, data: { readAt: new Date() } });
  return { url: n.url };
}
