import crypto from "node:crypto";
import bcrypt from "bcryptjs";
import pg from "pg";

/** Put a user straight into the e2e database, so a spec file does not depend on another's first run. */
export async function insertUser(u: { name: string; email: string; password: string; isAdmin?: boolean }) {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`insert into "User" (id, email, name, "passwordHash", "isAdmin", "updatedAt") values ($1, $2, $3, $4, $5, now())`, [
      crypto.randomUUID(),
      u.email,
      u.name,
      await bcrypt.hash(u.password, 4),
      u.isAdmin ?? false,
    ]);
  } finally {
    await client.end();
  }
}

/** Run `fn` with a connection to the e2e database (for seeding and for checking what was stored). */
export async function withDb<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
