// One read per event per bash per process, however many streams watch it.
//
// Without this, every open stream re-read the Activity table on every NOTIFY: 300 participants and
// 100 reports a second made 30 000 identical queries a second. A feed reads the new rows of its
// bash once (with the same "wait for in-flight writers" rule as settle.ts), keeps the most recent
// ones in memory, and wakes its streams, which send from that window without touching the
// database. A stream that is behind the window (it connected with an old Last-Event-ID, or fell
// behind) reads the gap itself, as before, and then joins the window.
import type { Db } from "@/lib/db";
import type { Listener, ListenerEvent } from "@/lib/realtime/listener";
import { serialRunner } from "@/lib/realtime/serial";
import { waitForActivityWriters } from "@/lib/realtime/settle";

export const ACTIVITY_ROW_SELECT = { id: true, type: true, entityType: true, entityId: true, actorId: true, createdAt: true } as const;
export type ActivityRow = { id: bigint; type: string; entityType: string; entityId: string; actorId: string | null; createdAt: Date };

/** Rows kept in memory per bash; a stream further behind than this reads the gap itself. */
const WINDOW = 2_000;
const BATCH = 500;
/** After a failed read, try again this soon (events may have arrived that nobody re-announces). */
const RETRY_MS = 1_000;

export type BashFeed = {
  /** Every committed activity with an id in (base, through] is in `rows`; null until the first read. */
  base(): bigint | null;
  through(): bigint | null;
  /** The window's rows with id > after, ascending. */
  rowsAfter(after: bigint): ActivityRow[];
  /**
   * The window's rows after `after` as one chunk of `encode`d frames, and the last id in it (null when
   * there are none). Streams in step (woken together, the same last id sent) get the very same bytes:
   * made once per busy moment, not once per stream.
   */
  chunkAfter(after: bigint, encode: (r: ActivityRow) => Uint8Array): { bytes: Uint8Array; last: bigint } | null;
  /** Chunks `chunkAfter` has made (not handed out again), for tests and diagnostics. */
  chunksMade(): number;
  /** Number of database reads the feed has made (for tests and diagnostics). */
  reads(): number;
  /** Streams on this feed. */
  streams(): number;
};

type Wake = () => void;

type FeedState = BashFeed & { wakers: Set<Wake>; close(): void };

const feeds = new WeakMap<Listener, Map<string, FeedState>>();

export function readActivities(db: Db, bashId: string, after: bigint, upTo: bigint | null, take?: number): Promise<ActivityRow[]> {
  return db.activity.findMany({
    where: { bashId, id: upTo === null ? { gt: after } : { gt: after, lte: upTo } },
    orderBy: { id: "asc" },
    take,
    select: ACTIVITY_ROW_SELECT,
  });
}

export async function maxActivityId(db: Db, bashId: string): Promise<bigint> {
  return (await db.activity.aggregate({ where: { bashId }, _max: { id: true } }))._max.id ?? BigInt(0);
}

function createFeed(db: Db, listener: Listener, bashId: string, onEmpty: () => void): FeedState {
  let rows: ActivityRow[] = [];
  let base: bigint | null = null;
  let through: bigint | null = null;
  let reads = 0;
  let closed = false;
  let retry: ReturnType<typeof setTimeout> | null = null;
  /** The highest activity id the listener has announced for this bash. */
  let announced: bigint | null = null;
  /** Notices may have been missed (a resync, a failed read): the next pass reads everything after `through`. */
  let unsure = false;
  const wakers = new Set<Wake>();
  let made = 0;
  /** The last chunk made: valid while `after` and the window's newest row are the same. */
  let chunk: { after: bigint; top: ActivityRow; bytes: Uint8Array } | null = null;

  function rowsAfter(after: bigint): ActivityRow[] {
    // rows are ascending: find the first id > after
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid].id > after) hi = mid;
      else lo = mid + 1;
    }
    return rows.slice(lo);
  }

  async function pump() {
    if (through === null) {
      if (!(await listener.ready())) return; // LISTEN first, or an event in between is missed; resync re-runs this
      reads += 1;
      const start = await maxActivityId(db, bashId);
      // Make every id up to the start final, so a stream reading the gap below it misses nothing.
      await waitForActivityWriters((sql) => db.$queryRawUnsafe<Record<string, unknown>[]>(sql), 3_000);
      if (closed) return;
      base = through = start;
    }
    for (;;) {
      if (closed) return;
      // Usually the listener has already waited for the writers of every id it announced
      // (settledThrough): everything up to its watermark is final, so one read, no wait of our own.
      // After a resync (notices may have been lost) or a wait that gave up, read past it and wait here.
      const settled = listener.settledThrough();
      const final = !unsure && announced !== null && announced <= settled && settled > through;
      unsure = false;
      reads += 1;
      let batch = await readActivities(db, bashId, through, final ? settled : null, BATCH);
      let top: bigint;
      if (final) {
        top = batch.length === BATCH ? batch[batch.length - 1].id : settled;
      } else {
        if (batch.length === 0) return;
        top = batch[batch.length - 1].id;
        if (top > listener.settledThrough()) {
          // A transaction may still hold a lower id; wait for it, then re-read up to `top`.
          await waitForActivityWriters((sql) => db.$queryRawUnsafe<Record<string, unknown>[]>(sql), 3_000);
          if (closed) return;
          reads += 1;
          batch = await readActivities(db, bashId, through, top);
        }
      }
      if (batch.length) rows.push(...batch);
      through = top;
      if (rows.length > WINDOW) {
        const drop = rows.length - WINDOW;
        base = rows[drop - 1].id;
        rows = rows.slice(drop);
      }
      if (batch.length) for (const w of [...wakers]) w();
      if (batch.length < BATCH) {
        // Announced ids beyond what this pass covered (their wait ended while we read): go again.
        if (final && announced !== null && announced > through) continue;
        return;
      }
    }
  }

  const run: () => Promise<void> = serialRunner(pump, {
    isClosed: () => closed,
    onError(err) {
      console.error("[realtime] reading new activity failed; retrying", err);
      unsure = true;
      if (!retry && !closed) {
        retry = setTimeout(() => {
          retry = null;
          void run();
        }, RETRY_MS);
        (retry as { unref?: () => void }).unref?.();
      }
    },
    // Streams that joined while the first read was running learn the window now.
    after: () => {
      for (const w of [...wakers]) w();
    },
  });

  const unsubscribe = listener.subscribe(bashId, (e: ListenerEvent) => {
    if (e.resync) unsure = true;
    else {
      const id = BigInt(e.id);
      if (announced === null || id > announced) announced = id;
      if (through !== null && id <= through) return; // already read
    }
    void run();
  });
  void run();

  return {
    wakers,
    base: () => base,
    through: () => through,
    reads: () => reads,
    streams: () => wakers.size,
    rowsAfter,
    chunksMade: () => made,
    chunkAfter(after, encode) {
      const top = rows[rows.length - 1];
      if (!top || top.id <= after) return null;
      if (chunk && chunk.after === after && chunk.top === top) return { bytes: chunk.bytes, last: top.id };
      const fresh = rowsAfter(after);
      const bytes = fresh.length === 1 ? encode(fresh[0]) : Buffer.concat(fresh.map(encode));
      made += 1;
      chunk = { after, top, bytes };
      return { bytes, last: top.id };
    },
    close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      if (retry) clearTimeout(retry);
      rows = [];
      chunk = null;
      onEmpty();
    },
  };
}

/**
 * Join the feed of a bash on this listener (made on first use, dropped with its last stream).
 * `wake` is called after new rows arrive. Returns the feed and a leave function.
 */
export function joinFeed(db: Db, listener: Listener, bashId: string, wake: Wake): { feed: BashFeed; leave: () => void } {
  let byBash = feeds.get(listener);
  if (!byBash) feeds.set(listener, (byBash = new Map()));
  let feed = byBash.get(bashId);
  if (!feed) {
    const map = byBash;
    const made: FeedState = createFeed(db, listener, bashId, () => {
      if (map.get(bashId) === made) map.delete(bashId);
    });
    feed = made;
    map.set(bashId, made);
  }
  const joined = feed;
  const entry: Wake = () => wake();
  joined.wakers.add(entry);
  let left = false;
  return {
    feed: joined,
    leave() {
      if (left) return;
      left = true;
      joined.wakers.delete(entry);
      if (joined.wakers.size === 0) joined.close();
    },
  };
}

/** The feed of a bash on a listener, if one is open (for tests and diagnostics). */
export function currentFeed(listener: Listener, bashId: string): BashFeed | undefined {
  return feeds.get(listener)?.get(bashId);
}
