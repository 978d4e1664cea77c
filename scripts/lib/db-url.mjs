// Turn a database connection failure into one sentence a person can act on.
import pg from "pg";

export function redactUrl(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = "****";
    return u.toString();
  } catch {
    return "(unparseable)";
  }
}

export function checkUrlShape(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return "DATABASE_URL is not a valid URL; expected something like postgresql://user:password@host:5432/bashboard.";
  }
  if (u.protocol !== "postgres:" && u.protocol !== "postgresql:") {
    return `DATABASE_URL must start with postgresql:// (it starts with ${u.protocol}//).`;
  }
  if (!u.pathname || u.pathname === "/") {
    return "DATABASE_URL names no database; add one at the end, e.g. postgresql://user:password@host:5432/bashboard.";
  }
  return null;
}

export function describeDbError(url, e) {
  let where = "the database";
  let db = "";
  let user = "";
  try {
    const u = new URL(url);
    where = `${u.hostname}:${u.port || 5432}`;
    db = decodeURIComponent(u.pathname.slice(1));
    user = decodeURIComponent(u.username);
  } catch {}
  switch (e?.code) {
    case "ECONNREFUSED":
      return `Cannot connect to Postgres at ${where}: the connection was refused — is the server running and listening there?`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `Cannot connect to Postgres: the host in DATABASE_URL (${where}) could not be found.`;
    case "ETIMEDOUT":
    case "ECONNRESET":
      return `Cannot connect to Postgres at ${where}: the connection timed out or was reset.`;
    case "28P01":
    case "28000":
      return `Postgres at ${where} rejected the user "${user}": check the user name and password in DATABASE_URL.`;
    case "3D000":
      return `Postgres at ${where} has no database "${db}": create it (createdb ${db}) or fix DATABASE_URL.`;
    case "42501":
      return `The user "${user}" lacks a permission Bashboard needs on ${where}/${db}: ${e.message}.`;
    default:
      return `Cannot use the database in DATABASE_URL (${redactUrl(url)}): ${e?.message ?? e}.`;
  }
}

/** Resolves to null when the server answers, otherwise to a one-sentence explanation. */
export async function probeDatabase(url, timeoutMs = 8000) {
  const shape = checkUrlShape(url);
  if (shape) return shape;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("select 1");
    return null;
  } catch (e) {
    if (/timeout/i.test(e?.message ?? "") && !e.code) e.code = "ETIMEDOUT";
    return describeDbError(url, e);
  } finally {
    await client.end().catch(() => {});
  }
}
