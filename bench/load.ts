// bench/load — the hour of a bash, compressed: many participants on the live stream, filing fast.
//
//   npm run bench:load                                    # about 4 minutes on 2 cores
//   BENCH_RATE=50 BENCH_SECONDS=30 npm run bench:load     # a lighter run
//
// What it does, in one run:
//  1. `npm start` (scripts/start.mjs) with no DATABASE_URL on a fresh data folder (.data/bench-load):
//     the embedded Postgres, migrations and `next start`, exactly as a user runs it (it builds first
//     if the build is missing or stale). BASHBOARD_BENCH_ROUTES=1 adds the baseline route below.
//     A second instance (`next start`) on the same database serves one more live client.
//  2. Seeds a LIVE bash with BENCH_PARTICIPANTS participants (default 300) and 5 facilitators, and
//     signs every one of them in over HTTP (next-auth's credentials flow): real session cookies.
//  3. Opens Chromium once, as one participant, files one report through the real form, and records
//     its request (POST /api/bashes/<id>/reports with the form's headers). Every later report replays
//     that request with another person's session and a new draft: the same POST the form sends from
//     a phone.
//  4. (a) Bash-hour load: every participant holds the bash's event stream (SSE) open; the 5
//     facilitators hold it open too and refresh the live console the way the page does (one RSC
//     refresh per burst of events, 300 ms after its first event, at most 3 per 6 s). Reports arrive open-loop at
//     BENCH_RATE per second (default 100) for BENCH_SECONDS (default 60), spread over the
//     participants; every third one first uploads a screenshot (a 720×1280 PNG, about 150 KB).
//     BENCH_CONSOLES (0–5) and BENCH_SHOT_EVERY (N, 0 for none) change that, to see what each costs.
//     Latency is from the report's scheduled time (not its send time: a slow server cannot hide its
//     queue) to the acknowledgement. Then: rows in the database = acknowledged reports, and every
//     stream received every report.
//  5. Live latency: a client on the second instance times each report.created event against its
//     acknowledgement on the first.
//     It prints the CPU time the app, Postgres, the second instance and the generator itself used
//     while filing: all four share the machine.
//  6. (b) Saturation: with the streams closed, closed-loop filing at rising concurrency until
//     throughput stops growing, alternating level by level with the baseline: POST
//     /api/bench/insert, a bare route handler doing one INSERT into the same database.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import bcrypt from "bcryptjs";
import pg from "pg";
import sharp from "sharp";
import { chromium } from "@playwright/test";
import { withServerDefaults } from "../scripts/lib/server-env.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 300);
const FACILITATORS = 5;
/** How many of the facilitators keep the live console open (default all 5; 0 for none), to see what they cost. */
const CONSOLES = Math.min(FACILITATORS, Number(process.env.BENCH_CONSOLES ?? FACILITATORS));
/** Every Nth report uploads a screenshot first (default 3; 0 for none). */
const SHOT_EVERY = Number(process.env.BENCH_SHOT_EVERY ?? 3);
const withShot = (i: number) => SHOT_EVERY > 0 && i % SHOT_EVERY === 0;
const RATE = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const PORT = Number(process.env.BENCH_APP_PORT ?? 3300);
const PORT_B = PORT + 2;
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 54350);
const DATA_DIR = path.join(ROOT, ".data/bench-load");
const SECRET = crypto.randomBytes(32).toString("base64url");
const PASSWORD = "bench load password";
const BASE = `http://localhost:${PORT}`;
const BASE_B = `http://localhost:${PORT_B}`;
const DB_URL = `postgresql://bashboard:bashboard@127.0.0.1:${PG_PORT}/bashboard`;
const SAT_LEVELS = (process.env.BENCH_LEVELS ?? "1,2,4,8,16,32,64,128").split(",").map(Number);
const SAT_SECONDS = Number(process.env.BENCH_LEVEL_SECONDS ?? 6);
/** BENCH_PHASES=load or =saturation runs one part only. */
const PHASES = new Set((process.env.BENCH_PHASES ?? "load,saturation").split(","));

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] : NaN);
const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : "–");
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

// ---------------------------------------------------------------------------------------------
// Processes

type Proc = { child: ChildProcess; output: () => string };

function launch(cmd: string[], env: NodeJS.ProcessEnv): Proc {
  let out = "";
  const child = spawn(process.execPath, cmd, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const logFile = fs.createWriteStream(path.join(DATA_DIR, `server-${path.basename(cmd[0])}-${cmd.includes("-p") ? cmd[cmd.indexOf("-p") + 1] : PORT}.log`));
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-30_000);
    logFile.write(b);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, output: () => out };
}

async function waitForHttp(p: Proc, url: string, seconds: number) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (p.child.exitCode !== null) throw new Error(`exited with ${p.child.exitCode}:\n${p.output()}`);
    try {
      const res = await fetch(`${url}/signin`, { signal: AbortSignal.timeout(5_000) });
      await res.text();
      if (res.ok) return;
    } catch {}
    await sleep(300);
  }
  throw new Error(`${url} did not answer within ${seconds} s:\n${p.output()}`);
}

async function stop(p: Proc | null, signal: NodeJS.Signals = "SIGINT") {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null || !p.child.pid) return;
  const exited = new Promise<void>((r) => p.child.once("exit", () => r()));
  try {
    process.kill(p.child.pid, signal);
  } catch {}
  if (!(await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]))) {
    try {
      process.kill(-p.child.pid, "SIGKILL");
    } catch {}
    await exited;
  }
}

/** Every process now: its children, name, RSS and CPU seconds (user + system), from /proc. */
function readProcs() {
  const tick = 100; // USER_HZ on Linux
  const kids = new Map<number, number[]>();
  const comm = new Map<number, string>();
  const rss = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const fields = stat.slice(close + 2).split(" ");
      const pid = Number(d);
      const ppid = Number(fields[1]);
      comm.set(pid, stat.slice(stat.indexOf("(") + 1, close));
      rss.set(pid, Number(fields[21]) * 4096);
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) / tick);
      (kids.get(ppid) ?? kids.set(ppid, []).get(ppid)!).push(pid);
    } catch {}
  }
  return { kids, comm, rss, cpu };
}

/** RSS of a process and its descendants, Postgres excluded (it has its own budget). */
function treeRss(rootPid: number): { total: number; largest: number } {
  const { kids, comm, rss } = readProcs();
  let total = 0;
  let largest = 0;
  const walk = (pid: number) => {
    if (comm.get(pid) === "postgres") return;
    const r = rss.get(pid) ?? 0;
    total += r;
    largest = Math.max(largest, r);
    for (const k of kids.get(pid) ?? []) walk(k);
  };
  walk(rootPid);
  return { total, largest };
}

/** CPU seconds of every process now, with the group it belongs to: a tree under one of `roots`, or
 *  "postgres" (Postgres's processes, wherever they hang). */
type CpuSnapshot = Map<number, { group: string; seconds: number }>;
function cpuSnapshot(roots: Record<string, number>): CpuSnapshot {
  const { kids, comm, cpu } = readProcs();
  const out: CpuSnapshot = new Map();
  for (const [pid, c] of comm) if (c === "postgres") out.set(pid, { group: "postgres", seconds: cpu.get(pid) ?? 0 });
  for (const [group, root] of Object.entries(roots)) {
    const walk = (pid: number) => {
      if (out.has(pid)) return;
      out.set(pid, { group, seconds: cpu.get(pid) ?? 0 });
      for (const k of kids.get(pid) ?? []) walk(k);
    };
    walk(root);
  }
  return out;
}

/** CPU seconds each group used between two snapshots (a process that ended in between is not counted). */
function cpuUsed(before: CpuSnapshot, after: CpuSnapshot): Record<string, number> {
  const used: Record<string, number> = {};
  for (const [pid, a] of after) used[a.group] = (used[a.group] ?? 0) + a.seconds - (before.get(pid)?.seconds ?? 0);
  return used;
}

// ---------------------------------------------------------------------------------------------
// HTTP

const cookiePairs = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]);

async function signIn(email: string): Promise<string> {
  const csrfRes = await fetch(`${BASE}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookiePairs(csrfRes).join("; ") },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, json: "true", callbackUrl: `${BASE}/` }),
  });
  await res.text();
  const session = cookiePairs(res).filter((c) => c.startsWith("next-auth.session-token"));
  if (!session.length) throw new Error(`Sign-in failed for ${email}: ${res.status}`);
  return session.join("; ");
}

type FilingTemplate = { url: string; headers: Record<string, string> };

type Filed = { ok: boolean; status: number; id?: string; number?: number; error?: string };

/** The form's request (POST /api/bashes/<id>/reports, JSON) with this person's session and draft. */
async function fileReport(t: FilingTemplate, cookie: string, input: Record<string, unknown>, signal?: AbortSignal): Promise<Filed> {
  const res = await fetch(t.url, { method: "POST", headers: { ...t.headers, cookie }, body: JSON.stringify(input), signal });
  const body = (await res.json().catch(() => ({}))) as { id?: string; number?: number; error?: string };
  if ((res.status === 201 || res.status === 200) && body.id) return { ok: true, status: res.status, id: body.id, number: body.number };
  return { ok: false, status: res.status, error: body.error ?? `HTTP ${res.status}` };
}

async function upload(bashId: string, cookie: string, png: Buffer): Promise<string> {
  const res = await fetch(`${BASE}/api/bashes/${bashId}/attachments`, {
    method: "POST",
    headers: { cookie, "content-type": "image/png", "x-file-name": "screenshot.png" },
    body: new Uint8Array(png),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await res.json()) as { id?: string; error?: string };
  if (res.status !== 201 || !body.id) throw new Error(`upload ${res.status}: ${body.error ?? ""}`);
  return body.id;
}

// ---------------------------------------------------------------------------------------------
// SSE clients

type Sse = { events: Map<string, number>; created: () => number; close: () => void; errors: number; opened: Promise<void> };

/** An EventSource, as far as this bench needs: report.created ids with their arrival time. */
function openSse(base: string, bashId: string, cookie: string, onActivity?: (type: string) => void): Sse {
  const ac = new AbortController();
  const events = new Map<string, number>();
  let resolveOpened!: () => void;
  const opened = new Promise<void>((r) => (resolveOpened = r));
  const s: Sse = { events, created: () => events.size, close: () => ac.abort(), errors: 0, opened };
  void (async () => {
    try {
      const res = await fetch(`${base}/api/bashes/${bashId}/events`, { headers: { cookie, accept: "text/event-stream" }, signal: ac.signal });
      if (!res.ok || !res.body) throw new Error(`SSE ${res.status}`);
      const reader = res.body.getReader();
      const dec = new TextDecoder();
      let buf = "";
      // 300 streams × every event: find the two fields by position instead of splitting and parsing
      // each frame (the server's JSON.stringify always writes "type" then "entityType", "entityId").
      const field = (block: string, name: string) => {
        const at = block.indexOf(`"${name}":"`);
        return at < 0 ? null : block.slice(at + name.length + 4, block.indexOf('"', at + name.length + 4));
      };
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += dec.decode(value, { stream: true });
        let from = 0;
        let i: number;
        while ((i = buf.indexOf("\n\n", from)) >= 0) {
          const block = buf.slice(from, i);
          from = i + 2;
          if (block.startsWith("id:")) resolveOpened();
          if (!block.includes("\nevent: activity\n")) continue;
          const type = field(block, "type");
          const entityId = field(block, "entityId");
          if (type === null || entityId === null) continue;
          if (type === "report.created" && !events.has(entityId)) events.set(entityId, performance.now());
          onActivity?.(type);
        }
        buf = buf.slice(from);
      }
    } catch (e) {
      if (!ac.signal.aborted) {
        s.errors += 1;
        console.error("SSE client failed:", e);
      }
    }
  })();
  return s;
}

// ---------------------------------------------------------------------------------------------

async function screenshotPng(): Promise<Buffer> {
  // A phone-sized screenshot with UI-like blocks and some noise, so it compresses like a real one.
  const w = 720;
  const h = 1280;
  const raw = Buffer.alloc(w * h * 3, 245);
  const rnd = crypto.randomBytes(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 3;
      const band = Math.floor(y / 80) % 4;
      if (band === 1 && x > 40 && x < 680) raw.fill(200 + (rnd[y * w + x] & 15), o, o + 3);
      if (band === 3 && x > 40 && x < 400 && y % 80 > 20 && y % 80 < 60) raw.fill(30, o, o + 3);
    }
  }
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } }).png().toBuffer();
}

async function seed(c: pg.Client) {
  const hash = await bcrypt.hash(PASSWORD, 4);
  const bashId = crypto.randomUUID();
  await c.query(
    `insert into "Bash" (id, title, status, "durationMinutes", "startedAt", "endsAt", "updatedAt")
     values ($1, 'Load bench bash', 'LIVE', 120, now() at time zone 'utc', (now() at time zone 'utc') + interval '120 minutes', now())`,
    [bashId],
  );
  const features: string[] = [];
  for (const [i, name] of ["Checkout", "Search", "Account", "Cart", "Payments"].entries()) {
    const id = crypto.randomUUID();
    features.push(id);
    await c.query(`insert into "Feature" (id, "bashId", "menuName", position) values ($1, $2, $3, $4)`, [id, bashId, name, i]);
  }
  const people: { email: string; role: string }[] = [
    ...Array.from({ length: FACILITATORS }, (_, i) => ({ email: `fac${i}@bench.example`, role: "FACILITATOR" })),
    ...Array.from({ length: PARTICIPANTS }, (_, i) => ({ email: `p${i}@bench.example`, role: "PARTICIPANT" })),
  ];
  for (const p of people) {
    const id = crypto.randomUUID();
    await c.query(`insert into "User" (id, email, name, "passwordHash", "updatedAt") values ($1, $2, $3, $4, now())`, [id, p.email, p.email.split("@")[0], hash]);
    await c.query(`insert into "Membership" (id, "bashId", "userId", role, rsvp, "updatedAt") values ($1, $2, $3, $4, 'GOING', now())`, [crypto.randomUUID(), bashId, id, p.role]);
  }
  return { bashId, features, people };
}

/** File one report through the real form in Chromium and keep its request. */
async function captureFiling(bashId: string, cookie: string): Promise<FilingTemplate> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const name = cookie.split("=")[0];
    await context.addCookies([{ name, value: cookie.slice(name.length + 1), url: BASE }]);
    const page = await context.newPage();
    let captured: { url: string; headers: Record<string, string>; body: string } | null = null;
    page.on("request", (r) => {
      if (r.method() === "POST" && r.postData()?.includes("Captured by the load bench")) captured = { url: r.url(), headers: r.headers(), body: r.postData() ?? "" };
    });
    await page.goto(`${BASE}/bashes/${bashId}/report`);
    await page.getByLabel(/^Title/).fill("Captured by the load bench");
    await page.getByRole("button", { name: "Submit report" }).click();
    await page.getByText("Report #1 filed.").waitFor({ timeout: 15_000 });
    if (!captured) throw new Error("The report form sent no request.");
    const got = captured as { url: string; headers: Record<string, string>; body: string };
    if (!got.url.endsWith(`/api/bashes/${bashId}/reports`)) throw new Error(`The report form posted to ${got.url}, not the reports route.`);
    const sent = JSON.parse(got.body) as Record<string, unknown>;
    if (sent.title !== "Captured by the load bench") throw new Error(`Unexpected request body: ${got.body.slice(0, 200)}`);
    const keep = ["content-type", "accept", "origin", "user-agent"];
    return { url: got.url, headers: Object.fromEntries(Object.entries(got.headers).filter(([k]) => keep.includes(k))) };
  } finally {
    await browser.close();
  }
}

function draft(i: number, features: string[], attachmentIds: string[]): Record<string, unknown> {
  return {
    clientId: `load-${i}-${crypto.randomBytes(6).toString("hex")}`,
    featureId: features[i % features.length],
    environmentId: "",
    deviceId: "",
    title: `Load report ${i}: the ${["pay button", "search box", "avatar", "cart total", "coupon"][i % 5]} misbehaves`,
    description: "Tapping it twice in a row shows the wrong total. ".repeat(2),
    steps: "1. Open the cart\n2. Tap pay twice\n3. See the total",
    expected: "The total stays the same",
    actual: "The total doubles",
    severity: "",
    deviceKind: i % 2 ? "MOBILE" : "WEB",
    os: i % 2 ? "Android" : "Windows",
    osVersion: i % 2 ? "14" : "11",
    browser: i % 2 ? "" : "Chrome",
    browserVersion: i % 2 ? "" : "131",
    phoneName: i % 2 ? "Pixel 8" : "",
    attachmentIds,
  };
}

async function main() {
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(PORT),
    BASHBOARD_DATA_DIR: DATA_DIR,
    BASHBOARD_PG_PORT: String(PG_PORT),
    NEXTAUTH_SECRET: SECRET,
    NEXTAUTH_URL: BASE,
    BASHBOARD_BENCH_ROUTES: "1",
    STORAGE_DIR: path.join(DATA_DIR, "uploads"),
    NEXT_TELEMETRY_DISABLED: "1",
  };
  delete env.DATABASE_URL;
  let app: Proc | null = null;
  let appB: Proc | null = null;
  const cleanup = async () => {
    await stop(appB, "SIGTERM");
    await stop(app, "SIGINT");
  };
  process.once("SIGINT", () => void cleanup().finally(() => process.exit(130)));
  try {
    log(`npm start (embedded Postgres on ${PG_PORT}, app on ${PORT}, data in ${path.relative(ROOT, DATA_DIR)})…`);
    app = launch([path.join(ROOT, "scripts/start.mjs")], env);
    await waitForHttp(app, BASE, 600);
    const c = new pg.Client({ connectionString: DB_URL });
    await c.connect();
    await c.query(`create table if not exists bench_insert (id bigserial primary key, title text not null, body text not null, created_at timestamptz not null default now())`);

    log(`Seeding ${PARTICIPANTS} participants and ${FACILITATORS} facilitators…`);
    const { bashId, features, people } = await seed(c);
    log("Signing everyone in over HTTP…");
    const cookies: string[] = [];
    for (let i = 0; i < people.length; i += 10) cookies.push(...(await Promise.all(people.slice(i, i + 10).map((p) => signIn(p.email)))));
    const facCookies = cookies.slice(0, FACILITATORS);
    const partCookies = cookies.slice(FACILITATORS);

    log("Recording the report form's request in Chromium…");
    const action = await captureFiling(bashId, partCookies[0]);

    log(`Starting a second instance on ${PORT_B}…`);
    appB = launch([path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(PORT_B)], withServerDefaults({ ...env, DATABASE_URL: DB_URL, NEXTAUTH_URL: BASE_B, PORT: String(PORT_B) }));
    await waitForHttp(appB, BASE_B, 120);

    const png = await screenshotPng();
    const appPid = app.child.pid!;
    const idleRss = treeRss(appPid);

    // ---- (a) bash-hour load ---------------------------------------------------------------
    if (PHASES.has("load")) {
    log(`Opening ${PARTICIPANTS} participant streams and ${CONSOLES} facilitator consoles…`);
    const streams = partCookies.map((ck) => openSse(BASE, bashId, ck));
    const consoleTimes: number[] = [];
    let consoleErrors = 0;
    const consoles = facCookies.slice(0, CONSOLES).map((ck) => {
      // As LiveRefresh does: 300 ms after the first event of a burst; at most 3 refreshes per 6 s.
      let timer: ReturnType<typeof setTimeout> | null = null;
      let recent: number[] = [];
      return openSse(BASE, bashId, ck, () => {
        if (timer) return;
        const now = Date.now();
        recent = recent.filter((t) => t > now - 6000);
        timer = setTimeout(async () => {
          recent.push(Date.now());
          const t = performance.now();
          try {
            // `?_rsc` as the router adds it (without it Next.js answers 307 to that URL first).
            const res = await fetch(`${BASE}/bashes/${bashId}/live?_rsc`, { headers: { cookie: ck, rsc: "1" }, redirect: "manual", signal: AbortSignal.timeout(30_000) });
            await res.arrayBuffer();
            if (res.status !== 200) consoleErrors += 1;
          } catch {
            consoleErrors += 1;
          }
          consoleTimes.push(performance.now() - t);
          timer = null;
        }, recent.length < 3 ? 300 : Math.max(300, recent[0] + 6000 - now));
      });
    });
    const observer = openSse(BASE_B, bashId, facCookies[0]);
    await Promise.all([...streams, ...consoles, observer].map((s) => s.opened));
    await sleep(1000);

    const total = RATE * SECONDS;
    log(`Filing ${total} reports open-loop at ${RATE}/s for ${SECONDS} s (${SHOT_EVERY ? `every ${SHOT_EVERY === 1 ? "one" : SHOT_EVERY === 3 ? "third" : `${SHOT_EVERY}th`}` : "none"} with a screenshot)…`);
    type Result = { i: number; latency: number; uploadMs?: number; ok: boolean; status: number; error?: string; id?: string; clientId: string; ackAt: number };
    const results: Result[] = [];
    let peak = idleRss;
    const rssTimer = setInterval(() => {
      const r = treeRss(appPid);
      if (r.total > peak.total) peak = r;
    }, 250);
    const cpuRoots = () => ({ app: appPid, "instance B": appB!.child.pid!, generator: process.pid });
    const cpu0 = cpuSnapshot(cpuRoots());
    const t0 = performance.now() + 50;
    const inflight: Promise<void>[] = [];
    let sent = 0;
    const progress = setInterval(() => {
      const done = results.length;
      log(`  sent ${sent}, answered ${done} (${results.filter((r) => !r.ok).length} failed), waiting ${sent - done}`);
    }, 10_000);
    for (let i = 0; i < total; i++) {
      const at = t0 + (i * 1000) / RATE;
      const wait = at - performance.now();
      if (wait > 1) await sleep(wait);
      const cookie = partCookies[i % partCookies.length];
      const shot = withShot(i);
      sent += 1;
      inflight.push(
        (async () => {
          let uploadMs: number | undefined;
          const input = draft(i, features, []);
          try {
            if (shot) {
              const u0 = performance.now();
              input.attachmentIds = [await upload(bashId, cookie, png)];
              uploadMs = performance.now() - u0;
            }
            const r = await fileReport(action, cookie, input, AbortSignal.timeout(30_000));
            const ackAt = performance.now();
            results.push({ i, latency: ackAt - at, uploadMs, ok: r.ok, status: r.status, error: r.error, id: r.id, clientId: String(input.clientId), ackAt });
          } catch (e) {
            results.push({ i, latency: performance.now() - at, uploadMs, ok: false, status: 0, error: String(e), clientId: String(input.clientId), ackAt: NaN });
          }
        })(),
      );
    }
    const sentBy = performance.now() - t0;
    await Promise.all(inflight);
    clearInterval(progress);
    clearInterval(rssTimer);
    const offered = total / (sentBy / 1000);
    const cpuByGroup = cpuUsed(cpu0, cpuSnapshot(cpuRoots()));
    const wall = (performance.now() - t0) / 1000;

    // Every stream should now hold every report; give the last events a moment.
    const acked = results.filter((r) => r.ok);
    const ackedIds = new Set(acked.map((r) => r.id!));
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && ![...streams, ...consoles, observer].every((s) => [...ackedIds].every((id) => s.events.has(id)))) await sleep(200);
    const missed = [...streams, ...consoles, observer].map((s) => [...ackedIds].filter((id) => !s.events.has(id)).length);
    const totalMissed = missed.reduce((a, b) => a + b, 0);
    const streamErrors = [...streams, ...consoles, observer].reduce((a, s) => a + s.errors, 0);
    const liveLatency = acked.map((r) => (observer.events.get(r.id!) ?? NaN) - r.ackAt).filter((x) => Number.isFinite(x));
    const before = liveLatency.filter((x) => x < 0).length;

    const rows = await c.query<{ clientId: string; shots: number }>(
      `select r."clientId", (select count(*)::int from "Attachment" a where a."reportId" = r.id) as shots from "Report" r where r."bashId" = $1`,
      [bashId],
    );
    const inDb = new Map(rows.rows.map((r) => [r.clientId, r.shots]));
    const lost = acked.filter((r) => !inDb.has(r.clientId));
    const shotsLost = acked.filter((r) => withShot(r.i) && inDb.get(r.clientId) !== 1);
    const extra = rows.rows.length - 1 - acked.length; // minus the report Chromium filed
    for (const s of [...streams, ...consoles, observer]) s.close();
    const errors = results.filter((r) => !r.ok);

    const lat = acked.map((r) => r.latency);
    const plain = acked.filter((r) => !withShot(r.i)).map((r) => r.latency);
    const shot = acked.filter((r) => withShot(r.i)).map((r) => r.latency);
    const uploads = acked.filter((r) => r.uploadMs !== undefined).map((r) => r.uploadMs!);
    const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

    console.log(`\n## (a) Bash-hour load: ${PARTICIPANTS} participants on SSE, ${CONSOLES} facilitator consoles, ${RATE} reports/s for ${SECONDS} s\n`);
    console.log(`Offered ${total} reports at ${offered.toFixed(1)}/s (the schedule held to within ${(sentBy / 1000 - (total - 1) / RATE).toFixed(2)} s); screenshot ${(png.length / 1024).toFixed(0)} KB.\n`);
    console.log(
      [
        "| what | n | p50 | p95 | p99 | max |",
        "|---|---|---|---|---|---|",
        `| report acknowledged (all; from its scheduled time) | ${lat.length} | ${ms(pct(lat, 0.5))} | ${ms(pct(lat, 0.95))} | ${ms(pct(lat, 0.99))} | ${ms(Math.max(...lat))} |`,
        `| — without a screenshot | ${plain.length} | ${ms(pct(plain, 0.5))} | ${ms(pct(plain, 0.95))} | ${ms(pct(plain, 0.99))} | ${ms(Math.max(...plain))} |`,
        `| — with a screenshot (upload + report) | ${shot.length} | ${ms(pct(shot, 0.5))} | ${ms(pct(shot, 0.95))} | ${ms(pct(shot, 0.99))} | ${ms(Math.max(...shot))} |`,
        `| — the screenshot upload alone | ${uploads.length} | ${ms(pct(uploads, 0.5))} | ${ms(pct(uploads, 0.95))} | ${ms(pct(uploads, 0.99))} | ${ms(Math.max(...uploads))} |`,
        `| live console refresh (RSC, facilitators) | ${consoleTimes.length} | ${ms(pct(consoleTimes, 0.5))} | ${ms(pct(consoleTimes, 0.95))} | ${ms(pct(consoleTimes, 0.99))} | ${ms(Math.max(...consoleTimes))} |`,
        `| live latency: ack on instance A → event on instance B | ${liveLatency.length} | ${ms(pct(liveLatency, 0.5))} | ${ms(pct(liveLatency, 0.95))} | ${ms(pct(liveLatency, 0.99))} | ${ms(Math.max(...liveLatency))} |`,
      ].join("\n"),
    );
    console.log(
      `\nErrors: ${errors.length}${errors.length ? ` (${[...new Set(errors.map((e) => `${e.status} ${e.error?.slice(0, 120)}`))].slice(0, 5).join("; ")})` : ""}; console refresh errors: ${consoleErrors}; stream errors: ${streamErrors}.`,
    );
    console.log(
      `Database: ${acked.length} acknowledged, ${acked.length - lost.length} of them in the Report table (lost: ${lost.length}); screenshots missing from acknowledged reports: ${shotsLost.length}; rows without an acknowledgement: ${extra}.`,
    );
    console.log(`Streams: ${streams.length + consoles.length + 1} clients, report events missed in total: ${totalMissed}. Events that reached instance B before A's answer reached the client: ${before}.`);
    const used = (k: string) => cpuByGroup[k] ?? 0;
    console.log(
      `CPU while filing (${wall.toFixed(1)} s, ${os.cpus().length} cores): app ${used("app").toFixed(1)} s, Postgres ${used("postgres").toFixed(1)} s, instance B ${used("instance B").toFixed(1)} s, load generator ${used("generator").toFixed(1)} s.`,
    );
    console.log(`App RSS (npm start's process tree, Postgres excluded): idle ${mb(idleRss.total)}, peak ${mb(peak.total)} (largest process ${mb(peak.largest)}).`);
    console.log(
      `\nVerdict: p95 ${pct(lat, 0.95).toFixed(0)} ms (target < 100 ms) ${pct(lat, 0.95) < 100 ? "meets it" : "MISSES it"}; errors ${errors.length} (target 0); lost ${lost.length} (target 0); live p95 ${pct(liveLatency, 0.95).toFixed(0)} ms (target < 500 ms) ${pct(liveLatency, 0.95) < 500 ? "meets it" : "MISSES it"}.`,
    );

    }

    // ---- (b) saturation --------------------------------------------------------------------
    if (PHASES.has("saturation")) {
    log("Saturation: closed loop at rising concurrency, filing and the bare-insert baseline level by level…");
    let n = 0;
    const fileOnce = async (w: number) => {
      const i = 1_000_000 + n++;
      const r = await fileReport(action, partCookies[w % partCookies.length], draft(i, features, []), AbortSignal.timeout(30_000));
      return r.ok;
    };
    const insertOnce = async () => {
      const res = await fetch(`${BASE}/api/bench/insert`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(draft(n++, features, [])), signal: AbortSignal.timeout(30_000) });
      await res.text();
      return res.status === 201;
    };
    const level = async (conc: number, once: (w: number) => Promise<boolean>) => {
      const lats: number[] = [];
      let ok = 0;
      let bad = 0;
      const warmEnd = performance.now() + 1000;
      const end = warmEnd + SAT_SECONDS * 1000;
      await Promise.all(
        Array.from({ length: conc }, async (_, w) => {
          while (performance.now() < end) {
            const t = performance.now();
            const good = await once(w).catch(() => false);
            if (t < warmEnd) continue;
            if (good) {
              ok += 1;
              lats.push(performance.now() - t);
            } else bad += 1;
          }
        }),
      );
      return { conc, rps: ok / SAT_SECONDS, p50: pct(lats, 0.5), p95: pct(lats, 0.95), bad };
    };
    type Level = Awaited<ReturnType<typeof level>>;
    const filing: Level[] = [];
    const baseline: Level[] = [];
    const grew = (xs: Level[]) => xs.length < 3 || xs[xs.length - 1].rps > 1.05 * Math.max(...xs.slice(0, -1).map((x) => x.rps)) || xs[xs.length - 2].rps > 1.05 * Math.max(...xs.slice(0, -2).map((x) => x.rps));
    for (const conc of SAT_LEVELS) {
      if (grew(filing)) filing.push(await level(conc, fileOnce));
      if (grew(baseline)) baseline.push(await level(conc, insertOnce));
      log(`  concurrency ${conc}: filing ${filing.at(-1)?.rps.toFixed(0)}/s, baseline ${baseline.at(-1)?.rps.toFixed(0)}/s`);
      if (!grew(filing) && !grew(baseline)) break;
    }
    const peakOf = (xs: Level[]) => xs.reduce((a, b) => (b.rps > a.rps ? b : a));
    const pf = peakOf(filing);
    const pb = peakOf(baseline);
    console.log(`\n## (b) Saturation (closed loop, ${SAT_SECONDS} s per level after 1 s warm-up, streams closed)\n`);
    console.log(
      [
        "| concurrency | filing reports/s | filing p50 | filing p95 | baseline inserts/s | baseline p50 | baseline p95 |",
        "|---|---|---|---|---|---|---|",
        ...SAT_LEVELS.filter((l) => filing.some((f) => f.conc === l) || baseline.some((b) => b.conc === l)).map((l) => {
          const f = filing.find((x) => x.conc === l);
          const b = baseline.find((x) => x.conc === l);
          return `| ${l} | ${f ? f.rps.toFixed(0) : "–"}${f?.bad ? ` (${f.bad} failed)` : ""} | ${f ? ms(f.p50) : "–"} | ${f ? ms(f.p95) : "–"} | ${b ? b.rps.toFixed(0) : "–"}${b?.bad ? ` (${b.bad} failed)` : ""} | ${b ? ms(b.p50) : "–"} | ${b ? ms(b.p95) : "–"} |`;
        }),
      ].join("\n"),
    );
    console.log(
      `\nPeak: filing ${pf.rps.toFixed(0)}/s at concurrency ${pf.conc}; baseline ${pb.rps.toFixed(0)}/s at ${pb.conc}; ratio ${((100 * pf.rps) / pb.rps).toFixed(0)} % (target ≥ 50 %) ${pf.rps >= 0.5 * pb.rps ? "meets it" : "MISSES it"}.`,
    );
    }
    await c.end();
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
