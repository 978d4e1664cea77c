// bench/xlsx — spreadsheet export and import of 10 000 reports against raw exceljs on the same rows.
//
//   npm run bench:xlsx                # embedded Postgres under .data/bench-pg (port 54340)
//   BENCH_DATABASE_URL=postgres://… npm run bench:xlsx
//
// Each case runs in its own child process (so peak RSS is that case's alone), three times; the table
// shows the median time, the peak RSS and the ratio to its raw-exceljs baseline from the same run.
// The child is this file bundled with esbuild (bench/lib/bundle.ts) and run by plain `node`, as the
// built app runs compiled JavaScript; BENCH_CHILD=tsx runs it under `node --import tsx` instead.
// Every module a case uses is loaded before its clock starts (a server has them loaded already).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import pg from "pg";
import { bundleChild } from "./lib/bundle";
import { openBenchDatabase } from "./lib/database";
import { withServerDefaults } from "../scripts/lib/server-env.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const REPORTS = Number(process.env.BENCH_REPORTS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CHILD = process.env.BENCH_CHILD === "tsx" ? "tsx" : "bundle";
const arg = (name: string) => process.argv[process.argv.indexOf(name) + 1];

/** Wall time, this process's CPU time (user + system; PostgreSQL's work is not in it) and peak RSS. */
type Measure = { ms: number; cpuMs: number; rssMb: number };

const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

async function child() {
  const which = arg("--case");
  const url = arg("--db");
  const file = arg("--file");
  const bashId = arg("--bash");
  process.env.DATABASE_URL = url;
  const { createPrisma } = await import("@/lib/db");
  const db = createPrisma(url);
  const actor = await db.user.findFirstOrThrow({ where: { email: "bench@example.com" } });
  const a = { id: actor.id, name: actor.name, email: actor.email, isAdmin: actor.isAdmin };
  // Every case loads the same modules before its clock starts; "idle" does only this.
  const { exportBashWorkbook } = await import("@/lib/xlsx/export");
  const { commitImport } = await import("@/lib/xlsx/import");
  const { createBash } = await import("@/lib/bashes/commands");
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  if (which === "idle") {
    // The floor: this process with the same modules loaded and nothing done.
  } else if (which === "raw-write") {
    // Baseline: one plain query for the same rows, written with exceljs's streaming writer.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = await client.query(
      `select f."menuName", r.title, r.description, r.steps, r.expected, r.actual, r.severity, r."deviceKind", r."reporterName", r.browser, r."browserVersion", r.os, r."osVersion", r."phoneName", r.priority, r.status, r.remarks, r."createdAt", r.number
         from "Report" r left join "Feature" f on f.id = r."featureId" where r."bashId" = $1 order by r.number`,
      [bashId],
    );
    await client.end();
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
    const ws = wb.addWorksheet("Bug_Sheet");
    ws.addRow(["Menu Name", "Description of Bug", "Steps to Reproduce", "Screenshot", "Reporter Name", "Browser", "Browser Version", "Desktop/Laptop OS", "OS Version", "Mobile Phone Name", "Mobile OS", "Mobile OS Version", "Priority", "Status", "Remarks"]).commit();
    for (const r of rows.rows) {
      ws.addRow([r.menuName, `${r.title}\n\n${r.description}`, r.steps, "", r.reporterName, r.browser, r.browserVersion, r.os, r.osVersion, r.phoneName, "", "", r.priority, r.status, r.remarks]).commit();
    }
    ws.commit();
    // The same rows the export's hidden id sheet carries: one JSON cell per report.
    const hidden = wb.addWorksheet("_bashboard");
    hidden.addRow(["Sheet", "Row", "Id", "Data"]).commit();
    rows.rows.forEach((r, i) => hidden.addRow(["Bug_Sheet", i + 2, `bench-${i}`, JSON.stringify(r)]).commit());
    hidden.commit();
    await wb.commit();
  } else if (which === "export") {
    const out = fs.createWriteStream(file);
    const done = new Promise<void>((res, rej) => out.on("finish", () => res()).on("error", rej));
    await exportBashWorkbook(db, a, bashId, out, { baseUrl: "http://localhost:3000" });
    await done;
  } else if (which === "raw-read") {
    // Baseline: exceljs's streaming reader over the exported file, every cell's value collected.
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(fs.createReadStream(file), { sharedStrings: "cache", hyperlinks: "ignore", styles: "ignore", worksheets: "emit" });
    let cells = 0;
    const kept: unknown[][] = [];
    for await (const ws of reader) {
      for await (const row of ws) {
        const vals = (row.values as unknown[]).slice(1);
        cells += vals.length;
        kept.push(vals);
      }
    }
    if (cells === 0) throw new Error("raw-read saw no cells");
  } else if (which === "import") {
    const target = await createBash(db, a, { title: `Import target ${Date.now()}` });
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    const res = await commitImport(db, a, target.id, fs.readFileSync(file), {});
    const ms = performance.now() - t1;
    const cpu = cpuMs(c1);
    if (res.reports !== REPORTS) throw new Error(`imported ${res.reports} reports, expected ${REPORTS}`);
    await db.$disconnect();
    console.log(JSON.stringify({ ms, cpuMs: cpu, rssMb: process.resourceUsage().maxRSS / 1024 }));
    return;
  }
  const ms = performance.now() - t0;
  const cpu = cpuMs(c0);
  await db.$disconnect();
  console.log(JSON.stringify({ ms, cpuMs: cpu, rssMb: process.resourceUsage().maxRSS / 1024 }));
}

async function seed(url: string) {
  const { createPrisma } = await import("@/lib/db");
  const db = createPrisma(url);
  const user = await db.user.create({ data: { email: "bench@example.com", name: "Bench Facilitator" } });
  const bash = await db.bash.create({
    data: { title: "Bench bash", createdById: user.id, reportCounter: REPORTS, memberships: { create: { userId: user.id, role: "FACILITATOR", rsvp: "GOING" } } },
  });
  const features = await Promise.all(["Checkout", "Search", "Account", "Cart", "Payments"].map((m, i) => db.feature.create({ data: { bashId: bash.id, menuName: m, position: i } })));
  const statuses = ["OPEN", "CONFIRMED", "NOT_A_BUG", "DUPLICATE", "IN_PROGRESS", "DONE", "NEEDS_INFO"] as const;
  for (let start = 0; start < REPORTS; start += 1000) {
    await db.report.createMany({
      data: Array.from({ length: Math.min(1000, REPORTS - start) }, (_, k) => {
        const i = start + k;
        const mobile = i % 3 === 0;
        return {
          bashId: bash.id,
          number: i + 1,
          clientId: `bench-${i}`,
          featureId: features[i % 5].id,
          title: `Report ${i + 1}: the ${["pay", "search", "login", "cart"][i % 4]} button misbehaves after a double tap`,
          description: "Seen twice in a row; the spinner never stops and the order list shows a duplicate.",
          steps: "1. Open the page\n2. Add an item\n3. Tap Pay twice quickly",
          expected: "One order",
          actual: "Two orders",
          status: statuses[i % statuses.length],
          priority: (["P1", "P2", "P3", "P4"] as const)[i % 4],
          reporterName: `Tester ${i % 40}`,
          deviceKind: mobile ? ("MOBILE" as const) : ("WEB" as const),
          os: mobile ? "Android" : "Windows",
          osVersion: mobile ? "14" : "11",
          browser: mobile ? "" : "Chrome",
          browserVersion: mobile ? "" : "131.0",
          phoneName: mobile ? "Pixel 8" : "",
          remarks: i % 10 === 0 ? "Reproduced on staging" : "",
        };
      }),
    });
  }
  await db.$disconnect();
  return bash.id;
}

function runChild(childFile: string | null, which: string, url: string, bashId: string, file: string): Measure {
  // --no-deprecation: bundled packages' old Buffer() calls would print a warning on every run.
  const entry = childFile ? ["--no-deprecation", childFile] : ["--import", "tsx", path.join(ROOT, "bench/xlsx.ts")];
  const r = spawnSync(process.execPath, [...entry, "--child", "--case", which, "--db", url, "--bash", bashId, "--file", file], {
    cwd: ROOT,
    encoding: "utf8",
    // The server's environment defaults (MALLOC_ARENA_MAX), as `npm start` gives `next start`.
    env: withServerDefaults({ ...process.env, NODE_OPTIONS: "" }),
  });
  if (r.status !== 0) throw new Error(`${which} failed:\n${r.stderr}\n${r.stdout}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  if (process.argv.includes("--child")) return child();
  const childFile = CHILD === "bundle" ? await bundleChild(ROOT, "bench/xlsx.ts") : null;
  const { url, stop } = await openBenchDatabase(ROOT);
  try {
    console.log(`Seeding ${REPORTS.toLocaleString("en")} reports…`);
    const bashId = await seed(url);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-xlsx-"));
    const rawFile = path.join(dir, "raw.xlsx");
    const exportFile = path.join(dir, "export.xlsx");
    const results: Record<string, Measure[]> = { idle: [], "raw-write": [], export: [], "raw-read": [], import: [] };
    for (let i = 0; i < RUNS; i++) {
      results.idle.push(runChild(childFile, "idle", url, bashId, rawFile));
      results["raw-write"].push(runChild(childFile, "raw-write", url, bashId, rawFile));
      results.export.push(runChild(childFile, "export", url, bashId, exportFile));
      results["raw-read"].push(runChild(childFile, "raw-read", url, bashId, exportFile));
      results.import.push(runChild(childFile, "import", url, bashId, exportFile));
      process.stdout.write(`run ${i + 1}/${RUNS} done\n`);
    }
    const m = Object.fromEntries(
      Object.entries(results).map(([k, v]) => [k, { ms: median(v.map((x) => x.ms)), cpuMs: median(v.map((x) => x.cpuMs)), rssMb: Math.max(...v.map((x) => x.rssMb)) }]),
    );
    // Each case runs right after its baseline, so the ratio within a run cancels most of the noise of
    // a shared machine; the median of those per-run ratios is shown next to the ratio of the medians.
    const perRun = (c: string, base: string) => median(results[c].map((x, i) => x.ms / results[base][i].ms));
    const ratio = { export: perRun("export", "raw-write"), import: perRun("import", "raw-read") };
    const size = (f: string) => `${(fs.statSync(f).size / 1024 / 1024).toFixed(1)} MB`;
    const ms = (c: string) => `${m[c].ms.toFixed(0)} ms | ${m[c].cpuMs.toFixed(0)} ms`;
    const mb = (c: string) => `${m[c].rssMb.toFixed(0)} MB (+${(m[c].rssMb - m.idle.rssMb).toFixed(0)})`;
    const lines = [
      `| case | median time | median CPU (this process) | peak RSS (over idle) | ratio of medians | median of per-run ratios |`,
      `|---|---|---|---|---|---|`,
      `| idle process (same modules loaded, no work) | — | — | ${m.idle.rssMb.toFixed(0)} MB | — | — |`,
      `| raw exceljs write of the same rows: Bug_Sheet + hidden JSON (baseline) | ${ms("raw-write")} | ${mb("raw-write")} | 1.00 | 1.00 |`,
      `| Bashboard export (5 sheets + hidden ids, validations, styles) | ${ms("export")} | ${mb("export")} | ${(m.export.ms / m["raw-write"].ms).toFixed(2)} | ${ratio.export.toFixed(2)} |`,
      `| raw exceljs streaming read (baseline) | ${ms("raw-read")} | ${mb("raw-read")} | 1.00 | 1.00 |`,
      `| Bashboard import (read, validate, one transaction) | ${ms("import")} | ${mb("import")} | ${(m.import.ms / m["raw-read"].ms).toFixed(2)} | ${ratio.import.toFixed(2)} |`,
    ];
    console.log(`\n${REPORTS.toLocaleString("en")} reports, ${RUNS} runs each (${CHILD === "bundle" ? "bundled child under node" : "child under node --import tsx"}); export file ${size(exportFile)}, raw file ${size(rawFile)}\n`);
    console.log(lines.join("\n"));
    const runs = (c: string, base: string) => results[c].map((x, i) => (x.ms / results[base][i].ms).toFixed(2)).join(", ");
    console.log(`\nPer-run ratios: export ${runs("export", "raw-write")}; import ${runs("import", "raw-read")}`);
    const check = (ok: boolean) => (ok ? "met" : "NOT met");
    console.log(
      `Targets: export ≤ 1.5× raw ${check(ratio.export <= 1.5)}, import ≤ 2× raw ${check(ratio.import <= 2)}, peak RSS < 250 MB ${check(Math.max(m.export.rssMb, m.import.rssMb) < 250)}`,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  } finally {
    await stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
