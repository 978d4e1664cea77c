import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createBash } from "@/lib/bashes/commands";
import { getChatSettings, listChatPosts, retryChatPost, sendChatTest, setChatWebhook } from "@/lib/chat/commands";
import { criticalReportText } from "@/lib/chat/messages";
import { CHAT_MAX_ATTEMPTS, deliverChatPosts, deliverChatPostsSoon, queueChatPost, stopChatRetries } from "@/lib/chat/webhook";
import { createPrisma } from "@/lib/db";
import type { BashRole } from "@/lib/policy";
import { makeMember, makeUser } from "../factories/users";
import { db, resetDb, testDbUrl } from "./db";

// The webhook servers in these tests are plain http on 127.0.0.1.
const savedAllowHttp = process.env.CHAT_WEBHOOK_ALLOW_HTTP;
process.env.CHAT_WEBHOOK_ALLOW_HTTP = "1";

// --- a local incoming-webhook server that records every request ---------------------------------

type Received = { method: string; url: string; contentType: string; body: string; json: unknown; at: number };
/** What the server does with the next request: answer with a status (and body), wait first, or never answer. */
type Reply = number | { status: number; body?: string; delayMs?: number } | "hang";

type Hook = { url: string; received: Received[]; replies: Reply[]; fallback: Reply; close: () => Promise<void> };
const servers: http.Server[] = [];

async function startHook(opts: { replies?: Reply[]; fallback?: Reply; path?: string } = {}): Promise<Hook> {
  const hook: Hook = { url: "", received: [], replies: [...(opts.replies ?? [])], fallback: opts.fallback ?? 200, close: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        json = null;
      }
      hook.received.push({ method: req.method ?? "", url: req.url ?? "", contentType: String(req.headers["content-type"] ?? ""), body, json, at: Date.now() });
      const reply = hook.replies.length ? hook.replies.shift()! : hook.fallback;
      if (reply === "hang") return; // never answers
      const r = typeof reply === "number" ? { status: reply } : reply;
      const answer = () => {
        res.writeHead(r.status, { "Content-Type": "text/plain" });
        res.end(r.body ?? (r.status < 300 ? "ok" : "error"));
      };
      if (r.delayMs) setTimeout(answer, r.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  hook.url = `http://127.0.0.1:${port}${opts.path ?? "/services/T0000/B0000/XXXXSECRETXXXX"}`;
  hook.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return hook;
}

beforeEach(async () => {
  await resetDb();
  process.env.CHAT_WEBHOOK_ALLOW_HTTP = "1";
});

afterEach(async () => {
  stopChatRetries();
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections();
          s.close(() => resolve());
        }),
    ),
  );
});

afterAll(() => {
  if (savedAllowHttp === undefined) delete process.env.CHAT_WEBHOOK_ALLOW_HTTP;
  else process.env.CHAT_WEBHOOK_ALLOW_HTTP = savedAllowHttp;
});

// --- fixtures ------------------------------------------------------------------------------------

type User = Awaited<ReturnType<typeof makeUser>>;

const member = (bashId: string, role: BashRole, name?: string): Promise<User> => makeMember(db(), bashId, role, { name });

async function setup(webhookUrl = "") {
  const fac = await makeUser(db(), { name: "Fay Facilitator" });
  const bash = await createBash(db(), fac, { title: "RC bash" });
  if (webhookUrl) await setChatWebhook(db(), fac, bash.id, { webhookUrl });
  return { fac, bash };
}

async function queue(bashId: string, text = "Hello channel", kind: Parameters<typeof queueChatPost>[2] = "bash.started") {
  return db().$transaction((tx) => queueChatPost(tx, bashId, kind, text));
}

const post = (id: string) => db().chatPost.findUniqueOrThrow({ where: { id } });
const later = (ms: number) => new Date(Date.now() + ms);

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("timed out waiting");
}

// --- queueing ------------------------------------------------------------------------------------

describe("chat: queueing", () => {
  it("a bash without a webhook queues nothing", async () => {
    const { bash } = await setup();
    expect(await queue(bash.id)).toBeNull();
    expect(await db().chatPost.count()).toBe(0);
  });

  it("a post queued in a transaction that rolls back is gone with it", async () => {
    const hook = await startHook();
    const { bash } = await setup(hook.url);
    await expect(
      db().$transaction(async (tx) => {
        expect(await queueChatPost(tx, bash.id, "report.critical", "Critical!")).toEqual(expect.any(String));
        throw new Error("the write failed");
      }),
    ).rejects.toThrow("the write failed");
    expect(await db().chatPost.count()).toBe(0);
    expect(await deliverChatPosts(db())).toEqual({ sent: 0, failed: 0 });
    expect(hook.received).toHaveLength(0);
  });
});

// --- delivery ------------------------------------------------------------------------------------

describe("chat: delivery", () => {
  it("posts {text} as JSON once, even when two instances deliver at the same time", async () => {
    const hook = await startHook({ fallback: { status: 200, delayMs: 150 } });
    const { bash } = await setup(hook.url);
    const ids = [await queue(bash.id, "first"), await queue(bash.id, "second"), await queue(bash.id, "third")];

    const other = createPrisma(testDbUrl()); // a second app instance on the same database
    try {
      const results = await Promise.all([deliverChatPosts(db()), deliverChatPosts(other), deliverChatPosts(db())]);
      expect(results.reduce((n, r) => n + r.sent, 0)).toBe(3);
      expect(results.reduce((n, r) => n + r.failed, 0)).toBe(0);
    } finally {
      await other.$disconnect();
    }
    expect(hook.received).toHaveLength(3);
    for (const r of hook.received) {
      expect(r.method).toBe("POST");
      expect(r.contentType).toMatch(/^application\/json\b/);
      expect(r.url).toBe("/services/T0000/B0000/XXXXSECRETXXXX");
      expect(Object.keys(r.json as object)).toEqual(["text"]);
    }
    expect(hook.received.map((r) => (r.json as { text: string }).text).sort()).toEqual(["first", "second", "third"]);
    for (const id of ids) {
      const p = await post(id!);
      expect(p).toMatchObject({ status: "SENT", attempts: 1, lastError: "" });
      expect(p.sentAt).toBeInstanceOf(Date);
    }
    // Nothing left to send.
    expect(await deliverChatPosts(db(), { now: later(3_600_000) })).toEqual({ sent: 0, failed: 0 });
    expect(hook.received).toHaveLength(3);
  });

  it("a 500 is retried after the backoff, then SENT; attempts are counted", async () => {
    const hook = await startHook({ replies: [{ status: 500, body: "internal_error" }], fallback: 200 });
    const { bash } = await setup(hook.url);
    const id = (await queue(bash.id, "Bash started"))!;

    const t0 = new Date();
    expect(await deliverChatPosts(db(), { now: t0 })).toEqual({ sent: 0, failed: 1 });
    let p = await post(id);
    expect(p.status).toBe("PENDING");
    expect(p.attempts).toBe(1);
    expect(p.lastError).toBe("The webhook answered HTTP 500 Internal Server Error: internal_error");
    expect(p.nextAttemptAt.getTime()).toBe(t0.getTime() + 5_000);

    // Not due yet.
    expect(await deliverChatPosts(db(), { now: new Date(t0.getTime() + 4_000) })).toEqual({ sent: 0, failed: 0 });
    expect(hook.received).toHaveLength(1);

    expect(await deliverChatPosts(db(), { now: new Date(t0.getTime() + 5_000) })).toEqual({ sent: 1, failed: 0 });
    p = await post(id);
    expect(p).toMatchObject({ status: "SENT", attempts: 2, lastError: "" });
    expect(hook.received.map((r) => (r.json as { text: string }).text)).toEqual(["Bash started", "Bash started"]);
  });

  it("a webhook that never answers times out, counts as a failure, and the call returns", async () => {
    const hook = await startHook({ fallback: "hang" });
    const { bash } = await setup(hook.url);
    const id = (await queue(bash.id))!;
    const started = Date.now();
    expect(await deliverChatPosts(db(), { timeoutMs: 300 })).toEqual({ sent: 0, failed: 1 });
    expect(Date.now() - started).toBeLessThan(5_000);
    const p = await post(id);
    expect(p).toMatchObject({ status: "PENDING", attempts: 1, lastError: "The webhook did not answer within 0.3 s." });
    expect(hook.received).toHaveLength(1);
  });

  it("backs off 5 s, 30 s, 2 min, 10 min, 30 min, and gives up after the last attempt (FAILED)", async () => {
    const hook = await startHook({ fallback: 503 });
    const { bash } = await setup(hook.url);
    const id = (await queue(bash.id))!;
    let now = new Date();
    const waits: number[] = [];
    for (let i = 1; i <= CHAT_MAX_ATTEMPTS; i++) {
      expect(await deliverChatPosts(db(), { now })).toEqual({ sent: 0, failed: 1 });
      const p = await post(id);
      expect(p.attempts).toBe(i);
      if (i < CHAT_MAX_ATTEMPTS) {
        expect(p.status).toBe("PENDING");
        waits.push(p.nextAttemptAt.getTime() - now.getTime());
        now = p.nextAttemptAt;
      } else {
        expect(p.status).toBe("FAILED");
        expect(p.lastError).toMatch(/^The webhook answered HTTP 503/);
      }
    }
    expect(waits).toEqual([5_000, 30_000, 120_000, 600_000, 1_800_000]);
    expect(CHAT_MAX_ATTEMPTS).toBe(6);
    // A FAILED post is not tried again.
    expect(await deliverChatPosts(db(), { now: new Date(now.getTime() + 86_400_000) })).toEqual({ sent: 0, failed: 0 });
    expect(hook.received).toHaveLength(6);
  });

  it("the reason never contains the webhook URL or its secret path", async () => {
    const hook = await startHook({ fallback: { status: 404, body: "no_service for /services/T0000/B0000/XXXXSECRETXXXX" } });
    const { bash } = await setup(hook.url);
    const id = (await queue(bash.id))!;
    await deliverChatPosts(db());
    const p = await post(id);
    expect(p.lastError).toMatch(/^The webhook answered HTTP 404/);
    expect(p.lastError).not.toContain("XXXXSECRETXXXX");
    expect(p.lastError).not.toContain("127.0.0.1");

    // A host that refuses the connection.
    await hook.close();
    await db().chatPost.update({ where: { id }, data: { nextAttemptAt: new Date(0) } });
    await deliverChatPosts(db());
    const q = await post(id);
    expect(q.attempts).toBe(2);
    expect(q.lastError).toBe("Could not connect to the webhook host (connection refused).");
  });

  it("goes to the bash's current URL; a removed webhook fails the waiting posts", async () => {
    const first = await startHook();
    const second = await startHook({ path: "/hooks/second" });
    const { fac, bash } = await setup(first.url);
    const a = (await queue(bash.id, "a"))!;
    await setChatWebhook(db(), fac, bash.id, { webhookUrl: second.url });
    await deliverChatPosts(db());
    expect(first.received).toHaveLength(0);
    expect(second.received.map((r) => r.url)).toEqual(["/hooks/second"]);
    expect((await post(a)).status).toBe("SENT");

    const b = (await queue(bash.id, "b"))!;
    await setChatWebhook(db(), fac, bash.id, { webhookUrl: "" });
    expect(await deliverChatPosts(db())).toEqual({ sent: 0, failed: 1 });
    expect(await post(b)).toMatchObject({ status: "FAILED", lastError: "No webhook URL is set for this bash any more." });
    expect(second.received).toHaveLength(1);
    // With no webhook, nothing more is queued.
    expect(await queue(bash.id)).toBeNull();
  });

  it("a bash's posts reach the channel in the order they were queued; a slow webhook does not hold up another bash", async () => {
    const slow = await startHook({ fallback: "hang" });
    const fast = await startHook();
    const stuck = await setup(slow.url);
    const { bash } = await setup(fast.url);
    await queue(stuck.bash.id, "stuck");
    for (const text of ["one", "two", "three", "four"]) await queue(bash.id, text);
    const started = Date.now();
    expect(await deliverChatPosts(db(), { timeoutMs: 2_500 })).toEqual({ sent: 4, failed: 1 });
    expect(Date.now() - started).toBeLessThan(6_000);
    // All four arrived while the other bash's webhook was still not answering.
    expect(fast.received[3].at - started).toBeLessThan(2_000);
    expect(fast.received.map((r) => (r.json as { text: string }).text)).toEqual(["one", "two", "three", "four"]);
  });

  it("deliverChatPosts can be limited to one bash", async () => {
    const hook = await startHook();
    const one = await setup(hook.url);
    const two = await setup(hook.url);
    const p1 = (await queue(one.bash.id, "one"))!;
    const p2 = (await queue(two.bash.id, "two"))!;
    expect(await deliverChatPosts(db(), { bashId: one.bash.id })).toEqual({ sent: 1, failed: 0 });
    expect((await post(p1)).status).toBe("SENT");
    expect((await post(p2)).status).toBe("PENDING");
  });

  it("never throws, even when the database is unreachable", async () => {
    const broken = createPrisma("postgresql://nobody:nothing@127.0.0.1:1/none");
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(await deliverChatPosts(broken)).toEqual({ sent: 0, failed: 0 });
      expect(log).toHaveBeenCalledWith("[chat] delivering webhook posts failed", expect.anything());
    } finally {
      log.mockRestore();
      await broken.$disconnect();
    }
  });

  it("never posts into the server's own network: a webhook on a private or loopback address fails at once", async () => {
    const hook = await startHook({ replies: [], fallback: 200 });
    const { bash } = await setup(hook.url.replace("http://", "https://"));
    const id = (await queue(bash.id))!;
    delete process.env.CHAT_WEBHOOK_ALLOW_HTTP;
    try {
      expect(await deliverChatPosts(db())).toEqual({ sent: 0, failed: 1 });
    } finally {
      process.env.CHAT_WEBHOOK_ALLOW_HTTP = "1";
    }
    expect(await post(id)).toMatchObject({ status: "FAILED", lastError: expect.stringContaining("private or local address (127.0.0.1)") });
    expect(hook.received).toHaveLength(0);
  });

  it("a fetch that throws is recorded, not thrown", async () => {
    const { bash } = await setup("https://hooks.slack.example/services/T1/B1/SECRETSECRET");
    const id = (await queue(bash.id))!;
    const fetchImpl = (async () => {
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("getaddrinfo ENOTFOUND hooks.slack.example"), { code: "ENOTFOUND" }) });
    }) as typeof fetch;
    expect(await deliverChatPosts(db(), { fetchImpl })).toEqual({ sent: 0, failed: 1 });
    expect((await post(id)).lastError).toBe("Could not find the webhook host (unknown host name).");
  });
});

describe("chat: after the commit", () => {
  it("deliverChatPostsSoon sends in the background and retries on its own timer, without another write", async () => {
    const hook = await startHook({ replies: [500], fallback: 200 });
    const { bash } = await setup(hook.url);
    const id = (await queue(bash.id, "retry me"))!;
    deliverChatPostsSoon(db());
    await waitFor(async () => (await post(id)).attempts === 1);
    expect((await post(id)).status).toBe("PENDING");
    // The 5 s backoff passes; the process-wide timer sends it.
    await waitFor(async () => (await post(id)).status === "SENT", 15_000);
    expect(hook.received).toHaveLength(2);
  }, 25_000);

  it("posts another process left PENDING are picked up by the next delivery of any bash", async () => {
    const hook = await startHook();
    const crashed = await setup(hook.url);
    const other = await setup(hook.url);
    const stale = (await queue(crashed.bash.id, "left behind"))!;
    // The crashed sender had claimed it: its lease ran out a minute ago.
    await db().chatPost.update({ where: { id: stale }, data: { nextAttemptAt: new Date(Date.now() - 60_000) } });
    const fresh = (await queue(other.bash.id, "new one"))!;
    deliverChatPostsSoon(db());
    await waitFor(async () => (await post(stale)).status === "SENT" && (await post(fresh)).status === "SENT");
    expect(hook.received.map((r) => (r.json as { text: string }).text).sort()).toEqual(["left behind", "new one"]);
  });
});

// --- the facilitator's commands -------------------------------------------------------------------

describe("chat: setChatWebhook", () => {
  it("saves https and, with CHAT_WEBHOOK_ALLOW_HTTP=1, http; empty clears; the activity never holds the URL", async () => {
    const { fac, bash } = await setup();
    const secretUrl = "https://hooks.slack.com/services/T0001/B0001/abcdefSECRET";
    expect(await setChatWebhook(db(), fac, bash.id, { webhookUrl: `  ${secretUrl}  ` })).toEqual({ host: "hooks.slack.com" });
    expect((await db().bash.findUniqueOrThrow({ where: { id: bash.id } })).chatWebhookUrl).toBe(secretUrl);
    expect(await getChatSettings(db(), fac, bash.id)).toEqual({ host: "hooks.slack.com", posts: [] });
    expect(JSON.stringify(await getChatSettings(db(), fac, bash.id))).not.toContain("SECRET");

    expect(await setChatWebhook(db(), fac, bash.id, { webhookUrl: "http://127.0.0.1:9/hook" })).toEqual({ host: "127.0.0.1:9" });
    expect(await setChatWebhook(db(), fac, bash.id, { webhookUrl: "" })).toEqual({ host: null });
    expect((await db().bash.findUniqueOrThrow({ where: { id: bash.id } })).chatWebhookUrl).toBe("");
    expect((await getChatSettings(db(), fac, bash.id)).host).toBeNull();

    const acts = await db().activity.findMany({ where: { bashId: bash.id, type: "bash.chat_updated" }, orderBy: { id: "asc" } });
    expect(acts.map((a) => a.data)).toEqual([
      { enabled: true, changed: true },
      { enabled: true, changed: true },
      { enabled: false, changed: true },
    ]);
    expect(JSON.stringify(acts.map((a) => [a.type, a.entityType, a.entityId, a.data]))).not.toMatch(/SECRET|hooks\.slack|127\.0\.0\.1/);
  });

  it("refuses what is not an https URL, with a message for the field", async () => {
    const { fac, bash } = await setup();
    delete process.env.CHAT_WEBHOOK_ALLOW_HTTP;
    await expect(setChatWebhook(db(), fac, bash.id, { webhookUrl: "http://hooks.example.com/x" })).rejects.toMatchObject({
      code: "INVALID",
      message: "Use an https:// webhook URL: plain http:// would send the bash's messages unencrypted.",
      fieldErrors: { webhookUrl: expect.stringContaining("https://") },
    });
    for (const bad of ["hooks.slack.com/services/x", "not a url", "ftp://hooks.example.com/x", "javascript:alert(1)"]) {
      await expect(setChatWebhook(db(), fac, bash.id, { webhookUrl: bad })).rejects.toMatchObject({
        code: "INVALID",
        message: "Paste the whole webhook URL; it starts with https://.",
      });
    }
    await expect(setChatWebhook(db(), fac, bash.id, { webhookUrl: `https://hooks.example.com/${"a".repeat(2000)}` })).rejects.toMatchObject({
      code: "INVALID",
      message: "That URL is too long: a webhook URL has at most 2000 characters.",
    });
    await expect(setChatWebhook(db(), fac, bash.id, {})).rejects.toMatchObject({ code: "INVALID" });
    expect((await db().bash.findUniqueOrThrow({ where: { id: bash.id } })).chatWebhookUrl).toBe("");
    expect(await db().activity.count({ where: { type: "bash.chat_updated" } })).toBe(0);
  });

  it("only facilitators: a participant is FORBIDDEN, a non-member NOT_FOUND", async () => {
    const { bash } = await setup();
    const participant = await member(bash.id, "PARTICIPANT");
    const triager = await member(bash.id, "TRIAGER");
    const stranger = await makeUser(db());
    const admin = await makeUser(db(), { isAdmin: true });
    const input = { webhookUrl: "https://hooks.slack.com/services/T/B/C" };
    await expect(setChatWebhook(db(), participant, bash.id, input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(setChatWebhook(db(), triager, bash.id, input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(setChatWebhook(db(), stranger, bash.id, input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(setChatWebhook(db(), admin, bash.id, input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(setChatWebhook(db(), stranger, "no-such-bash", input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    for (const who of [participant, stranger]) {
      await expect(listChatPosts(db(), who, bash.id)).rejects.toMatchObject({ code: who === participant ? "FORBIDDEN" : "NOT_FOUND" });
      await expect(sendChatTest(db(), who, bash.id)).rejects.toMatchObject({ code: who === participant ? "FORBIDDEN" : "NOT_FOUND" });
      await expect(retryChatPost(db(), who, bash.id, "x")).rejects.toMatchObject({ code: who === participant ? "FORBIDDEN" : "NOT_FOUND" });
    }
    expect((await db().bash.findUniqueOrThrow({ where: { id: bash.id } })).chatWebhookUrl).toBe("");
  });
});

describe("chat: test message, retry and the list", () => {
  it("sendChatTest posts right away and reports what the chat answered", async () => {
    const hook = await startHook({ replies: [200, { status: 403, body: "invalid_token" }] });
    const { fac, bash } = await setup(hook.url);
    const ok = await sendChatTest(db(), fac, bash.id, { baseUrl: "https://bashboard.example.com/" });
    expect(ok).toMatchObject({ status: "SENT", error: "" });
    expect(hook.received).toHaveLength(1);
    expect((hook.received[0].json as { text: string }).text).toBe(
      `Test message from Bashboard: <https://bashboard.example.com/bashes/${bash.id}|RC bash> will post its start, extensions, end and critical reports here.`,
    );

    // A test message is tried once: the facilitator sees the reason and may press Retry.
    const bad = await sendChatTest(db(), fac, bash.id);
    expect(bad).toMatchObject({ status: "FAILED", error: "The webhook answered HTTP 403 Forbidden: invalid_token" });
    expect(await deliverChatPosts(db(), { now: later(3_600_000) })).toEqual({ sent: 0, failed: 0 });
    expect(hook.received).toHaveLength(2);

    const posts = await listChatPosts(db(), fac, bash.id);
    expect(posts.map((p) => [p.kind, p.status, p.lastError])).toEqual([
      ["test", "FAILED", "The webhook answered HTTP 403 Forbidden: invalid_token"],
      ["test", "SENT", ""],
    ]);
    expect(posts[1].preview).toBe("Test message from Bashboard: RC bash will post its start, extensions, end and critical reports here.");
  });

  it("sendChatTest without a webhook is a CONFLICT; a hanging webhook answers within the timeout", async () => {
    const { fac, bash } = await setup();
    await expect(sendChatTest(db(), fac, bash.id)).rejects.toMatchObject({ code: "CONFLICT", message: "Save a webhook URL first, then send a test message." });
    const hook = await startHook({ fallback: "hang" });
    await setChatWebhook(db(), fac, bash.id, { webhookUrl: hook.url });
    expect(await sendChatTest(db(), fac, bash.id, { timeoutMs: 300 })).toMatchObject({ status: "FAILED", error: "The webhook did not answer within 0.3 s." });
  });

  it("retryChatPost puts a FAILED post back and sends it now; only FAILED posts of this bash", async () => {
    const hook = await startHook({ fallback: 500 });
    const { fac, bash } = await setup(hook.url);
    const id = (await queue(bash.id, "Critical report #1"))!;
    await db().chatPost.update({ where: { id }, data: { status: "FAILED", attempts: CHAT_MAX_ATTEMPTS, lastError: "The webhook answered HTTP 500" } });

    // Still failing: back to PENDING with a fresh count, retried automatically after 5 s.
    const again = await retryChatPost(db(), fac, bash.id, id);
    expect(again).toMatchObject({ postId: id, status: "PENDING", error: expect.stringMatching(/^The webhook answered HTTP 500/) });
    let p = await post(id);
    expect(p).toMatchObject({ status: "PENDING", attempts: 1 });
    await expect(retryChatPost(db(), fac, bash.id, id)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("retried automatically") });

    await db().chatPost.update({ where: { id }, data: { status: "FAILED" } });
    hook.fallback = 200;
    expect(await retryChatPost(db(), fac, bash.id, id)).toEqual({ postId: id, status: "SENT", error: "" });
    p = await post(id);
    expect(p).toMatchObject({ status: "SENT", lastError: "" });
    expect(hook.received).toHaveLength(2);
    await expect(retryChatPost(db(), fac, bash.id, id)).rejects.toMatchObject({ code: "CONFLICT", message: "That message was already posted." });

    // Another bash's post is not found from this bash.
    const other = await setup(hook.url);
    const theirs = (await queue(other.bash.id))!;
    await db().chatPost.update({ where: { id: theirs }, data: { status: "FAILED" } });
    await expect(retryChatPost(db(), fac, bash.id, theirs)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(retryChatPost(db(), fac, bash.id, "")).rejects.toMatchObject({ code: "INVALID" });
    expect((await post(theirs)).status).toBe("FAILED");
  });

  it("user text reaches the channel escaped: no channel pings, no forged links", async () => {
    const hook = await startHook();
    const fac = await makeUser(db());
    const bash = await createBash(db(), fac, { title: "<!channel> R&D" });
    await setChatWebhook(db(), fac, bash.id, { webhookUrl: hook.url });
    const text = criticalReportText({
      bashTitle: bash.title,
      number: 3,
      title: "Pay <https://evil.example|here> fails",
      reporterName: "Eve <!here>",
      featureName: "Checkout",
      url: `https://bashboard.example.com/bashes/${bash.id}/reports/3`,
    });
    await queue(bash.id, text, "report.critical");
    await deliverChatPosts(db());
    const sent = (hook.received[0].json as { text: string }).text;
    expect(sent).toBe(
      `Critical report #3 in &lt;!channel&gt; R&amp;D: <https://bashboard.example.com/bashes/${bash.id}/reports/3|Pay &lt;https://evil.example|here&gt; fails> (Checkout), filed by Eve &lt;!here&gt;.`,
    );
    expect(sent).not.toMatch(/<!/);
  });

  it("lists at most the last 20 posts, newest first", async () => {
    const { fac, bash } = await setup("https://hooks.slack.com/services/T/B/C");
    const base = Date.now() - 100_000;
    await db().chatPost.createMany({
      data: Array.from({ length: 25 }, (_, i) => ({ bashId: bash.id, kind: "bash.started", text: `post ${i}`, createdAt: new Date(base + i * 1000), status: "SENT" as const })),
    });
    const posts = await listChatPosts(db(), fac, bash.id);
    expect(posts).toHaveLength(20);
    expect(posts[0].preview).toBe("post 24");
    expect(posts[19].preview).toBe("post 5");
  });
});
