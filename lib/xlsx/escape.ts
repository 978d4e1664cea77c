// Text that goes into an exported workbook: safe to open (no formula injection) and valid XML.

/** Excel refuses a cell holding more characters than this (it "repairs" the file and drops the text). */
export const EXCEL_MAX_CELL_CHARS = 32_767;

/** A leading character that makes Excel, LibreOffice or Sheets treat the text as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * OWASP CSV/formula-injection advice: text beginning with `=`, `+`, `-`, `@`, a tab or a carriage
 * return gets a leading single quote, so a spreadsheet shows it as text and never evaluates it
 * ("=HYPERLINK(…)" → "'=HYPERLINK(…)"). Version strings such as "-1" are neutralised too.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

// Control characters XML 1.0 forbids or Excel refuses (everything below U+0020 except tab and line
// feed; carriage returns are turned into line feeds first), DEL, the non-characters U+FFFE/U+FFFF
// and unpaired surrogates.
const REFUSED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Every text value the export writes goes through here: null/undefined become "", line endings
 * become "\n", refused control characters are stripped (newlines and tabs are kept), the result is
 * neutralised (see neutraliseFormula) and cut to Excel's 32,767-character cell limit.
 */
export function cellText(v: string | null | undefined): string {
  if (v === null || v === undefined || v === "") return "";
  const clean = neutraliseFormula(v.replace(/\r\n?/g, "\n").replace(REFUSED, ""));
  if (clean.length <= EXCEL_MAX_CELL_CHARS) return clean;
  const cut = clean.slice(0, EXCEL_MAX_CELL_CHARS - 1);
  // Do not leave half a surrogate pair at the end.
  return (/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut) + "…";
}
