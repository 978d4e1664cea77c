// Posts to a bash's team-chat webhook (Slack- or Teams-compatible incoming webhook). Like email
// (lib/mail/mailer.ts): a ChatPost row is queued INSIDE the write's transaction, so a rolled-back
// write posts nothing, and delivered after the commit, so a slow or broken webhook never blocks
// the write. Failures are retried with backoff; several app instances share the work safely.
import dns from "node:dns/promises";
import net from "node:net";
import type { Db } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export type ChatPostKind = "bash.started" | "bash.extended" | "bash.ended" | "report.critical" | "test";

/** Wait after the 1st, 2nd … 5th failed attempt; the 6th failure marks the post FAILED. */
export const CHAT_RETRY_DELAYS_MS = [5_000, 30_000, 2 * 60_000, 10 * 60_000, 30 * 60_000] as const;
export const CHAT_MAX_ATTEMPTS = CHAT_RETRY_DELAYS_MS.length + 1;
/** A facilitator's test message is tried once: they see the answer and may press Retry. */
const TEST_MAX_ATTEMPTS = 1;
export const CHAT_TIMEOUT_MS = 5_000;
/** A claimed post is not due again for at least this long: enough for the requests, short enough to recover a crashed sender. */
const LEASE_MS = 60_000;
const BATCH = 10;
const TEXT_MAX = 3_000;
const ERROR_MAX = 200;

/** Queue a post for the bash's webhook. Call INSIDE the write's transaction. Null when the bash has no webhook. */
export async function queueChatPost(tx: Db, bashId: string, kind: ChatPostKind, text: string): Promise<string | null> {
  const bash = await tx.bash.findUnique({ where: { id: bashId }, select: { chatWebhookUrl: true } });
  if (!bash || bash.chatWebhookUrl.trim() === "") return null;
  const body = text.length > TEXT_MAX ? `${text.slice(0, TEXT_MAX - 1)}…` : text;
  const row = await tx.chatPost.create({ data: { bashId, kind, text: body, nextAttemptAt: new Date() }, select: { id: true } });
  return row.id;
}

type Claimed = { id: string; bashId: string; kind: string; text: string; attempts: number; createdAt: Date; url: string };

export type DeliverOptions = {
  /** Only this bash's posts. */
  bashId?: string;
  /** Only these posts (still only when PENDING and due). */
  postIds?: string[];
  now?: Date;
  fetchImpl?: typeof fetch;
  /** Per request; 5 s unless a test shortens it. */
  timeoutMs?: number;
};

/**
 * Claim the due PENDING posts and send each to its bash's current webhook URL. 2xx → SENT; anything
 * else counts an attempt and retries later with backoff, until FAILED. Never throws.
 */
export async function deliverChatPosts(db: PrismaClient, opts: DeliverOptions = {}): Promise<{ sent: number; failed: number }> {
  const counts = { sent: 0, failed: 0 };
  try {
    const now = opts.now ?? new Date();
    const claimed = await claimDue(db, now, opts);
    // A bash's posts one after another (order matters in a channel); bashes side by side, so one
    // slow webhook does not hold up the others.
    const byBash = new Map<string, Claimed[]>();
    for (const post of claimed) byBash.set(post.bashId, [...(byBash.get(post.bashId) ?? []), post]);
    const results = await Promise.allSettled(
      [...byBash.values()].map(async (posts) => {
        for (const post of posts) {
          const outcome = await sendOne(post, opts.fetchImpl ?? fetch, opts.timeoutMs ?? CHAT_TIMEOUT_MS);
          if (await markOutcome(db, post, outcome, opts.now ?? new Date())) counts.sent++;
          else counts.failed++;
        }
      }),
    );
    for (const r of results) if (r.status === "rejected") console.error("[chat] recording a webhook post failed", r.reason);
  } catch (e) {
    console.error("[chat] delivering webhook posts failed", e);
  }
  return counts;
}

/**
 * One UPDATE claims the rows: the subquery locks due rows (skipping rows another instance is
 * claiming right now) and the lease moves nextAttemptAt forward, so a second caller finds them not
 * due. A sender that dies mid-request leaves its posts PENDING; they are due again when the lease ends.
 */
async function claimDue(db: PrismaClient, now: Date, opts: DeliverOptions): Promise<Claimed[]> {
  if (opts.postIds && opts.postIds.length === 0) return [];
  // Long enough for a whole batch of one bash, sent one after another, each up to the timeout.
  const leaseUntil = new Date(now.getTime() + Math.max(LEASE_MS, BATCH * ((opts.timeoutMs ?? CHAT_TIMEOUT_MS) + 1_000) + 30_000));
  const bashId = opts.bashId ?? null;
  const postIds = opts.postIds ?? null;
  return db.$queryRaw<Claimed[]>`
    UPDATE "ChatPost" AS p
       SET "nextAttemptAt" = ${leaseUntil}
      FROM "Bash" AS b
     WHERE b.id = p."bashId"
       AND p.id IN (
         SELECT id FROM "ChatPost"
          WHERE status = 'PENDING'
            AND "nextAttemptAt" <= ${now}
            AND (${bashId}::text IS NULL OR "bashId" = ${bashId}::text)
            AND (${postIds}::text[] IS NULL OR id = ANY(${postIds}::text[]))
          ORDER BY "nextAttemptAt", "createdAt", id
          LIMIT ${BATCH}
          FOR UPDATE SKIP LOCKED)
    RETURNING p.id, p."bashId", p.kind, p.text, p.attempts, p."createdAt", b."chatWebhookUrl" AS url`.then((rows) =>
    // RETURNING does not keep the subquery's order; a channel should read oldest first.
    rows.slice().sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id)),
  );
}

type Outcome = { ok: true } | { ok: false; error: string; final?: boolean };

async function sendOne(post: Claimed, fetchImpl: typeof fetch, timeoutMs: number): Promise<Outcome> {
  const url = post.url.trim();
  if (!url) return { ok: false, error: "No webhook URL is set for this bash any more.", final: true };
  if (!webhookUrlAllowed(url)) return { ok: false, error: "The webhook URL is not an https:// address.", final: true };
  const inside = chatHttpAllowed() ? null : await privateAddressOf(url);
  if (inside) return { ok: false, error: `The webhook's host resolves to a private or local address (${inside}); Bashboard only posts to public addresses.`, final: true };
  try {
    const res = await fetchImpl(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "User-Agent": "Bashboard" },
      body: JSON.stringify({ text: post.text }),
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Read (a little of) the answer: Slack explains refusals in the body ("invalid_token", "no_text").
    const body = await res.text().catch(() => "");
    if (res.status >= 200 && res.status < 300) return { ok: true };
    if (res.status >= 300 && res.status < 400) return { ok: false, error: `The webhook answered with a redirect (HTTP ${res.status}); use the final URL.` };
    const detail = redact(body.replace(/\s+/g, " ").trim(), url).slice(0, 80);
    return { ok: false, error: `The webhook answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}${detail ? `: ${detail}` : ""}` };
  } catch (err) {
    return { ok: false, error: describeFetchError(err, url, timeoutMs) };
  }
}

/** Record the attempt; true when the post was sent. Only the claim holder's attempt counts (attempts unchanged since the claim). */
async function markOutcome(db: PrismaClient, post: Claimed, outcome: Outcome, now: Date): Promise<boolean> {
  const where = { id: post.id, status: "PENDING" as const, attempts: post.attempts };
  if (outcome.ok) {
    await db.chatPost.updateMany({ where, data: { status: "SENT", sentAt: now, lastError: "", attempts: post.attempts + 1 } });
    return true;
  }
  const attempts = post.attempts + 1;
  const max = post.kind === "test" ? TEST_MAX_ATTEMPTS : CHAT_MAX_ATTEMPTS;
  const error = outcome.error.slice(0, ERROR_MAX);
  if (outcome.final || attempts >= max) {
    await db.chatPost.updateMany({ where, data: { status: "FAILED", attempts, lastError: error } });
  } else {
    const delay = CHAT_RETRY_DELAYS_MS[Math.min(attempts, CHAT_RETRY_DELAYS_MS.length) - 1];
    await db.chatPost.updateMany({ where, data: { attempts, lastError: error, nextAttemptAt: new Date(now.getTime() + delay) } });
  }
  return false;
}

/** An address inside a private, loopback, link-local or shared range (where cloud metadata lives). */
export function isPrivateAddress(ip: string): boolean {
  const v4 = ip.startsWith("::ffff:") ? ip.slice(7) : ip;
  if (net.isIPv4(v4)) {
    const [a, b] = v4.split(".").map(Number);
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224;
  }
  const x = ip.toLowerCase();
  return x === "::" || x === "::1" || /^f[cd]/.test(x) || /^fe[89ab]/.test(x);
}

/**
 * The private address a webhook URL's host resolves to, or null. A facilitator must not be able to make
 * the server post into its own network (SSRF); CHAT_WEBHOOK_ALLOW_HTTP=1 lifts this for local testing.
 */
async function privateAddressOf(url: string): Promise<string | null> {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  } catch {
    return null;
  }
  if (net.isIP(host)) return isPrivateAddress(host) ? host : null;
  try {
    const found = await dns.lookup(host, { all: true });
    return found.find((a) => isPrivateAddress(a.address))?.address ?? null;
  } catch {
    return null; // Unknown host: fetch reports it in plain words.
  }
}

/** https always; plain http only when CHAT_WEBHOOK_ALLOW_HTTP=1 (tests, a local relay). */
export function webhookUrlAllowed(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === "https:") return true;
  return parsed.protocol === "http:" && chatHttpAllowed();
}

export function chatHttpAllowed(): boolean {
  return process.env.CHAT_WEBHOOK_ALLOW_HTTP === "1";
}

/** The host of a webhook URL, the only part the plan page shows ("hooks.slack.com"). */
export function webhookHost(url: string): string | null {
  if (!url.trim()) return null;
  try {
    return new URL(url).host || null;
  } catch {
    return null;
  }
}

/** A short, readable reason; never the URL (its path is the webhook's secret). */
export function describeFetchError(err: unknown, url: string, timeoutMs = CHAT_TIMEOUT_MS): string {
  const e = (err ?? {}) as { name?: unknown; message?: unknown; cause?: unknown };
  const cause = (e.cause ?? {}) as { code?: unknown; message?: unknown; name?: unknown };
  const code = typeof cause.code === "string" ? cause.code : "";
  const name = typeof e.name === "string" ? e.name : "";
  const message = typeof e.message === "string" ? e.message : String(err);
  const causeMessage = typeof cause.message === "string" ? cause.message : "";
  let reason: string;
  if (name === "TimeoutError" || name === "AbortError" || cause.name === "TimeoutError") {
    reason = `The webhook did not answer within ${Math.round(timeoutMs / 100) / 10} s.`;
  } else if (code === "ECONNREFUSED") reason = "Could not connect to the webhook host (connection refused).";
  else if (code === "ENOTFOUND" || code === "EAI_AGAIN") reason = "Could not find the webhook host (unknown host name).";
  else if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") reason = "The webhook host closed the connection.";
  else if (/CERT|SSL|TLS/i.test(code)) reason = `The webhook host's certificate was not accepted (${code}).`;
  else if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "ETIMEDOUT") reason = "The webhook did not answer in time.";
  else reason = `Could not reach the webhook: ${causeMessage || message}${code ? ` (${code})` : ""}`;
  return redact(reason, url).replace(/\s+/g, " ").trim().slice(0, ERROR_MAX) || "Sending failed.";
}

/** Remove the URL, its path and any credentials from a text. */
function redact(text: string, url: string): string {
  let out = url ? text.split(url).join("[webhook]") : text;
  try {
    const parsed = new URL(url);
    const secrets = [parsed.pathname, parsed.search, parsed.password, parsed.username, ...parsed.pathname.split("/")].filter((s) => s.length >= 6);
    for (const s of secrets.sort((a, b) => b.length - a.length)) out = out.split(s).join("…");
  } catch {
    // nothing more to redact
  }
  return out;
}

// --- after the commit ---------------------------------------------------------------------------

const timerState = globalThis as unknown as { __bashboardChatRetry?: { at: number; timer: ReturnType<typeof setTimeout> } };
const MAX_TIMER_MS = 30 * 60_000;

/**
 * Fire-and-forget after a commit: deliver every due post (of any bash, so posts a crashed process
 * left PENDING go out too), then arm the retry timer for what is still waiting.
 */
export function deliverChatPostsSoon(db: PrismaClient): void {
  void deliverChatPosts(db)
    .then(() => scheduleChatRetry(db))
    .catch((e: unknown) => console.error("[chat] delivering webhook posts failed", e));
}

/**
 * One process-wide, unref'ed timer for the earliest PENDING post's nextAttemptAt, so retries happen
 * without another write. Never throws.
 */
export async function scheduleChatRetry(db: PrismaClient): Promise<void> {
  try {
    const next = await db.chatPost.findFirst({ where: { status: "PENDING" }, orderBy: { nextAttemptAt: "asc" }, select: { nextAttemptAt: true } });
    if (!next) return;
    const now = Date.now();
    // Not sooner than a moment from now, not later than the cap (the timer then simply looks again).
    const at = Math.min(Math.max(next.nextAttemptAt.getTime(), now + 250), now + MAX_TIMER_MS);
    const current = timerState.__bashboardChatRetry;
    if (current && current.at <= at) return;
    if (current) clearTimeout(current.timer);
    const timer = setTimeout(() => {
      timerState.__bashboardChatRetry = undefined;
      deliverChatPostsSoon(db);
    }, at - now);
    timer.unref?.();
    timerState.__bashboardChatRetry = { at, timer };
  } catch (e) {
    console.error("[chat] scheduling webhook retries failed", e);
  }
}

/** Stop the retry timer (tests, shutdown). */
export function stopChatRetries(): void {
  const current = timerState.__bashboardChatRetry;
  if (current) clearTimeout(current.timer);
  timerState.__bashboardChatRetry = undefined;
}
