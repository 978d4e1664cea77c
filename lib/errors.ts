// Two kinds of error: an AppError's message reaches the user; anything else is logged and the user
// sees a generic message with a reference id.
export type ErrorCode = "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "INVALID" | "RATE_LIMITED" | "UNAUTHENTICATED";

export const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID: 400,
  RATE_LIMITED: 429,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fieldErrors?: Record<string, string>;
  readonly retryAfterSeconds?: number;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { fieldErrors?: Record<string, string>; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = opts.fieldErrors;
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export const notFound = (what = "That item") => new AppError("NOT_FOUND", `${what} was not found, or you do not have access to it.`);

/**
 * Postgres errors that only the input can cause: a NUL byte (22021; Postgres text cannot hold one)
 * or a character it cannot store (22P05), and a value too large to index (54000). Whatever field
 * they came through, the answer is the same INVALID a zod check would have given, never a 5xx.
 */
const INPUT_DB_ERRORS: Record<string, string> = {
  "22021": "Some of the text contains a character that cannot be stored (a NUL byte). Remove it and try again.",
  "22P05": "Some of the text contains a character that cannot be stored. Remove it and try again.",
  "54000": "Some of the input is far too long. Shorten it and try again.",
};

function postgresCode(e: unknown, depth = 0): string | null {
  if (!e || typeof e !== "object" || depth > 4) return null;
  const o = e as { originalCode?: unknown; code?: unknown; kind?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  for (const c of [o.originalCode, o.kind === "postgres" ? o.code : undefined]) {
    if (typeof c === "string" && c in INPUT_DB_ERRORS) return c;
  }
  return postgresCode(o.meta?.driverAdapterError, depth + 1) ?? postgresCode(o.cause, depth + 1);
}

/** The AppError for a database error the input caused (see INPUT_DB_ERRORS), or the error unchanged. */
export function inputDbErrorToAppError(e: unknown): unknown {
  if (isAppError(e)) return e;
  const code = postgresCode(e);
  return code ? new AppError("INVALID", INPUT_DB_ERRORS[code]) : e;
}
