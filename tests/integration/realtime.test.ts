// Live updates: pg_notify inside the write's transaction → one LISTEN client per process → SSE.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { logActivity } from "@/lib/activity/log";
import { createBash } from "@/lib/bashes/commands";
import { createPrisma } from "@/lib/db";
import { createFeature, updateFeature } from "@/lib/features/commands";
import { createListener, type Listener, type ListenerEvent, type ListenerOptions } from "@/lib/realtime/listener";
import { currentFeed } from "@/lib/realtime/feed";
import { openEventStream, type EventStreamOptions } from "@/lib/realtime/sse";
import type { Actor } from "@/lib/policy";
import { makeUser } from "../factories/users";
import { db, resetDb, testDbUrl } from "./db";

beforeEach(resetDb);

const listeners: Listener[] = [];
const readers: ReadableStreamDefaultReader<Uint8Array>[] = [];
const controllers: AbortController[] = [];

afterEach(async () => {
  for (const c of controllers.splice(0)) c.abort();
  await Promise.all(readers.splice(0).map((r) => r.cancel().catch(() => {})));
  await Promise.all(listeners.splice(0).map((l) => l.close()));
});

function listener(opts?: ListenerOptions): Listener {
  const l = createListener(testDbUrl(), opts);
  listeners.push(l);
  return l;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function waitUntil(what: string, cond: () => boolean, ms = 3000) {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await sleep(5);
  }
}

type Frame = { id?: string; event?: string; data?: string; retry?: string; comment?: string };

function parseFrame(block: string): Frame {
  const f: Frame = {};
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) {
      f.comment = line.slice(1).trim();
      continue;
    }
    const i = line.indexOf(":");
    const field = i < 0 ? line : line.slice(0, i);
    const value = i < 0 ? "" : line.slice(i + 1).replace(/^ /, "");
    if (field === "id" || field === "event" || field === "retry") f[field] = value;
    else if (field === "data") f.data = f.data === undefined ? value : `${f.data}\n${value}`;
  }
  return f;
}

/** Reads an SSE stream in the background into frames. */
function sse(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  readers.push(reader);
  const frames: Frame[] = [];
  const chunks: Uint8Array[] = [];
  let ended = false;
  void (async () => {
    const dec = new TextDecoder();
    let buf = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        chunks.push(value);
        buf += dec.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf("\n\n")) >= 0) {
          frames.push(parseFrame(buf.slice(0, i)));
          buf = buf.slice(i + 2);
        }
      }
    } catch {
      // cancelled
    }
    ended = true;
  })();
  const activities = () => frames.filter((f) => f.event === "activity");
  return {
    frames,
    chunks,
    reader,
    ended: () => ended,
    activities,
    ids: () => activities().map((f) => f.id as string),
    types: () => activities().map((f) => (JSON.parse(f.data ?? "{}") as { type: string }).type),
    waitForActivities: (n: number, ms = 3000) => waitUntil(`${n} activity events (have ${activities().length})`, () => activities().length >= n, ms),
  };
}

async function open(actor: Actor, bashId: string, opts: EventStreamOptions) {
  const ac = new AbortController();
  controllers.push(ac);
  return openEventStream(db(), actor, bashId, { signal: ac.signal, ...opts });
}

async function setup() {
  const fac = await makeUser(db(), { name: "Fay Facilitator" });
  const bash = await createBash(db(), fac, { title: "Live bash" });
  return { fac, bash };
}

const activityIds = async (bashId: string, type?: string) =>
  (await db().activity.findMany({ where: { bashId, ...(type ? { type } : {}) }, orderBy: { id: "asc" }, select: { id: true } })).map((a) => a.id.toString());

function expectStrictlyIncreasing(ids: string[]) {
  for (let i = 1; i < ids.length; i++) expect(BigInt(ids[i]) > BigInt(ids[i - 1]), `ids ${ids.join(",")}`).toBe(true);
}

describe("logActivity + listener", () => {
  it("two listeners (two app instances) both receive a committed event; a rolled-back write sends nothing", async () => {
    const { fac, bash } = await setup();
    const a = listener();
    const b = listener();
    const gotA: ListenerEvent[] = [];
    const gotB: ListenerEvent[] = [];
    a.subscribe(bash.id, (e) => gotA.push(e));
    b.subscribe(bash.id, (e) => gotB.push(e));
    expect(await a.ready()).toBe(true);
    expect(await b.ready()).toBe(true);
    expect(a.backendPid()).not.toBeNull();
    expect(a.backendPid()).not.toBe(b.backendPid());

    const feature = await createFeature(db(), fac, bash.id, { menuName: "Checkout" });
    const [created] = await activityIds(bash.id, "feature.created");
    const has = (got: ListenerEvent[], type: string) => got.some((e) => !e.resync && e.type === type);
    await waitUntil("both listeners", () => has(gotA, "feature.created") && has(gotB, "feature.created"));
    for (const got of [gotA, gotB]) {
      expect(got.filter((e) => !e.resync)).toEqual([{ bashId: bash.id, id: created, type: "feature.created" }]);
    }

    await expect(
      db().$transaction(async (tx) => {
        await logActivity(tx, { bashId: bash.id, actorId: fac.id, type: "test.rolled_back", entityType: "feature", entityId: feature.id });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await updateFeature(db(), fac, bash.id, feature.id, { menuName: "Checkout 2" }); // a marker after it
    await waitUntil("the marker", () => has(gotA, "feature.updated") && has(gotB, "feature.updated"));
    expect(has(gotA, "test.rolled_back") || has(gotB, "test.rolled_back")).toBe(false);
    expect(await db().activity.count({ where: { type: "test.rolled_back" } })).toBe(0);
  });

  it("only subscribers of that bash hear it, and unsubscribing stops delivery", async () => {
    const { fac, bash } = await setup();
    const other = await createBash(db(), fac, { title: "Other bash" });
    const l = listener();
    const got: ListenerEvent[] = [];
    const off = l.subscribe(other.id, (e) => got.push(e));
    const gotMine: ListenerEvent[] = [];
    l.subscribe(bash.id, (e) => gotMine.push(e));
    await l.ready();
    await createFeature(db(), fac, bash.id, { menuName: "A" });
    await waitUntil("my event", () => gotMine.some((e) => !e.resync));
    expect(got.filter((e) => !e.resync)).toEqual([]);
    off();
    expect(l.subscriberCount(other.id)).toBe(0);
    expect(l.subscriberCount()).toBe(1);
  });
});

describe("openEventStream", () => {
  it("an outsider gets NOT_FOUND before any byte; a member gets live events within 1 s, ids increasing", async () => {
    const { fac, bash } = await setup();
    const outsider = await makeUser(db());
    const l = listener();
    await expect(openEventStream(db(), outsider, bash.id, { listener: l })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(openEventStream(db(), fac, "no-such-bash", { listener: l })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(l.subscriberCount()).toBe(0);

    const s = sse(await open(fac, bash.id, { listener: l }));
    // retry first, then an id-only frame (the starting point; no catch-up without Last-Event-ID).
    await waitUntil("the starting frame", () => s.frames.length >= 2);
    expect(s.frames[0]).toEqual({ retry: "3000" });
    const [bashCreated] = await activityIds(bash.id, "bash.created");
    expect(s.frames[1]).toEqual({ id: bashCreated });

    for (const name of ["One", "Two", "Three"]) {
      const committedAt = Date.now();
      await createFeature(db(), fac, bash.id, { menuName: name });
      const n = s.activities().length + 1;
      await s.waitForActivities(n, 1000);
      expect(Date.now() - committedAt).toBeLessThan(1000);
    }
    const expected = await activityIds(bash.id, "feature.created");
    expect(s.ids()).toEqual(expected);
    expectStrictlyIncreasing(s.ids());

    const [first] = s.activities();
    const data = JSON.parse(first.data ?? "{}") as Record<string, unknown>;
    expect(Object.keys(data).sort()).toEqual(["actorId", "at", "entityId", "entityType", "id", "type"]);
    expect(data).toMatchObject({ id: expected[0], type: "feature.created", entityType: "feature", actorId: fac.id });
    expect(first.data).not.toContain("One"); // the menu name lives in `data`, which is never sent
  });

  it("catches up from Last-Event-ID, then goes live, with no duplicates when a write lands during the catch-up", async () => {
    const { fac, bash } = await setup();
    for (const name of ["One", "Two", "Three"]) await createFeature(db(), fac, bash.id, { menuName: name });
    const [a1, a2, a3] = await activityIds(bash.id, "feature.created");
    const l = listener();

    const stream = await open(fac, bash.id, { listener: l, lastEventId: a1 });
    const concurrent = createFeature(db(), fac, bash.id, { menuName: "During catch-up" }); // not awaited
    const s = sse(stream);
    await s.waitForActivities(2);
    expect(s.ids().slice(0, 2)).toEqual([a2, a3]);
    await concurrent;
    await s.waitForActivities(3);
    await createFeature(db(), fac, bash.id, { menuName: "Later" });
    await s.waitForActivities(4);
    await sleep(300); // room for a duplicate to show up, if one were coming
    const all = await activityIds(bash.id, "feature.created");
    expect(s.ids()).toEqual(all.slice(1));
    expect(new Set(s.ids()).size).toBe(s.ids().length);
    expectStrictlyIncreasing(s.ids());
    // Sending the current id again (a reconnect that missed nothing) sends nothing old.
    const again = sse(await open(fac, bash.id, { listener: l, lastEventId: all[all.length - 1] }));
    await sleep(200);
    expect(again.activities()).toEqual([]);
  });

  it("a client too far behind gets `reset` (reload) instead of more than 1000 events, then live ones", async () => {
    const { fac, bash } = await setup();
    await db().activity.createMany({ data: Array.from({ length: 1001 }, (_, i) => ({ bashId: bash.id, actorId: fac.id, type: "test.bulk", entityId: String(i) })) });
    const l = listener();
    const s = sse(await open(fac, bash.id, { listener: l, lastEventId: "0" }));
    await waitUntil("reset", () => s.frames.some((f) => f.event === "reset"));
    const all = await activityIds(bash.id);
    expect(s.frames.find((f) => f.event === "reset")?.id).toBe(all[all.length - 1]);
    expect(s.activities()).toEqual([]);
    await createFeature(db(), fac, bash.id, { menuName: "After reset" });
    await s.waitForActivities(1);
    expect(s.types()).toEqual(["feature.created"]);
  });

  it("ignores a malformed Last-Event-ID and starts from now", async () => {
    const { fac, bash } = await setup();
    const s = sse(await open(fac, bash.id, { listener: listener(), lastEventId: "1; drop table" }));
    await waitUntil("start", () => s.frames.length >= 2);
    expect(s.activities()).toEqual([]);
  });

  it("an event committed by another instance reaches streams on every listener", async () => {
    const { fac, bash } = await setup();
    const viewer = await makeUser(db());
    await db().membership.create({ data: { bashId: bash.id, userId: viewer.id, role: "OBSERVER" } });
    const a = listener();
    const b = listener();
    const sa = sse(await open(fac, bash.id, { listener: a }));
    const sb = sse(await open(viewer, bash.id, { listener: b }));
    await waitUntil("both started", () => sa.frames.length >= 2 && sb.frames.length >= 2);

    const otherInstance = createPrisma(testDbUrl()); // its own pool, as a second app instance would have
    try {
      await createFeature(otherInstance, fac, bash.id, { menuName: "From elsewhere" });
    } finally {
      await otherInstance.$disconnect();
    }
    await sa.waitForActivities(1);
    await sb.waitForActivities(1);
    expect(sa.activities()).toEqual(sb.activities());
    expect(sa.types()).toEqual(["feature.created"]);
  });

  it("a transaction that drew a lower id but commits later is still sent, and in id order", async () => {
    const { fac, bash } = await setup();
    const feature = await createFeature(db(), fac, bash.id, { menuName: "F" });
    const l = listener();
    const s = sse(await open(fac, bash.id, { listener: l }));
    await waitUntil("start", () => s.frames.length >= 2);

    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let logged!: () => void;
    const loggedP = new Promise<void>((r) => (logged = r));
    const slow = db().$transaction(
      async (tx) => {
        await logActivity(tx, { bashId: bash.id, actorId: fac.id, type: "test.slow", entityType: "feature", entityId: feature.id });
        logged();
        await gate;
      },
      { timeout: 10_000 },
    );
    await loggedP; // holds the lower id, not yet committed
    await updateFeature(db(), fac, bash.id, feature.id, { menuName: "G" }); // higher id, committed first
    await sleep(300);
    expect(s.activities()).toEqual([]); // held back: sending it now would skip the lower id for good
    release();
    await slow;
    await s.waitForActivities(2);
    expect(s.types()).toEqual(["test.slow", "feature.updated"]);
    expectStrictlyIncreasing(s.ids());
  });

  it("after the LISTEN connection drops, it reconnects and the stream catches up on what was committed meanwhile", async () => {
    const { fac, bash } = await setup();
    const l = listener({ backoffMs: [400] });
    const s = sse(await open(fac, bash.id, { listener: l }));
    await waitUntil("start", () => s.frames.length >= 2);
    const pid = l.backendPid();
    expect(pid).not.toBeNull();

    await db().$executeRaw`select pg_terminate_backend(${pid}::int)`;
    await waitUntil("the listener to notice", () => !l.isListening());
    await createFeature(db(), fac, bash.id, { menuName: "While disconnected" });
    expect(l.isListening()).toBe(false);
    await s.waitForActivities(1, 5000);
    expect(l.isListening()).toBe(true);
    expect(l.backendPid()).not.toBe(pid);
    expect(s.types()).toEqual(["feature.created"]);
    await createFeature(db(), fac, bash.id, { menuName: "After" });
    await s.waitForActivities(2);
    expectStrictlyIncreasing(s.ids());
  });

  it("sends a heartbeat comment at the configured interval", async () => {
    const { fac, bash } = await setup();
    const s = sse(await open(fac, bash.id, { listener: listener(), heartbeatMs: 100 }));
    await waitUntil("two pings", () => s.frames.filter((f) => f.comment === "ping").length >= 2, 2000);
  });

  it("a member removed from the bash stops hearing at the next heartbeat", async () => {
    const { bash } = await setup();
    const p = await makeUser(db());
    const m = await db().membership.create({ data: { bashId: bash.id, userId: p.id, role: "PARTICIPANT" } });
    const l = listener();
    const s = sse(await open(p, bash.id, { listener: l, heartbeatMs: 100 }));
    await waitUntil("start", () => s.frames.length >= 2);
    await db().membership.delete({ where: { id: m.id } });
    await waitUntil("the stream to end", () => s.ended());
    expect(l.subscriberCount()).toBe(0);
  });

  it("a reader deactivated, or whose password changed after this sign-in, stops hearing at the next heartbeat", async () => {
    const { bash } = await setup();
    const l = listener();
    const join = async () => {
      const u = await makeUser(db());
      await db().membership.create({ data: { bashId: bash.id, userId: u.id, role: "PARTICIPANT" } });
      return u;
    };
    const gone = await join();
    const changed = await join();
    const stays = await join();
    const signedIn = Date.now();
    const open2 = (u: Actor) => open(u, bash.id, { listener: l, heartbeatMs: 100, session: { id: u.id, authAt: signedIn } });
    const [sGone, sChanged, sStays] = [sse(await open2(gone)), sse(await open2(changed)), sse(await open2(stays))];
    await waitUntil("start", () => [sGone, sChanged, sStays].every((s) => s.frames.length >= 2));
    await db().user.update({ where: { id: gone.id }, data: { deactivatedAt: new Date() } });
    await db().user.update({ where: { id: changed.id }, data: { passwordChangedAt: new Date(signedIn + 1000) } });
    // A password change before this sign-in does not end the stream.
    await db().user.update({ where: { id: stays.id }, data: { passwordChangedAt: new Date(signedIn - 1000) } });
    await waitUntil("both streams to end", () => sGone.ended() && sChanged.ended());
    await new Promise((r) => setTimeout(r, 300)); // three more heartbeats
    expect(sStays.ended()).toBe(false);
    expect(sStays.frames.filter((f) => f.comment === "ping").length).toBeGreaterThanOrEqual(3);
  });

  it("many streams of one bash share one read per event: 40 streams, 5 events, no per-stream queries", async () => {
    const { fac, bash } = await setup();
    let findMany = 0;
    const real = db();
    // Count the Activity reads the streams make through this client.
    const counted = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop === "activity") {
          return new Proxy(target.activity, {
            get(t, p, r) {
              const v = Reflect.get(t, p, r) as unknown;
              if (p === "findMany" && typeof v === "function") {
                return (...args: unknown[]) => {
                  findMany += 1;
                  return (v as (...a: unknown[]) => unknown).apply(t, args);
                };
              }
              return v;
            },
          });
        }
        return Reflect.get(target, prop, receiver) as unknown;
      },
    }) as typeof real;
    const l = listener();
    const streams: ReturnType<typeof sse>[] = [];
    for (let i = 0; i < 40; i++) {
      const ac = new AbortController();
      controllers.push(ac);
      streams.push(sse(await openEventStream(counted, fac, bash.id, { listener: l, signal: ac.signal })));
    }
    await waitUntil("every stream started", () => streams.every((s) => s.frames.length >= 2));
    const before = findMany;
    for (const name of ["A", "B", "C", "D", "E"]) await createFeature(db(), fac, bash.id, { menuName: name });
    await waitUntil("every stream has the 5 events", () => streams.every((s) => s.activities().length >= 5));
    const expected = await activityIds(bash.id, "feature.created");
    for (const s of streams) expect(s.ids()).toEqual(expected);
    // One feed read (two when it waits for a writer) per event, not one per stream per event (200).
    expect(findMany - before).toBeLessThanOrEqual(10);
    expect(currentFeed(l, bash.id)?.streams()).toBe(40);

    // A stream that connects with an old Last-Event-ID reads its gap itself, then joins the window.
    const late = sse(await openEventStream(counted, fac, bash.id, { listener: l, lastEventId: expected[1], signal: controllers[0].signal }));
    await late.waitForActivities(3);
    await createFeature(db(), fac, bash.id, { menuName: "F" });
    await late.waitForActivities(4);
    expect(late.ids()).toEqual([...expected.slice(2), ...(await activityIds(bash.id, "feature.created")).slice(5)]);
  });

  it("a busy moment leaves in one write per stream, the same bytes for every stream", async () => {
    const { fac, bash } = await setup();
    const l = listener();
    const a = sse(await open(fac, bash.id, { listener: l, coalesceMs: 400 }));
    const b = sse(await open(fac, bash.id, { listener: l, coalesceMs: 400 }));
    await waitUntil("start", () => a.frames.length >= 2 && b.frames.length >= 2);
    const [ca, cb] = [a.chunks.length, b.chunks.length];
    const madeBefore = currentFeed(l, bash.id)!.chunksMade();
    for (const name of ["A", "B", "C"]) await createFeature(db(), fac, bash.id, { menuName: name });
    await a.waitForActivities(3);
    await b.waitForActivities(3);
    const expected = await activityIds(bash.id, "feature.created");
    expect(a.ids()).toEqual(expected);
    expect(b.ids()).toEqual(expected);
    // Three events within the pause: one chunk each (two at most, should the pause end mid-way).
    expect(a.chunks.length - ca).toBeLessThanOrEqual(2);
    expect(Buffer.concat(a.chunks.slice(ca)).equals(Buffer.concat(b.chunks.slice(cb)))).toBe(true);
    // The two streams were in step: each chunk was made once and sent on both.
    expect(b.chunks.length - cb).toBe(a.chunks.length - ca);
    expect(currentFeed(l, bash.id)!.chunksMade() - madeBefore).toBe(a.chunks.length - ca);
    // Without the pause, each event goes out as it comes.
    const c = sse(await open(fac, bash.id, { listener: l, coalesceMs: 0 }));
    await waitUntil("start", () => c.frames.length >= 2);
    await createFeature(db(), fac, bash.id, { menuName: "D" });
    await c.waitForActivities(1, 1000);
  });

  it("a busy bash gets at most one write per stream per interval; an event after a pause is not held back", async () => {
    const { fac, bash } = await setup();
    const l = listener();
    const s = sse(await open(fac, bash.id, { listener: l, coalesceMs: 0, minIntervalMs: 800 }));
    await waitUntil("start", () => s.frames.length >= 2);
    const t0 = performance.now();
    await createFeature(db(), fac, bash.id, { menuName: "A" });
    await s.waitForActivities(1, 3000);
    const tA = performance.now();
    expect(tA - t0).toBeLessThan(700); // the first event of a quiet bash leaves at once
    const before = s.chunks.length;
    await createFeature(db(), fac, bash.id, { menuName: "B" });
    await createFeature(db(), fac, bash.id, { menuName: "C" });
    await s.waitForActivities(3, 3000);
    // B and C waited out the interval after A's write, then left together.
    expect(performance.now() - tA).toBeGreaterThanOrEqual(700);
    expect(s.chunks.length - before).toBe(1);
    expect(s.ids()).toEqual(await activityIds(bash.id, "feature.created"));
  });

  it("while notices keep coming, the listener gathers them: one wait for writers per gap, not one per notice", async () => {
    const { fac, bash } = await setup();
    const l = listener({ batchGapMs: 400 });
    const got: { id: string; at: number }[] = [];
    const unsubscribe = l.subscribe(bash.id, (e) => {
      if (!e.resync) got.push({ id: e.id, at: performance.now() });
    });
    expect(await l.ready()).toBe(true);
    const t0 = performance.now();
    await createFeature(db(), fac, bash.id, { menuName: "A" });
    await waitUntil("the first notice", () => got.length >= 1);
    expect(got[0].at - t0).toBeLessThan(350); // after a quiet spell: at once
    await createFeature(db(), fac, bash.id, { menuName: "B" });
    await createFeature(db(), fac, bash.id, { menuName: "C" });
    await waitUntil("three notices", () => got.length >= 3);
    expect(got[1].at - got[0].at).toBeGreaterThanOrEqual(350); // held until the gap had passed…
    expect(got[2].at - got[1].at).toBeLessThan(50); // …then B and C passed on together
    expect(got.map((g) => g.id)).toEqual(await activityIds(bash.id, "feature.created"));
    unsubscribe();
  });

  it("abort or cancel unsubscribes and stops the timers", async () => {
    const { fac, bash } = await setup();
    const l = listener();
    const ac = new AbortController();
    const s = sse(await openEventStream(db(), fac, bash.id, { listener: l, signal: ac.signal, heartbeatMs: 50 }));
    const s2 = sse(await open(fac, bash.id, { listener: l, heartbeatMs: 50 }));
    await waitUntil("start", () => s.frames.length >= 2 && s2.frames.length >= 2);
    // Streams of one bash share one feed, which is the listener's one subscriber.
    expect(l.subscriberCount(bash.id)).toBe(1);
    expect(currentFeed(l, bash.id)?.streams()).toBe(2);

    ac.abort();
    await waitUntil("the stream to end", () => s.ended());
    expect(currentFeed(l, bash.id)?.streams()).toBe(1);
    expect(l.subscriberCount(bash.id)).toBe(1);
    const frames = s.frames.length;
    await sleep(200);
    expect(s.frames.length).toBe(frames); // no pings after the end

    await s2.reader.cancel();
    expect(l.subscriberCount()).toBe(0);
    expect(currentFeed(l, bash.id)).toBeUndefined();

    // Already aborted: nothing subscribes at all.
    const done = new AbortController();
    done.abort();
    const s3 = sse(await openEventStream(db(), fac, bash.id, { listener: l, signal: done.signal }));
    await waitUntil("the stream to end", () => s3.ended());
    expect(l.subscriberCount()).toBe(0);
  });
});
