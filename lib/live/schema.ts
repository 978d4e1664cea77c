import { z } from "zod";

export const ZExtend = z.object({
  minutes: z.coerce
    .number({ error: "Enter the minutes to add." })
    .int("Enter whole minutes.")
    .min(1, "Add at least 1 minute.")
    .max(120, "Add at most 120 minutes at a time."),
});

export const ZMoreTime = z.object({
  wants: z.union([z.boolean(), z.enum(["true", "false"]).transform((s) => s === "true")]),
});

export const ZPresence = z.object({
  active: z.union([z.boolean(), z.enum(["true", "false"]).transform((s) => s === "true")]).default(false),
});

export const ZRaiseHand = z.object({
  message: z
    .string()
    .trim()
    .min(1, "Say what blocks you, so the facilitator can bring the right help.")
    .max(1000, "Keep the message under 1,000 characters."),
});

export const ZHelpRef = z.object({ id: z.string().trim().min(1).max(64) });
