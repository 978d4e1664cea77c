// The one wrapper every server action goes through: load actor → call lib (which parses input with
// the shared zod schema and asks lib/policy.ts) → map errors to a result the form can show.
import crypto from "node:crypto";
import { getActor } from "@/lib/auth";
import { AppError, inputDbErrorToAppError, isAppError, type ErrorCode } from "@/lib/errors";
import type { Actor } from "@/lib/policy";

export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; code: ErrorCode | "INTERNAL"; message: string; fieldErrors?: Record<string, string> };

export function toActionError(err: unknown): Extract<ActionResult, { ok: false }> {
  const e = inputDbErrorToAppError(err);
  if (isAppError(e)) return { ok: false, code: e.code, message: e.message, fieldErrors: e.fieldErrors };
  const ref = crypto.randomBytes(4).toString("hex");
  console.error(`[action error ${ref}]`, e);
  return { ok: false, code: "INTERNAL", message: `Something went wrong on our side (reference ${ref}). Nothing was saved; please try again.` };
}

export async function runAction<T>(fn: (actor: Actor) => Promise<T>): Promise<ActionResult<T>> {
  try {
    const actor = await getActor();
    if (!actor) throw new AppError("UNAUTHENTICATED", "Your sign-in has expired. Sign in again and retry.");
    return { ok: true, data: await fn(actor) };
  } catch (e) {
    return toActionError(e);
  }
}

/** For actions that run before anyone is signed in (first-run setup). */
export async function runPublicAction<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (e) {
    return toActionError(e);
  }
}

/**
 * For pages: `fn.bind(null, bashId)` made once per action and reused. Every bound action a page
 * renders is sent (with its bound arguments encrypted) once per distinct function, so a console
 * that offers "Request details" on 100 reports sends one reference instead of 100.
 */
export function bashActionBinder(bashId: string) {
  const bound = new Map<unknown, unknown>();
  return (fn: (bashId: string, input: Record<string, string>) => Promise<unknown>): never => {
    let f = bound.get(fn);
    if (f === undefined) bound.set(fn, (f = fn.bind(null, bashId)));
    return f as never;
  };
}
