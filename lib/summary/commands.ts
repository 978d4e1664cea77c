// Writes behind the summary page: facilitators may hide the leaderboard (some teams prefer no ranking).
import { z } from "zod";
import { logActivity } from "@/lib/activity/log";
import { getBashContext } from "@/lib/bashes/queries";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { assertCan, type Actor } from "@/lib/policy";
import { parseInput } from "@/lib/validation";

const flag = z
  .union([z.boolean(), z.enum(["true", "false", "on", "off", "1", "0"])], { error: "Say whether to hide the leaderboard." })
  .transform((v) => v === true || v === "true" || v === "on" || v === "1");

export const ZLeaderboardHidden = z.object({ hidden: flag });
export type TLeaderboardHidden = z.infer<typeof ZLeaderboardHidden>;

/** Hide the summary's leaderboard from everyone but the facilitators, or show it again. */
export async function setLeaderboardHidden(db: PrismaClient, actor: Actor, bashId: string, raw: unknown): Promise<{ hidden: boolean }> {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "bash.update", ctx);
  const { hidden } = parseInput(ZLeaderboardHidden, raw);
  return db.$transaction(async (tx) => {
    const before = await tx.bash.findUniqueOrThrow({ where: { id: bashId }, select: { leaderboardHidden: true } });
    if (before.leaderboardHidden === hidden) return { hidden };
    await tx.bash.update({ where: { id: bashId }, data: { leaderboardHidden: hidden } });
    await logActivity(tx, { bashId, actorId: actor.id, type: "bash.leaderboard", entityType: "bash", entityId: bashId, data: { hidden } });
    return { hidden };
  });
}
