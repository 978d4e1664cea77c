import { describe, expect, it } from "vitest";
import { serialRunner } from "@/lib/realtime/serial";

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

describe("serialRunner", () => {
  it("never overlaps; calls during a pass make exactly one more pass; after runs after each call that ran", async () => {
    let active = 0;
    let maxActive = 0;
    let passes = 0;
    let afters = 0;
    let release!: () => void;
    const run = serialRunner(
      async () => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        passes += 1;
        if (passes === 1) await new Promise<void>((r) => (release = r));
        active -= 1;
      },
      { isClosed: () => false, onError: () => {}, after: () => (afters += 1) },
    );
    const first = run();
    await tick();
    await Promise.all([run(), run(), run()]); // while the first pass waits: remembered once
    release();
    await first;
    expect({ passes, maxActive, afters }).toEqual({ passes: 2, maxActive: 1, afters: 1 });
    await run();
    expect(passes).toBe(3);
  });

  it("hands a failure to onError and runs again on the next call; does nothing once closed", async () => {
    let closed = false;
    const errors: unknown[] = [];
    let calls = 0;
    const run = serialRunner(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error("boom");
      },
      { isClosed: () => closed, onError: (e) => errors.push(e) },
    );
    await run();
    expect(errors).toHaveLength(1);
    await run();
    expect(calls).toBe(2);
    closed = true;
    await run();
    expect(calls).toBe(2);
  });
});
