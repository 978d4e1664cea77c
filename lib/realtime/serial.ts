/**
 * Wrap `step` so it never runs twice at once: a call while it runs makes it run once more right
 * after (events that arrive meanwhile are not lost, and a burst costs one extra pass). A failure
 * goes to `onError`; `after` runs when a pass ends, failed or not.
 */
export function serialRunner(step: () => Promise<void>, opts: { isClosed: () => boolean; onError: (err: unknown) => void; after?: () => void }): () => Promise<void> {
  let running = false;
  let again = false;
  return async function run() {
    if (opts.isClosed()) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await step();
      } while (again && !opts.isClosed());
    } catch (err) {
      opts.onError(err);
    } finally {
      running = false;
    }
    opts.after?.();
  };
}
