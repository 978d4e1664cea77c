// Changing the install's settings and sending a test email. Admins only; every change is in the audit log.
import { logActivity } from "@/lib/activity/log";
import { formatMb } from "@/lib/attachments/schema";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { deliverEmails, queueEmails, smtpConfigured } from "@/lib/mail/mailer";
import { assertCan, type Actor } from "@/lib/policy";
import { getSettings, uploadCeilingBytes } from "@/lib/settings/queries";
import { SETTING_KEYS, ZTestEmail, ZUpdateSettings, type AppSettings } from "@/lib/settings/schema";
import { parseInput } from "@/lib/validation";

const MB = 1024 * 1024;

/** Save the editable settings. An upload limit above the server's own limit is refused (nothing is saved). */
export async function updateSettings(db: PrismaClient, actor: Actor, raw: unknown): Promise<AppSettings> {
  assertCan(actor, "admin.settings");
  const input = parseInput(ZUpdateSettings, raw);
  if (input.uploadMaxMb !== null) {
    const ceiling = uploadCeilingBytes();
    if (input.uploadMaxMb * MB > ceiling) {
      const message = `The server allows uploads of at most ${formatMb(ceiling)} (UPLOAD_MAX_BYTES). Enter ${formatMb(ceiling).replace(" MB", "")} or less, or leave it empty.`;
      throw new AppError("INVALID", message, { fieldErrors: { uploadMaxMb: message } });
    }
  }
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`select pg_advisory_xact_lock(hashtext('bashboard:settings'))`;
    const before = await getSettings(tx);
    const after: AppSettings = {
      defaultLabel: input.defaultLabel,
      defaultDurationMinutes: input.defaultDurationMinutes,
      leaderboardHiddenByDefault: input.leaderboardHiddenByDefault,
      uploadMaxMb: input.uploadMaxMb,
    };
    const changes: Record<string, { from: string | number | boolean | null; to: string | number | boolean | null }> = {};
    for (const field of Object.keys(SETTING_KEYS) as (keyof AppSettings)[]) {
      if (before[field] === after[field]) continue;
      changes[field] = { from: before[field], to: after[field] };
      const key = SETTING_KEYS[field];
      const value = after[field];
      if (value === null) await tx.setting.deleteMany({ where: { key } });
      else await tx.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
    }
    if (Object.keys(changes).length) {
      await logActivity(tx, { bashId: null, actorId: actor.id, type: "settings.updated", entityType: "setting", entityId: "install", data: { changes } });
    }
    return after;
  });
}

/** Send a test email (to the admin, or the address typed) and say whether the mail server took it. */
export async function sendTestEmail(db: PrismaClient, actor: Actor, raw: unknown): Promise<{ to: string; status: "SENT" }> {
  assertCan(actor, "admin.settings");
  const input = parseInput(ZTestEmail, raw);
  if (!smtpConfigured()) {
    throw new AppError("CONFLICT", "Email is not set up: set SMTP_URL in Bashboard's environment and restart it, then try again.");
  }
  const to = input.to || actor.email;
  const ids = await db.$transaction(async (tx) => {
    const ids = await queueEmails(tx, [
      {
        kind: "settings.test",
        toEmail: to,
        subject: "Bashboard test email",
        text: `Hello,\n\nThis is a test email from Bashboard, sent by ${actor.name} from the settings page.\nIf you can read it, email delivery works.`,
        createdById: actor.id,
      },
    ]);
    await logActivity(tx, { bashId: null, actorId: actor.id, type: "settings.test_email", entityType: "setting", entityId: "install", data: { to } });
    return ids;
  });
  await deliverEmails(db, ids);
  const row = await db.emailMessage.findUnique({ where: { id: ids[0] }, select: { status: true, error: true } });
  if (row?.status === "SENT") return { to, status: "SENT" };
  if (row?.status === "FAILED") throw new AppError("CONFLICT", `The test email to ${to} was not sent: ${row.error || "the mail server refused it."}`);
  throw new AppError("CONFLICT", `The test email to ${to} is waiting in the outbox; the mail server could not be reached. Try again in a minute.`);
}
