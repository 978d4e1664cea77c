import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";

/** Anything that can run queries: the client itself or an open transaction. */
export type Db = PrismaClient | Prisma.TransactionClient;

const sidePools = new WeakMap<object, () => pg.Pool>();

export function createPrisma(databaseUrl: string): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  const client = new PrismaClient({ adapter });
  let side: pg.Pool | null = null;
  sidePools.set(client, () => {
    if (!side) {
      // Made on first use; idle connections close after 10 s and never keep the process alive.
      side = new pg.Pool({ connectionString: databaseUrl, max: 2, idleTimeoutMillis: 10_000, allowExitOnIdle: true });
      // An idle connection dropped by the server (a restart) must not crash the process; the next
      // query opens a new one, and a failing query rejects as usual.
      side.on("error", () => {});
    }
    return side;
  });
  return client;
}

/**
 * A second, small pool (2 connections) on the same database as `db`, for a short write that must
 * not queue behind everything waiting for the main pool: a report's flush write, which runs after
 * the report has committed and before it is acknowledged (lib/reports/commands.ts). Null for a
 * transaction client.
 */
export function sidePool(db: Db): pg.Pool | null {
  return sidePools.get(db)?.() ?? null;
}

const globalForPrisma = globalThis as unknown as { __bashboardPrisma?: PrismaClient };

/** The process-wide client. DATABASE_URL is set by `npm start` (embedded Postgres) or by you. */
export function getDb(): PrismaClient {
  if (!globalForPrisma.__bashboardPrisma) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start Bashboard with `npm start`, which provides it.");
    globalForPrisma.__bashboardPrisma = createPrisma(url);
  }
  return globalForPrisma.__bashboardPrisma;
}
