import type { Db } from "@/lib/db";
import { getBashContext } from "@/lib/bashes/queries";
import { computeReadiness } from "@/lib/bashes/readiness";
import { computeCoverage } from "@/lib/coverage/match";
import { listCredentialPool } from "@/lib/credentials/queries";
import { needsReminder } from "@/lib/participants/commands";
import { assertCan, can, type Actor } from "@/lib/policy";

const bashInclude = {
  environments: { orderBy: { position: "asc" as const } },
  features: { orderBy: { position: "asc" as const } },
  coverageTargets: { orderBy: { position: "asc" as const } },
};

/** The newest activity id of a bash: a page opens its live stream from there, so nothing falls between render and connect. */
export async function lastActivityId(db: Db, bashId: string): Promise<string | null> {
  const last = await db.activity.findFirst({ where: { bashId }, orderBy: { id: "desc" }, select: { id: true } });
  return last ? String(last.id) : null;
}

/** Everything the facilitator's plan page shows. */
export async function getPlan(db: Db, actor: Actor, bashId: string, now = new Date()) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "bash.update", ctx);
  const [bash, members, invites, outbox, credentials] = await Promise.all([
    db.bash.findUniqueOrThrow({ where: { id: bashId }, include: bashInclude }),
    db.membership.findMany({
      where: { bashId },
      orderBy: { createdAt: "asc" },
      include: { user: { select: { id: true, name: true, email: true, deactivatedAt: true } }, devices: { orderBy: { createdAt: "asc" } } },
    }),
    db.invite.findMany({ where: { bashId }, orderBy: { createdAt: "desc" }, include: { createdBy: { select: { name: true } } } }),
    db.emailMessage.groupBy({ by: ["status"], where: { bashId }, _count: { _all: true } }),
    listCredentialPool(db, actor, bashId),
  ]);
  const rsvpCounts = { GOING: 0, MAYBE: 0, NOT_GOING: 0, PENDING: 0 };
  // Placeholders (names from an imported sheet, who cannot sign in) are listed but not counted.
  for (const m of members) if (!m.isPlaceholder) rsvpCounts[m.rsvp] += 1;
  const going = members.filter((m) => m.rsvp === "GOING");
  const coverage = computeCoverage(
    bash.coverageTargets,
    going.map((m) => ({ userId: m.userId, name: m.user.name, devices: m.devices })),
  );
  const readiness = computeReadiness({
    releaseTicketsDone: bash.releaseTicketsDone,
    testDataReady: bash.testDataReady,
    facilitatorCount: members.filter((m) => m.role === "FACILITATOR" && !m.isPlaceholder).length,
    environments: bash.environments,
    invitesSent: invites.filter((i) => !i.revokedAt).length,
    hasMobile: bash.coverageTargets.some((t) => t.kind === "MOBILE") || bash.prerequisitesMobile.trim() !== "",
  });
  const openAccessRequests = members.filter((m) => m.accessNeeded && !m.accessResolvedAt && !m.accessConfirmedAt);
  // The same people sendReminders would reach.
  const waitingOn = members.filter((m) => !m.isPlaceholder && !m.user.deactivatedAt && m.userId !== actor.id && needsReminder(m));
  const outboxCounts = Object.fromEntries(outbox.map((o) => [o.status, o._count._all])) as Partial<Record<"OUTBOX" | "SENT" | "FAILED", number>>;
  const inviteRows = invites.map((i) => ({
    ...i,
    state: i.revokedAt
      ? "Withdrawn"
      : i.expiresAt && i.expiresAt <= now
        ? "Expired"
        : i.maxUses !== null && i.uses >= i.maxUses
          ? i.email
            ? "Accepted"
            : "Used up"
          : "Active",
  }));
  return { bash, role: ctx.role, lastEventId: await lastActivityId(db, bashId), members, invites: inviteRows, rsvpCounts, coverage, readiness, openAccessRequests, waitingOn, outboxCounts, credentials };
}

/** The participant's page: everything needed to begin. */
export async function getBashPage(db: Db, actor: Actor, bashId: string) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "bash.read", ctx);
  const [bash, me, rsvpCounts, credentials] = await Promise.all([
    db.bash.findUniqueOrThrow({ where: { id: bashId }, include: { environments: { orderBy: { position: "asc" } }, features: { orderBy: { position: "asc" } } } }),
    db.membership.findUnique({ where: { bashId_userId: { bashId, userId: actor.id } }, include: { devices: { orderBy: { createdAt: "asc" } } } }),
    db.membership.groupBy({ by: ["rsvp"], where: { bashId }, _count: { _all: true } }),
    listCredentialPool(db, actor, bashId),
  ]);
  return {
    bash,
    role: ctx.role,
    lastEventId: await lastActivityId(db, bashId),
    me,
    canEdit: can(actor, "bash.update", ctx),
    canClaim: can(actor, "credential.claim", ctx),
    canRespond: can(actor, "rsvp.respond", ctx) && me !== null,
    goingCount: rsvpCounts.find((r) => r.rsvp === "GOING")?._count._all ?? 0,
    credentials,
  };
}

/** Past bashes the actor can copy a plan from (newest first). */
export async function listCopySources(db: Db, actor: Actor) {
  const rows = await db.membership.findMany({
    where: { userId: actor.id, role: "FACILITATOR" },
    select: { bash: { select: { id: true, title: true, product: true, release: true, createdAt: true, _count: { select: { features: true, environments: true } } } } },
    orderBy: { bash: { createdAt: "desc" } },
    take: 50,
  });
  return rows.map((r) => r.bash);
}
