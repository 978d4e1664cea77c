import { z } from "zod";

export const MAX_ACCOUNTS_PER_PASTE = 200;
export const MAX_USERNAME_LENGTH = 200;
export const MAX_SECRET_LENGTH = 200;
export const MAX_NOTES_LENGTH = 500;

const id = (message: string) => z.string({ error: message }).trim().min(1, message);

export const ZAddCredentials = z.object({
  environmentId: id("Choose an environment."),
  // Pasted lines: one account per line.
  text: z.string({ error: "Paste the test accounts, one per line." }).max(500_000, "That paste is too long: paste at most 200 accounts at a time."),
});
export type TAddCredentials = z.infer<typeof ZAddCredentials>;

export const ZClaimCredential = z.object({ environmentId: id("Choose an environment.") });
export type TClaimCredential = z.infer<typeof ZClaimCredential>;

export const ZReleaseCredential = z.object({ credentialId: id("Choose a test account.") });
export type TReleaseCredential = z.infer<typeof ZReleaseCredential>;

export const ZRemoveCredential = z.object({ credentialId: id("Choose a test account.") });
export type TRemoveCredential = z.infer<typeof ZRemoveCredential>;

export type CredentialRow = { username: string; secret: string; notes: string };
export type CredentialLineProblem = { line: number; message: string };

const HEADER_USER = new Set(["username", "user", "email", "emailaddress", "login", "loginname", "userid", "account"]);
const HEADER_SECRET = new Set(["password", "pass", "passwd", "pwd", "secret"]);
const norm = (s: string) => s.toLowerCase().replace(/[\s_\-.]/g, "");

function isHeader(fields: string[]): boolean {
  return fields.length >= 2 && HEADER_USER.has(norm(fields[0])) && HEADER_SECRET.has(norm(fields[1]));
}

/** "password notes with spaces" → ["password", "notes with spaces"]. */
function splitWhitespace(s: string): string[] {
  const m = s.trim().match(/^(\S+)(?:\s+([\s\S]*))?$/);
  if (!m) return [];
  return m[2] ? [m[1], m[2]] : [m[1]];
}

/** Split on one delimiter, honouring "double quoted" fields (as spreadsheets export them). */
function splitDelimited(line: string, sep: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cur += ch;
      }
    } else if (ch === sep) {
      out.push(cur.trim());
      cur = "";
    } else if (ch === '"' && cur.trim() === "") {
      quoted = true;
      cur = "";
    } else {
      cur += ch;
    }
  }
  // An unbalanced quote is part of a value, not quoting.
  if (quoted) return line.split(sep).map((f) => f.trim());
  out.push(cur.trim());
  return out;
}

/** [username, secret, ...notes] for one non-blank line. */
function splitLine(line: string): { fields: string[]; joinWith: string } {
  // A spreadsheet paste: tab separated; everything else (spaces, commas) belongs to the cell.
  if (line.includes("\t")) return { fields: line.split("\t").map((f) => f.trim()), joinWith: ", " };

  // The username runs up to the first space, comma, semicolon or colon; what follows decides the form.
  let user = line.match(/^[^\s,;:]*/)?.[0] ?? "";
  let rest = line.slice(user.length);

  // "username / password" (a slash with a space on at least one side).
  if (user.endsWith("/") && /^\s/.test(rest)) {
    user = user.slice(0, -1);
    rest = rest.replace(/^\s+/, "/ ");
  }
  const slash = rest.match(/^(\s+\/\s*|\/\s+)/);
  if (user && slash) return { fields: [user, ...splitWhitespace(rest.slice(slash[0].length))], joinWith: " " };

  const sep = rest.match(/^\s*([,;:])/)?.[1];
  // "user:pass [notes…]"
  if (sep === ":") return { fields: [user, ...splitWhitespace(rest.slice(rest.indexOf(":") + 1))], joinWith: " " };
  // "username,password,notes" or "username;password;notes"
  if (sep === "," || sep === ";") return { fields: splitDelimited(line, sep), joinWith: `${sep} ` };
  // "username password [notes…]"
  const [username = "", after = ""] = splitWhitespace(line);
  return { fields: [username, ...splitWhitespace(after)], joinWith: " " };
}

/**
 * Read pasted test accounts, one per line: tab, comma or semicolon separated, "username password
 * [notes…]", "username / password" or "user:pass". Blank lines, # comments and a header line
 * ("username,password") are skipped. Line numbers in problems count from 1 over the pasted text.
 */
export function parseCredentialLines(text: string): { rows: CredentialRow[]; problems: CredentialLineProblem[] } {
  const rows: CredentialRow[] = [];
  const problems: CredentialLineProblem[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  let accountLines = 0;
  let firstLineOverLimit = 0;
  let sawFirstLine = false;

  lines.forEach((raw, i) => {
    const line = raw.trim();
    const n = i + 1;
    if (line === "" || line.startsWith("#")) return;
    const { fields, joinWith } = splitLine(line);
    // Only the first line can be a header ("username,password").
    const isFirstLine = !sawFirstLine;
    sawFirstLine = true;
    if (isFirstLine && isHeader(fields)) return;
    accountLines += 1;
    if (accountLines > MAX_ACCOUNTS_PER_PASTE) {
      if (!firstLineOverLimit) firstLineOverLimit = n;
      return;
    }

    const username = fields[0] ?? "";
    const secret = fields[1] ?? "";
    const notes = fields
      .slice(2)
      .filter((f) => f !== "")
      .join(joinWith)
      .trim();

    let message = "";
    if (!username) message = `Line ${n} has no username: write the username first, then the password.`;
    else if (!secret) message = `Line ${n} has no password: write the username and the password separated by a tab, comma or space.`;
    else if (username.length > MAX_USERNAME_LENGTH) message = `Line ${n}: keep the username under ${MAX_USERNAME_LENGTH} characters.`;
    else if (secret.length > MAX_SECRET_LENGTH) message = `Line ${n}: keep the password under ${MAX_SECRET_LENGTH} characters.`;
    else if (notes.length > MAX_NOTES_LENGTH) message = `Line ${n}: keep the notes under ${MAX_NOTES_LENGTH} characters.`;
    if (message) problems.push({ line: n, message });
    else rows.push({ username, secret, notes });
  });

  // Too many accounts is the first thing to fix: it comes before the problems of single lines.
  if (firstLineOverLimit) problems.unshift({ line: firstLineOverLimit, message: `Paste at most ${MAX_ACCOUNTS_PER_PASTE} accounts at a time.` });
  return { rows, problems };
}
