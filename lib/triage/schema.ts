// First: switches zod to jitless in the browser before any schema below is built (see the file).
import "@/lib/zod-jitless";
import { z } from "zod";
import { SEVERITIES } from "@/lib/reports/schema";

/** Board columns in order. OPEN is "New"; In progress and Done are for later follow-up. */
export const TRIAGE_COLUMNS = ["OPEN", "NEEDS_INFO", "CONFIRMED", "NOT_A_BUG", "DUPLICATE", "IN_PROGRESS", "DONE"] as const;
export type TriageStatus = (typeof TRIAGE_COLUMNS)[number];
export const PRIORITIES = ["P1", "P2", "P3", "P4"] as const;
export const STATUS_LABEL: Record<TriageStatus, string> = {
  OPEN: "New",
  NEEDS_INFO: "Needs info",
  CONFIRMED: "Confirmed",
  NOT_A_BUG: "Not a bug",
  DUPLICATE: "Duplicate",
  IN_PROGRESS: "In progress",
  DONE: "Done",
};

const id = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "That report id is not valid; reload the page.");
const version = z.coerce.number({ error: "The report's version is missing; reload the board." }).int().min(1);
const emptyToNull = <T extends z.ZodType>(t: T) => z.preprocess((v) => (v === "" ? null : v), t.nullable());
const text = (label: string, max = 10_000) =>
  z
    .string()
    .max(max, `Keep the ${label} under ${max.toLocaleString("en")} characters.`)
    .transform((s) => s.replace(/\r\n?/g, "\n").trim());

/**
 * One triage change to one report, made on the version the triager saw. Every field is optional; only
 * the ones sent change. A move to Duplicate needs `duplicateOfId`.
 */
export const ZUpdateReport = z.object({
  reportId: id,
  version,
  status: z.enum(TRIAGE_COLUMNS, { error: "Choose a column from the board." }).optional(),
  priority: emptyToNull(z.enum(PRIORITIES, { error: "Choose P1, P2, P3 or P4." })).optional(),
  severity: emptyToNull(z.enum(SEVERITIES, { error: "Choose a severity from the list." })).optional(),
  sprint: emptyToNull(z.enum(["CURRENT", "LATER"], { error: "Choose the current sprint or later." })).optional(),
  sprintName: text("sprint name", 100).optional(),
  duplicateOfId: emptyToNull(id).optional(),
  /** The original by its number (#12), as a person types it; resolved to duplicateOfId. */
  duplicateOfNumber: z.preprocess(
    (v) => (typeof v === "string" ? v.trim().replace(/^#/, "") || undefined : v),
    z.coerce.number({ error: "Enter the original's number, e.g. 12." }).int("Enter the original's number, e.g. 12.").min(1, "Enter the original's number, e.g. 12.").max(2_147_483_647, "Enter the original's number, e.g. 12.").optional(),
  ),
  title: text("title", 200)
    .refine((s) => s.length > 0, "The title cannot be empty.")
    .optional(),
  description: text("description").optional(),
  steps: text("steps").optional(),
  expected: text("expected result").optional(),
  actual: text("actual result").optional(),
  reproducedOn: text("device it was reproduced on", 200).optional(),
  couldNotReproduce: z.union([z.boolean(), z.enum(["true", "false"]).transform((s) => s === "true")]).optional(),
  remarks: text("remarks", 2000).optional(),
});
export type TUpdateReport = z.infer<typeof ZUpdateReport>;

/** The same change to several reports at once (each on the version the triager saw). */
export const ZBulkUpdate = z.object({
  items: z
    .array(z.object({ reportId: id, version }))
    .min(1, "Select at least one report.")
    .max(500, "Change at most 500 reports at a time.")
    .refine((items) => new Set(items.map((i) => i.reportId)).size === items.length, "Each report can be in the selection only once."),
  status: ZUpdateReport.shape.status,
  priority: ZUpdateReport.shape.priority,
  sprint: ZUpdateReport.shape.sprint,
  sprintName: ZUpdateReport.shape.sprintName,
});

export const ZAskReporter = z.object({
  reportId: id,
  version,
  question: text("question", 5000).refine((s) => s.length > 0, "Write the question for the reporter."),
});

export const ZComment = z.object({
  reportId: id,
  body: text("comment", 10_000).refine((s) => s.length > 0, "Write something first."),
});

/** Fields whose changes the report's history records (before → after). */
export const HISTORY_FIELDS = [
  "status",
  "priority",
  "severity",
  "sprint",
  "sprintName",
  "duplicateOfId",
  "title",
  "description",
  "steps",
  "expected",
  "actual",
  "reproducedOn",
  "couldNotReproduce",
  "remarks",
] as const;
export type HistoryField = (typeof HISTORY_FIELDS)[number];
