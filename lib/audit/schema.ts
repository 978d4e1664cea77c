import { z } from "zod";

/** How the audit log groups activity types for its filter. */
export const AUDIT_CATEGORIES = ["bash", "people", "triage", "reports", "transfer", "lifecycle", "admin"] as const;
export type AuditCategory = (typeof AUDIT_CATEGORIES)[number];

export const CATEGORY_LABEL: Record<AuditCategory, string> = {
  bash: "Bash edits",
  people: "People and roles",
  triage: "Triage decisions",
  reports: "Reports",
  transfer: "Imports and exports",
  lifecycle: "Deletions and archive",
  admin: "Admin",
};

/** Each category as exact types and type prefixes (a prefix ends with "."). Checked in this order. */
export const CATEGORY_TYPES: Record<AuditCategory, readonly string[]> = {
  lifecycle: ["bash.archived", "bash.unarchived", "bash.deleted"],
  transfer: ["xlsx.", "report.exported"],
  triage: ["report.updated", "report.asked", "report.nudged"],
  reports: ["report."],
  people: ["member.", "invite.", "rsvp", "device.", "access.", "reminder.", "credential.claimed", "credential.released", "email.", "help.", "bash.more_time"],
  bash: ["bash.", "environment.", "feature.", "coverage.", "credentials.", "credential."],
  admin: ["user.", "users.", "token.", "api_token.", "account.", "settings.", "setting.", "admin."],
};

const ORDER: readonly AuditCategory[] = ["lifecycle", "transfer", "triage", "reports", "people", "bash", "admin"];

function matches(type: string, pattern: string): boolean {
  return pattern.endsWith(".") ? type.startsWith(pattern) : type === pattern;
}

/** The category an activity type belongs to (unknown types count as admin when bash-less, else bash edits). */
export function categoryOf(type: string, bashLess = false): AuditCategory {
  for (const c of ORDER) {
    // "report." would swallow the triage and export types: the earlier, more specific categories win.
    if (CATEGORY_TYPES[c].some((p) => matches(type, p))) return c;
  }
  return bashLess ? "admin" : "bash";
}

export const AUDIT_PAGE_SIZE = 100;

const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim() || undefined : v), z.string().max(max, `Keep it under ${max} characters.`).optional());
const day = z.preprocess(
  (v) => (typeof v === "string" ? v.trim() || undefined : v),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date as YYYY-MM-DD.")
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && s >= "1970-01-01" && s <= "9999-12-30", "Enter a real date.")
    .optional(),
);

/** The audit log's filters, as the filter form (GET) and the CSV link send them. */
export const ZAuditFilters = z.object({
  actor: z.preprocess((v) => (typeof v === "string" ? v.trim() || undefined : v), z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Choose a person from the list.").optional()),
  category: z.preprocess((v) => (v === "" ? undefined : v), z.enum(AUDIT_CATEGORIES, { error: "Choose a kind of activity from the list." }).optional()),
  from: day,
  to: day,
  q: optionalText(200),
  /** Keyset cursor: only entries older than this id. */
  before: z.preprocess((v) => (typeof v === "string" ? v.trim() || undefined : v), z.string().regex(/^\d{1,18}$/, "That page link is not valid.").optional()),
});
export type TAuditFilters = z.infer<typeof ZAuditFilters>;

/** Only the keys a filter form or link carries (searchParams may hold arrays or unknown keys). */
export function filtersFromParams(params: Record<string, string | string[] | undefined> | URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ["actor", "category", "from", "to", "q", "before"]) {
    const v = params instanceof URLSearchParams ? params.get(k) : params[k];
    const s = Array.isArray(v) ? v[0] : v;
    if (typeof s === "string" && s !== "") out[k] = s;
  }
  return out;
}

/** The query string for these filters (without the cursor unless asked). */
export function filtersQuery(f: TAuditFilters, extra: Record<string, string | undefined> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ actor: f.actor, category: f.category, from: f.from, to: f.to, q: f.q, ...extra })) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
}
