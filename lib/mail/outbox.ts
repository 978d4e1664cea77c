import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/db";
import { logActivity } from "@/lib/activity/log";
import { ZId } from "@/lib/bashes/schema";
import { getBashContext } from "@/lib/bashes/queries";
import { AppError, notFound } from "@/lib/errors";
import { retryEmail } from "@/lib/mail/mailer";
import { assertCan, type Actor } from "@/lib/policy";
import { parseInput } from "@/lib/validation";

/** Every message of a bash, unsent first: what the facilitator sends by hand when there is no SMTP. */
export async function listOutbox(db: Db, actor: Actor, bashId: string) {
  assertCan(actor, "invite.manage", await getBashContext(db, actor, bashId));
  const rows = await db.emailMessage.findMany({ where: { bashId }, orderBy: { createdAt: "desc" }, take: 500 });
  const rank = { FAILED: 0, OUTBOX: 1, SENT: 2 } as const;
  return rows.sort((a, b) => rank[a.status] - rank[b.status]);
}

/** "I sent it myself." */
export async function markEmailSent(db: PrismaClient, actor: Actor, bashId: string, raw: unknown) {
  assertCan(actor, "invite.manage", await getBashContext(db, actor, bashId));
  const { id } = parseInput(ZId, raw);
  await db.$transaction(async (tx) => {
    const r = await tx.emailMessage.updateMany({ where: { id, bashId, status: { not: "SENT" } }, data: { status: "SENT", sentAt: new Date(), error: "" } });
    if (r.count === 0) throw notFound("That message");
    await logActivity(tx, { bashId, actorId: actor.id, type: "email.marked_sent", entityType: "email", entityId: id });
  });
}

/** Try SMTP again for a message that failed or waited. */
export async function resendEmail(db: PrismaClient, actor: Actor, bashId: string, raw: unknown) {
  assertCan(actor, "invite.manage", await getBashContext(db, actor, bashId));
  const { id } = parseInput(ZId, raw);
  const msg = await db.emailMessage.findFirst({ where: { id, bashId } });
  if (!msg) throw notFound("That message");
  if (msg.status === "SENT") throw new AppError("CONFLICT", "That message was already sent.");
  const status = await retryEmail(db, id);
  if (status === "OUTBOX") throw new AppError("CONFLICT", "Email sending is not set up (SMTP_URL), so send this message by hand.");
  if (status === "FAILED") {
    const after = await db.emailMessage.findUniqueOrThrow({ where: { id } });
    throw new AppError("CONFLICT", `Sending failed again: ${after.error}`);
  }
}
