// The choices the facilitator sends with an import commit (see ImportMappings in lib/xlsx/types.ts).
import { z } from "zod";
import { PRIORITIES, STATUS_LABELS } from "@/lib/xlsx/columns";

const MAX_KEYS = 20_000;
const STATUSES = Object.keys(STATUS_LABELS);

const choices = (valid: (v: string) => boolean, message: string) =>
  z
    .record(z.string().max(32_767), z.string({ error: message }).refine(valid, message))
    .refine((r) => Object.keys(r).length <= MAX_KEYS, "Too many choices.")
    .optional();

export const ZImportMappings = z.object({
  /** Sheet value → "P1".."P4", or "" to leave the priority empty. */
  priority: choices((v) => v === "" || (PRIORITIES as readonly string[]).includes(v), "Choose P1, P2, P3 or P4, or leave the priority empty."),
  /** Sheet value → a status key (OPEN, DONE …); "" means Open. */
  status: choices((v) => v === "" || STATUSES.includes(v), `Choose one of the statuses (${Object.values(STATUS_LABELS).join(", ")}).`),
  /** Name in the sheet → a membershipId of this bash, or "new" for a placeholder participant. */
  people: choices((v) => v.trim().length > 0 && v.length <= 100, "Choose a member of this bash or “new” for each person."),
});
export type TImportMappings = z.infer<typeof ZImportMappings>;
