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

export const ZCreateBash = z.object({
  title: z.string({ error: "Give the bash a title." }).trim().min(1, "Give the bash a title.").max(200, "Keep the title under 200 characters."),
  product: z.string().trim().max(200, "Keep the product name under 200 characters.").default(""),
  release: z.string().trim().max(100, "Keep the release under 100 characters.").default(""),
  // A wall-clock time in `timeZone`, as an <input type="datetime-local"> gives it: 2026-12-01T14:00
  scheduledStart: z
    .string()
    .trim()
    .refine((v) => v === "" || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v), "Enter the start as a date and time.")
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
