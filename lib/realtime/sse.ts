// One bash's activity as Server-Sent Events. SSE ids are activity ids, so a reconnecting
// EventSource sends Last-Event-ID and catches up from the Activity table; live events come from the
// process's LISTEN connection and are refetched from the table by id, so every app instance sends
// the same content. Only ids and public columns go out, never the `data` JSON (it can hold things
// not every member may see); clients refetch what they show.
import { findActorInBash, type SessionRef } from "@/lib/users/session";
import { getBashContext, visibleBashContext } from "@/lib/bashes/queries";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { assertCan, type Actor, type BashContext } from "@/lib/policy";
import { joinFeed, maxActivityId, readActivities, type ActivityRow, type BashFeed } from "@/lib/realtime/feed";
import { getListener, type Listener } from "@/lib/realtime/listener";
import { serialRunner } from "@/lib/realtime/serial";
import { waitForActivityWriters } from "@/lib/realtime/settle";

/** The most activities a reconnecting client is sent; beyond that it gets `reset` and reloads. */
export const CATCH_UP_LIMIT = 1000;
const LIVE_BATCH = 500;
/** A client this many chunks behind is dropped; it reconnects and catches up from its last id. */
const MAX_QUEUED_CHUNKS = 2000;
const RETRY_MS = 3000;

export type ActivityEventData = {
  id: string;
  type: string;
  entityType: string;
  entityId: string;
  actorId: string | null;
  at: string;
};

export type EventStreamOptions = {
  /** The client's Last-Event-ID (an activity id); without it the stream starts from now. */
  lastEventId?: string | null;
  /** Aborting ends the stream (pass the request's signal). */
  signal?: AbortSignal;
  /** Defaults to the process-wide listener on DATABASE_URL. */
  listener?: Listener;
  /** Comment line every so often so proxies keep the stream open; also re-checks access. Default 15 s. */
  heartbeatMs?: number;
  /**
   * The session that opened the stream. The heartbeat re-checks it in one query: the user still
   * active, no password change since this sign-in, still allowed to read the bash. Without it (tests)
   * the password change is not checked.
   */
  session?: SessionRef;
  /** The reader's context in the bash, if the caller has just read it (one query less). */
  ctx?: BashContext;
  /** How long to wait for in-flight activity writers before sending past them (see settle.ts). */
  settleMaxMs?: number;
  /**
   * After the bash's feed announces new activity, wait this long before sending, so the events of a
   * busy moment leave in one write per stream instead of one each. Default 50 ms.
   */
  coalesceMs?: number;
  /**
   * A busy bash sends at most one live write per stream this often (default 250 ms): at 100 reports
   * a second, 300 open streams make 1 200 writes a second instead of 6 000. A quiet bash is not held
   * back: an event after a pause leaves after `coalesceMs`.
   */
  minIntervalMs?: number;
};

/** An activity id as a client may send it (digits only, within bigint range), or null. */
export function parseEventId(v: string | null | undefined): bigint | null {
  if (typeof v !== "string") return null;
  const s = v.trim();
  return /^\d{1,18}$/.test(s) ? BigInt(s) : null;
}

type Row = ActivityRow;

const frameEncoder = new TextEncoder();
/** The encoded frame of a row the bash's feed shares between its streams: made once, not per stream. */
const sharedFrames = new WeakMap<Row, Uint8Array>();
function frameBytes(r: Row): Uint8Array {
  let b = sharedFrames.get(r);
  if (!b) sharedFrames.set(r, (b = frameEncoder.encode(activityFrame(r))));
  return b;
}

export function activityFrame(r: Row): string {
  const data: ActivityEventData = {
    id: r.id.toString(),
    type: r.type,
    entityType: r.entityType,
    entityId: r.entityId,
    actorId: r.actorId,
    at: r.createdAt.toISOString(),
  };
  return `id: ${r.id}\nevent: activity\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Authorise (outsiders get NOT_FOUND before any byte), then stream the bash's activity:
 * `retry:`, the catch-up after lastEventId (or `reset` when more than CATCH_UP_LIMIT were missed),
 * then live events in strictly increasing id order, each once; `: ping` comments keep it open.
 */
export async function openEventStream(db: Db, actor: Actor, bashId: string, opts: EventStreamOptions = {}): Promise<ReadableStream<Uint8Array>> {
  assertCan(actor, "bash.read", opts.ctx ?? (await getBashContext(db, actor, bashId)));

  const session: SessionRef = opts.session ?? { id: actor.id, authAt: Number.POSITIVE_INFINITY };
  const listener = opts.listener ?? getListener();
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  const settleMaxMs = opts.settleMaxMs ?? 3_000;
  const coalesceMs = opts.coalesceMs ?? 50;
  const minIntervalMs = opts.minIntervalMs ?? 250;
  const given = parseEventId(opts.lastEventId);
  const signal = opts.signal;
  const encoder = new TextEncoder();

  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let started = false; // the catch-up has run and lastSent is known
  let lastSent = BigInt(0);
  let checking = false;
  let unsubscribe: (() => void) | null = null;
  let heartbeat: ReturnType<typeof setInterval> | null = null;
  let coalesce: ReturnType<typeof setTimeout> | null = null;
  let lastLiveWrite = -Infinity;

  function cleanup() {
    closed = true;
    unsubscribe?.();
    unsubscribe = null;
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = null;
    if (coalesce) clearTimeout(coalesce);
    coalesce = null;
    signal?.removeEventListener("abort", close);
  }

  function close() {
    if (closed) return;
    cleanup();
    try {
      controller.close();
    } catch {
      // already closed or cancelled
    }
  }

  function write(s: string | Uint8Array) {
    if (closed) return;
    try {
      controller.enqueue(typeof s === "string" ? encoder.encode(s) : s);
    } catch {
      cleanup();
      return;
    }
    if (controller.desiredSize !== null && controller.desiredSize < -MAX_QUEUED_CHUNKS) close();
  }

  const read = (after: bigint, upTo: bigint | null, take?: number): Promise<Row[]> => readActivities(db, bashId, after, upTo, take);
  const maxId = () => maxActivityId(db, bashId);
  let feed: BashFeed | null = null;

  /** Send everything after lastSent, in id order, each id once. */
  async function pump() {
    let pending: Row[] | null = null;
    if (!started) {
      // LISTEN must be active before the catch-up read, or an event committed in between is lost.
      // If it is not (database trouble), carry on: the listener's resync on connect re-runs this.
      await listener.ready();
      if (closed) return;
      started = true;
      if (given === null) {
        lastSent = await maxId();
        write(`id: ${lastSent}\n\n`); // no data: sets the client's Last-Event-ID, dispatches nothing
        return;
      }
      lastSent = given;
      pending = await read(lastSent, null, CATCH_UP_LIMIT + 1);
      if (pending.length > CATCH_UP_LIMIT) {
        lastSent = await maxId();
        write(`id: ${lastSent}\nevent: reset\ndata: ${JSON.stringify({ reason: "too-far-behind" })}\n\n`);
        return;
      }
    }
    for (;;) {
      if (closed) return;
      // Within the bash's shared window: send from memory, no query.
      const base = feed?.base() ?? null;
      if (pending === null && feed && base !== null && lastSent >= base) {
        const chunk = feed.chunkAfter(lastSent, frameBytes);
        if (chunk === null || closed) return;
        // One write for all of them; streams in step share the feed's bytes.
        write(chunk.bytes);
        lastSent = chunk.last;
        lastLiveWrite = performance.now();
        return;
      }
      // Behind the window (or before it exists): read the gap ourselves.
      let rows = pending ?? (await read(lastSent, base, LIVE_BATCH));
      const more = pending !== null || rows.length === LIVE_BATCH;
      pending = null;
      if (rows.length === 0) {
        if (base !== null && lastSent < base) lastSent = base; // nothing of this bash in the gap
        if (base === null) return;
        continue;
      }
      const top = rows[rows.length - 1].id;
      if (top > listener.settledThrough()) {
        // A transaction may still hold a lower id; wait for it, then re-read up to `top`.
        await waitForActivityWriters((sql) => db.$queryRawUnsafe<Record<string, unknown>[]>(sql), settleMaxMs);
        if (closed) return;
        rows = await read(lastSent, top);
      }
      for (const r of rows) {
        if (closed) return;
        if (r.id <= lastSent) continue;
        write(activityFrame(r));
        lastSent = r.id;
      }
      if (!more && base === null) return;
    }
  }

  const run = serialRunner(pump, {
    isClosed: () => closed,
    onError(err) {
      // The client reconnects after `retry` and catches up from its Last-Event-ID.
      console.error("[realtime] event stream failed", err);
      close();
    },
  });

  /** Heartbeat, and make sure the reader may still see this bash (removed, deactivated or signed-out-by-password-change readers stop hearing). */
  async function tick() {
    if (closed) return;
    write(": ping\n\n");
    if (checking) return;
    checking = true;
    try {
      // One query: the user (deactivated? password changed since this sign-in?) and their place in the bash.
      const found = await findActorInBash(db, session, bashId);
      if (!found) throw new AppError("NOT_FOUND", "gone");
      assertCan(found.actor, "bash.read", visibleBashContext(found.actor, found.bash));
    } catch {
      close();
    } finally {
      checking = false;
    }
  }

  return new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      if (signal?.aborted) {
        close();
        return;
      }
      signal?.addEventListener("abort", close, { once: true });
      // New activity in the bash: send it after a short pause, together with whatever else arrives.
      const wake = () => {
        if (coalesce) return;
        const wait = Math.max(coalesceMs, lastLiveWrite + minIntervalMs - performance.now());
        if (wait <= 0) return void run();
        coalesce = setTimeout(() => {
          coalesce = null;
          void run();
        }, wait);
      };
      const joined = joinFeed(db, listener, bashId, wake);
      feed = joined.feed;
      unsubscribe = joined.leave;
      heartbeat = setInterval(() => void tick(), heartbeatMs);
      write(`retry: ${RETRY_MS}\n\n`);
      void run();
    },
    cancel() {
      cleanup();
    },
  });
}
