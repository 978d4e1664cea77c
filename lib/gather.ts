// Sharing one read among callers who ask for the same thing at (nearly) the same moment, without ever
// handing anyone a read that began before they asked, and without reading for callers who may not see it.
//
// The live console is the case: every open console refreshes ~300 ms after the same event, so five
// facilitators ask for the same bash's console within a few milliseconds of each other, and each
// used to read it on its own. Joining a read already under way would be cheaper still, but could
// miss a report committed just before the late caller asked (and its page would not refresh again for
// it), so a read is only shared by callers who asked before it started.

/** A gathered read: `get(scope, key, allowed)`; `reads()` counts the reads made (for tests and diagnostics). */
export type Gathered<S extends object, V> = {
  get(scope: S, key: string, allowed: Promise<unknown>): Promise<V>;
  reads(): number;
};

type Batch<V> = { result: Promise<V>; open: () => void; opened: boolean; waiting: number };

/**
 * A caller joins the batch for (scope, key) the moment it asks, and passes `allowed`, its own access
 * check, which runs meanwhile. The batch's `read(scope, key)` starts once `windowMs` have passed since
 * its first caller asked *and* some caller's check has passed (nobody allowed, nothing is read).
 * Every caller gets the read's result (or its error) after its own check passes, or its check's error.
 * Whoever asks after the read has started joins a new batch. `scope` is held weakly (a database client).
 */
export function gathered<S extends object, V>(windowMs: number, read: (scope: S, key: string) => Promise<V>): Gathered<S, V> {
  const batches = new WeakMap<S, Map<string, Batch<V>>>();
  let made = 0;
  return {
    reads: () => made,
    get(scope, key, allowed) {
      let byKey = batches.get(scope);
      if (!byKey) batches.set(scope, (byKey = new Map()));
      const map = byKey;
      let batch = map.get(key);
      if (!batch) {
        let open!: () => void;
        const someoneAllowed = new Promise<void>((resolve) => (open = resolve));
        const windowOver = new Promise<void>((resolve) => setTimeout(resolve, windowMs));
        const b: Batch<V> = {
          open,
          opened: false,
          waiting: 0,
          result: Promise.all([windowOver, someoneAllowed]).then(() => {
            // From here on, a new caller gets a new read: this one may already miss what it would see.
            if (map.get(key) === b) map.delete(key);
            made += 1;
            return read(scope, key);
          }),
        };
        map.set(key, (batch = b));
      }
      const b = batch;
      b.waiting += 1;
      return allowed.then(
        () => {
          b.waiting -= 1;
          b.opened = true;
          b.open();
          return b.result;
        },
        (e: unknown) => {
          b.waiting -= 1;
          // Everyone so far was turned away: forget the batch (it will never read).
          if (!b.opened && b.waiting === 0 && map.get(key) === b) map.delete(key);
          throw e;
        },
      );
    },
  };
}
