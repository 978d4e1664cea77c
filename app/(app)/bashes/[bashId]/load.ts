import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";

/** Run a page's query; a bash the viewer may not see is a plain 404 page, never a hint that it exists. */
export async function loadOr404<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isAppError(e) && (e.code === "NOT_FOUND" || e.code === "FORBIDDEN")) notFound();
    throw e;
  }
}
