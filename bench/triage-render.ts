// bench/triage-render — the full server render of /triage (board and list) for a bash of 2 000
// reports, over HTTP against the built app, next to a cheap signed-in page measured in the same run;
// the live console of the same bash (with 300 participants, BENCH_PEOPLE) is timed alongside.
//
//   npx next build                        # once: the bench serves the existing .next build
//   npm run bench:triage-render           # embedded Postgres under .data/bench-pg (port 54340)
//   BENCH_DATABASE_URL=postgres://… npm run bench:triage-render
//
// One bench database (emptied and migrated), a bash of 2 000 reports and a facilitator with a password;
// `next start` on BENCH_APP_PORT (default 3471) against it; a credentials sign-in over plain HTTP; then
// rounds of GET /notifications (baseline: layout, session, one small query), GET /bashes/<id>/triage
// (board) and GET /bashes/<id>/triage?view=list (list), one request at a time on a keep-alive
// connection, as a browser asks (Accept-Encoding: gzip). Each time is from sending the request to the
// last byte of the body. Then rounds of BENCH_CONSOLES_AT_ONCE (default 5) console requests sent
// together, as five facilitators' consoles refresh after the same event, with the app's CPU per round.
// Every response is checked: status 200, the page's own markup, and for the triage pages the cards
// rendered and every report present in the payload.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import bcrypt from "bcryptjs";
import { openBenchDatabase } from "./lib/database";
import { seedTriageBash, seededTitle } from "./lib/seed-triage";
import { withServerDefaults } from "../scripts/lib/server-env.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const REPORTS = Number(process.env.BENCH_REPORTS ?? 2_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 300);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const PORT = Number(process.env.BENCH_APP_PORT ?? 3471);
/** How many facilitators' consoles refresh together in the "at once" part. */
const CONSOLES_AT_ONCE = Number(process.env.BENCH_CONSOLES_AT_ONCE ?? 5);
const TARGET_MS = 300;
const EMAIL = "bench-facilitator@example.com";
const PASSWORD = "bench-render-password";

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Sample = { status: number; location: string; headersMs: number; totalMs: number; wireBytes: number; html: string };

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** CPU time (user + system) of every process in a process group, in ms, from /proc (Linux only). */
function groupCpuMs(pgid: number): number {
  const tick = 10; // USER_HZ is 100 on Linux
  let total = 0;
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    // Fields after the command name (which may hold spaces): state is field 3, pgrp 5, utime 14, stime 15.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(f[2]) === pgid) total += (Number(f[11]) + Number(f[12])) * tick;
  }
  return total;
}

/** One GET; times to the response headers and to the body's last byte, then decodes the body. */
function get(pathname: string, cookie: string, via: http.Agent = agent): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(
      { host: "127.0.0.1", port: PORT, path: pathname, method: "GET", agent: via, headers: { cookie, "accept-encoding": "gzip", accept: "text/html" } },
      (res) => {
        const headersMs = performance.now() - t0;
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const totalMs = performance.now() - t0;
          const raw = Buffer.concat(chunks);
          const enc = String(res.headers["content-encoding"] ?? "");
          const body = enc === "gzip" ? zlib.gunzipSync(raw) : enc === "br" ? zlib.brotliDecompressSync(raw) : enc === "deflate" ? zlib.inflateSync(raw) : raw;
          resolve({ status: res.statusCode ?? 0, location: String(res.headers.location ?? ""), headersMs, totalMs, wireBytes: raw.length, html: body.toString("utf8") });
        });
      },
    );
    req.on("error", reject);
    req.end();
  });
}

const cookiePairs = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]);

/** next-auth's credentials flow: the CSRF token and its cookie, then the callback; returns the Cookie header. */
async function signIn(base: string): Promise<string> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  if (!csrfRes.ok) throw new Error(`GET /api/auth/csrf answered ${csrfRes.status}`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookies = cookiePairs(csrfRes);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookies.join("; ") },
    body: new URLSearchParams({ csrfToken, email: EMAIL, password: PASSWORD, json: "true", callbackUrl: `${base}/` }),
  });
  const session = cookiePairs(res).filter((c) => c.startsWith("next-auth.session-token"));
  if (!session.length) throw new Error(`Sign-in failed: ${res.status} ${res.headers.get("location") ?? ""} ${await res.text()}`);
  return session.join("; ");
}

function startApp(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  let out = "";
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(PORT), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: withServerDefaults(env), // as `npm start` runs `next start`
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so stopApp() reaches anything it starts
  });
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, output: () => out };
}

async function stopApp(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {}
  const killed = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
  if (!killed) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {}
    await exited;
  }
}

async function waitForApp(child: ChildProcess, output: () => string) {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${PORT}/signin`);
      await res.text();
      if (res.ok) return;
    } catch {}
    await sleep(250);
  }
  throw new Error(`next start did not answer /signin within 60 s:\n${output()}`);
}

type Page = { name: string; path: string; check: (s: Sample) => string | null; samples: Sample[]; cards?: number; inPayload?: number };

const distinctNumbers = (html: string) => new Set([...html.matchAll(/data-number="(\d+)"/g)].map((m) => m[1])).size;

async function main() {
  if (!fs.existsSync(path.join(ROOT, ".next/BUILD_ID"))) {
    console.error("No build in .next: run `npx next build` first (this bench serves the built app with `next start`).");
    process.exit(1);
  }
  const { url, stop } = await openBenchDatabase(ROOT);
  let app: ReturnType<typeof startApp> | null = null;
  const onSignal = () => {
    if (app?.child.pid) {
      try {
        process.kill(-app.child.pid, "SIGKILL");
      } catch {}
    }
    void stop().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    process.env.DATABASE_URL = url;
    const { createPrisma } = await import("@/lib/db");
    const db = createPrisma(url);
    console.log(`Seeding ${REPORTS.toLocaleString("en")} reports…`);
    const passwordHash = await bcrypt.hash(PASSWORD, 4);
    const { bash } = await seedTriageBash(db, { reports: REPORTS, email: EMAIL, name: "Bench Facilitator", passwordHash, people: PEOPLE });
    await db.$disconnect();

    console.log(`Starting the built app (next start) on port ${PORT}…`);
    const base = `http://127.0.0.1:${PORT}`;
    app = startApp({
      ...process.env,
      DATABASE_URL: url,
      NEXTAUTH_SECRET: "bench-triage-render-secret-0123456789abcdef",
      NEXTAUTH_URL: base,
      NEXT_TELEMETRY_DISABLED: "1",
    });
    await waitForApp(app.child, app.output);
    const cookie = await signIn(base);

    const lastTitle = seededTitle(REPORTS);
    const pages: Page[] = [
      {
        name: "`/notifications` (baseline: layout, session, one small query)",
        path: "/notifications",
        check: (s) => (/<h1[^>]*>Notifications<\/h1>/.test(s.html) ? null : "no Notifications heading"),
        samples: [],
      },
      {
        name: "`/bashes/<id>/triage` (board)",
        path: `/bashes/${bash.id}/triage`,
        check: (s) =>
          !/<h1[^>]*>Triage<\/h1>/.test(s.html) ? "no Triage heading" : !distinctNumbers(s.html) ? "no report cards" : !s.html.includes(lastTitle) ? `"${lastTitle}" missing` : null,
        samples: [],
      },
      {
        name: "`/bashes/<id>/triage?view=list` (list)",
        path: `/bashes/${bash.id}/triage?view=list`,
        check: (s) =>
          !s.html.includes('data-testid="report-list"') ? "no report list" : !distinctNumbers(s.html) ? "no report rows" : !s.html.includes(lastTitle) ? `"${lastTitle}" missing` : null,
        samples: [],
      },
      {
        // No target of its own: the console re-renders on every burst of reports during a bash.
        name: "`/bashes/<id>/live` (live console, 300 people)",
        path: `/bashes/${bash.id}/live`,
        // Over 40 people the console sums them up by state (crowd mode) instead of listing everyone.
        check: (s) =>
          !/<h1[^>]*>Live console<\/h1>/.test(s.html)
            ? "no Live console heading"
            : PEOPLE > 40
              ? !s.html.includes('data-testid="people-by-state"') ? "no people-by-state summary" : null
              : PEOPLE > 0 && !s.html.includes(`Participant ${PEOPLE}<`) ? "people missing" : null,
        samples: [],
      },
    ];

    const fetchChecked = async (p: Page) => {
      const s = await get(p.path, cookie);
      const problem = s.status !== 200 ? `status ${s.status}${s.location ? ` → ${s.location}` : ""}` : p.check(s);
      if (problem) throw new Error(`GET ${p.path}: ${problem}\n${s.html.slice(0, 2_000)}\n--- server output ---\n${app?.output() ?? ""}`);
      return s;
    };

    console.log(`Warming up (${WARMUP} requests per page), then ${RUNS} rounds…`);
    for (let i = 0; i < WARMUP; i++) for (const p of pages) await fetchChecked(p);
    // Rounds: baseline, board, list, console, one request at a time, so drift on the machine hits all alike.
    for (let i = 0; i < RUNS; i++) for (const p of pages) p.samples.push(await fetchChecked(p));
    const triagePages = pages.filter((p) => p.path.includes("/triage"));
    for (const p of triagePages) {
      const html = p.samples[0].html;
      p.cards = distinctNumbers(html);
      p.inPayload = new Set([...html.matchAll(/Report (\d+): the /g)].map((m) => m[1])).size;
    }

    // Several facilitators' consoles refresh on the same event, within milliseconds of each other:
    // CONSOLES_AT_ONCE requests at once (one socket each), timed to the last answer, with the CPU the
    // app's processes used for the batch (from /proc).
    const together = new http.Agent({ keepAlive: true, maxSockets: CONSOLES_AT_ONCE });
    const consolePage = pages[pages.length - 1];
    const batches: { ms: number; cpuMs: number }[] = [];
    try {
      const batch = () =>
        Promise.all(
          Array.from({ length: CONSOLES_AT_ONCE }, () =>
            get(consolePage.path, cookie, together).then((s) => {
              const problem = s.status !== 200 ? `status ${s.status}` : consolePage.check(s);
              if (problem) throw new Error(`GET ${consolePage.path} (together): ${problem}`);
            }),
          ),
        );
      for (let i = 0; i < WARMUP; i++) await batch();
      for (let i = 0; i < RUNS; i++) {
        const cpu0 = groupCpuMs(app.child.pid!);
        const t0 = performance.now();
        await batch();
        batches.push({ ms: performance.now() - t0, cpuMs: groupCpuMs(app.child.pid!) - cpu0 });
      }
    } finally {
      together.destroy();
    }

    const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
    const base0 = pages[0].samples.map((s) => s.totalMs);
    const row = (p: Page) => {
      const total = p.samples.map((s) => s.totalMs);
      const head = p.samples.map((s) => s.headersMs);
      const html = pct(p.samples.map((s) => Buffer.byteLength(s.html)), 0.5);
      const wire = pct(p.samples.map((s) => s.wireBytes), 0.5);
      return `| ${p.name} | ${pct(head, 0.5).toFixed(1)} ms | ${pct(total, 0.5).toFixed(1)} ms | ${pct(total, 0.95).toFixed(1)} ms | ${Math.max(...total).toFixed(1)} ms | ${kb(html)} (${kb(wire)} gzip) | ${(pct(total, 0.5) / pct(base0, 0.5)).toFixed(2)} |`;
    };
    console.log(`\n${REPORTS.toLocaleString("en")} reports; ${WARMUP} warm-up requests, then ${RUNS} timed requests per page\n`);
    console.log(
      [
        "| page | median to headers | median to last byte | p95 to last byte | max | HTML (on the wire) | ratio to baseline (median) |",
        "|---|---|---|---|---|---|---|",
        ...pages.map(row),
      ].join("\n"),
    );
    console.log(
      `\n${CONSOLES_AT_ONCE} live consoles refreshing at once (${RUNS} rounds): all answered after ${pct(batches.map((b) => b.ms), 0.5).toFixed(1)} ms median, ` +
        `${pct(batches.map((b) => b.ms), 0.95).toFixed(1)} ms p95; the app's CPU per round ${pct(batches.map((b) => b.cpuMs), 0.5).toFixed(0)} ms median ` +
        `(${(pct(batches.map((b) => b.cpuMs), 0.5) / CONSOLES_AT_ONCE).toFixed(1)} ms per console; /proc ticks are 10 ms).`,
    );
    for (const p of triagePages) {
      console.log(`\n${p.path.includes("list") ? "List" : "Board"}: ${p.cards} report cards rendered in the HTML; ${p.inPayload} of ${REPORTS} reports in the page (HTML + RSC payload).`);
    }
    const verdicts = triagePages.map((p) => {
      const p95 = pct(p.samples.map((s) => s.totalMs), 0.95);
      return { name: p.path.includes("list") ? "list" : "board", p95, ok: p95 < TARGET_MS };
    });
    console.log(
      `\nVerdict (target: server render < ${TARGET_MS} ms at ${REPORTS.toLocaleString("en")} reports, judged on the p95 to the last byte): ` +
        verdicts.map((v) => `${v.name} ${v.p95.toFixed(0)} ms ${v.ok ? "meets it" : "MISSES it"}`).join("; ") +
        ".",
    );
  } finally {
    agent.destroy();
    if (app) await stopApp(app.child);
    await stop();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
