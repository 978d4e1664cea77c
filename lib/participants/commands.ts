import type { PrismaClient } from "@/lib/generated/prisma/client";
import { logActivity } from "@/lib/activity/log";
import { ZDeviceRef, deviceFields, sameDevice } from "@/lib/account/schema";
import { getBashContext } from "@/lib/bashes/queries";
import { ZDevice } from "@/lib/devices/schema";
import { AppError, notFound } from "@/lib/errors";
import { deliverEmails, queueEmails } from "@/lib/mail/mailer";
import { ZAccess, ZMembershipRef, ZReminders, ZRsvp, ZSetRole } from "@/lib/participants/schema";
import { assertCan, type Actor } from "@/lib/policy";
import { ZId } from "@/lib/bashes/schema";
import { parseInput } from "@/lib/validation";

export const MAX_DEVICES = 10;

async function myMembership(db: PrismaClient, actor: Actor, bashId: string) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "rsvp.respond", ctx);
  const m = await db.membership.findUnique({ where: { bashId_userId: { bashId, userId: actor.id } } });
  if (!m) throw new AppError("FORBIDDEN", "Join the bash first: open your invite link.");
  return m;
}

/** Going / maybe / not going, with my designation for this bash. */
export async function respondRsvp(db: PrismaClient, actor: Actor, bashId: string, raw: unknown) {
  const m = await myMembership(db, actor, bashId);
  const input = parseInput(ZRsvp, raw);
  await db.$transaction(async (tx) => {
    await tx.membership.update({
      where: { id: m.id },
      data: { rsvp: input.rsvp, rsvpAt: new Date(), ...(input.designation !== undefined ? { designation: input.designation } : {}) },
    });
    await logActivity(tx, { bashId, actorId: actor.id, type: "rsvp", entityType: "membership", entityId: m.id, data: { rsvp: input.rsvp } });
  });
}

/** A device I will test on in this bash (web: OS, version, browser, version; mobile: phone, OS, version). */
export async function addMyDevice(db: PrismaClient, actor: Actor, bashId: string, raw: unknown) {
  const m = await myMembership(db, actor, bashId);
  const input = parseInput(ZDevice, raw);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`select id from "Membership" where id = ${m.id} for update`;
    const count = await tx.device.count({ where: { membershipId: m.id } });
    if (count >= MAX_DEVICES) throw new AppError("INVALID", `You can list up to ${MAX_DEVICES} devices for one bash. Remove one first.`);
    const device = await tx.device.create({ data: { ...input, userId: actor.id, membershipId: m.id } });
    await logActivity(tx, { bashId, actorId: actor.id, type: "device.added", entityType: "device", entityId: device.id, data: { kind: device.kind, os: device.os } });
    return device;
  });
}

/**
 * One tap: a copy of a device saved on my profile joins my devices for this bash. A device already
 * listed here (same fields) is not added twice: `added` is false and the existing one is returned.
 */
export async function addSavedDevice(db: PrismaClient, actor: Actor, bashId: string, raw: unknown) {
  const m = await myMembership(db, actor, bashId);
  const { deviceId } = parseInput(ZDeviceRef, raw);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`select id from "Membership" where id = ${m.id} for update`;
    const saved = await tx.device.findFirst({ where: { id: deviceId, userId: actor.id, membershipId: null } });
    if (!saved) throw notFound("That saved device");
    const mine = await tx.device.findMany({ where: { membershipId: m.id } });
    const same = mine.find((d) => sameDevice(d, saved));
    if (same) return { device: same, added: false };
    if (mine.length >= MAX_DEVICES) throw new AppError("INVALID", `You can list up to ${MAX_DEVICES} devices for one bash. Remove one first.`);
    const device = await tx.device.create({ data: { ...deviceFields(saved), userId: actor.id, membershipId: m.id } });
    await logActivity(tx, { bashId, actorId: actor.id, type: "device.added", entityType: "device", entityId: device.id, data: { kind: device.kind, os: device.os, fromProfile: true } });
    return { device, added: true };
  });
}

export async function removeMyDevice(db: PrismaClient, actor: Actor, bashId: string, raw: unknown) {
  const m = await myMembership(db, actor, bashId);
  const { id } = parseInput(ZId, raw);
  await db.$transaction(async (tx) => {
    const r = await tx.device.deleteMany({ where: { id, membershipId: m.id, userId: actor.id } });
    if (r.count === 0) throw notFound("That device");
    await logActivity(tx, { bashId, actorId: actor.id, type: "device.removed", entityType: "device", entityId: id });
  });
}

/** "I have access to the environment, builds and data", or "I still need …" — an open request the facilitator sees. */
export async function setMyAccess(db: PrismaClient, actor: Actor, bashId: string, raw: unknown) {
  const m = await myMembership(db, actor, bashId);
  const input = parseInput(ZAccess, raw);
  await db.$transaction(async (tx) => {
    await tx.membership.update({
      where: { id: m.id },
      data:
        input.state === "confirmed"
          ? { accessConfirmedAt: new Date(), accessNeeded: "", accessResolvedAt: null }
          : { accessConfirmedAt: null, accessNeeded: input.accessNeeded, accessResolvedAt: null },
    });
    await logActivity(tx, { bashId, actorId: actor.id, type: input.state === "confirmed" ? "access.confirmed" : "access.requested", entityType: "membership", entityId: m.id });
  });
}

/** The facilitator sorted out someone's access request; they are told in the app. */
export async function resolveAccessRequest(db: PrismaClient, actor: Actor, bashId: string, raw: unknown) {
  assertCan(actor, "member.manage", await getBashContext(db, actor, bashId));
  const { membershipId } = parseInput(ZMembershipRef, raw);
  await db.$transaction(async (tx) => {
    const m = await tx.membership.findFirst({ where: { id: membershipId, bashId }, include: { bash: { select: { title: true } } } });
    if (!m) throw notFound("That person");
    if (!m.accessNeeded || m.accessResolvedAt) throw new AppError("CONFLICT", "That request is already resolved.");
    await tx.membership.update({ where: { id: m.id }, data: { accessResolvedAt: new Date() } });
    await tx.notification.create({
      data: { userId: m.userId, bashId, kind: "access.resolved", title: `Access sorted for "${m.bash.title}"`, body: `${actor.name} resolved: ${m.accessNeeded}`, url: `/bashes/${bashId}` },
    });
    await logActivity(tx, { bashId, actorId: actor.id, type: "access.resolved", entityType: "membership", entityId: m.id });
  });
}

/** Change someone's role. A bash always keeps at least one facilitator. */
export async function setMemberRole(db: PrismaClient, actor: Actor, bashId: string, raw: unknown) {
  assertCan(actor, "member.manage", await getBashContext(db, actor, bashId));
  const input = parseInput(ZSetRole, raw);
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`select id from "Bash" where id = ${bashId} for update`;
    const m = await tx.membership.findFirst({ where: { id: input.membershipId, bashId } });
    if (!m) throw notFound("That person");
    if (m.role === "FACILITATOR" && input.role !== "FACILITATOR") {
      const facilitators = await tx.membership.count({ where: { bashId, role: "FACILITATOR", isPlaceholder: false } });
      if (facilitators <= 1) throw new AppError("CONFLICT", "A bash needs at least one facilitator. Make someone else a facilitator first.");
    }
    await tx.membership.update({ where: { id: m.id }, data: { role: input.role } });
    await logActivity(tx, { bashId, actorId: actor.id, type: "member.role", entityType: "membership", entityId: m.id, data: { from: m.role, to: input.role } });
  });
}

/** Whether a member still owes an answer: no RSVP, or coming without confirmed access. Observers never do. */
export function needsReminder(m: { rsvp: string; accessConfirmedAt: Date | null; accessResolvedAt: Date | null; role: string }): boolean {
  if (m.role === "OBSERVER") return false;
  if (m.rsvp === "PENDING") return true;
  if (m.rsvp === "NOT_GOING") return false;
  return !m.accessConfirmedAt && !m.accessResolvedAt;
}

/** Remind everyone who has not answered or not confirmed access (or the chosen people): in the app and by email. */
export async function sendReminders(db: PrismaClient, actor: Actor, bashId: string, raw: unknown, opts: { baseUrl: string }) {
  assertCan(actor, "member.manage", await getBashContext(db, actor, bashId));
  const input = parseInput(ZReminders, raw);
  const { ids, reminded } = await db.$transaction(async (tx) => {
    const bash = await tx.bash.findUniqueOrThrow({ where: { id: bashId } });
    const members = await tx.membership.findMany({
      where: { bashId, isPlaceholder: false, userId: { not: actor.id }, ...(input.membershipIds ? { id: { in: input.membershipIds } } : {}) },
      include: { user: { select: { name: true, email: true, deactivatedAt: true } } },
    });
    const due = members.filter((m) => needsReminder(m) && !m.user.deactivatedAt);
    if (due.length === 0) throw new AppError("CONFLICT", "Everyone has answered and confirmed access. Nobody needs a reminder.");
    const link = `${opts.baseUrl}/bashes/${bashId}`;
    const now = new Date();
    await tx.membership.updateMany({ where: { id: { in: due.map((m) => m.id) } }, data: { remindedAt: now } });
    await tx.notification.createMany({
      data: due.map((m) => ({
        userId: m.userId,
        bashId,
        kind: "reminder",
        title: `Reminder: "${bash.title}"`,
        body: m.rsvp === "PENDING" ? "Say whether you can come and add your devices." : "Confirm that you have access, or say what you still need.",
        url: `/bashes/${bashId}`,
      })),
    });
    await logActivity(tx, { bashId, actorId: actor.id, type: "reminder.sent", entityType: "bash", entityId: bashId, data: { count: due.length } });
    // People who turned reminder emails off still get the in-app one (queueEmails skips their email).
    const ids = await queueEmails(
      tx,
      due.map((m) => ({
        bashId,
        kind: "reminder",
        toEmail: m.user.email,
        toName: m.user.name,
        subject: `Reminder: ${bash.title}`,
        text: `Hello ${m.user.name},\n\n${m.rsvp === "PENDING" ? `Can you join the bug bash "${bash.title}"? Please say going, maybe or not going, and add the devices you will test on.` : `You are coming to "${bash.title}" — please confirm that you have access to the environment, builds and test data, or say what you still need.`}\n\n${link}\n\nThanks,\n${actor.name}`,
        link,
        createdById: actor.id,
      })),
    );
    return { ids, reminded: due.length };
  });
  const delivery = await deliverEmails(db, ids);
  return { reminded, ...delivery };
}
