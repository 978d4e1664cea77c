// The bash clock during the hour: extend for everyone, "need more time?", and presence pings.
// Start and end are status moves (lib/bashes/commands.ts setBashStatus).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { logActivity } from "@/lib/activity/log";
import { getBashContext } from "@/lib/bashes/queries";
import { bashExtendedText } from "@/lib/chat/messages";
import { deliverChatPostsSoon, queueChatPost } from "@/lib/chat/webhook";
import { AppError } from "@/lib/errors";
import { ZExtend, ZMoreTime, ZPresence } from "@/lib/live/schema";
import { assertCan, type Actor } from "@/lib/policy";
import { parseInput } from "@/lib/validation";

/** The "5 minutes left — need more time?" call-out shows from this many minutes before the end. */
export const LAST_CALL_MINUTES = 5;

/** Move the end for everyone. From the planned end, or from now when that has already passed. */
export async function extendBash(db: PrismaClient, actor: Actor, bashId: string, raw: unknown, opts: { baseUrl?: string; now?: Date } = {}) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "bash.run", ctx);
  const { minutes } = parseInput(ZExtend, raw);
  const now = opts.now ?? new Date();
  const out = await db.$transaction(async (tx) => {
    await tx.$executeRaw`select id from "Bash" where id = ${bashId} for update`;
    const bash = await tx.bash.findUniqueOrThrow({ where: { id: bashId } });
    if (bash.status !== "LIVE") throw new AppError("CONFLICT", "Only a live bash can be extended. Start it first.");
    const from = Math.max(bash.endsAt?.getTime() ?? now.getTime(), now.getTime());
    const endsAt = new Date(from + minutes * 60_000);
    const updated = await tx.bash.update({ where: { id: bashId }, data: { endsAt, extendedAt: now, extendedMinutes: minutes } });
    // Everyone who asked for more time got it; the next last call asks again.
    await tx.membership.updateMany({ where: { bashId, wantsMoreTime: true }, data: { wantsMoreTime: false } });
    await logActivity(tx, { bashId, actorId: actor.id, type: "bash.extended", entityType: "bash", entityId: bashId, data: { minutes, endsAt: endsAt.toISOString() } });
    const text = bashExtendedText({ title: bash.title, minutes, endsAt, timeZone: bash.timeZone, url: `${opts.baseUrl ?? ""}/bashes/${bashId}` });
    const queued = await queueChatPost(tx, bashId, "bash.extended", text);
    return { updated, queued };
  });
  if (out.queued) deliverChatPostsSoon(db);
  return out.updated;
}

/** A participant's answer to "need more time?"; the facilitator's console counts the yeses. */
export async function setWantsMoreTime(db: PrismaClient, actor: Actor, bashId: string, raw: unknown) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "report.create", ctx);
  const { wants } = parseInput(ZMoreTime, raw);
  await db.$transaction(async (tx) => {
    const bash = await tx.bash.findUniqueOrThrow({ where: { id: bashId }, select: { status: true } });
    if (bash.status !== "LIVE") throw new AppError("CONFLICT", "The bash is not running, so there is no time to add.");
    const r = await tx.membership.updateMany({ where: { bashId, userId: actor.id }, data: { wantsMoreTime: wants } });
    if (r.count === 0) throw new AppError("FORBIDDEN", "Join the bash first: open your invite link.");
    await logActivity(tx, { bashId, actorId: actor.id, type: "bash.more_time", entityType: "membership", entityId: actor.id, data: { wants } });
  });
}

/**
 * "I am here" from the participant's open page (about once a minute), `active` when they typed or
 * filed since the last ping. Not an activity: the console re-reads presence on its own clock.
 */
export async function touchPresence(db: PrismaClient, actor: Actor, bashId: string, raw: unknown, now = new Date()) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "bash.read", ctx);
  const { active } = parseInput(ZPresence, raw);
  await db.membership.updateMany({ where: { bashId, userId: actor.id }, data: { lastSeenAt: now, ...(active ? { lastActiveAt: now } : {}) } });
}
