// One LISTEN connection per process. logActivity() does pg_notify('bashboard_events', {b, i, t})
// inside the write's transaction; every app instance's listener receives it after commit and fans
// it out to the SSE streams of that bash (lib/realtime/sse.ts), which refetch the row by id.
// When the connection drops it reconnects with backoff and then tells every subscriber to resync
// (re-read the Activity table from the last id it sent), so nothing committed meanwhile is lost.
import { Client } from "pg";
import { EVENTS_CHANNEL } from "@/lib/activity/log";
import { waitForActivityWriters } from "@/lib/realtime/settle";

/** A committed activity, as announced by NOTIFY (ids only). */
export type ActivityNotice = { resync?: false; bashId: string; id: string; type: string };
/** What subscribers receive: an activity, or "the connection was (re)established: re-read from your last id". */
export type ListenerEvent = ActivityNotice | { resync: true };

export type Listener = {
  /** Start listening (lazily, on first use) and call fn for every event of this bash. Returns unsubscribe. */
  subscribe(bashId: string, fn: (e: ListenerEvent) => void): () => void;
  /** Subscribers of one bash, or of all bashes. */
  subscriberCount(bashId?: string): number;
  /** Resolves true once LISTEN is active (starting the connection if needed); false after timeoutMs. */
  ready(timeoutMs?: number): Promise<boolean>;
  /** Every activity id up to this one is final (committed or rolled back): see settle.ts. */
  settledThrough(): bigint;
  /** Whether LISTEN is active right now. */
  isListening(): boolean;
  /** The backend pid of the LISTEN connection (null while disconnected); for tests and diagnostics. */
  backendPid(): number | null;
  /** Stop for good: drop subscribers, timers and the connection. */
  close(): Promise<void>;
};

export type ListenerOptions = {
  /** Delays between reconnect attempts; the last one repeats. */
  backoffMs?: readonly number[];
  /** How long to wait for in-flight activity writers before passing an event on (see settle.ts). */
  settleMaxMs?: number;
  /** How often to check that the connection is alive (a half-open TCP connection sends nothing). */
  pingMs?: number;
  /**
   * While notices keep coming, wait at least this long between two waits for writers (default 25 ms),
   * so a busy bash (100 reports a second) costs a few dozen pg_locks queries a second, not one per
   * notice. A notice after a quiet spell is not held back.
   */
  batchGapMs?: number;
};

const DEFAULT_BACKOFF_MS = [1_000, 2_000, 5_000, 10_000, 30_000] as const;
const ID_RE = /^\d{1,18}$/;

function unref(t: ReturnType<typeof setTimeout>) {
  (t as { unref?: () => void }).unref?.();
}

export function createListener(databaseUrl: string, options: ListenerOptions = {}): Listener {
  const backoff = options.backoffMs?.length ? options.backoffMs : DEFAULT_BACKOFF_MS;
  const settleMaxMs = options.settleMaxMs ?? 3_000;
  const pingMs = options.pingMs ?? 30_000;
  const batchGapMs = options.batchGapMs ?? 25;

  const subs = new Map<string, Set<(e: ListenerEvent) => void>>();
  let client: Client | null = null;
  let listening = false;
  let started = false;
  let closed = false;
  let attempt = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let pingTimer: ReturnType<typeof setInterval> | null = null;
  let readyWaiters: Array<(ok: boolean) => void> = [];
  let queue: ActivityNotice[] = [];
  let draining = false;
  let watermark = BigInt(0);
  let lastSettle = -Infinity;

  function emit(bashId: string | null, e: ListenerEvent) {
    const targets = bashId === null ? [...subs.values()].flatMap((s) => [...s]) : [...(subs.get(bashId) ?? [])];
    for (const fn of targets) {
      try {
        fn(e);
      } catch (err) {
        console.error("[realtime] subscriber failed", err);
      }
    }
  }

  function lost(c: Client, err?: unknown) {
    if (c !== client) return;
    client = null;
    listening = false;
    c.removeAllListeners();
    c.on("error", () => {}); // a dying client may still emit; never crash the process over it
    c.end().catch(() => {});
    if (closed) return;
    const delay = backoff[Math.min(attempt, backoff.length - 1)];
    attempt += 1;
    console.warn(`[realtime] LISTEN connection lost${err instanceof Error ? ` (${err.message})` : ""}; reconnecting in ${delay} ms`);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      void connect();
    }, delay);
    unref(reconnectTimer);
  }

  async function connect() {
    if (closed) return;
    const c = new Client({ connectionString: databaseUrl, keepAlive: true, keepAliveInitialDelayMillis: 10_000, application_name: "bashboard-listener" });
    client = c;
    c.on("error", (err) => lost(c, err));
    c.on("end", () => lost(c));
    c.on("notification", (msg) => {
      if (c === client && msg.channel === EVENTS_CHANNEL && msg.payload) onNotify(msg.payload);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (err) {
      lost(c, err);
      return;
    }
    if (closed || c !== client) {
      c.end().catch(() => {});
      return;
    }
    listening = true;
    attempt = 0;
    const waiters = readyWaiters;
    readyWaiters = [];
    for (const w of waiters) w(true);
    // Anything may have been committed while we were not listening (or before the first LISTEN).
    emit(null, { resync: true });
  }

  function onNotify(payload: string) {
    let p: unknown;
    try {
      p = JSON.parse(payload);
    } catch {
      return;
    }
    const { b, i, t } = (p ?? {}) as { b?: unknown; i?: unknown; t?: unknown };
    if (typeof b !== "string" || typeof i !== "string" || !ID_RE.test(i) || typeof t !== "string") return;
    if (!subs.has(b)) {
      return; // nobody here watches that bash
    }
    queue.push({ bashId: b, id: i, type: t });
    void drain();
  }

  /** Pass notices on in batches, each after the in-flight writers of lower ids have finished. */
  async function drain() {
    if (draining) return;
    draining = true;
    try {
      while (queue.length && !closed) {
        const gap = lastSettle + batchGapMs - performance.now();
        if (gap > 0) await new Promise((r) => setTimeout(r, gap)); // gather the next notices into this batch
        if (closed) return;
        lastSettle = performance.now();
        const batch = queue;
        queue = [];
        const c = client;
        let settled = false;
        if (c) {
          try {
            settled = await waitForActivityWriters(async (sql) => (await c.query(sql)).rows, settleMaxMs);
          } catch {
            // The connection is failing; its resync will make every stream re-read anyway.
          }
        }
        // Only a completed wait makes the ids final; otherwise streams check for themselves.
        if (settled) for (const n of batch) if (BigInt(n.id) > watermark) watermark = BigInt(n.id);
        for (const n of batch) emit(n.bashId, n);
      }
    } finally {
      draining = false;
    }
  }

  function start() {
    if (started || closed) return;
    started = true;
    void connect();
    pingTimer = setInterval(() => {
      const c = client;
      if (!c || !listening) return;
      const timeout = setTimeout(() => lost(c, new Error("ping timed out")), 10_000);
      unref(timeout);
      c.query("select 1")
        .catch((err: unknown) => lost(c, err))
        .finally(() => clearTimeout(timeout));
    }, pingMs);
    unref(pingTimer);
  }

  return {
    subscribe(bashId, fn) {
      if (closed) throw new Error("This listener is closed.");
      start();
      let set = subs.get(bashId);
      if (!set) subs.set(bashId, (set = new Set()));
      // Wrap, so the same function subscribed twice is two subscriptions.
      const entry = (e: ListenerEvent) => fn(e);
      set.add(entry);
      let done = false;
      return () => {
        if (done) return;
        done = true;
        const s = subs.get(bashId);
        s?.delete(entry);
        if (s && s.size === 0) subs.delete(bashId);
      };
    },
    subscriberCount(bashId) {
      if (bashId !== undefined) return subs.get(bashId)?.size ?? 0;
      let n = 0;
      for (const s of subs.values()) n += s.size;
      return n;
    },
    ready(timeoutMs = 5_000) {
      if (closed) return Promise.resolve(false);
      start();
      if (listening) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const waiter = (ok: boolean) => {
          clearTimeout(timer);
          resolve(ok);
        };
        const timer = setTimeout(() => {
          readyWaiters = readyWaiters.filter((w) => w !== waiter);
          resolve(false);
        }, timeoutMs);
        unref(timer);
        readyWaiters.push(waiter);
      });
    },
    settledThrough: () => watermark,
    isListening: () => listening,
    backendPid: () => (listening && client ? ((client as unknown as { processID?: number }).processID ?? null) : null),
    async close() {
      if (closed) return;
      closed = true;
      subs.clear();
      queue = [];
      if (reconnectTimer) clearTimeout(reconnectTimer);
      if (pingTimer) clearInterval(pingTimer);
      const waiters = readyWaiters;
      readyWaiters = [];
      for (const w of waiters) w(false);
      const c = client;
      client = null;
      listening = false;
      if (c) {
        c.removeAllListeners();
        c.on("error", () => {});
        await c.end().catch(() => {});
      }
    },
  };
}

const globalForListener = globalThis as unknown as { __bashboardListener?: Listener };

/** The process-wide listener on DATABASE_URL (kept on globalThis so module reloads do not add connections). */
export function getListener(): Listener {
  if (!globalForListener.__bashboardListener) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start Bashboard with `npm start`, which provides it.");
    globalForListener.__bashboardListener = createListener(url);
  }
  return globalForListener.__bashboardListener;
}
