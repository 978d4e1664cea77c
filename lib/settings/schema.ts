// Install-wide settings an admin may change in the app (non-secret; secrets stay in the environment).
// Each lives in one Setting row (key → JSON value); a missing or unreadable row means "the default".
import { z } from "zod";

export const SETTING_KEYS = {
  defaultLabel: "bash.defaultLabel",
  defaultDurationMinutes: "bash.defaultDurationMinutes",
  leaderboardHiddenByDefault: "bash.leaderboardHiddenByDefault",
  uploadMaxMb: "uploads.maxMb",
} as const;

export type AppSettings = {
  /** The tracker label new bashes start with. */
  defaultLabel: string;
  /** The duration new bashes start with, when the creator does not choose one. */
  defaultDurationMinutes: number;
  /** Whether new bashes hide the summary's leaderboard. */
  leaderboardHiddenByDefault: boolean;
  /** The upload limit in MB; null = the server's own limit (UPLOAD_MAX_BYTES or 20 MB). */
  uploadMaxMb: number | null;
};

export const DEFAULT_SETTINGS: AppSettings = {
  defaultLabel: "bug-bash",
  defaultDurationMinutes: 60,
  leaderboardHiddenByDefault: false,
  uploadMaxMb: null,
};

/** Bounds of a bash's duration; the same as the new-bash form (ZCreateBash) accepts. */
export const DURATION_MIN = 15;
export const DURATION_MAX = 240;

const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());

export const ZDefaultLabel = z
  .string({ error: "Enter the default label, for example bug-bash." })
  .trim()
  .min(1, "Enter the default label, for example bug-bash.")
  .max(50, "Keep the label under 50 characters.");

export const ZDefaultDuration = z.coerce
  .number({ error: "Enter the default duration in minutes." })
  .int("Enter whole minutes.")
  .min(DURATION_MIN, `A bash lasts at least ${DURATION_MIN} minutes.`)
  .max(DURATION_MAX, `A bash lasts at most ${DURATION_MAX} minutes (4 hours).`);

/** Empty means "use the server's limit". The ceiling (from the environment) is checked by the command. */
export const ZUploadMaxMb = z.preprocess(
  (v) => {
    const t = typeof v === "string" ? v.trim() : v;
    return t === "" || t === undefined || t === null ? null : typeof t === "string" ? Number(t) : t;
  },
  z
    .number({ error: "Enter the upload limit in MB, or leave it empty." })
    .positive("The upload limit must be more than 0 MB.")
    .refine((n) => Math.abs(n * 10 - Math.round(n * 10)) < 1e-9, "Use at most one decimal for the upload limit, like 12.5.")
    .nullable(),
);

export const ZUpdateSettings = z.object({
  defaultLabel: ZDefaultLabel,
  defaultDurationMinutes: ZDefaultDuration,
  leaderboardHiddenByDefault: checkbox.default(false),
  uploadMaxMb: ZUploadMaxMb,
});
export type TUpdateSettings = z.infer<typeof ZUpdateSettings>;

export const ZTestEmail = z.object({
  to: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "That email address is too long.")
    .refine((v) => v === "" || z.email().safeParse(v).success, "Enter a valid email address, like ana@example.com.")
    .default(""),
});
