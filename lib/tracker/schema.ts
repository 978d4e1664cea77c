// What to export to the team's tracker, and in which format. The selection arrives from the tracker
// page's form, a URL query (repeated keys or comma-separated values) or a server action; one schema
// for all of them.
import { z } from "zod";

export const EXPORT_STATUSES = ["OPEN", "NEEDS_INFO", "CONFIRMED", "IN_PROGRESS", "DONE", "NOT_A_BUG", "DUPLICATE"] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/** The triage board's words for the statuses (OPEN is "New"). */
export const EXPORT_STATUS_LABELS: Record<ExportStatus, string> = {
  OPEN: "New",
  NEEDS_INFO: "Needs info",
  CONFIRMED: "Confirmed",
  IN_PROGRESS: "In progress",
  DONE: "Done",
  NOT_A_BUG: "Not a bug",
  DUPLICATE: "Duplicate",
};

/** P1–P4, plus "none" for reports nobody has prioritised yet. */
export const EXPORT_PRIORITIES = ["P1", "P2", "P3", "P4", "none"] as const;
export type ExportPriority = (typeof EXPORT_PRIORITIES)[number];

export const EXPORT_SPRINTS = ["CURRENT", "LATER", "any"] as const;
export const EXPORT_FORMATS = ["jira", "csv", "json", "github"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** The formats that are a file download (GitHub goes through its API). */
export type DownloadFormat = Exclude<ExportFormat, "github">;

/**
 * A list from a form or a query: ["A", "B"], "A,B", ["A,B", "C"]. Blank items are dropped, so a form
 * that sends the key with nothing ticked gives [] (and a "choose at least one" message), while a
 * missing key gives the default.
 */
function list<T extends readonly [string, ...string[]]>(values: T, fallback: T[number][], empty: string, bad: string) {
  return z.preprocess(
    (v) => {
      if (v === undefined || v === null) return undefined;
      const items = (Array.isArray(v) ? v : [v]).flatMap((x) => (typeof x === "string" ? x.split(",") : [x]));
      return items.map((x) => (typeof x === "string" ? x.trim() : x)).filter((x) => x !== "");
    },
    z
      .array(z.enum(values, { error: bad }))
      .min(1, empty)
      .transform((xs) => [...new Set(xs)])
      .default(fallback),
  );
}

/** A checkbox or a query flag: "on", "true", "1", "yes" are true; "", "false", "0", "off", "no" or absent are false. */
const flag = z.preprocess(
  (v) => {
    if (Array.isArray(v)) v = v[v.length - 1];
    if (typeof v === "string") return ["on", "true", "1", "yes"].includes(v.trim().toLowerCase());
    return v ?? false;
  },
  z.boolean({ error: "Say whether to include reports exported before." }),
);

/** "current" / "CURRENT" / "Any" all work; a blank value means any sprint. */
const sprint = z.preprocess(
  (v) => {
    if (Array.isArray(v)) v = v[v.length - 1];
    if (typeof v !== "string") return v;
    const s = v.trim();
    if (s === "" || s.toLowerCase() === "any") return "any";
    return s.toUpperCase();
  },
  z.enum(EXPORT_SPRINTS, { error: "Choose the current sprint, a later sprint or any." }).default("any"),
);

const format = z.preprocess(
  (v) => {
    if (Array.isArray(v)) v = v[v.length - 1];
    return typeof v === "string" ? v.trim().toLowerCase() || undefined : v;
  },
  z.enum(EXPORT_FORMATS, { error: "Choose Jira CSV, CSV, JSON or GitHub." }).default("jira"),
);

export const ZExportSelection = z.object({
  statuses: list(EXPORT_STATUSES, ["CONFIRMED"], "Choose at least one status.", "Choose statuses from the triage board."),
  priorities: list(EXPORT_PRIORITIES, [...EXPORT_PRIORITIES], "Choose at least one priority (or “no priority”).", "Choose priorities from P1–P4 or “none”."),
  sprint,
  includeAlreadyExported: flag,
  format,
});
export type TExportSelection = z.infer<typeof ZExportSelection>;

/** A URL query as the schema's input: a key given more than once becomes an array. */
export function selectionFromSearchParams(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? all[0] : all;
  }
  return out;
}

/** The selection as a query string (comma-separated lists), for links and the download buttons. */
export function selectionToQuery(s: TExportSelection): string {
  const q = new URLSearchParams();
  q.set("statuses", s.statuses.join(","));
  q.set("priorities", s.priorities.join(","));
  q.set("sprint", s.sprint);
  if (s.includeAlreadyExported) q.set("includeAlreadyExported", "true");
  q.set("format", s.format);
  return q.toString();
}
