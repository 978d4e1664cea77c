import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Actor, BashRole } from "@/lib/policy";
import { hashPassword } from "@/lib/users/password";

let n = 0;

export async function makeUser(
  db: PrismaClient,
  opts: { name?: string; email?: string; password?: string; isAdmin?: boolean } = {},
): Promise<Actor & { password: string }> {
  n += 1;
  const password = opts.password ?? "a-long-enough-password";
  const email = opts.email ?? `user${n}-${Date.now()}@example.com`;
  const user = await db.user.create({
    data: { email, name: opts.name ?? `User ${n}`, isAdmin: opts.isAdmin ?? false, passwordHash: await hashPassword(password) },
  });
  return { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin, password };
}

/** A new user who is a member of the bash with this role. */
export async function makeMember(db: PrismaClient, bashId: string, role: BashRole, opts: { name?: string } = {}): Promise<Actor & { password: string }> {
  const u = await makeUser(db, opts);
  await db.membership.create({ data: { bashId, userId: u.id, role } });
  return u;
}
