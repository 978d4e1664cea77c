import { z } from "zod";
import { DEVICE_KINDS } from "@/lib/devices/schema";

export const SEVERITIES = ["CRITICAL", "MAJOR", "MINOR", "TRIVIAL"] as const;
export const SEVERITY_LABEL: Record<(typeof SEVERITIES)[number], string> = {
  CRITICAL: "Critical — blocks testing or loses data",
  MAJOR: "Major — a feature does not work",
  MINOR: "Minor — works, but wrong",
  TRIVIAL: "Trivial — cosmetic",
};
export const MAX_ATTACHMENTS = 10;

const optionalId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{0,64}$/, "That choice is not valid; reload the page.")
  .transform((s) => (s === "" ? null : s))
  .nullable()
  .optional();

const longText = (label: string) =>
  z
    .string()
    .max(10_000, `Keep the ${label} under 10,000 characters.`)
    .transform((s) => s.replace(/\r\n?/g, "\n").trim())
    .default("");

const deviceText = (label: string) => z.string().trim().max(100, `Keep the ${label} under 100 characters.`).default("");

/** What a participant's report form sends. The reporter, time and user agent come from the server. */
export const ZCreateReport = z.object({
  // Made by the browser when the draft starts; a retry or a double click sends the same one.
  clientId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, "The report's draft id is not valid; reload the page and submit again."),
  featureId: optionalId,
  environmentId: optionalId,
  deviceId: optionalId,
  title: z
    .string()
    .trim()
    .min(1, "Give the report a title: what went wrong, in a few words.")
    .max(200, "Keep the title under 200 characters."),
  description: longText("description"),
  steps: longText("steps"),
  expected: longText("expected result"),
  actual: longText("actual result"),
  severity: z
    .union([z.enum(SEVERITIES, { error: "Choose a severity from the list." }), z.literal("")])
    .transform((s) => (s === "" ? null : s))
    .nullable()
    .optional(),
  deviceKind: z
    .union([z.enum(DEVICE_KINDS, { error: "Choose web or mobile." }), z.literal("")])
    .transform((s) => (s === "" ? null : s))
    .nullable()
    .optional(),
  os: deviceText("operating system"),
  osVersion: deviceText("OS version"),
  browser: deviceText("browser"),
  browserVersion: deviceText("browser version"),
  phoneName: deviceText("phone name"),
  attachmentIds: z
    .array(z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, "That id is not valid; reload the page."))
    .max(MAX_ATTACHMENTS, `Attach up to ${MAX_ATTACHMENTS} files to one report.`)
    .default([]),
});
export type TCreateReport = z.infer<typeof ZCreateReport>;

/** The reporter adds what a facilitator or triager asked for (steps, results, device, screenshots). */
export const ZAddReportDetails = z.object({
  reportId: z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, "That id is not valid; reload the page."),
  description: longText("description").optional(),
  steps: longText("steps").optional(),
  expected: longText("expected result").optional(),
  actual: longText("actual result").optional(),
  deviceKind: ZCreateReport.shape.deviceKind,
  os: deviceText("operating system").optional(),
  osVersion: deviceText("OS version").optional(),
  browser: deviceText("browser").optional(),
  browserVersion: deviceText("browser version").optional(),
  phoneName: deviceText("phone name").optional(),
  attachmentIds: ZCreateReport.shape.attachmentIds,
});

export const ZSimilarQuery = z.object({
  text: z.string().max(2000).default(""),
  featureId: optionalId,
});

export const ZMeToo = z.object({
  reportId: z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, "That id is not valid; reload the page."),
  note: z.string().trim().max(2000, "Keep the note under 2,000 characters.").default(""),
});

export const ZNudge = z.object({
  reportId: z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, "That id is not valid; reload the page."),
  message: z.string().trim().max(1000, "Keep the message under 1,000 characters.").default(""),
});

/** What a report still lacks for a triager to reproduce it. */
export type MissingDetail = "steps" | "screenshot" | "device" | "expected/actual";

export function missingDetails(r: {
  steps: string;
  expected: string;
  actual: string;
  os: string;
  phoneName: string;
  browser: string;
  attachmentCount: number;
}): MissingDetail[] {
  const out: MissingDetail[] = [];
  if (!r.steps.trim()) out.push("steps");
  if (r.attachmentCount === 0) out.push("screenshot");
  if (!r.os.trim() && !r.phoneName.trim() && !r.browser.trim()) out.push("device");
  if (!r.expected.trim() || !r.actual.trim()) out.push("expected/actual");
  return out;
}
