import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "@/scripts/lib/embedded-pg.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bb-pg-"));
const port = 54341;

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function canQuery(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query("select 42 as n")).rows[0].n === 42;
  } finally {
    await c.end();
  }
}

describe("embedded Postgres", () => {
  it("recovers when its Node process was killed and left the server and postmaster.pid behind", async () => {
    const script = `
      import { startEmbeddedPostgres } from ${JSON.stringify(path.join(root, "scripts/lib/embedded-pg.mjs"))};
      await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dir)}, port: ${port}, databases: ["kept"], log: () => {} });
      console.log("READY");
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d) => String(d).includes("READY") && resolve());
      child.once("exit", (code) => reject(new Error(`child exited ${code}`)));
    });
    const url = `postgresql://bashboard:bashboard@127.0.0.1:${port}/kept`;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query("create table survivor (id int)");
    await c.query("insert into survivor values (7)");
    await c.end();
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    expect(fs.existsSync(path.join(dir, "postmaster.pid"))).toBe(true);

    const logs: string[] = [];
    const server = await startEmbeddedPostgres({ dataDir: dir, port, databases: ["kept"], log: (m: string) => logs.push(m) });
    try {
      expect(logs.join("\n")).toMatch(/Stopping a Postgres left running by an earlier run/);
      const c = new pg.Client({ connectionString: server.url("kept") });
      await c.connect();
      expect((await c.query("select id from survivor")).rows).toEqual([{ id: 7 }]);
      await c.end();
    } finally {
      await server.stop();
    }
    expect(fs.existsSync(path.join(dir, "postmaster.pid"))).toBe(false);
  }, 60_000);

  it("removes a stale postmaster.pid whose process is gone", async () => {
    const dead = spawnSync(process.execPath, ["-e", "console.log(process.pid)"]).stdout.toString().trim();
    fs.writeFileSync(path.join(dir, "postmaster.pid"), `${dead}\n${dir}\n`);
    const logs: string[] = [];
    const server = await startEmbeddedPostgres({ dataDir: dir, port, databases: ["kept"], log: (m: string) => logs.push(m) });
    try {
      expect(logs.join("\n")).toMatch(/Removed a stale postmaster.pid/);
      expect(await canQuery(server.url("kept"))).toBe(true);
    } finally {
      await server.stop();
    }
  }, 60_000);

  it("refuses port 5432", async () => {
    await expect(startEmbeddedPostgres({ dataDir: dir, port: 5432 })).rejects.toThrow(/must not use port 5432/);
  });
});

describe("npm start with a bad DATABASE_URL", () => {
  for (const [url, sentence] of [
    ["postgresql://u:p@127.0.0.1:1/db", "Cannot connect to Postgres at 127.0.0.1:1: the connection was refused — is the server running and listening there?"],
    ["definitely not a url", "DATABASE_URL is not a valid URL; expected something like postgresql://user:password@host:5432/bashboard."],
  ]) {
    it(`prints one clear sentence for ${url}`, () => {
      const r = spawnSync(process.execPath, [path.join(root, "scripts/start.mjs")], {
        env: { ...process.env, DATABASE_URL: url, BASHBOARD_DATA_DIR: dir },
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(r.status).toBe(1);
      expect(r.stderr.trim()).toBe(sentence);
      expect(r.stdout).not.toMatch(/\n\s+at /);
    });
  }
});
