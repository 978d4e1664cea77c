import type { z } from "zod";
import { AppError } from "@/lib/errors";

/** Parse with a shared zod schema; bad input becomes INVALID with a message per field. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = issue.path.join(".") || "_";
    if (!fieldErrors[key]) fieldErrors[key] = issue.message;
  }
  const first = Object.values(fieldErrors)[0] ?? "Some of the input is not valid.";
  throw new AppError("INVALID", first, { fieldErrors });
}
