import type { Db } from "@/lib/db";
import { OPTIONAL_EMAIL_KINDS, emailKindEnabled } from "@/lib/account/notification-kinds";
import { notFound } from "@/lib/errors";
import type { Actor } from "@/lib/policy";

/** Everything the My account page shows. */
export async function getAccount(db: Db, actor: Actor) {
  const user = await db.user.findUnique({
    where: { id: actor.id },
    select: { id: true, name: true, email: true, designation: true, passwordHash: true, emailPrefs: true, accounts: { select: { provider: true } } },
  });
  if (!user) throw notFound("Your account");
  const devices = await listSavedDevices(db, actor);
  return {
    name: user.name,
    email: user.email,
    designation: user.designation ?? "",
    hasPassword: !!user.passwordHash,
    providers: [...new Set(user.accounts.map((a) => a.provider))],
    devices,
    emailPrefs: OPTIONAL_EMAIL_KINDS.map((k) => ({ ...k, enabled: emailKindEnabled(user.emailPrefs, k.kind) })),
  };
}

/** The devices saved on my profile (not tied to a bash), oldest first. */
export function listSavedDevices(db: Db, actor: Actor) {
  return db.device.findMany({ where: { userId: actor.id, membershipId: null }, orderBy: { createdAt: "asc" } });
}
