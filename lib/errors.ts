// Two kinds of error: an AppError's message reaches the user; anything else is logged and the user
// sees a generic message with a reference id.
export type ErrorCode = "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "INVALID" | "RATE_LIMITED" | "UNAUTHENTICATED" | "UNAVAILABLE";

export const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID: 400,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
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
  if (code) return new AppError("INVALID", INPUT_DB_ERRORS[code]);
  if (isDatabaseUnavailable(e)) {
    console.warn("[database unavailable]", e instanceof Error ? e.message.split("\n").filter(Boolean).pop() : e);
    return new AppError("UNAVAILABLE", DATABASE_UNAVAILABLE_MESSAGE, { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS });
  }
  return e;
}

export const DATABASE_RETRY_AFTER_SECONDS = 5;
export const DATABASE_UNAVAILABLE_MESSAGE = "Bashboard cannot reach its database right now. Nothing was saved; try again in a few seconds.";

// The database is down, restarting or out of connections: Prisma's "can't reach" / "connection
// closed" / "pool timeout" codes, the pg adapter's kinds, and Postgres's connection-exception (08…),
// shutdown (57P01–57P03) and too-many-connections (53300) codes.
const UNAVAILABLE_PRISMA = new Set(["P1001", "P1002", "P1017", "P2024"]);
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "TlsConnectionError"]);
const UNAVAILABLE_PG = /^(08\w{3}|57P0[123]|53300)$/;
const UNAVAILABLE_SOCKET = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);

/** Whether an error means the database cannot be reached (not that the request was wrong). */
export function isDatabaseUnavailable(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== "object" || depth > 4) return false;
  const o = e as { code?: unknown; kind?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  if (typeof o.code === "string" && (UNAVAILABLE_PRISMA.has(o.code) || UNAVAILABLE_SOCKET.has(o.code))) {
    // P2010 (raw query failed) carries the real reason in its adapter error, checked below.
    return true;
  }
  // Every pooled connection stayed busy past the transaction's wait: overloaded, not the request's fault.
  if (o.code === "P2028" && typeof o.message === "string" && /Unable to start a transaction/i.test(o.message)) return true;
  if (typeof o.kind === "string" && UNAVAILABLE_KINDS.has(o.kind)) return true;
  if (o.kind === "postgres" && typeof o.code === "string" && UNAVAILABLE_PG.test(o.code)) return true;
  if (typeof o.originalCode === "string" && UNAVAILABLE_PG.test(o.originalCode)) return true;
  if (typeof o.message === "string" && /Connection terminated|Can't reach database server|server closed the connection/i.test(o.message) && !("fieldErrors" in o)) return true;
  return isDatabaseUnavailable(o.meta?.driverAdapterError, depth + 1) || isDatabaseUnavailable(o.cause, depth + 1);
}
