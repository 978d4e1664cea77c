// Databases for the test suite: the embedded Postgres under .data/test-pg by default, or the server
// named by TEST_DATABASE_URL. Each run starts from an empty schema with every migration applied.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { postgresCanReach, startEmbeddedPostgres } from "./embedded-pg.mjs";
import { applyMigrations } from "./migrate.mjs";
import { probeDatabase } from "./db-url.mjs";

export async function prepareTestDatabases(root, names = ["bashboard_test", "bashboard_e2e"]) {
  let server = null;
  let urls;
  if (process.env.TEST_DATABASE_URL) {
    const base = process.env.TEST_DATABASE_URL;
    const problem = await probeDatabase(base);
    if (problem) throw new Error(problem.replace("DATABASE_URL", "TEST_DATABASE_URL"));
    const u = new URL(base);
    const baseName = u.pathname.slice(1);
    urls = names.map((n, i) => {
      if (i === 0) return base;
      const x = new URL(base);
      x.pathname = `/${baseName}_${n.split("_").pop()}`;
      return x.toString();
    });
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    try {
      for (const url of urls.slice(1)) {
        const db = new URL(url).pathname.slice(1);
        const r = await admin.query("select 1 from pg_database where datname = $1", [db]);
        if (r.rowCount === 0) await admin.query(`create database "${db}"`);
      }
    } finally {
      await admin.end();
    }
  } else {
    let dataDir = path.join(root, ".data/test-pg");
    if (!postgresCanReach(dataDir)) {
      // A clone under /root (mode 700) as root: keep the test cluster where Postgres can reach it.
      const id = crypto.createHash("sha256").update(root).digest("hex").slice(0, 12);
      const base = path.join(os.tmpdir(), `bashboard-test-${id}`);
      fs.mkdirSync(base, { recursive: true, mode: 0o755 });
      fs.chmodSync(base, 0o755);
      dataDir = path.join(base, "test-pg");
    }
    server = await startEmbeddedPostgres({
      dataDir,
      port: Number(process.env.BASHBOARD_TEST_PG_PORT ?? 54330),
      databases: names,
      log: () => {},
    });
    urls = names.map((n) => server.url(n));
  }
  for (const url of urls) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query("drop schema if exists public cascade");
      await c.query("create schema public");
    } finally {
      await c.end();
    }
    await applyMigrations(url, path.join(root, "prisma/migrations"));
  }
  return { urls, stop: async () => server?.stop() };
}
