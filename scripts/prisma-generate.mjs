#!/usr/bin/env node
// `prisma generate` offline. Prisma 7's CLI asks for a native schema-engine binary that its install
// step downloads from Prisma's server; generate never runs it, so any executable satisfies the check.
// Never point migrate commands at this: see scripts/schema-engine.mjs and lib/migrate.ts instead.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const env = { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = "/bin/true";
const r = spawnSync(process.execPath, [path.join(root, "node_modules/prisma/build/index.js"), "generate"], {
  cwd: root,
  env,
  stdio: "inherit",
});
if (r.status !== 0) {
  console.error("prisma generate failed (exit " + r.status + ").");
  process.exit(r.status ?? 1);
}
