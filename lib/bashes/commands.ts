import type { PrismaClient } from "@/lib/generated/prisma/client";
import { assertCan, type Actor } from "@/lib/policy";
import { ZCreateBash } from "@/lib/bashes/schema";
import { zonedWallTimeToUtc } from "@/lib/time";
import { parseInput } from "@/lib/validation";

/** Create a bash in draft; the creator becomes its facilitator. */
export async function createBash(db: PrismaClient, actor: Actor, raw: unknown) {
  assertCan(actor, "bash.create");
  const input = parseInput(ZCreateBash, raw);
  const scheduledStart = input.scheduledStart ? zonedWallTimeToUtc(input.scheduledStart, input.timeZone) : null;
  return db.$transaction(async (tx) => {
    const bash = await tx.bash.create({
      data: {
        title: input.title,
        product: input.product,
        release: input.release,
        scheduledStart,
        timeZone: input.timeZone,
        durationMinutes: input.durationMinutes,
        location: input.location,
        videoLink: input.videoLink,
        createdById: actor.id,
        memberships: { create: { userId: actor.id, role: "FACILITATOR", rsvp: "GOING" } },
      },
    });
    await tx.activity.create({
      data: { bashId: bash.id, actorId: actor.id, type: "bash.created", entityType: "bash", entityId: bash.id, data: { title: bash.title } },
    });
    return bash;
  });
}
