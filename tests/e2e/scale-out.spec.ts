// Scale-out: two `next start` processes on one database (no Docker). A report filed through one
// instance shows up live on a facilitator's console served by the other — the event travels through
// Postgres LISTEN/NOTIFY, not through process memory.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import pg from "pg";
import { expect, test } from "@playwright/test";
import { insertUser } from "./db";
import { signInAs } from "./helpers";

const root = path.resolve(import.meta.dirname, "../..");
const PORT_A = Number(process.env.E2E_PORT ?? 3100); // the instance Playwright started
const PORT_B = PORT_A + 2;
const stamp = Date.now();
const fac = { name: "Sam Second", email: `sam-${stamp}@example.com`, password: "facilitator password 1" };
const part = { name: "Pip First", email: `pip-${stamp}@example.com`, password: "participant password 1" };
let second: ChildProcess | null = null;
let bashId = "";

test.afterAll(() => {
  if (second && second.exitCode === null) second.kill("SIGKILL");
});

test.beforeAll(async () => {
  await insertUser(fac);
  await insertUser(part);
  const c = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await c.connect();
  try {
    const rows = await c.query<{ id: string; email: string }>(`select id, email from "User" where email = any($1)`, [[fac.email, part.email]]);
    bashId = crypto.randomUUID();
    await c.query(
      `insert into "Bash" (id, title, status, "durationMinutes", "startedAt", "endsAt", "updatedAt")
       values ($1, 'Two instances bash', 'LIVE', 60, (now() at time zone 'utc'), (now() at time zone 'utc') + interval '60 minutes', now())`,
      [bashId],
    );
    for (const r of rows.rows) {
      await c.query(`insert into "Membership" (id, "bashId", "userId", role, rsvp, "updatedAt") values ($1, $2, $3, $4, 'GOING', now())`, [
        crypto.randomUUID(),
        bashId,
        r.id,
        r.email === fac.email ? "FACILITATOR" : "PARTICIPANT",
      ]);
    }
  } finally {
    await c.end();
  }

  // The second instance: same build, same database, same secret, another port.
  const busy = await fetch(`http://localhost:${PORT_B}/`, { signal: AbortSignal.timeout(2000) }).then(
    () => true,
    () => false,
  );
  if (busy) throw new Error(`Port ${PORT_B} already answers: stop whatever runs there and try again.`);
  second = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(PORT_B)], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? "",
      NEXTAUTH_SECRET: process.env.E2E_SECRET ?? "e2e-secret-not-for-production",
      NEXTAUTH_URL: `http://localhost:${PORT_B}`,
      BCRYPT_ROUNDS: "4",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  second.stdout!.on("data", (d) => (out += d));
  second.stderr!.on("data", (d) => (out += d));
  const until = Date.now() + 60_000;
  for (;;) {
    if (second.exitCode !== null) throw new Error(`The second instance exited:\n${out}`);
    const ok = await fetch(`http://localhost:${PORT_B}/signin`, { signal: AbortSignal.timeout(5000) }).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) break;
    if (Date.now() > until) throw new Error(`The second instance did not answer within 60 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 250));
  }
});

test("a report filed on instance A appears live on a console served by instance B", async ({ browser }) => {
  const facContext = await browser.newContext({ baseURL: `http://localhost:${PORT_B}` });
  const facPage = await facContext.newPage();
  await signInAs(facPage, fac);
  await facPage.goto(`/bashes/${bashId}/live`);
  await expect(facPage.getByRole("heading", { name: "Live console" })).toBeVisible();
  await expect(facPage.getByText("No reports yet.")).toBeVisible();

  const partContext = await browser.newContext({ baseURL: `http://localhost:${PORT_A}` });
  const partPage = await partContext.newPage();
  await signInAs(partPage, part);
  await partPage.goto(`/bashes/${bashId}/report`);
  await partPage.getByLabel(/^Title/).fill("Filed through instance A");
  await partPage.getByRole("button", { name: "Submit report" }).click();
  await expect(partPage.getByRole("status").filter({ hasText: "Report #1 filed." })).toBeVisible();

  await expect(facPage.getByTestId("feed-item").filter({ hasText: "#1 Filed through instance A" })).toBeVisible({ timeout: 5_000 });
  expect(new URL(facPage.url()).port).toBe(String(PORT_B));
});
