import type { PrismaClient } from "@/lib/generated/prisma/client";
import { logActivity } from "@/lib/activity/log";
import { bashEndedText, bashStartedText } from "@/lib/chat/messages";
import { deliverChatPostsSoon, queueChatPost } from "@/lib/chat/webhook";
import { AppError } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/policy";
import { ZCopyBash, ZCreateBash, ZReadinessTicks, ZSetBashStatus, ZUpdateBash, STATUS_MOVES } from "@/lib/bashes/schema";
import { getBashContext } from "@/lib/bashes/queries";
import { buildBashIcs } from "@/lib/calendar/ics";
import { loadIcsBash } from "@/lib/calendar/bash-ics";
import { deliverEmails, mailFromAddress, queueEmails } from "@/lib/mail/mailer";
import { utcToZonedWallTime, zonedWallTimeToUtc } from "@/lib/time";
import { parseInput } from "@/lib/validation";
import { getSettings } from "@/lib/settings/queries";

/** Create a bash in draft; the creator becomes its facilitator. */
export async function createBash(db: PrismaClient, actor: Actor, raw: unknown) {
  assertCan(actor, "bash.create");
  // The install's defaults (admin settings) fill in what the creator did not choose.
  const defaults = await getSettings(db);
  const given = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const chose = (v: unknown) => v !== undefined && v !== null && !(typeof v === "string" && v.trim() === "");
  const input = parseInput(ZCreateBash, chose(given.durationMinutes) ? raw : { ...given, durationMinutes: defaults.defaultDurationMinutes });
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
        label: defaults.defaultLabel,
        leaderboardHidden: defaults.leaderboardHiddenByDefault,
        createdById: actor.id,
        memberships: { create: { userId: actor.id, role: "FACILITATOR", rsvp: "GOING", rsvpAt: new Date() } },
      },
    });
    await logActivity(tx, { bashId: bash.id, actorId: actor.id, type: "bash.created", entityType: "bash", entityId: bash.id, data: { title: bash.title } });
    return bash;
  });
}

/**
 * Start a new draft from an earlier plan: scope, prerequisites, place, duration, label, environments
 * (without their test accounts), features and planned coverage. People, reports and schedule stay behind.
 */
export async function copyBash(db: PrismaClient, actor: Actor, raw: unknown) {
  assertCan(actor, "bash.create");
  const input = parseInput(ZCopyBash, raw);
  const ctx = await getBashContext(db, actor, input.sourceBashId);
  assertCan(actor, "bash.read", ctx);
  const src = await db.bash.findUniqueOrThrow({
    where: { id: input.sourceBashId },
    include: { environments: { orderBy: { position: "asc" } }, features: { orderBy: { position: "asc" } }, coverageTargets: { orderBy: { position: "asc" } } },
  });
  return db.$transaction(async (tx) => {
    const bash = await tx.bash.create({
      data: {
        title: input.title,
        product: src.product,
        release: src.release,
        scope: src.scope,
        timeZone: src.timeZone,
        durationMinutes: src.durationMinutes,
        location: src.location,
        videoLink: src.videoLink,
        prerequisitesWeb: src.prerequisitesWeb,
        prerequisitesMobile: src.prerequisitesMobile,
        label: src.label,
        copiedFromId: src.id,
        createdById: actor.id,
        memberships: { create: { userId: actor.id, role: "FACILITATOR", rsvp: "GOING", rsvpAt: new Date() } },
        environments: {
          create: src.environments.map((e, i) => ({
            name: e.name,
            url: e.url,
            testDataNotes: e.testDataNotes,
            iosBuildUrl: e.iosBuildUrl,
            androidBuildUrl: e.androidBuildUrl,
            position: i,
          })),
        },
        features: { create: src.features.map((f, i) => ({ menuName: f.menuName, description: f.description, position: i })) },
        coverageTargets: { create: src.coverageTargets.map((t, i) => ({ kind: t.kind, os: t.os, osVersion: t.osVersion, browser: t.browser, position: i })) },
      },
    });
    await logActivity(tx, { bashId: bash.id, actorId: actor.id, type: "bash.copied", entityType: "bash", entityId: bash.id, data: { from: src.id, title: bash.title } });
    return bash;
  });
}

/** A bash as the edit form would send it (wall-clock start in its own time zone). */
export function bashAsInput(b: {
  title: string; product: string; release: string; scope: string; scheduledStart: Date | null; timeZone: string; durationMinutes: number;
  location: string; videoLink: string; prerequisitesWeb: string; prerequisitesMobile: string; label: string;
}) {
  return {
    title: b.title,
    product: b.product,
    release: b.release,
    scope: b.scope,
    scheduledStart: b.scheduledStart ? utcToZonedWallTime(b.scheduledStart, b.timeZone) : "",
    timeZone: b.timeZone,
    durationMinutes: b.durationMinutes,
    location: b.location,
    videoLink: b.videoLink,
    prerequisitesWeb: b.prerequisitesWeb,
    prerequisitesMobile: b.prerequisitesMobile,
    label: b.label,
  };
}

const CALENDAR_FIELDS = ["title", "scheduledStart", "durationMinutes", "location", "videoLink"] as const;

/**
 * Edit the plan. When the time, length or place changes, the calendar invite's SEQUENCE goes up and
 * everyone who already answered gets an update (in-app, and by email with the new .ics).
 */
export async function updateBash(db: PrismaClient, actor: Actor, bashId: string, raw: unknown, opts: { baseUrl: string }) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "bash.update", ctx);
  const emailIds = await db.$transaction(async (tx) => {
    await tx.$executeRaw`select id from "Bash" where id = ${bashId} for update`;
    const before = await tx.bash.findUniqueOrThrow({ where: { id: bashId } });
    // Forms send only their own fields (details, scope, prerequisites): the rest keeps its value.
    const provided = raw && typeof raw === "object" ? Object.fromEntries(Object.entries(raw).filter(([k]) => k in ZUpdateBash.shape)) : {};
    const input = parseInput(ZUpdateBash, { ...bashAsInput(before), ...provided });
    const scheduledStart = input.scheduledStart ? zonedWallTimeToUtc(input.scheduledStart, input.timeZone) : null;
    const next = {
      title: input.title,
      product: input.product,
      release: input.release,
      scope: input.scope,
      scheduledStart,
      timeZone: input.timeZone,
      durationMinutes: input.durationMinutes,
      location: input.location,
      videoLink: input.videoLink,
      prerequisitesWeb: input.prerequisitesWeb,
      prerequisitesMobile: input.prerequisitesMobile,
      label: input.label,
    };
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => String(before[k] instanceof Date ? (before[k] as Date).toISOString() : before[k]) !== String(next[k] instanceof Date ? (next[k] as Date).toISOString() : next[k]));
    if (changed.length === 0) return [];
    // Also the first time a start is set: people who answered "the time will follow" hear it now.
    const rescheduled = changed.some((k) => (CALENDAR_FIELDS as readonly string[]).includes(k)) && (before.scheduledStart !== null || scheduledStart !== null);
    const bash = await tx.bash.update({
      where: { id: bashId },
      data: { ...next, ...(rescheduled ? { calendarSequence: { increment: 1 } } : {}) },
    });
    await logActivity(tx, { bashId, actorId: actor.id, type: rescheduled ? "bash.rescheduled" : "bash.updated", entityType: "bash", entityId: bashId, data: { changed } });
    if (!rescheduled) return [];
    // Removing the start withdraws the event from calendars (METHOD:CANCEL); any other change updates it.
    const cancelled = bash.scheduledStart === null;
    const members = await tx.membership.findMany({
      where: { bashId, isPlaceholder: false },
      include: { user: { select: { id: true, name: true, email: true, deactivatedAt: true } } },
    });
    // Members who are going or may go (a "not going" is not put back in their calendar), and people
    // whose emailed invite (with its calendar invite) is still open.
    const people = members
      .filter((m) => (m.rsvp === "GOING" || m.rsvp === "MAYBE") && m.userId !== actor.id && !m.user.deactivatedAt)
      .map((m) => ({ userId: m.userId as string | null, name: m.user.name, email: m.user.email }));
    const memberEmails = new Set(members.map((m) => m.user.email));
    const openInvites = await tx.invite.findMany({
      where: { bashId, email: { not: null }, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
      select: { email: true, uses: true, maxUses: true },
    });
    for (const i of openInvites) {
      if (i.email && !memberEmails.has(i.email) && (i.maxUses === null || i.uses < i.maxUses) && !people.some((p) => p.email === i.email)) {
        people.push({ userId: null, name: "", email: i.email });
      }
    }
    if (people.length === 0) return [];
    const link = `${opts.baseUrl}/bashes/${bashId}`;
    const when = bash.scheduledStart
      ? `${new Intl.DateTimeFormat("en-GB", { timeZone: bash.timeZone, dateStyle: "full", timeStyle: "short" }).format(bash.scheduledStart)} (${bash.timeZone.replace(/_/g, " ")})`
      : "";
    const body = cancelled
      ? `The bug bash "${bash.title}" no longer has a date; a new invite will follow when it is set.

The bash page:
${link}

The attached calendar update removes the event.`
      : `The bug bash "${bash.title}" has changed.

When: ${when}, ${bash.durationMinutes} minutes
${bash.location ? `Where: ${bash.location}
` : ""}${bash.videoLink ? `Video call: ${bash.videoLink}
` : ""}
Everything you need is on the bash page:
${link}

The attached calendar invite replaces the earlier one.`;
    const notified = people.filter((p) => p.userId !== null);
    if (notified.length) {
      await tx.notification.createMany({
        data: notified.map((p) => ({
          userId: p.userId!,
          bashId,
          kind: "bash.rescheduled",
          title: `"${bash.title}" changed`,
          body: cancelled ? "The start time was removed; a new one will follow." : `Now ${when}.`,
          url: `/bashes/${bashId}`,
        })),
      });
    }
    const icsBash = await loadIcsBash(tx, bashId, opts.baseUrl, cancelled ? { start: before.scheduledStart! } : {});
    const organizer = { email: mailFromAddress(), name: actor.name };
    return queueEmails(
      tx,
      people.map((p) => ({
        bashId,
        kind: "bash.rescheduled",
        toEmail: p.email,
        toName: p.name,
        subject: cancelled ? `Date removed: ${bash.title}` : `Updated: ${bash.title}`,
        text: `Hello${p.name ? ` ${p.name}` : ""},\n\n${body}`,
        link,
        ics: buildBashIcs(icsBash, { method: cancelled ? "CANCEL" : "REQUEST", organizer, attendee: { email: p.email, name: p.name || p.email } }),
        createdById: actor.id,
      })),
    );
  });
  if (emailIds.length) await deliverEmails(db, emailIds);
  return { notified: emailIds.length };
}

/** The two checklist items a facilitator ticks by hand; the rest are computed from the plan. */
export async function setReadinessTicks(db: PrismaClient, actor: Actor, bashId: string, raw: unknown) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "bash.update", ctx);
  const input = parseInput(ZReadinessTicks, raw);
  await db.$transaction(async (tx) => {
    await tx.bash.update({ where: { id: bashId }, data: input });
    await logActivity(tx, { bashId, actorId: actor.id, type: "bash.readiness", entityType: "bash", entityId: bashId, data: input });
  });
}

const STATUS_LABEL = { DRAFT: "draft", SCHEDULED: "scheduled", LIVE: "live", ENDED: "ended", CLOSED: "closed" } as const;

/** Draft → scheduled → live → ended → closed. Scheduling needs a start time. */
export async function setBashStatus(db: PrismaClient, actor: Actor, bashId: string, raw: unknown, now = new Date(), opts: { baseUrl?: string } = {}) {
  const ctx = await getBashContext(db, actor, bashId);
  const input = parseInput(ZSetBashStatus, raw);
  assertCan(actor, input.status === "DRAFT" || input.status === "SCHEDULED" ? "bash.update" : "bash.run", ctx);
  const chat = { queued: false };
  const result = await db.$transaction(async (tx) => {
    await tx.$executeRaw`select id from "Bash" where id = ${bashId} for update`;
    const bash = await tx.bash.findUniqueOrThrow({ where: { id: bashId } });
    if (bash.archivedAt) throw new AppError("CONFLICT", "This bash is archived and cannot change.");
    if (bash.status === input.status) return bash;
    if (!STATUS_MOVES[bash.status].includes(input.status)) {
      throw new AppError("CONFLICT", `A ${STATUS_LABEL[bash.status]} bash cannot become ${STATUS_LABEL[input.status]}.`);
    }
    if (input.status === "SCHEDULED" && !bash.scheduledStart) {
      throw new AppError("INVALID", "Set a start time before scheduling the bash.", { fieldErrors: { scheduledStart: "Set a start time before scheduling the bash." } });
    }
    const data =
      input.status === "LIVE"
        ? {
            status: input.status,
            startedAt: bash.startedAt ?? now,
            endsAt: new Date(now.getTime() + bash.durationMinutes * 60_000),
            endedAt: null,
            extendedAt: null,
            extendedMinutes: 0,
          }
        : input.status === "ENDED"
          ? { status: input.status, endedAt: bash.endedAt && bash.status === "CLOSED" ? bash.endedAt : now, closedAt: null }
          : input.status === "CLOSED"
            ? { status: input.status, closedAt: now }
            : { status: input.status };
    const updated = await tx.bash.update({ where: { id: bashId }, data });
    await logActivity(tx, { bashId, actorId: actor.id, type: "bash.status", entityType: "bash", entityId: bashId, data: { from: bash.status, to: input.status } });
    const url = `${opts.baseUrl ?? ""}/bashes/${bashId}`;
    if (input.status === "LIVE") {
      await tx.membership.updateMany({ where: { bashId, wantsMoreTime: true }, data: { wantsMoreTime: false } });
      const text = bashStartedText({ title: bash.title, endsAt: updated.endsAt ?? now, timeZone: bash.timeZone, url });
      chat.queued = (await queueChatPost(tx, bashId, "bash.started", text)) !== null;
    } else if (input.status === "ENDED" && bash.status === "LIVE") {
      const reportCount = await tx.report.count({ where: { bashId } });
      chat.queued = (await queueChatPost(tx, bashId, "bash.ended", bashEndedText({ title: bash.title, reportCount, url }))) !== null;
    }
    return updated;
  });
  if (chat.queued) deliverChatPostsSoon(db);
  return result;
}
