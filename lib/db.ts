import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";

/** Anything that can run queries: the client itself or an open transaction. */
export type Db = PrismaClient | Prisma.TransactionClient;

export function createPrisma(databaseUrl: string): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  return new PrismaClient({ adapter });
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
