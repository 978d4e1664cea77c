#!/usr/bin/env node
// `npm run db:migrate`: apply prisma/migrations to DATABASE_URL, or to the embedded Postgres.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { resolveDatabase } from "./lib/database.mjs";
import { applyMigrations } from "./lib/migrate.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
try {
  const db = await resolveDatabase(root);
  try {
    const applied = await applyMigrations(db.url, path.join(root, "prisma/migrations"));
    console.log(applied.length ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
  } finally {
    await db.stop();
  }
} catch (e) {
  console.error(e?.message ?? String(e));
  process.exit(1);
}
