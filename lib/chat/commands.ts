// The facilitator's side of the team-chat webhook: set or clear the URL, send a test message, retry a
// failed post, see the recent posts. The URL is a secret (whoever has it can post to the channel):
// it is never logged, never put in activity data and never sent back to the browser, only its host.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { ChatPostStatus } from "@/lib/generated/prisma/enums";
import { logActivity } from "@/lib/activity/log";
import { getBashContext } from "@/lib/bashes/queries";
import { chatTestText, chatTextPreview } from "@/lib/chat/messages";
import { ZChatPostId, ZChatWebhook } from "@/lib/chat/schema";
import { deliverChatPosts, queueChatPost, scheduleChatRetry, webhookHost, CHAT_TIMEOUT_MS } from "@/lib/chat/webhook";
import type { Db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/policy";
import { parseInput } from "@/lib/validation";

export type ChatPostRow = {
  id: string;
  kind: string;
  status: ChatPostStatus;
  attempts: number;
  lastError: string;
  preview: string;
  createdAt: Date;
  sentAt: Date | null;
  nextAttemptAt: Date;
};

/** What a delivery attempt made of a post: SENT, FAILED (with the reason) or still PENDING (will be retried, with the last reason). */
export type ChatOutcome = { postId: string; status: ChatPostStatus; error: string };

type DeliveryOpts = { fetchImpl?: typeof fetch; timeoutMs?: number };

async function assertCanUpdate(db: Db, actor: Actor, bashId: string) {
  assertCan(actor, "bash.update", await getBashContext(db, actor, bashId));
}

/** Set the bash's webhook URL (https; http only with CHAT_WEBHOOK_ALLOW_HTTP=1) or clear it with "". */
export async function setChatWebhook(db: PrismaClient, actor: Actor, bashId: string, raw: unknown): Promise<{ host: string | null }> {
  await assertCanUpdate(db, actor, bashId);
  const { webhookUrl } = parseInput(ZChatWebhook, raw);
  await db.$transaction(async (tx) => {
    const before = await tx.bash.findUniqueOrThrow({ where: { id: bashId }, select: { chatWebhookUrl: true } });
    await tx.bash.update({ where: { id: bashId }, data: { chatWebhookUrl: webhookUrl } });
    // No URL in the data: whoever holds it can post to the channel.
    await logActivity(tx, {
      bashId,
      actorId: actor.id,
      type: "bash.chat_updated",
      entityType: "bash",
      entityId: bashId,
      data: { enabled: webhookUrl !== "", changed: before.chatWebhookUrl !== webhookUrl },
    });
  });
  return { host: webhookHost(webhookUrl) };
}

/**
 * Post a test message now and report what the chat answered: the facilitator sees at once whether
 * the URL works. A test message is tried once; a failed one can be retried from the list.
 */
export async function sendChatTest(db: PrismaClient, actor: Actor, bashId: string, opts: DeliveryOpts & { baseUrl?: string } = {}): Promise<ChatOutcome> {
  await assertCanUpdate(db, actor, bashId);
  const bash = await db.bash.findUniqueOrThrow({ where: { id: bashId }, select: { title: true, chatWebhookUrl: true } });
  if (!bash.chatWebhookUrl.trim()) throw new AppError("CONFLICT", "Save a webhook URL first, then send a test message.");
  const url = opts.baseUrl ? `${opts.baseUrl.replace(/\/+$/, "")}/bashes/${bashId}` : "";
  const postId = await db.$transaction((tx) => queueChatPost(tx, bashId, "test", chatTestText({ title: bash.title, url })));
  if (!postId) throw new AppError("CONFLICT", "Save a webhook URL first, then send a test message.");
  return deliverNow(db, postId, opts);
}

/** Send a FAILED post again now; if that fails too, automatic retries resume with a fresh count. */
export async function retryChatPost(db: PrismaClient, actor: Actor, bashId: string, postId: string, opts: DeliveryOpts = {}): Promise<ChatOutcome> {
  await assertCanUpdate(db, actor, bashId);
  const id = parseInput(ZChatPostId, postId);
  const { count } = await db.chatPost.updateMany({
    where: { id, bashId, status: "FAILED" },
    data: { status: "PENDING", attempts: 0, lastError: "", nextAttemptAt: new Date() },
  });
  if (count === 0) {
    const post = await db.chatPost.findFirst({ where: { id, bashId }, select: { status: true } });
    if (!post) throw notFound("That chat message");
    if (post.status === "SENT") throw new AppError("CONFLICT", "That message was already posted.");
    throw new AppError("CONFLICT", "That message is still waiting to be posted; it is retried automatically.");
  }
  return deliverNow(db, id, opts);
}

async function deliverNow(db: PrismaClient, postId: string, opts: DeliveryOpts): Promise<ChatOutcome> {
  await deliverChatPosts(db, { postIds: [postId], fetchImpl: opts.fetchImpl, timeoutMs: opts.timeoutMs });
  // Another instance may have claimed it a moment earlier: wait for its answer, briefly.
  const deadline = Date.now() + (opts.timeoutMs ?? CHAT_TIMEOUT_MS) + 2_000;
  let post = await db.chatPost.findUniqueOrThrow({ where: { id: postId }, select: { status: true, attempts: true, lastError: true } });
  while (post.status === "PENDING" && post.attempts === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    post = await db.chatPost.findUniqueOrThrow({ where: { id: postId }, select: { status: true, attempts: true, lastError: true } });
  }
  if (post.status === "PENDING") await scheduleChatRetry(db);
  return { postId, status: post.status, error: post.lastError };
}

/** The bash's last 20 chat posts, newest first, with their status and last error. */
export async function listChatPosts(db: Db, actor: Actor, bashId: string): Promise<ChatPostRow[]> {
  await assertCanUpdate(db, actor, bashId);
  const rows = await db.chatPost.findMany({
    where: { bashId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 20,
    select: { id: true, kind: true, status: true, attempts: true, lastError: true, text: true, createdAt: true, sentAt: true, nextAttemptAt: true },
  });
  return rows.map(({ text, ...r }) => ({ ...r, preview: chatTextPreview(text) }));
}

/** Everything the plan page's chat card shows: the webhook's host only (never the URL) and the recent posts. */
export async function getChatSettings(db: Db, actor: Actor, bashId: string): Promise<{ host: string | null; posts: ChatPostRow[] }> {
  const posts = await listChatPosts(db, actor, bashId);
  const bash = await db.bash.findUniqueOrThrow({ where: { id: bashId }, select: { chatWebhookUrl: true } });
  return { host: bash.chatWebhookUrl ? (webhookHost(bash.chatWebhookUrl) ?? "webhook") : null, posts };
}
