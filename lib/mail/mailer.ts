// Every message Bashboard writes is a row in EmailMessage. Rows are queued inside the write's
// transaction (so an acknowledged action never loses its messages) and delivered after commit:
// by SMTP when SMTP_URL is set, otherwise they stay in the outbox for someone to read and forward.
import nodemailer, { type SendMailOptions, type Transporter } from "nodemailer";
import SMTPTransport from "nodemailer/lib/smtp-transport";
import { emailKindEnabled, isOptionalEmailKind } from "@/lib/account/notification-kinds";
import type { Db } from "@/lib/db";
import { notFound } from "@/lib/errors";

export type OutgoingEmail = {
  bashId?: string | null;
  kind: string;
  toEmail: string;
  toName?: string;
  subject: string;
  text: string;
  link?: string;
  ics?: string | null;
  createdById?: string | null;
};

export type DeliveryStatus = "SENT" | "FAILED" | "OUTBOX";

const DEFAULT_FROM = "Bashboard <bashboard@localhost>";
const ERROR_MAX = 300;

function smtpUrl(): string {
  return process.env.SMTP_URL?.trim() ?? "";
}

export function smtpConfigured(): boolean {
  return smtpUrl() !== "";
}

export function mailFrom(): string {
  return process.env.MAIL_FROM?.trim() || DEFAULT_FROM;
}

/**
 * Insert rows (status OUTBOX) — call INSIDE the write's transaction so an acknowledged action never loses its messages. Returns ids.
 * An email of an optional kind (lib/account/notification-kinds.ts) to someone who turned that kind off on their
 * account page is dropped (no row, no id); every other kind (password links, invites, test emails) always goes.
 */
export async function queueEmails(db: Db, all: OutgoingEmail[]): Promise<string[]> {
  const emails = await withoutUnwanted(db, all);
  if (emails.length === 0) return [];
  const rows = await db.emailMessage.createManyAndReturn({
    data: emails.map((e) => ({
      bashId: e.bashId ?? null,
      kind: e.kind,
      toEmail: e.toEmail.trim(),
      toName: e.toName?.trim() ?? "",
      subject: e.subject,
      text: e.text,
      link: e.link ?? "",
      ics: e.ics ?? null,
      createdById: e.createdById ?? null,
    })),
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** Drop optional emails to existing users who turned that kind off. */
async function withoutUnwanted(db: Db, emails: OutgoingEmail[]): Promise<OutgoingEmail[]> {
  const optional = emails.filter((e) => isOptionalEmailKind(e.kind));
  if (optional.length === 0) return emails;
  const addresses = [...new Set(optional.map((e) => e.toEmail.trim().toLowerCase()))];
  const users = await db.user.findMany({ where: { email: { in: addresses } }, select: { email: true, emailPrefs: true } });
  if (users.length === 0) return emails;
  const prefs = new Map(users.map((u) => [u.email.toLowerCase(), u.emailPrefs]));
  return emails.filter((e) => {
    const email = e.toEmail.trim().toLowerCase();
    return !prefs.has(email) || emailKindEnabled(prefs.get(email), e.kind);
  });
}

/** After commit: when SMTP is configured, send each queued row (by id) and mark SENT (sentAt) or FAILED (error = short readable reason). Without SMTP, leave them OUTBOX. Never throws for a delivery failure; returns counts {sent, failed, outbox}. */
export async function deliverEmails(db: Db, ids: string[]): Promise<{ sent: number; failed: number; outbox: number }> {
  const counts = { sent: 0, failed: 0, outbox: 0 };
  if (ids.length === 0) return counts;
  const rows = await db.emailMessage.findMany({ where: { id: { in: ids }, status: "OUTBOX" }, orderBy: { createdAt: "asc" } });
  if (!smtpConfigured()) {
    counts.outbox = rows.length;
    return counts;
  }
  for (const row of rows) {
    const status = await sendAndMark(db, row);
    if (status === "SENT") counts.sent++;
    else if (status === "FAILED") counts.failed++;
    else counts.outbox++;
  }
  return counts;
}

/** Send one message now (used for "send a test email" / retry of a FAILED one); same marking. Without SMTP the message goes (back) to the outbox. A message already SENT is not sent twice. */
export async function retryEmail(db: Db, id: string): Promise<DeliveryStatus> {
  const row = await db.emailMessage.findUnique({ where: { id } });
  if (!row) throw notFound("That email");
  if (row.status === "SENT") return "SENT";
  if (!smtpConfigured()) {
    if (row.status !== "OUTBOX") await db.emailMessage.update({ where: { id }, data: { status: "OUTBOX", error: "" } });
    return "OUTBOX";
  }
  return sendAndMark(db, row);
}

type Row = { id: string; toEmail: string; toName: string; subject: string; text: string; ics: string | null };

/** A claim older than this is taken to belong to a process that died while sending. */
const CLAIM_STALE_MS = 10 * 60_000;

async function sendAndMark(db: Db, row: Row): Promise<DeliveryStatus> {
  const url = smtpUrl();
  if (!url) return "OUTBOX";
  // Claim the row before sending (sentAt on an unsent row = "being sent since"), so two clicks or two
  // instances never send one message twice.
  const claim = await db.emailMessage.updateMany({
    where: { id: row.id, status: { in: ["OUTBOX", "FAILED"] }, OR: [{ sentAt: null }, { sentAt: { lt: new Date(Date.now() - CLAIM_STALE_MS) } }] },
    data: { sentAt: new Date() },
  });
  if (claim.count === 0) {
    const now = await db.emailMessage.findUnique({ where: { id: row.id }, select: { status: true } });
    return now?.status === "SENT" ? "SENT" : "OUTBOX";
  }
  try {
    await transporterFor(url).sendMail(composeMessage(row));
  } catch (err) {
    const error = describeSmtpError(err, url);
    await db.emailMessage.update({ where: { id: row.id }, data: { status: "FAILED", error, sentAt: null } });
    return "FAILED";
  }
  await db.emailMessage.update({ where: { id: row.id }, data: { status: "SENT", error: "", sentAt: new Date() } });
  return "SENT";
}

function composeMessage(row: Row): SendMailOptions {
  const message: SendMailOptions = {
    from: mailFrom(),
    to: row.toName ? { name: row.toName.replace(/[\r\n]+/g, " "), address: row.toEmail } : row.toEmail,
    subject: row.subject.replace(/[\r\n]+/g, " "),
    text: row.text,
  };
  if (row.ics) {
    const method = /^METHOD:([A-Z-]+)\r?$/m.exec(row.ics)?.[1] ?? "REQUEST";
    message.attachments = [{ filename: "invite.ics", content: row.ics, contentType: `text/calendar; charset=utf-8; method=${method}` }];
    message.icalEvent = { method, content: row.ics };
  }
  return message;
}

// --- transport ---------------------------------------------------------------------------------

const cache = globalThis as unknown as { __bashboardSmtp?: { url: string; transporter: Transporter } };

/** One transporter per SMTP_URL value; a changed SMTP_URL gets a fresh one. */
function transporterFor(url: string): Transporter {
  const cached = cache.__bashboardSmtp;
  if (cached?.url === url) return cached.transporter;
  cached?.transporter.close();
  const transporter = nodemailer.createTransport(new SMTPTransport(transportOptions(url)));
  cache.__bashboardSmtp = { url, transporter };
  return transporter;
}

function transportOptions(url: string): SMTPTransport.Options {
  const options: SMTPTransport.Options = { url, connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 10_000 };
  try {
    const parsed = new URL(url);
    const host = parsed.hostname.replace(/^\[|\]$/g, "").toLowerCase();
    // A plain smtp:// test server on this machine, without credentials: do not insist on STARTTLS.
    if (parsed.protocol === "smtp:" && !parsed.username && !parsed.password && ["localhost", "127.0.0.1", "::1"].includes(host)) {
      options.ignoreTLS = true;
    }
  } catch {
    // Not a WHATWG-parsable URL; nodemailer reports the problem when sending.
  }
  return options;
}

/** A short, readable reason for the outbox; never includes the SMTP credentials. */
export function describeSmtpError(err: unknown, url = smtpUrl()): string {
  const e = (err ?? {}) as { code?: unknown; message?: unknown; response?: unknown; responseCode?: unknown };
  const code = typeof e.code === "string" ? e.code : "";
  const message = typeof e.message === "string" ? e.message : String(err);
  const response = typeof e.response === "string" ? e.response : "";
  let reason: string;
  if (code === "EENVELOPE") reason = `The mail server refused the recipient: ${response || message}`;
  else if (code === "EAUTH") reason = `The mail server refused the login: ${response || message}`;
  else if (/ECONNREFUSED/.test(message)) reason = "Could not connect to the mail server (connection refused).";
  else if (/ENOTFOUND|EAI_AGAIN/.test(message)) reason = "Could not find the mail server (unknown host name).";
  else if (code === "ETIMEDOUT" || /timeout/i.test(message)) reason = "The mail server did not answer in time.";
  else if (code === "EMESSAGE" && response) reason = `The mail server refused the message: ${response}`;
  else reason = response ? `${message} (${response})` : message;
  return redact(reason, url).replace(/\s+/g, " ").trim().slice(0, ERROR_MAX) || "Sending failed.";
}

function redact(text: string, url: string): string {
  let out = url ? text.split(url).join("SMTP_URL") : text;
  try {
    const parsed = new URL(url);
    for (const secret of [parsed.password, decodeURIComponent(parsed.password)]) {
      if (secret) out = out.split(secret).join("***");
    }
  } catch {
    // nothing to redact
  }
  return out;
}

/** The bare address of MAIL_FROM ("Bashboard <a@b>" → "a@b"), for the calendar invite's ORGANIZER. */
export function mailFromAddress(): string {
  const from = mailFrom();
  return (from.match(/<([^>]+)>/)?.[1] ?? from).trim();
}
