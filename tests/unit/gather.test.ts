import { afterEach, describe, expect, it, vi } from "vitest";
import { gathered } from "@/lib/gather";

afterEach(() => {
  vi.useRealTimers();
});

/** A read whose calls are recorded and whose results the test settles by hand. */
function controlledRead() {
  const calls: { scope: object; key: string; resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
  const read = (scope: object, key: string) =>
    new Promise<string>((resolve, reject) => {
      calls.push({ scope, key, resolve, reject });
    });
  return { calls, read };
}

/** An access check the test passes or fails by hand. */
function check() {
  let pass!: () => void;
  let fail!: (e: Error) => void;
  const promise = new Promise<void>((resolve, reject) => {
    pass = resolve;
    fail = reject;
  });
  promise.catch(() => undefined); // the caller's promise reports it
  return { promise, pass, fail };
}

const ok = () => Promise.resolve();

describe("gathered reads", () => {
  it("shares one read among the callers who ask within the window, and starts it only after the window", async () => {
    vi.useFakeTimers();
    const { calls, read } = controlledRead();
    const g = gathered(20, read);
    const scope = {};
    const a = g.get(scope, "bash-1", ok());
    await vi.advanceTimersByTimeAsync(10);
    const b = g.get(scope, "bash-1", ok());
    expect(calls).toHaveLength(0); // still gathering
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toHaveLength(1);
    calls[0].resolve("snapshot 1");
    await expect(a).resolves.toBe("snapshot 1");
    await expect(b).resolves.toBe("snapshot 1");
    expect(g.reads()).toBe(1);
  });

  it("never hands a caller a read that started before it asked", async () => {
    vi.useFakeTimers();
    const { calls, read } = controlledRead();
    const g = gathered(20, read);
    const scope = {};
    const early = g.get(scope, "bash-1", ok());
    await vi.advanceTimersByTimeAsync(20);
    expect(calls).toHaveLength(1); // the first read is under way, not settled yet
    const late = g.get(scope, "bash-1", ok());
    const later = g.get(scope, "bash-1", ok());
    calls[0].resolve("before");
    await expect(early).resolves.toBe("before");
    await vi.advanceTimersByTimeAsync(20);
    expect(calls).toHaveLength(2); // the late callers got a read of their own, shared between them
    calls[1].resolve("after");
    await expect(late).resolves.toBe("after");
    await expect(later).resolves.toBe("after");
    expect(g.reads()).toBe(2);
  });

  it("joins callers while their checks run, reads only once someone's check passed, and answers the refused with their own error", async () => {
    vi.useFakeTimers();
    const { calls, read } = controlledRead();
    const g = gathered(20, read);
    const scope = {};
    const slow = check();
    const refused = check();
    const a = g.get(scope, "bash-1", slow.promise);
    const b = g.get(scope, "bash-1", refused.promise);
    const bRefused = expect(b).rejects.toThrow("not yours");
    refused.fail(new Error("not yours"));
    await bRefused;
    await vi.advanceTimersByTimeAsync(50);
    expect(calls).toHaveLength(0); // the window is over, but nobody allowed has asked yet
    const c = g.get(scope, "bash-1", ok()); // joins the same batch: its read has not started
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    slow.pass();
    calls[0].resolve("console");
    await expect(a).resolves.toBe("console");
    await expect(c).resolves.toBe("console");
    expect(g.reads()).toBe(1);
  });

  it("reads nothing when every caller is refused, and forgets them", async () => {
    vi.useFakeTimers();
    const { calls, read } = controlledRead();
    const g = gathered(20, read);
    const scope = {};
    const refusals = Array.from({ length: 3 }, () => g.get(scope, "someone-elses-bash", Promise.reject(new Error("not found"))));
    for (const r of refusals) await expect(r).rejects.toThrow("not found");
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toHaveLength(0);
    // The next caller who may read starts a batch of its own (and waits its window).
    const d = g.get(scope, "someone-elses-bash", ok());
    await vi.advanceTimersByTimeAsync(19);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(1);
    calls[0].resolve("fine");
    await expect(d).resolves.toBe("fine");
  });

  it("keeps keys and scopes apart", async () => {
    vi.useFakeTimers();
    const { calls, read } = controlledRead();
    const g = gathered(20, read);
    const db1 = {};
    const db2 = {};
    const results = [g.get(db1, "bash-1", ok()), g.get(db1, "bash-2", ok()), g.get(db2, "bash-1", ok()), g.get(db1, "bash-1", ok())];
    await vi.advanceTimersByTimeAsync(20);
    expect(calls.map((c) => [c.scope === db1 ? "db1" : "db2", c.key])).toEqual([
      ["db1", "bash-1"],
      ["db1", "bash-2"],
      ["db2", "bash-1"],
    ]);
    calls.forEach((c, i) => c.resolve(`r${i}`));
    expect(await Promise.all(results)).toEqual(["r0", "r1", "r2", "r0"]);
  });

  it("gives every caller of a failed read its error, and the next caller a new read", async () => {
    vi.useFakeTimers();
    const { calls, read } = controlledRead();
    const g = gathered(20, read);
    const scope = {};
    const a = g.get(scope, "k", ok());
    const b = g.get(scope, "k", ok());
    const aFails = expect(a).rejects.toThrow("database went away");
    const bFails = expect(b).rejects.toThrow("database went away");
    await vi.advanceTimersByTimeAsync(20);
    calls[0].reject(new Error("database went away"));
    await aFails;
    await bFails;
    const c = g.get(scope, "k", ok());
    await vi.advanceTimersByTimeAsync(20);
    calls[1].resolve("back");
    await expect(c).resolves.toBe("back");
  });
});
