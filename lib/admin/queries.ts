// The users admin list: who is on this install, their status, role, last sign-in and bashes.
import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { assertCan, type Actor } from "@/lib/policy";
import { USERS_PAGE_SIZE, ZUserSearch, type UserFilter, type UserStatus } from "@/lib/admin/schema";
import { parseInput } from "@/lib/validation";

export type AdminUserRow = {
  id: string;
  name: string;
  email: string;
  isAdmin: boolean;
  status: UserStatus;
  createdAt: Date;
  deactivatedAt: Date | null;
  /** The last successful password sign-in (sign-ins with GitHub/Google/Microsoft are not recorded). */
  lastSignInAt: Date | null;
  /** Bashes they are a member of. */
  bashes: number;
  /** OAuth providers linked to the account. */
  providers: string[];
};

/** Active = can sign in (a password or a linked provider); invited = neither yet; deactivated wins over both. */
export function userStatus(u: { deactivatedAt: Date | null; passwordHash: string | null; accounts: number }): UserStatus {
  if (u.deactivatedAt) return "deactivated";
  if (!u.passwordHash && u.accounts === 0) return "invited";
  return "active";
}

function statusWhere(status: UserFilter): Prisma.UserWhereInput {
  switch (status) {
    case "active":
      return { deactivatedAt: null, OR: [{ passwordHash: { not: null } }, { accounts: { some: {} } }] };
    case "invited":
      return { deactivatedAt: null, passwordHash: null, accounts: { none: {} } };
    case "deactivated":
      return { deactivatedAt: { not: null } };
    case "admins":
      return { isAdmin: true };
    default:
      return {};
  }
}

/** Search by name or email, filter by status; at most USERS_PAGE_SIZE per page, newest first. */
export async function listUsers(db: Db, actor: Actor, raw: unknown = {}) {
  assertCan(actor, "admin.users");
  const input = parseInput(ZUserSearch, raw);
  const where: Prisma.UserWhereInput = {
    AND: [
      statusWhere(input.status),
      input.q ? { OR: [{ name: { contains: input.q, mode: "insensitive" } }, { email: { contains: input.q, mode: "insensitive" } }] } : {},
    ],
  };
  const [total, all, rows] = await Promise.all([
    db.user.count({ where }),
    db.user.count(),
    db.user.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      skip: (input.page - 1) * USERS_PAGE_SIZE,
      take: USERS_PAGE_SIZE,
      select: {
        id: true,
        name: true,
        email: true,
        isAdmin: true,
        passwordHash: true,
        deactivatedAt: true,
        createdAt: true,
        accounts: { select: { provider: true } },
        _count: { select: { memberships: { where: { isPlaceholder: false } } } },
      },
    }),
  ]);
  const lastSignIns = rows.length
    ? await db.loginAttempt.groupBy({ by: ["email"], where: { email: { in: rows.map((r) => r.email) }, success: true }, _max: { createdAt: true } })
    : [];
  const lastByEmail = new Map(lastSignIns.map((l) => [l.email, l._max.createdAt]));
  const users: AdminUserRow[] = rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    isAdmin: r.isAdmin,
    status: userStatus({ deactivatedAt: r.deactivatedAt, passwordHash: r.passwordHash, accounts: r.accounts.length }),
    createdAt: r.createdAt,
    deactivatedAt: r.deactivatedAt,
    lastSignInAt: lastByEmail.get(r.email) ?? null,
    bashes: r._count.memberships,
    providers: [...new Set(r.accounts.map((a) => a.provider))],
  }));
  return { users, total, all, page: input.page, pageSize: USERS_PAGE_SIZE, pages: Math.max(1, Math.ceil(total / USERS_PAGE_SIZE)), q: input.q, status: input.status };
}

/** Admins who can still sign in; there is always at least one. */
export async function countActiveAdmins(db: Db): Promise<number> {
  return db.user.count({ where: { isAdmin: true, deactivatedAt: null, OR: [{ passwordHash: { not: null } }, { accounts: { some: {} } }] } });
}
