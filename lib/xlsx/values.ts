// Pure helpers for turning spreadsheet cells into Bashboard values: text clean-up, numbers as typed,
// dates, priorities and statuses, and the title/description split. No I/O; unit-tested on their own.
import { headerKey, PRIORITIES, STATUS_LABELS, type ReportStatusKey } from "@/lib/xlsx/columns";

export type Priority = (typeof PRIORITIES)[number];

// Control characters a person cannot have meant (everything below U+0020 except tab and line feed).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Text as a person sees it: CRLF/CR → LF, control characters dropped, trimmed (inner newlines kept). */
export function cleanText(s: string): string {
  return s.replace(/\r\n?/g, "\n").replace(CONTROL, "").trim();
}

/** Undo the export's formula neutralisation ("'=SUM(1)" → "=SUM(1)"), see lib/xlsx/escape.ts. */
export function unneutralise(s: string): string {
  return /^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s;
}

/** "11.0" stays "11.0" and "10" stays "10": the text of a number as it was typed. */
export function isCanonicalNumberText(raw: string): boolean {
  return String(Number(raw)) === raw;
}

/**
 * The text of a number in a column of the given kind. `raw` is the number exactly as stored in the
 * sheet XML (e.g. "11.0"); `numFmt` the cell's number format (a "0.0" format shows 11 as "11.0").
 */
export function numberText(n: number, kind: "version" | "serial" | "text", raw?: string, numFmt?: string): string {
  if (!Number.isFinite(n)) return "";
  if (kind === "serial") return Math.abs(n - Math.round(n)) < 1e-9 ? String(Math.round(n)) : String(n);
  if (kind === "version") {
    const typed = raw?.trim();
    if (typed && /^-?\d+(\.\d+)?$/.test(typed) && Number(typed) === n) return typed;
    const fixed = numFmt ? /^0\.(0+)$/.exec(numFmt.trim()) : null;
    if (fixed) return n.toFixed(fixed[1].length);
  }
  return String(n);
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** yyyy-mm-dd, or yyyy-mm-dd hh:mm[:ss] when the value has a time (spreadsheet dates are UTC-based). */
export function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return "";
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  if (h === 0 && m === 0 && s === 0) return date;
  return `${date} ${pad(h)}:${pad(m)}${s ? `:${pad(s)}` : ""}`;
}

/** Whether an Excel number format shows a date or time (so a numeric result is a date serial). */
export function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  const f = numFmt.replace(/"[^"]*"/g, "").replace(/\[[^\]]*\]/g, "").replace(/\\./g, "");
  return /[dmyhs]/i.test(f) && !/^general$/i.test(f.trim());
}

/** An Excel date serial as a Date (UTC), for the 1900 or 1904 date system. */
export function excelSerialToDate(serial: number, date1904 = false): Date {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return new Date(epoch + Math.round(serial * 86_400_000));
}

/** The URL inside =HYPERLINK("url", …), if the formula is one. */
export function hyperlinkFormulaUrl(formula: string | undefined): string | null {
  if (!formula) return null;
  const m = /^\s*=?\s*HYPERLINK\s*\(\s*"((?:[^"]|"")*)"/i.exec(formula);
  return m ? m[1].replace(/""/g, '"') : null;
}

/** Names compared the way people mean them: trimmed, inner spaces collapsed, case-insensitive. */
export function personKey(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLowerCase();
}

export const TITLE_MAX = 200;

/**
 * A bug's "Description of Bug" cell → title and description. The title is the first line, cut at a
 * word to at most `max` characters (with "…" when cut); the description is the rest, or the whole
 * text when the first line had to be cut.
 */
export function splitTitle(text: string, max = TITLE_MAX): { title: string; description: string } {
  const clean = text.trim();
  const nl = clean.indexOf("\n");
  const first = (nl < 0 ? clean : clean.slice(0, nl)).trim();
  const rest = nl < 0 ? "" : clean.slice(nl + 1).replace(/^\s*\n/, "").trim();
  if (first.length <= max) return { title: first, description: rest };
  const room = first.slice(0, max - 1);
  const space = room.lastIndexOf(" ");
  const cut = (space >= max / 2 ? room.slice(0, space) : room).replace(/[\s,.;:–-]+$/, "");
  return { title: `${cut}…`, description: clean };
}

export type ValueRead<T extends string> = { kind: "empty" } | { kind: "exact"; value: T } | { kind: "suggest"; value: T | null };

const PRIORITY_WORDS: Record<string, Priority> = {
  critical: "P1",
  blocker: "P1",
  highest: "P1",
  urgent: "P1",
  showstopper: "P1",
  high: "P2",
  major: "P2",
  medium: "P3",
  normal: "P3",
  moderate: "P3",
  low: "P4",
  lowest: "P4",
  trivial: "P4",
  minor: "P4",
};

/**
 * A Priority cell: "P1".."P4" in any case/spacing is exact; "1", "P1 - Critical", "High" … are
 * suggestions the facilitator confirms; anything else is a suggestion of null (they must choose).
 */
export function readPriority(value: string): ValueRead<Priority> {
  const v = value.trim();
  if (!v) return { kind: "empty" };
  const key = headerKey(v);
  const exact = PRIORITIES.find((p) => p.toLowerCase() === key);
  if (exact) return { kind: "exact", value: exact };
  const numbered = /^p?\s*([1-4])(?![0-9.])/i.exec(v);
  if (numbered) return { kind: "suggest", value: `P${numbered[1]}` as Priority };
  const word = /^[a-z]+/.exec(key)?.[0] ?? "";
  return { kind: "suggest", value: PRIORITY_WORDS[key] ?? PRIORITY_WORDS[word] ?? null };
}

const STATUS_WORDS: Record<string, ReportStatusKey> = {
  new: "OPEN",
  reopened: "OPEN",
  reopen: "OPEN",
  todo: "OPEN",
  triage: "OPEN",
  untriaged: "OPEN",
  fixed: "DONE",
  closed: "DONE",
  resolved: "DONE",
  complete: "DONE",
  completed: "DONE",
  verified: "DONE",
  wontfix: "NOT_A_BUG",
  willnotfix: "NOT_A_BUG",
  invalid: "NOT_A_BUG",
  rejected: "NOT_A_BUG",
  notabug: "NOT_A_BUG",
  worksasdesigned: "NOT_A_BUG",
  asdesigned: "NOT_A_BUG",
  bydesign: "NOT_A_BUG",
  cannotreproduce: "NOT_A_BUG",
  cantreproduce: "NOT_A_BUG",
  notreproducible: "NOT_A_BUG",
  dup: "DUPLICATE",
  dupe: "DUPLICATE",
  duplicated: "DUPLICATE",
  wip: "IN_PROGRESS",
  started: "IN_PROGRESS",
  doing: "IN_PROGRESS",
  inprogress: "IN_PROGRESS",
  fixing: "IN_PROGRESS",
  needinfo: "NEEDS_INFO",
  needsinfo: "NEEDS_INFO",
  needmoreinfo: "NEEDS_INFO",
  moreinfo: "NEEDS_INFO",
  question: "NEEDS_INFO",
  confirmed: "CONFIRMED",
  accepted: "CONFIRMED",
  triaged: "CONFIRMED",
  reproduced: "CONFIRMED",
  acknowledged: "CONFIRMED",
};

/**
 * A Status cell: a label of STATUS_LABELS (or the enum name, or "New") ignoring case and spaces is
 * exact; known synonyms ("Fixed", "Won't fix", "Dup" …) are suggestions; anything else suggests null.
 */
export function readStatus(value: string): ValueRead<ReportStatusKey> {
  const v = value.trim();
  if (!v) return { kind: "empty" };
  const key = headerKey(v);
  for (const [status, label] of Object.entries(STATUS_LABELS) as [ReportStatusKey, string][]) {
    if (headerKey(label) === key || headerKey(status) === key) return { kind: "exact", value: status };
  }
  if (key === "new") return { kind: "exact", value: "OPEN" };
  return { kind: "suggest", value: STATUS_WORDS[key] ?? null };
}

/** "rows 5, 7 and 9" / "row 5" (at most `max` numbers, then "…"). */
export function rowsText(rows: number[], max = 5): string {
  if (rows.length === 1) return `row ${rows[0]}`;
  const shown = rows.slice(0, max);
  const more = rows.length > max ? ` and ${rows.length - max} more` : "";
  if (more) return `rows ${shown.join(", ")}${more}`;
  return `rows ${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}

/** 1 → "A", 27 → "AA". */
export function columnLetter(n: number): string {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** "AA12" → { col: 27, row: 12 }; null when it is not a cell reference. */
export function parseCellRef(ref: string): { col: number; row: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref.trim());
  if (!m) return null;
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { col, row: Number(m[2]) };
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Decode the five XML entities and numeric character references. */
export function xmlDecode(s: string): string {
  if (!s.includes("&")) return s;
  // Named entities only (JSON in the hidden sheet is full of &quot;): native replaces, &amp; last so
  // "&amp;lt;" becomes "&lt;", as the one-pass replace below would make it.
  if (!s.includes("&#")) return s.replaceAll("&quot;", '"').replaceAll("&apos;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (all, e: string) => {
    if (e[0] !== "#") return ENTITIES[e] ?? all;
    const code = e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    try {
      return String.fromCodePoint(code);
    } catch {
      return "";
    }
  });
}
