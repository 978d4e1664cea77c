import { z } from "zod";

export const REPORT_STATUSES = ["OPEN", "NEEDS_INFO", "CONFIRMED", "IN_PROGRESS", "DONE", "NOT_A_BUG", "DUPLICATE"] as const;

/** At most this many results are listed; the count says how many matched. */
export const SEARCH_LIMIT = 50;

const blankToUndefined = (v: unknown): unknown => (typeof v === "string" ? v.trim() || undefined : Array.isArray(v) ? blankToUndefined(v[0]) : v);

/** The search page's form (GET /search?q=…&bash=…&status=…). */
export const ZSearch = z.object({
  q: z.preprocess((v) => blankToUndefined(v) ?? "", z.string().max(200, "Keep the search under 200 characters.")),
  bash: z.preprocess(blankToUndefined, z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Choose a bash from the list.").optional()),
  status: z.preprocess(blankToUndefined, z.enum(REPORT_STATUSES, { error: "Choose a status from the list." }).optional()),
});
export type TSearch = z.infer<typeof ZSearch>;
