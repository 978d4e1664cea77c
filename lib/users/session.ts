// Who a session belongs to, read from the database: no next-auth here, so the realtime streams (and
// tests that stand in for lib/auth) can use it. lib/auth re-exports it.
import type { Db } from "@/lib/db";
import type { Actor, BashContext, BashRole } from "@/lib/policy";

/** A session signed in before the latest password change or reset is over. */
export function sessionStillValid(authAt: number | undefined, passwordChangedAt: Date | null): boolean {
  if (!passwordChangedAt) return true;
  return typeof authAt === "number" && authAt >= passwordChangedAt.getTime();
}

/** The session a request came with: whose it is and when they signed in (ms). */
export type SessionRef = { id: string; authAt?: number };
export type ActorInBash = { actor: Actor; bash: BashContext & { exists: boolean }; session: SessionRef };

/** getActorInBash's query, for a session's user id and sign-in time. */
export async function findActorInBash(db: Db, session: SessionRef, bashId: string): Promise<ActorInBash | null> {
  const rows = await db.$queryRaw<
    { id: string; name: string; email: string; isAdmin: boolean; deactivatedAt: Date | null; passwordChangedAt: Date | null; bashExists: boolean; archived: boolean; role: BashRole | null }[]
  >`
    select u.id, u.name, u.email, u."isAdmin", u."deactivatedAt", u."passwordChangedAt",
      b.id is not null as "bashExists", b."archivedAt" is not null as archived, m.role::text as role
    from "User" u
    left join "Bash" b on b.id = ${bashId}
    left join "Membership" m on m."bashId" = b.id and m."userId" = u.id
    where u.id = ${session.id}`;
  const u = rows[0];
  if (!u || u.deactivatedAt || !sessionStillValid(session.authAt, u.passwordChangedAt)) return null;
  const actor: Actor = { id: u.id, name: u.name, email: u.email, isAdmin: u.isAdmin };
  return { actor, bash: u.bashExists ? { exists: true, role: u.role, archived: u.archived } : { exists: false, role: null }, session };
}

