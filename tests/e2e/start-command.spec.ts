// The README's run command, as a new user runs it: `npm start` on an empty data folder (embedded
// Postgres), and `npm start` with DATABASE_URL pointing at a Postgres the app did not start.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { expect, test, type Page } from "@playwright/test";
import { checkPage } from "./helpers";

test.describe.configure({ mode: "serial" });

const root = path.resolve(import.meta.dirname, "../..");

type Started = { proc: ChildProcess; output: () => string; url: string };

// Every app this file starts is killed at the end, even when a test fails half-way: a server left
// running on the port would answer the next run's requests from a deleted data folder.
const started = new Set<ChildProcess>();
test.afterEach(() => {
  for (const p of started) if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
  started.clear();
});

async function startApp(env: Record<string, string | undefined>, port: number): Promise<Started> {
  const cleanEnv = { ...process.env, ...env, PORT: String(port), NEXTAUTH_URL: undefined, NEXTAUTH_SECRET: undefined } as NodeJS.ProcessEnv;
  for (const k of Object.keys(cleanEnv)) if (cleanEnv[k] === undefined) delete cleanEnv[k];
  const busy = await fetch(`http://localhost:${port}/`, { signal: AbortSignal.timeout(2000) }).then(
    () => true,
    () => false,
  );
  if (busy) throw new Error(`Port ${port} already answers: stop whatever runs there (a Bashboard left over from an earlier run?) and try again.`);
  const proc = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], { cwd: root, env: cleanEnv, stdio: ["ignore", "pipe", "pipe"] });
  started.add(proc);
  let out = "";
  proc.stdout!.on("data", (d) => (out += d));
  proc.stderr!.on("data", (d) => (out += d));
  const url = `http://localhost:${port}`;
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`npm start exited early:\n${out}`);
    try {
      const r = await fetch(`${url}/signin`, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
      if (r.status < 500) return { proc, output: () => out, url };
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  proc.kill("SIGKILL");
  throw new Error(`npm start did not answer within 90 s:\n${out}`);
}

async function stopApp(app: Started): Promise<number | null> {
  app.proc.kill("SIGINT");
  return new Promise((resolve) => app.proc.once("exit", (code) => resolve(code)));
}

async function firstRun(page: Page, base: string) {
  await page.goto(`${base}/`);
  await expect(page).toHaveURL(/\/setup$/);
  await page.getByLabel("Your name").fill("Nia New");
  await page.getByLabel("Email").fill("nia@example.com");
  await page.getByLabel("Password").fill("a fresh clone password");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByRole("heading", { name: "No bashes yet" })).toBeVisible();
  await page.getByRole("button", { name: "Load demo data" }).click();
  await expect(page.getByRole("heading", { name: "Shopfront 2.4 checkout bug bash" })).toBeVisible();
}

test("npm start with no DATABASE_URL: embedded Postgres, first run, demo; data survives a restart; Ctrl-C stops Postgres", async ({ page }) => {
  test.setTimeout(240_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bb-start-"));
  fs.chmodSync(dataDir, 0o755); // as root, Postgres runs as its own user and must reach pg/ inside
  const env = { DATABASE_URL: undefined, BASHBOARD_DATA_DIR: dataDir, BASHBOARD_PG_PORT: "54351" };
  try {
    let app = await startApp(env, 3201);
    expect(app.output()).toContain("Embedded Postgres is running on port 54351");
    expect(app.output()).toMatch(/Applied \d+ migration/);
    expect(fs.existsSync(path.join(dataDir, "auth-secret"))).toBe(true);
    await firstRun(page, app.url);
    await checkPage(page, "start-demo");

    expect(await stopApp(app)).toBe(0);
    expect(app.output()).toContain("Stopping the embedded Postgres");
    expect(fs.existsSync(path.join(dataDir, "pg/postmaster.pid")), "Postgres stopped cleanly").toBe(false);

    app = await startApp(env, 3201);
    expect(app.output()).not.toContain("Applied");
    await page.goto(`${app.url}/`);
    // Same secret, same database: still signed in, and the demo bash is still there.
    await expect(page.getByRole("heading", { name: "My bashes" })).toBeVisible();
    await expect(page.getByRole("link", { name: /Shopfront 2.4 checkout bug bash/ })).toBeVisible();
    expect(await stopApp(app)).toBe(0);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test("npm start with DATABASE_URL uses that server (one the app did not start)", async ({ page }) => {
  const external = process.env.EXTERNAL_PG_URL;
  test.skip(!external, "EXTERNAL_PG_URL is not set (.ci/run sets it to Debian's PostgreSQL 15 on port 5432 when that is installed).");
  test.setTimeout(180_000);
  const c = new pg.Client({ connectionString: external });
  await c.connect();
  await c.query("drop schema if exists public cascade; create schema public;");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bb-ext-"));
  try {
    const app = await startApp({ DATABASE_URL: external, BASHBOARD_DATA_DIR: dataDir }, 3202);
    expect(app.output()).not.toContain("Embedded Postgres");
    await firstRun(page, app.url);
    const { rows } = await c.query(`select count(*)::int as n from "Report"`);
    expect(rows[0].n).toBe(40);
    const version = await c.query("show server_version");
    test.info().annotations.push({ type: "external postgres", description: version.rows[0].server_version });
    expect(fs.existsSync(path.join(dataDir, "pg")), "no embedded Postgres was created").toBe(false);
    expect(await stopApp(app)).toBe(0);
  } finally {
    await c.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
