// The benchmarks' database: BENCH_DATABASE_URL, or an embedded Postgres under .data/bench-pg (port
// 54340, or BENCH_PG_PORT). Emptied and migrated for every run.
import path from "node:path";
import pg from "pg";

export async function openBenchDatabase(root: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const { applyMigrations } = await import("../../scripts/lib/migrate.mjs");
  let url = process.env.BENCH_DATABASE_URL;
  let stop = async () => {};
  if (!url) {
    const { startEmbeddedPostgres } = await import("../../scripts/lib/embedded-pg.mjs");
    const server = await startEmbeddedPostgres({ dataDir: path.join(root, ".data/bench-pg"), port: Number(process.env.BENCH_PG_PORT ?? 54340), databases: ["bashboard_bench"], log: () => {} });
    url = server.url("bashboard_bench") as string;
    stop = () => server.stop();
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query("drop schema if exists public cascade; create schema public");
  } finally {
    await c.end();
  }
  await applyMigrations(url, path.join(root, "prisma/migrations"));
  return { url, stop };
}
