// The one wrapper every /api/v1 route handler goes through: authenticate the token (lib/api/auth.ts),
// run the handler (which calls the same lib commands and queries as the UI), and answer JSON that
// is never cached. Errors: AppError → its status with {error, code, fieldErrors} (lib/http.ts).
import { authenticateApi, WWW_AUTHENTICATE } from "@/lib/api/auth";
import type { TokenScope } from "@/lib/api/tokens";
import { getDb } from "@/lib/db";
import { AppError, isAppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { errorResponse } from "@/lib/http";
import type { Actor } from "@/lib/policy";

/** Request bodies larger than this are refused before parsing. */
export const MAX_BODY_BYTES = 1_000_000;

export type ApiContext<P> = {
  db: PrismaClient;
  actor: Actor;
  request: Request;
  url: URL;
  params: P;
  /** The JSON body as an object; 400 with a message when it is missing, malformed or not an object. */
  body: () => Promise<Record<string, unknown>>;
};

const NO_STORE = { "Cache-Control": "no-store" };

/** A JSON answer that no cache keeps (tokens see private data). */
export function apiJson(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(data, { status, headers: { ...NO_STORE, ...headers } });
}

export function apiNoContent(): Response {
  return new Response(null, { status: 204, headers: NO_STORE });
}

/** errorResponse plus what an API client needs: no caching, and the auth scheme on a 401. */
export function apiError(e: unknown): Response {
  const res = errorResponse(namedFieldError(e));
  res.headers.set("Cache-Control", "no-store");
  if (res.status === 401) res.headers.set("WWW-Authenticate", WWW_AUTHENTICATE);
  return res;
}

/**
 * zod's own messages ("Invalid input: expected string, received number") do not say which field they
 * are about; a form shows them next to the field, an API client needs the name in the message.
 */
function namedFieldError(e: unknown): unknown {
  if (!isAppError(e) || e.code !== "INVALID" || !e.fieldErrors || !/^Invalid\b/.test(e.message)) return e;
  const field = Object.keys(e.fieldErrors).find((k) => e.fieldErrors?.[k] === e.message);
  return field ? new AppError("INVALID", `${field}: ${e.message}`, { fieldErrors: e.fieldErrors }) : e;
}

/** Parse the request body as a JSON object (400 with a plain message otherwise). */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get("content-type") ?? "";
  if (type && !/^application\/([\w.+-]+\+)?json\b/i.test(type.trim())) {
    throw new AppError("INVALID", `Send the request body as JSON with Content-Type: application/json (got ${type.split(";")[0]}).`);
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw new AppError("INVALID", `The request body is too large (at most ${MAX_BODY_BYTES.toLocaleString("en")} bytes).`);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new AppError("INVALID", `The request body is too large (at most ${MAX_BODY_BYTES.toLocaleString("en")} bytes).`);
  if (!text.trim()) throw new AppError("INVALID", "The request body is empty: send a JSON object.");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new AppError("INVALID", `The request body is not valid JSON: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new AppError("INVALID", "The request body must be a JSON object, for example {\"title\": \"…\"}.");
  }
  return parsed as Record<string, unknown>;
}

/**
 * Refuse fields the endpoint does not know (a typo would otherwise be dropped without a word). The
 * allowed names come from the shared zod schema's shape, so they cannot drift from what lib accepts.
 */
export function rejectUnknownFields(body: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length === 0) return;
  const fieldErrors = Object.fromEntries(unknown.map((k) => [k, "Unknown field."]));
  throw new AppError("INVALID", `Unknown field${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}. Allowed: ${allowed.join(", ")}.`, { fieldErrors });
}

/**
 * A route handler for /api/v1: `needed` is the token scope the endpoint requires (READ for GET,
 * READ_WRITE for anything that changes data).
 */
export function apiRoute<P extends Record<string, string> = Record<string, never>>(needed: TokenScope, fn: (c: ApiContext<P>) => Promise<Response>) {
  return async (request: Request, context?: { params: Promise<P> }): Promise<Response> => {
    try {
      const db = getDb();
      const actor = await authenticateApi(db, request, needed);
      const params = ((await context?.params) ?? {}) as P;
      return await fn({ db, actor, request, url: new URL(request.url), params, body: () => readJsonObject(request) });
    } catch (e) {
      return apiError(e);
    }
  };
}
