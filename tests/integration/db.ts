// Integration tests run against a real Postgres: the one `npm test` prepared (TEST_DB_URL).
import { afterAll } from "vitest";
import { createPrisma } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export function testDbUrl(): string {
  const url = process.env.TEST_DB_URL;
  if (!url) throw new Error("TEST_DB_URL is not set: run the integration tests through `npm test` (or `npm run test:unit`).");
  return url;
}

let client: PrismaClient | null = null;

export function db(): PrismaClient {
  if (!client) {
    client = createPrisma(testDbUrl());
    afterAll(async () => {
      await client?.$disconnect();
      client = null;
    });
  }
  return client;
}

/** Empty every table (keeps the schema and the migrations table). */
export async function resetDb() {
  const rows = await db().$queryRaw<{ tablename: string }[]>`
    select tablename from pg_tables where schemaname = 'public' and tablename <> '_prisma_migrations'`;
  if (rows.length) await db().$executeRawUnsafe(`truncate ${rows.map((r) => `"${r.tablename}"`).join(", ")} restart identity cascade`);
}
