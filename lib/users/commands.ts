import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { hashPassword } from "@/lib/users/password";
import { ZCreateFirstAdmin } from "@/lib/users/schema";
import { parseInput } from "@/lib/validation";

export async function countUsers(db: Db): Promise<number> {
  return db.user.count();
}

/**
 * First run: the first visitor creates the admin account. Allowed only while no user exists;
 * two visitors at the same instant cannot both become the first admin (advisory lock).
 */
export async function createFirstAdmin(db: PrismaClient, raw: unknown) {
  const input = parseInput(ZCreateFirstAdmin, raw);
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`select pg_advisory_xact_lock(4242001)`;
    if ((await tx.user.count()) > 0) {
      throw new AppError("CONFLICT", "Bashboard already has an admin. Sign in instead.");
    }
    const user = await tx.user.create({
      data: { name: input.name, email: input.email, passwordHash, isAdmin: true, emailVerifiedAt: new Date() },
      select: { id: true, email: true, name: true, isAdmin: true },
    });
    await tx.activity.create({
      data: { actorId: user.id, type: "user.first_admin_created", entityType: "user", entityId: user.id },
    });
    return user;
  });
}
