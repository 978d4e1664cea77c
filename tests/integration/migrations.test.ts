import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { applyMigrations, listMigrations } from "@/scripts/lib/migrate.mjs";
import { diffMigrationsToSchema } from "@/scripts/lib/schema-engine.mjs";
import { testDbUrl } from "./db";

const root = path.resolve(import.meta.dirname, "../..");
const schemaPath = path.join(root, "prisma/schema.prisma");
const migrationsDir = path.join(root, "prisma/migrations");

describe("migrations", () => {
  it("agree with prisma/schema.prisma (Prisma's schema engine diff, offline)", async () => {
    const { drift, script } = await diffMigrationsToSchema({ url: testDbUrl(), schemaPath, migrationsDir });
    expect(drift, `schema.prisma and prisma/migrations disagree; run \`npm run db:migration:create -- <name>\`:\n${script}`).toBe(false);
  }, 60_000);

  it("the drift check notices a schema change that has no migration", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bb-schema-"));
    const changed = path.join(tmp, "schema.prisma");
    fs.writeFileSync(
      changed,
      fs.readFileSync(schemaPath, "utf8").replace('label               String     @default("bug-bash")', 'label String @default("bug-bash")\n  driftCheck Int @default(0)'),
    );
    const { drift, script } = await diffMigrationsToSchema({ url: testDbUrl(), schemaPath: changed, migrationsDir });
    expect(drift).toBe(true);
    expect(script).toContain('ALTER TABLE "Bash" ADD COLUMN');
    expect(script).toContain('"driftCheck"');
  }, 60_000);

  it("were applied with Prisma-compatible bookkeeping, and applying again changes nothing", async () => {
    const files = listMigrations(migrationsDir);
    expect(files.length).toBeGreaterThan(0);
    const c = new pg.Client({ connectionString: testDbUrl() });
    await c.connect();
    try {
      const { rows } = await c.query(`select migration_name, checksum, finished_at from "_prisma_migrations" order by migration_name`);
      expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(files.map((f) => [f.name, f.checksum]));
      expect(rows.every((r) => r.finished_at)).toBe(true);
      expect(await applyMigrations(testDbUrl(), migrationsDir)).toEqual([]);
      const shadows = await c.query(`select datname from pg_database where datname like 'prisma_migrate_shadow_db_%'`);
      expect(shadows.rows, "shadow databases must be dropped").toEqual([]);
    } finally {
      await c.end();
    }
  });
});
