import type { Db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { BashStatus } from "@/lib/generated/prisma/enums";
import { assertCan, canSeeBash, type Actor, type BashContext, type BashRole } from "@/lib/policy";

export type BashListItem = {
  id: string;
  title: string;
  product: string;
  release: string;
  status: BashStatus;
  scheduledStart: Date | null;
  timeZone: string;
  durationMinutes: number;
  endsAt: Date | null;
  endedAt: Date | null;
  role: BashRole;
  reportCount: number;
  memberCount: number;
};

/** My bashes, split into live now / upcoming / past. Archived bashes are hidden. */
export async function listMyBashes(db: Db, actor: Actor, now = new Date()) {
  const memberships = await db.membership.findMany({
    where: { userId: actor.id, bash: { archivedAt: null } },
    select: {
      role: true,
      bash: {
        select: {
          id: true,
          title: true,
          product: true,
          release: true,
          status: true,
          scheduledStart: true,
          timeZone: true,
          durationMinutes: true,
          endsAt: true,
          endedAt: true,
          _count: { select: { reports: true, memberships: true } },
        },
      },
    },
  });
  const items: BashListItem[] = memberships.map(({ role, bash }) => ({
    id: bash.id,
    title: bash.title,
    product: bash.product,
    release: bash.release,
    status: bash.status,
    scheduledStart: bash.scheduledStart,
    timeZone: bash.timeZone,
    durationMinutes: bash.durationMinutes,
    endsAt: bash.endsAt,
    endedAt: bash.endedAt,
    role,
    reportCount: bash._count.reports,
    memberCount: bash._count.memberships,
  }));
  const live = items.filter((b) => b.status === "LIVE");
  const past = items
    .filter((b) => b.status === "ENDED" || b.status === "CLOSED")
    .sort((a, b) => (b.endedAt ?? b.scheduledStart ?? now).getTime() - (a.endedAt ?? a.scheduledStart ?? now).getTime());
  const upcoming = items
    .filter((b) => b.status === "DRAFT" || b.status === "SCHEDULED")
    .sort((a, b) => (a.scheduledStart?.getTime() ?? Infinity) - (b.scheduledStart?.getTime() ?? Infinity));
  return { live, upcoming, past, total: items.length };
}

/** The actor's role in a bash (null when not a member). One indexed query: every command asks it. */
export async function findBashContext(db: Db, actor: Actor, bashId: string): Promise<BashContext & { exists: boolean }> {
  const rows = await db.$queryRaw<{ archived: boolean; role: BashRole | null }[]>`
    select b."archivedAt" is not null as archived, m.role::text as role
    from "Bash" b left join "Membership" m on m."bashId" = b.id and m."userId" = ${actor.id}
    where b.id = ${bashId}`;
  if (!rows.length) return { exists: false, role: null };
  return { exists: true, role: rows[0].role, archived: rows[0].archived };
}

/** The actor's role in a bash; NOT_FOUND when the bash does not exist or the actor may not see it. */
export async function getBashContext(db: Db, actor: Actor, bashId: string): Promise<BashContext> {
  return visibleBashContext(actor, await findBashContext(db, actor, bashId));
}

/** A found context as getBashContext answers it: NOT_FOUND when the bash is missing or not the actor's to see. */
export function visibleBashContext(actor: Actor, ctx: BashContext & { exists: boolean }): BashContext {
  if (!ctx.exists || !canSeeBash(actor, ctx)) throw notFound("That bash");
  return { role: ctx.role, archived: ctx.archived };
}

/** Everything the bash overview page shows. NOT_FOUND for a bash the actor cannot see. */
export async function getBashOverview(db: Db, actor: Actor, bashId: string) {
  const ctx = await findBashContext(db, actor, bashId);
  if (!ctx.exists) throw notFound("That bash");
  assertCan(actor, "bash.read", ctx);
  const bash = await db.bash.findUniqueOrThrow({
    where: { id: bashId },
    include: {
      environments: { orderBy: { position: "asc" } },
      features: { orderBy: { position: "asc" } },
      memberships: {
        orderBy: { createdAt: "asc" },
        include: { user: { select: { id: true, name: true } }, devices: true },
      },
    },
  });
  const reports = await db.report.findMany({
    where: { bashId },
    orderBy: { number: "desc" },
    select: {
      id: true,
      number: true,
      title: true,
      status: true,
      priority: true,
      severity: true,
      reporterName: true,
      createdAt: true,
      feature: { select: { menuName: true } },
    },
  });
  const statusCounts = await db.report.groupBy({ by: ["status"], where: { bashId }, _count: { _all: true } });
  return {
    bash,
    role: ctx.role,
    reports,
    statusCounts: Object.fromEntries(statusCounts.map((s) => [s.status, s._count._all])) as Partial<Record<string, number>>,
  };
}
