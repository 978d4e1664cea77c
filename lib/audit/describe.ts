// One human sentence per activity: "Ana Lima moved #12 to Confirmed · P1". Pure (no database): the
// names it needs (a member whose role changed, a user an admin deactivated) come in `names`.

import { STATUS_LABEL } from "@/lib/triage/schema";

export type DescribableActivity = {
  type: string;
  bashId: string | null;
  actorId: string | null;
  actorName: string | null;
  entityType: string;
  entityId: string;
  data: unknown;
};

export type ActivityText = {
  /** Who did it ("Ana Lima", or "Bashboard" for automatic entries, "A removed user" once deleted). */
  actor: string;
  /** What they did, to follow the actor's name: "moved #12 to Confirmed · P1". */
  text: string;
  /** The report it concerns, when there is one (for a link). */
  reportNumber?: number;
};

/** The whole sentence. */
export function sentence(t: ActivityText): string {
  return `${t.actor} ${t.text}`;
}

const ROLE: Record<string, string> = { FACILITATOR: "Facilitator", PARTICIPANT: "Participant", TRIAGER: "Triager", OBSERVER: "Observer" };
const STATUS: Record<string, string> = STATUS_LABEL;
const SEVERITY: Record<string, string> = { CRITICAL: "Critical", MAJOR: "Major", MINOR: "Minor", TRIVIAL: "Trivial" };
const RSVP: Record<string, string> = { GOING: "going", MAYBE: "maybe", NOT_GOING: "not going", PENDING: "not sure yet" };
const FORMAT: Record<string, string> = { jira: "Jira CSV", csv: "CSV", json: "JSON", github: "GitHub issues" };
const BASH_FIELD: Record<string, string> = {
  title: "title",
  product: "product",
  release: "release",
  scope: "scope",
  scheduledStart: "start time",
  timeZone: "time zone",
  durationMinutes: "duration",
  location: "location",
  videoLink: "video link",
  prerequisitesWeb: "web prerequisites",
  prerequisitesMobile: "mobile prerequisites",
  label: "label",
};
const REPORT_FIELD: Record<string, string> = {
  title: "title",
  description: "description",
  steps: "steps",
  expected: "expected result",
  actual: "actual result",
  reproducedOn: "reproduced on",
  couldNotReproduce: "could not reproduce",
  remarks: "remarks",
  sprintName: "sprint name",
  featureId: "feature",
  environmentId: "environment",
};

type Data = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : "");
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : null);
const quoted = (s: string) => `“${s}”`;
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
const list = (items: string[]) => (items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`);
const role = (v: unknown) => ROLE[str(v)] ?? (str(v).toLowerCase() || "a role");

/** "report.details_added" → "report details added" (for types nobody taught us). */
function humanType(type: string): string {
  return type.replace(/[._]+/g, " ").trim() || "did something";
}

function reportChange(n: string, changes: Record<string, [unknown, unknown]>): string {
  const parts: string[] = [];
  const after = (k: string) => changes[k]?.[1];
  if ("priority" in changes) parts.push(str(after("priority")) || "no priority");
  if ("severity" in changes) parts.push(SEVERITY[str(after("severity"))] ?? "no severity");
  if ("sprint" in changes) parts.push(after("sprint") === "CURRENT" ? "current sprint" : after("sprint") === "LATER" ? "a later sprint" : "no sprint");
  const edited = Object.keys(changes)
    .filter((k) => !["status", "priority", "severity", "sprint", "duplicateOfId"].includes(k))
    .map((k) => REPORT_FIELD[k] ?? k);
  const editedText = edited.length ? `edited ${list(edited)}` : "";
  const status = str(after("status"));
  let main: string;
  if (status === "DUPLICATE" || ("duplicateOfId" in changes && str(after("duplicateOfId")))) {
    const of = str(after("duplicateOfId"));
    main = `marked ${n} as a duplicate${of ? ` of ${of}` : ""}`;
    if (parts.length) main += ` · ${parts.join(" · ")}`;
  } else if ("status" in changes) {
    main = `moved ${n} to ${STATUS[status] ?? status}`;
    if (parts.length) main += ` · ${parts.join(" · ")}`;
  } else if (parts.length) {
    main = `set ${n} to ${parts.join(" · ")}`;
  } else {
    return editedText ? `${editedText} on ${n}` : `edited ${n}`;
  }
  return editedText ? `${main}; ${editedText}` : main;
}

function bashStatus(from: string, to: string): string {
  if (to === "LIVE") return from === "ENDED" ? "reopened the bash for reporting" : "started the bash";
  if (to === "ENDED") return from === "CLOSED" ? "reopened triage" : "ended the bash";
  if (to === "CLOSED") return "closed the bash";
  if (to === "SCHEDULED") return "scheduled the bash";
  if (to === "DRAFT") return "moved the bash back to draft";
  return `changed the bash's status to ${to.toLowerCase()}`;
}

/**
 * The sentence for one activity. `names` maps membership and user ids to people's names (the member
 * whose role changed, the user an admin invited); missing names read "someone".
 */
export function describeActivity(a: DescribableActivity, names: ReadonlyMap<string, string> = new Map()): ActivityText {
  const actor = a.actorName ?? (a.actorId ? "A removed user" : "Bashboard");
  const d: Data = a.data && typeof a.data === "object" && !Array.isArray(a.data) ? (a.data as Data) : {};
  const number = num(d.number);
  const n = number !== null ? `#${number}` : "a report";
  const target = names.get(a.entityId) ?? (str(d.name) || str(d.email) || "someone");
  const r = (text: string): ActivityText => ({ actor, text, ...(number !== null && a.entityType === "report" ? { reportNumber: number } : {}) });
  const count = num(d.count) ?? 0;

  switch (a.type) {
    // The bash itself
    case "bash.created":
      return r(`created the bash ${quoted(str(d.title) || "untitled")}`);
    case "bash.copied":
      return r(`created this bash ${quoted(str(d.title) || "untitled")} from an earlier plan`);
    case "bash.updated":
    case "bash.rescheduled": {
      const fields = Array.isArray(d.changed) ? d.changed.map((k) => BASH_FIELD[str(k)] ?? str(k)).filter(Boolean) : [];
      const what = fields.length ? `changed the ${list(fields)}` : "edited the plan";
      return r(a.type === "bash.rescheduled" ? `${what} and sent everyone the updated invite` : what);
    }
    case "bash.readiness": {
      const ticks: string[] = [];
      if ("releaseTicketsDone" in d) ticks.push(d.releaseTicketsDone ? "ticked “release tickets done”" : "unticked “release tickets done”");
      if ("testDataReady" in d) ticks.push(d.testDataReady ? "ticked “test data ready”" : "unticked “test data ready”");
      return r(ticks.length ? list(ticks) : "updated the readiness checklist");
    }
    case "bash.status":
      return r(bashStatus(str(d.from), str(d.to)));
    case "bash.leaderboard":
      return r(d.hidden ? "hid the leaderboard" : "showed the leaderboard");
    case "bash.chat_updated":
      return r(d.enabled ? "set the team-chat webhook" : "turned off team-chat posts");
    case "bash.extended":
      return r(`extended the bash by ${plural(num(d.minutes) ?? 0, "minute")}`);
    case "bash.more_time":
      return r(d.wants === false ? "no longer needs more time" : "asked for more time");
    case "bash.demo_loaded":
      return r(`loaded the demo bash with ${plural(num(d.reports) ?? 0, "report")}`);
    case "bash.archived":
      return r(`archived the bash${str(d.title) ? ` ${quoted(str(d.title))}` : ""}`);
    case "bash.unarchived":
      return r(`unarchived the bash${str(d.title) ? ` ${quoted(str(d.title))}` : ""}`);
    case "bash.deleted": {
      const what = [num(d.reports) !== null ? plural(num(d.reports)!, "report") : "", num(d.attachments) !== null ? plural(num(d.attachments)!, "attachment") : ""].filter(Boolean);
      return r(`deleted the bash ${quoted(str(d.title) || "untitled")}${what.length ? ` with ${list(what)}` : ""}`);
    }

    // Plan contents
    case "environment.created":
      return r(`added the environment ${quoted(str(d.name))}`);
    case "environment.updated":
      return r(`edited the environment ${quoted(str(d.name))}`);
    case "environment.deleted":
      return r("removed an environment");
    case "feature.created":
      return r(`added the feature ${quoted(str(d.menuName))}`);
    case "feature.updated":
      return r(`edited the feature ${quoted(str(d.menuName))}`);
    case "feature.deleted":
      return r("removed a feature");
    case "coverage.added": {
      const combo = [str(d.os), str(d.osVersion), str(d.browser)].filter(Boolean).join(" ");
      return r(`added the coverage target ${quoted(combo || (str(d.kind) === "MOBILE" ? "mobile" : "web"))}`);
    }
    case "coverage.removed":
      return r("removed a coverage target");
    case "credentials.added":
      return r(`added ${plural(count, "test account")}`);
    case "credential.removed":
      return r("removed a test account");

    // People
    case "credential.claimed":
      return r("claimed a test account");
    case "credential.released": {
      const owner = str(d.claimedById);
      return r(owner && owner !== a.actorId ? `took back ${names.get(owner) ?? "someone"}'s test account` : "gave back a test account");
    }
    case "rsvp":
      return r(`answered ${quoted(RSVP[str(d.rsvp)] ?? str(d.rsvp).toLowerCase())}`);
    case "device.added":
      return r(`added a ${str(d.kind) === "MOBILE" ? "mobile" : "web"} device${str(d.os) ? ` (${str(d.os)})` : ""}`);
    case "device.removed":
      return r("removed a device");
    case "access.confirmed":
      return r("confirmed they have access to the environment, builds and data");
    case "access.requested":
      return r("asked for access");
    case "access.resolved":
      return r(`sorted out ${target}'s access request`);
    case "member.role":
      return r(`changed ${target}'s role ${str(d.from) ? `from ${role(d.from)} ` : ""}to ${role(d.to)}`);
    case "member.removed":
      return r(`removed ${target} from the bash`);
    case "member.added":
      return r(`added ${target} to the bash${str(d.role) ? ` as ${role(d.role)}` : ""}`);
    case "reminder.sent":
      return r(`sent reminders to ${plural(count, "person", "people")}`);
    case "invite.created":
      return r(`created an invite link for ${role(d.role)}s${num(d.maxUses) !== null ? ` (up to ${plural(num(d.maxUses)!, "use")})` : ""}`);
    case "invite.emailed":
      return r(`emailed ${plural(count, "invite")}${str(d.role) ? ` as ${role(d.role)}` : ""}`);
    case "invite.revoked":
      return r("revoked an invite");
    case "invite.accepted":
      return r(`joined through an invite as ${role(d.role)}`);
    case "email.marked_sent":
      return r("marked an email as sent by hand");
    case "help.raised":
      return r("raised a hand for help");
    case "help.updated":
      return r("updated their request for help");
    case "help.acknowledged":
      return r("is on the way to help someone");
    case "help.resolved":
      return r("resolved a request for help");

    // Reports
    case "report.created":
      return r(`filed ${n}`);
    case "report.metoo":
      return r(`added a +1 to ${n}`);
    case "report.details_added":
      return r(`added details to ${n}${d.changes ? " (back to New)" : ""}`);
    case "report.answered":
      return r(`answered the question on ${n} (back to New)`);
    case "report.commented":
      return r(`commented on ${n}`);
    case "report.asked":
      return r(`asked the reporter of ${n} a question (Needs info)`);
    case "report.nudged": {
      const missing = Array.isArray(d.missing) ? d.missing.map(str).filter(Boolean) : [];
      return r(`asked the reporter of ${n} for ${missing.length ? list(missing) : "missing details"}`);
    }
    case "report.updated": {
      const changes = d.changes && typeof d.changes === "object" ? (d.changes as Record<string, [unknown, unknown]>) : {};
      return r(reportChange(n, changes));
    }

    // Imports and exports
    case "report.exported": {
      if (str(d.format) === "github") {
        const failed = num(d.failed) ?? 0;
        return r(`created ${plural(num(d.created) ?? count, "GitHub issue")}${str(d.repo) ? ` in ${str(d.repo)}` : ""}${failed ? ` (${failed} failed)` : ""}`);
      }
      return r(`exported ${plural(count, "report")} as ${FORMAT[str(d.format)] ?? (str(d.format).toUpperCase() || "a file")}`);
    }
    case "xlsx.imported": {
      const extra = [num(d.features) ? plural(num(d.features)!, "feature") : "", num(d.participants) ? plural(num(d.participants)!, "participant") : ""].filter(Boolean);
      return r(`imported ${plural(num(d.reports) ?? 0, "report")}${extra.length ? ` and ${list(extra)}` : ""} from ${str(d.fileName) || "a workbook"}`);
    }
    case "xlsx.exported":
      return r(str(d.mode) === "template" ? "downloaded the bash as a blank template" : `exported the bash as a spreadsheet (${plural(num(d.reports) ?? 0, "report")})`);

    // Install-wide (admin)
    case "user.first_admin_created":
      return r("set up Bashboard as its first admin");
    case "user.invite_accepted":
      return r("accepted their invitation and set a password");
    case "user.password_reset":
      return r("reset their password");
    case "user.invited":
      return r(`invited ${target} to Bashboard${d.isAdmin ? " as an admin" : ""}`);
    case "user.created":
      return r(`added ${target} to Bashboard`);
    case "user.deactivated":
      return r(`deactivated ${target}`);
    case "user.reactivated":
      return r(`reactivated ${target}`);
    case "user.role_changed":
    case "user.admin":
    case "user.admin_changed": {
      const admin = "isAdmin" in d ? Boolean(d.isAdmin) : str(d.to) === "ADMIN" || d.to === true;
      return r(admin ? `made ${target} an admin` : `removed ${target}'s admin rights`);
    }
    case "user.updated":
      return r(`updated ${target}'s account`);
    case "user.reset_link":
    case "user.reset_link_created":
      return r(`created a password reset link for ${target}`);
    case "user.invite_link":
      return r(`created a new invitation link for ${target}`);
    case "user.admin_granted":
      return r(`made ${target} an admin`);
    case "user.admin_revoked":
      return r(`removed ${target}'s admin rights`);
    case "account.profile_updated":
      return r("updated their profile");
    case "account.password_changed":
      return r("changed their password");
    case "account.password_reset_requested":
      return r("asked for a password reset email");
    case "account.email_prefs":
      return r("changed their email notification settings");
    case "account.device_saved":
      return r("saved a device to their profile");
    case "account.device_removed":
      return r("removed a saved device from their profile");
    case "settings.test_email":
      return r("sent a test email");
    case "token.created":
    case "api_token.created":
      return r(`created the API token ${quoted(str(d.name) || "untitled")}`);
    case "token.revoked":
    case "api_token.revoked":
      return r(`revoked the API token ${quoted(str(d.name) || "untitled")}`);
    case "settings.updated":
    case "setting.updated":
      return r("changed the install settings");
  }

  // Anything newer than this file: still readable, with the entity it concerns.
  if (a.type.startsWith("user.") && a.entityType === "user") return r(`${humanType(a.type.slice(5))} (${target})`);
  if (a.entityType === "report" && number !== null) return r(`${humanType(a.type)} (${n})`);
  return r(humanType(a.type));
}
