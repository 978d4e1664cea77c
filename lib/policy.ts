// The one authorization table: may this actor do X to Y?
// Every command and query asks here (assertCan), never only in middleware.
import { AppError, notFound } from "@/lib/errors";

export type BashRole = "FACILITATOR" | "PARTICIPANT" | "TRIAGER" | "OBSERVER";
export const BASH_ROLES: readonly BashRole[] = ["FACILITATOR", "PARTICIPANT", "TRIAGER", "OBSERVER"];

export type Actor = { id: string; isAdmin: boolean; name: string; email: string };

/** Actions on one bash; the answer depends on the actor's role in that bash. */
export const BASH_ACTIONS = [
  "bash.read",
  "bash.update",
  "bash.run", // start, extend, end
  "bash.archive",
  "bash.delete",
  "bash.export",
  "bash.import",
  "member.list",
  "member.manage",
  "invite.manage",
  "credential.manage",
  "credential.claim",
  "rsvp.respond",
  "report.create",
  "report.read",
  "report.comment",
  "report.triage",
  "help.raise",
  "help.handle",
  "console.view",
  "audit.read",
] as const;
export type BashAction = (typeof BASH_ACTIONS)[number];

/** Install-wide actions; the answer depends only on the actor. */
export const INSTALL_ACTIONS = ["bash.create", "demo.load", "admin.users", "admin.settings", "admin.audit"] as const;
export type InstallAction = (typeof INSTALL_ACTIONS)[number];

const ALL: readonly BashAction[] = BASH_ACTIONS;

export const ROLE_ACTIONS: Record<BashRole, ReadonlySet<BashAction>> = {
  FACILITATOR: new Set(ALL.filter((a) => a !== "bash.delete")),
  TRIAGER: new Set<BashAction>([
    "bash.read",
    "bash.export",
    "member.list",
    "credential.claim",
    "rsvp.respond",
    "report.create",
    "report.read",
    "report.comment",
    "report.triage",
    "help.raise",
  ]),
  PARTICIPANT: new Set<BashAction>([
    "bash.read",
    "credential.claim",
    "rsvp.respond",
    "report.create",
    "report.read",
    "report.comment",
    "help.raise",
  ]),
  OBSERVER: new Set<BashAction>(["bash.read", "report.read", "report.comment", "rsvp.respond"]),
};

/** What an install-wide admin may do in a bash they are not a member of. */
export const ADMIN_OUTSIDER_ACTIONS: ReadonlySet<BashAction> = new Set<BashAction>([
  "bash.read",
  "bash.archive",
  "bash.delete",
  "member.list",
  "report.read",
  "audit.read",
]);

const INSTALL_RULES: Record<InstallAction, (actor: Actor) => boolean> = {
  "bash.create": () => true,
  "demo.load": () => true,
  "admin.users": (a) => a.isAdmin,
  "admin.settings": (a) => a.isAdmin,
  "admin.audit": (a) => a.isAdmin,
};

/** Who the actor is in the bash, and whether the bash is archived (read-only for everyone). */
export type BashContext = { role: BashRole | null; archived?: boolean };

/** What still works in an archived bash: reading, exporting, the audit log, and unarchive/delete. */
export const ARCHIVED_ACTIONS: ReadonlySet<BashAction> = new Set<BashAction>([
  "bash.read",
  "bash.export",
  "bash.archive",
  "bash.delete",
  "member.list",
  "report.read",
  "console.view",
  "audit.read",
]);

export function can(actor: Actor, action: InstallAction): boolean;
export function can(actor: Actor, action: BashAction, bash: BashContext): boolean;
export function can(actor: Actor, action: InstallAction | BashAction, bash?: BashContext): boolean {
  if ((INSTALL_ACTIONS as readonly string[]).includes(action)) return INSTALL_RULES[action as InstallAction](actor);
  const role = bash?.role ?? null;
  const a = action as BashAction;
  if (bash?.archived && !ARCHIVED_ACTIONS.has(a)) return false;
  if (role && ROLE_ACTIONS[role].has(a)) return true;
  if (actor.isAdmin && ADMIN_OUTSIDER_ACTIONS.has(a)) return true;
  if (actor.isAdmin && a === "bash.delete") return true;
  return false;
}

/** Whether the actor may know the bash exists at all (otherwise every answer is NOT_FOUND). */
export function canSeeBash(actor: Actor, bash: BashContext): boolean {
  return bash.role !== null || actor.isAdmin;
}

export function assertCan(actor: Actor, action: InstallAction): void;
export function assertCan(actor: Actor, action: BashAction, bash: BashContext): void;
export function assertCan(actor: Actor, action: InstallAction | BashAction, bash?: BashContext): void {
  if (bash !== undefined) {
    if (!canSeeBash(actor, bash)) throw notFound("That bash");
    if (bash.archived && !ARCHIVED_ACTIONS.has(action as BashAction)) {
      throw new AppError("CONFLICT", "This bash is archived and read-only. An admin or facilitator can unarchive it.");
    }
    if (!can(actor, action as BashAction, bash)) throw new AppError("FORBIDDEN", forbiddenMessage(action));
    return;
  }
  if (!can(actor, action as InstallAction)) throw new AppError("FORBIDDEN", forbiddenMessage(action));
}

function forbiddenMessage(action: string): string {
  const what: Record<string, string> = {
    "bash.update": "edit this bash",
    "bash.run": "start, extend or end this bash",
    "bash.delete": "delete this bash",
    "report.triage": "triage reports",
    "credential.manage": "manage test accounts",
    "credential.claim": "claim a test account",
    "invite.manage": "invite people to this bash",
    "member.manage": "manage the people in this bash",
    "rsvp.respond": "answer for this bash",
    "report.create": "file reports in this bash",
    "admin.users": "manage users",
    "admin.settings": "change settings",
  };
  return `You do not have permission to ${what[action] ?? action.replace(".", " ")}.`;
}
