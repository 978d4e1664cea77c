import { z } from "zod";

const optionalUrl = z
  .string()
  .trim()
  .max(2000, "Keep the link under 2000 characters.")
  .refine((v) => v === "" || /^https?:\/\/\S+$/i.test(v), "Enter a link that starts with https:// (or leave it empty).")
  .default("");

export const ZTimeZone = z
  .string()
  .trim()
  .min(1)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "Choose a time zone from the list.");

/** "2026-02-30T10:00" matches the pattern but is not a day; Date.UTC would quietly roll it over. */
function isRealDateTime(v: string): boolean {
  const [y, mo, d, h, mi] = v.split(/[-T:]/).map(Number);
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && t.getUTCHours() === h && t.getUTCMinutes() === mi;
}

export const ZCreateBash = z.object({
  title: z.string({ error: "Give the bash a title." }).trim().min(1, "Give the bash a title.").max(200, "Keep the title under 200 characters."),
  product: z.string().trim().max(200, "Keep the product name under 200 characters.").default(""),
  release: z.string().trim().max(100, "Keep the release under 100 characters.").default(""),
  // A wall-clock time in `timeZone`, as an <input type="datetime-local"> gives it: 2026-12-01T14:00
  scheduledStart: z
    .string()
    .trim()
    .refine((v) => v === "" || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v), "Enter the start as a date and time.")
    .refine((v) => v === "" || isRealDateTime(v), "That date does not exist; check the day and month.")
    .default(""),
  timeZone: ZTimeZone.default("UTC"),
  durationMinutes: z.coerce
    .number({ error: "Enter the duration in minutes." })
    .int("Enter whole minutes.")
    .min(15, "A bash lasts at least 15 minutes.")
    .max(240, "A bash lasts at most 240 minutes (4 hours).")
    .default(60),
  location: z.string().trim().max(300, "Keep the room under 300 characters.").default(""),
  videoLink: optionalUrl,
});
export type TCreateBash = z.infer<typeof ZCreateBash>;

const markdown = (what: string, max = 20_000) => z.string().max(max, `Keep the ${what} under ${max.toLocaleString("en")} characters.`).default("");

/** Editing the plan: everything the create form has, plus the brief's text and the checklist ticks. */
export const ZUpdateBash = ZCreateBash.extend({
  scope: markdown("scope"),
  prerequisitesWeb: markdown("website prerequisites"),
  prerequisitesMobile: markdown("mobile prerequisites"),
  label: z.string().trim().min(1, "Give the label a name, for example bug-bash.").max(50, "Keep the label under 50 characters.").default("bug-bash"),
});
export type TUpdateBash = z.infer<typeof ZUpdateBash>;

const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());
export const ZReadinessTicks = z.object({ releaseTicketsDone: checkbox.optional(), testDataReady: checkbox.optional() });

export const BASH_STATUSES = ["DRAFT", "SCHEDULED", "LIVE", "ENDED", "CLOSED"] as const;
export const ZSetBashStatus = z.object({ status: z.enum(BASH_STATUSES, { error: "Choose a status." }) });

/** The allowed moves: draft → scheduled → live → ended → closed, with a way back where it is harmless. */
export const STATUS_MOVES: Record<(typeof BASH_STATUSES)[number], readonly (typeof BASH_STATUSES)[number][]> = {
  DRAFT: ["SCHEDULED"],
  SCHEDULED: ["DRAFT", "LIVE"],
  LIVE: ["ENDED"],
  ENDED: ["CLOSED", "LIVE"],
  CLOSED: ["ENDED"],
};

export const ZCopyBash = z.object({
  sourceBashId: z.string().trim().min(1, "Choose the bash to copy from."),
  title: ZCreateBash.shape.title,
});

const name = (what: string, max = 200) =>
  z.string({ error: `Give the ${what} a name.` }).trim().min(1, `Give the ${what} a name.`).max(max, `Keep the ${what} name under ${max} characters.`);

export const ZEnvironment = z.object({
  name: name("environment", 100),
  url: optionalUrl,
  testDataNotes: z.string().trim().max(5000, "Keep the test-data notes under 5,000 characters.").default(""),
  iosBuildUrl: optionalUrl,
  androidBuildUrl: optionalUrl,
  isUp: checkbox.optional(),
});
export type TEnvironment = z.infer<typeof ZEnvironment>;

export const ZFeature = z.object({
  menuName: z.string({ error: "Enter the menu name." }).trim().min(1, "Enter the menu name.").max(200, "Keep the menu name under 200 characters."),
  description: z.string().trim().max(2000, "Keep the description under 2,000 characters.").default(""),
});
export type TFeature = z.infer<typeof ZFeature>;

export const ZMove = z.object({ id: z.string().min(1), direction: z.enum(["up", "down"], { error: "Choose up or down." }) });
export const ZId = z.object({ id: z.string({ error: "Missing id." }).min(1, "Missing id.") });

export const ZCoverageTarget = z
  .object({
    kind: z.enum(["WEB", "MOBILE"], { error: "Choose web or mobile." }),
    os: z.string({ error: "Enter the operating system." }).trim().min(1, "Enter the operating system, for example Windows or Android.").max(100, "Keep the OS under 100 characters."),
    osVersion: z.string().trim().max(50, "Keep the version under 50 characters.").default(""),
    browser: z.string().trim().max(100, "Keep the browser under 100 characters.").default(""),
  })
  .transform((t) => (t.kind === "MOBILE" ? { ...t, browser: "" } : t));
export type TCoverageTarget = z.infer<typeof ZCoverageTarget>;
