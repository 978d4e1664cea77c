// Activity ids come from a sequence, so they are handed out in call order but committed in commit
// order: a transaction holding id 10 can commit after the one holding id 11. A stream that sent 11
// and then dedupes "id <= last sent" would drop 10 for good. So before an id is treated as final we
// wait until every transaction that was writing to "Activity" at that moment has ended. A writer
// takes RowExclusiveLock on the table before it draws its id (the INSERT takes the lock, then
// evaluates nextval), and keeps that lock until commit or rollback, so pg_locks names every
// transaction that may still hold a lower, not yet visible id.

/** Runs one SQL statement without parameters and returns its rows. */
export type SqlRunner = (sql: string) => Promise<ReadonlyArray<Record<string, unknown>>>;

const ACTIVITY_WRITERS_SQL = `select distinct virtualtransaction::text as v from pg_locks
  where locktype = 'relation' and relation = to_regclass('"Activity"') and mode = 'RowExclusiveLock'
    and granted and pid is distinct from pg_backend_pid()`;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Wait until the transactions writing to "Activity" right now have all ended (at most maxMs).
 * After it returns true, every activity id below the ids already visible before the call is final:
 * committed (and visible to a new query) or rolled back. False when it gave up waiting.
 */
export async function waitForActivityWriters(run: SqlRunner, maxMs: number, pollMs = 15): Promise<boolean> {
  const writers = new Set((await run(ACTIVITY_WRITERS_SQL)).map((r) => String(r.v)));
  if (writers.size === 0) return true;
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    await sleep(pollMs);
    const now = await run(ACTIVITY_WRITERS_SQL);
    if (!now.some((r) => writers.has(String(r.v)))) return true;
  }
  return false;
}
