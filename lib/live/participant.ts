import { getBashContext } from "@/lib/bashes/queries";
import type { Db } from "@/lib/db";
import { findMyHelpRequest } from "@/lib/live/help";
import { assertCan, can, type Actor } from "@/lib/policy";
import { listMyBashNotices, listMyReports } from "@/lib/reports/queries";

/** A participant's view of the running bash: the clock, my raised hand, my reports, nudges to me. */
export async function getMyLiveState(db: Db, actor: Actor, bashId: string) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "bash.read", ctx);
  const [bash, me, help, reports, notices] = await Promise.all([
    db.bash.findUniqueOrThrow({
      where: { id: bashId },
      select: { status: true, startedAt: true, endsAt: true, endedAt: true, extendedAt: true, extendedMinutes: true, timeZone: true },
    }),
    db.membership.findUnique({ where: { bashId_userId: { bashId, userId: actor.id } }, select: { wantsMoreTime: true } }),
    findMyHelpRequest(db, actor, bashId),
    can(actor, "report.read", ctx) ? listMyReports(db, actor, bashId) : Promise.resolve([]),
    listMyBashNotices(db, actor, bashId),
  ]);
  return {
    bash,
    wantsMoreTime: me?.wantsMoreTime ?? false,
    help: help ? { id: help.id, status: help.status, message: help.message, handledByName: help.handledBy?.name ?? null, createdAt: help.createdAt } : null,
    reports,
    nudges: notices.filter((n) => n.kind === "report.nudge"),
    canReport: can(actor, "report.create", ctx),
    canRaiseHand: can(actor, "help.raise", ctx),
  };
}
