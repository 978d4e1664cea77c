// Route handlers: the same two kinds of error as server actions. An AppError becomes its HTTP status
// with its message; anything else is logged and answered with a generic 500 and a reference.
import crypto from "node:crypto";
import { HTTP_STATUS, inputDbErrorToAppError, isAppError } from "@/lib/errors";

export function errorResponse(err: unknown): Response {
  const e = inputDbErrorToAppError(err);
  if (isAppError(e)) {
    const headers: Record<string, string> = {};
    if (e.retryAfterSeconds) headers["Retry-After"] = String(e.retryAfterSeconds);
    return Response.json({ error: e.message, code: e.code, fieldErrors: e.fieldErrors }, { status: HTTP_STATUS[e.code], headers });
  }
  const ref = crypto.randomBytes(4).toString("hex");
  console.error(`[route error ${ref}]`, e);
  return Response.json({ error: `Something went wrong on our side (reference ${ref}). Nothing was saved; please try again.`, code: "INTERNAL" }, { status: 500 });
}

export const unauthenticated = () => Response.json({ error: "Sign in first.", code: "UNAUTHENTICATED" }, { status: 401 });
