// bench/triage — reading and changing a bash of 2 000 reports, against bare queries on the same rows.
//
//   npm run bench:triage              # embedded Postgres under .data/bench-pg (port 54340)
//   BENCH_DATABASE_URL=postgres://… npm run bench:triage
//
// In one process: the board's query (getBoard), the summary (getSummary) and the live console
// (getConsole) against one plain SELECT of the same reports; a triage move (updateReport: version
// check, history row, NOTIFY, one transaction) against a bare versioned UPDATE. Medians and p95 of
// many runs; ratios are to the baseline measured in the same run.
import path from "node:path";
import pg from "pg";
import { openBenchDatabase } from "./lib/database";
import { seedTriageBash } from "./lib/seed-triage";

const ROOT = path.resolve(import.meta.dirname, "..");
const REPORTS = Number(process.env.BENCH_REPORTS ?? 2_000);
const READS = Number(process.env.BENCH_READS ?? 30);
const MOVES = Number(process.env.BENCH_MOVES ?? 300);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function time(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  await fn(0); // warm-up
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i + 1);
    out.push(performance.now() - t);
  }
  return out;
}

async function main() {
  const { url, stop } = await openBenchDatabase(ROOT);
  try {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    process.env.DATABASE_URL = url;
    const { createPrisma } = await import("@/lib/db");
    const { getBoard } = await import("@/lib/triage/queries");
    const { updateReport } = await import("@/lib/triage/commands");
    const { getSummary } = await import("@/lib/summary/queries");
    const { getConsole } = await import("@/lib/live/console");
    const db = createPrisma(url);

    console.log(`Seeding ${REPORTS.toLocaleString("en")} reports…`);
    const { user, bash } = await seedTriageBash(db, { reports: REPORTS });
    const actor = { id: user.id, name: user.name, email: user.email, isAdmin: false };

    const baselineRead = await time(READS, () =>
      c.query(
        `select r.*, f."menuName" from "Report" r left join "Feature" f on f.id = r."featureId" where r."bashId" = $1 order by r.number`,
        [bash.id],
      ),
    );
    const board = await time(READS, () => getBoard(db, actor, bash.id));
    const summary = await time(READS, () => getSummary(db, actor, bash.id));
    // With a time of its own, a console read starts at once (without one it waits CONSOLE_GATHER_MS for
    // other consoles of the bash to share it): this times the read itself.
    const consoleView = await time(READS, () => getConsole(db, actor, bash.id, new Date()));

    const ids = (await db.report.findMany({ where: { bashId: bash.id }, select: { id: true }, orderBy: { number: "asc" } })).map((r) => r.id);
    const baselineMove = await time(MOVES, (i) => c.query(`update "Report" set remarks = $3, version = version + 1 where id = $1 and version = version and "bashId" = $2`, [ids[i % ids.length], bash.id, `r${i}`]));
    const versions = new Map((await db.report.findMany({ where: { bashId: bash.id }, select: { id: true, version: true } })).map((r) => [r.id, r.version]));
    const move = await time(MOVES, async (i) => {
      const id = ids[(i + 7) % ids.length];
      const out = await updateReport(db, actor, bash.id, { reportId: id, version: versions.get(id)!, status: i % 2 ? "CONFIRMED" : "NOT_A_BUG", priority: (["P1", "P2", "P3", "P4"] as const)[i % 4] });
      versions.set(id, out.version);
    });

    const row = (name: string, xs: number[], base: number[]) =>
      `| ${name} | ${pct(xs, 0.5).toFixed(1)} ms | ${pct(xs, 0.95).toFixed(1)} ms | ${(pct(xs, 0.5) / pct(base, 0.5)).toFixed(2)} |`;
    console.log(`\n${REPORTS.toLocaleString("en")} reports; ${READS} reads and ${MOVES} moves each\n`);
    console.log(
      [
        "| case | median | p95 | ratio to baseline (median) |",
        "|---|---|---|---|",
        row("plain SELECT of the bash's reports with their feature (read baseline)", baselineRead, baselineRead),
        row("triage board query (getBoard: cards, counts, thumbnails, filter text)", board, baselineRead),
        row("summary (getSummary: every breakdown and the leaderboard)", summary, baselineRead),
        row("live console (getConsole: feed, people, flags, coverage)", consoleView, baselineRead),
        row("bare versioned UPDATE of one report (write baseline)", baselineMove, baselineMove),
        row("triage move (updateReport: version check, history, NOTIFY, transaction)", move, baselineMove),
      ].join("\n"),
    );
    await db.$disconnect();
    await c.end();
  } finally {
    await stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
