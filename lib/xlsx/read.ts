// Safe reading of an uploaded workbook into plain rows of text, each cell already what a person sees.
//
// 1. lib/xlsx/zip.ts checks the bytes and the zip central directory (size, type, zip bomb, password,
//    not-a-workbook) and inflates every part we use with a cap at its declared size.
// 2. A light scan of each sheet's XML collects what exceljs loses: numbers exactly as typed
//    (<v>11.0</v> → "11.0"), inline rich text, hyperlink targets and merged areas.
// 3. A sheet made only of plain text (t="str", as exceljs and Bashboard write it), plain numbers and
//    empty cells is read straight from its XML by plainSheetRows() with the same result; that is
//    every sheet of a Bashboard export, and it costs a fraction of exceljs's parse.
// 4. exceljs's STREAMING reader parses the other sheets. It is fed a small zip rebuilt from the checked
//    parts (compressed bytes copied, not recompressed) in the order it needs — workbook, shared
//    strings, styles, then sheets. Fed the upload as it is, exceljs 4.4's streaming reader spools
//    every sheet to a temporary file whenever the sheets come before sharedStrings.xml (they do in
//    files from Excel, Google Sheets and exceljs itself), and it never joins hyperlinks to cells. The
//    normal reader would handle those, but holds every cell of the workbook in memory (about 1.7 GB
//    for 2 million styled cells, which fit in a 10 MB upload); streaming keeps memory flat and stops
//    at the row limit.
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { AppError } from "@/lib/errors";
import { XLSX_LIMITS, type SheetKey } from "@/lib/xlsx/columns";
import { findHeaderRow, HEADER_SEARCH_ROWS, isTableKey, sheetKeyOf, type TableKey } from "@/lib/xlsx/layout";
import {
  cleanText,
  columnLetter,
  dateText,
  excelSerialToDate,
  hyperlinkFormulaUrl,
  isCanonicalNumberText,
  isDateFormat,
  numberText,
  parseCellRef,
  xmlDecode,
} from "@/lib/xlsx/values";
import {
  buildZip,
  checkFileBytes,
  copiedPart,
  damaged,
  inflateEntry,
  openZip,
  storedPart,
  type Zip,
  type ZipEntry,
  type ZipLimits,
  type ZipPart,
} from "@/lib/xlsx/zip";

export type ReadLimits = ZipLimits & { maxRows: number };

export type ParsedRow = { rowNumber: number; cells: string[] };

export type ParsedSheet = {
  /** The sheet's name as it is in the file. */
  name: string;
  /** Which template sheet this is (name matched ignoring case, spaces and punctuation). */
  key: SheetKey;
  hidden: boolean;
  /** Tables: the header row found in the first 10 rows (1-based), or null when none matched. */
  headerRow: number | null;
  /** Every non-empty row (title and header rows included), cells[0] being column A. */
  rows: ParsedRow[];
  /** Non-empty rows below the header (every non-empty row of a sheet that is not a table). */
  dataRows: number;
};

/** Something noticed while reading a cell (e.g. a formula without a saved result). */
export type ReadNote = { sheet: string; row: number; column: number; message: string };

export type ParsedWorkbook = {
  /** The template sheets (and the hidden _bashboard sheet) found, by their name in the file. */
  sheets: Record<string, ParsedSheet>;
  /** Every sheet of the file in order, including those not read. */
  sheetNames: string[];
  notes: ReadNote[];
};

export function tooManyRows(maxRows: number): AppError {
  return new AppError("INVALID", `The workbook has more than ${maxRows.toLocaleString("en")} rows; split it and import the parts.`);
}

function couldNotRead(sheet: string | null): AppError {
  return new AppError(
    "INVALID",
    `${sheet ? `The sheet “${sheet}”` : "The workbook"} could not be read: the file is damaged. Open it in Excel, save it again and try again.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Workbook structure (workbook.xml and its relationships), read with light regexes.

type BookSheet = { name: string; state: string; path: string | null };
type Book = { sheets: BookSheet[]; sharedStrings: ZipEntry | null; styles: ZipEntry | null; date1904: boolean };

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out[m[1]] = xmlDecode(m[2] ?? m[3] ?? "");
  return out;
}

/** The attribute `local` whatever its namespace prefix ("r:id", "id"). */
function attr(a: Record<string, string>, local: string): string | undefined {
  if (a[local] !== undefined) return a[local];
  const k = Object.keys(a).find((key) => key.endsWith(`:${local}`));
  return k ? a[k] : undefined;
}

function resolvePath(baseDir: string, target: string): string {
  const parts = (target.startsWith("/") ? target.slice(1) : `${baseDir}/${target}`).split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "..") out.pop();
    else if (p && p !== ".") out.push(p);
  }
  return out.join("/");
}

function readRels(zip: Zip, path: string, baseDir: string): Map<string, { type: string; target: string; external: boolean }> {
  const rels = new Map<string, { type: string; target: string; external: boolean }>();
  const entry = zip.byName.get(path.toLowerCase());
  if (!entry) return rels;
  const xml = inflateEntry(zip, entry).toString("utf8");
  for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const a = attrs(m[1]);
    if (!a.Id || a.Target === undefined) continue;
    const external = a.TargetMode === "External";
    rels.set(a.Id, { type: a.Type ?? "", target: external ? a.Target : resolvePath(baseDir, a.Target), external });
  }
  return rels;
}

function readBook(zip: Zip): Book {
  const wbEntry = zip.byName.get("xl/workbook.xml");
  if (!wbEntry) throw damaged("xl/workbook.xml is missing");
  const xml = inflateEntry(zip, wbEntry).toString("utf8");
  const rels = readRels(zip, "xl/_rels/workbook.xml.rels", "xl");
  const sheets: BookSheet[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?sheet\b([^>]*?)\/?>/g)) {
    const a = attrs(m[1]);
    const rel = rels.get(attr(a, "id") ?? "");
    const isWorksheet = !!rel && /\/worksheet$/.test(rel.type);
    sheets.push({ name: a.name ?? "", state: a.state ?? "visible", path: isWorksheet && rel ? rel.target : null });
  }
  if (sheets.length === 0) throw damaged("the workbook lists no sheets");
  const byType = (suffix: string, fallback: string) => {
    const rel = [...rels.values()].find((r) => r.type.endsWith(suffix));
    return zip.byName.get((rel?.target ?? fallback).toLowerCase()) ?? null;
  };
  const pr = /<(?:\w+:)?workbookPr\b([^>]*)>/.exec(xml);
  const date1904 = pr ? /^(1|true)$/.test(attrs(pr[1]).date1904 ?? "") : false;
  return { sheets, sharedStrings: byType("/sharedStrings", "xl/sharedStrings.xml"), styles: byType("/styles", "xl/styles.xml"), date1904 };
}

// ---------------------------------------------------------------------------------------------
// Sheet XML scan: what exceljs does not give us.

type SheetScan = {
  /** Numbers whose stored text is not what JavaScript would print ("11.0", "94.10", "1E3"). */
  raw: Map<string, string>;
  /** Text to use instead of exceljs's value: inline strings made of several runs (exceljs keeps only
   * the last run), ISO dates stored as t="d" (exceljs reads "2024-03-05" as the number 2024), and
   * t="str" text with character references (exceljs decodes them twice: "&amp;lt;" became "<"). */
  text: Map<string, string>;
  /** Hyperlink target per cell. */
  links: Map<string, string>;
  /** Cells inside a merged area other than its top-left cell. */
  mergedAway: Set<string>;
};

const MAX_MERGE_CELLS = 100_000;
const MAX_LINK_CELLS = 100_000;
/** Notes kept per workbook (a file with a million unsaved formulas does not make a million notes). */
export const MAX_NOTES = 100;

/**
 * Scan a sheet's XML for what exceljs does not give us. Works on the inflated bytes: the text of a
 * large sheet is never made into one string (a 10 000-report Bug_Sheet is ~7 MB of XML, and a
 * string that size stays on V8's old generation until its next full collection, while a Buffer's
 * memory is released as soon as the scan is done). Only the few cells the scan keeps are decoded.
 */
export function scanSheetXml(input: Buffer | string, rels: Map<string, { target: string; external: boolean }>): SheetScan {
  const xml = typeof input === "string" ? Buffer.from(input, "utf8") : input;
  const scan: SheetScan = { raw: new Map(), text: new Map(), links: new Map(), mergedAway: new Set() };
  const dataEnd = xml.lastIndexOf("</sheetData>");
  const stop = dataEnd < 0 ? xml.length : dataEnd;
  let pos = Math.max(0, xml.indexOf("<sheetData"));
  // Where the next run (<r> or <x:r>) starts: cells are visited in order, so the search only moves
  // forward and the whole scan stays linear however few runs the sheet has.
  let runAt = -1;
  let ampAt = -1;
  const nextAmp = (from: number): number => {
    if (ampAt >= from) return ampAt;
    const at = xml.indexOf(38 /* & */, from);
    return (ampAt = at < 0 ? Number.POSITIVE_INFINITY : at);
  };
  const nextRun = (from: number): number => {
    if (runAt >= from) return runAt;
    for (let k = from; ; ) {
      const at = xml.indexOf("r>", k);
      if (at < 0) return (runAt = Number.POSITIVE_INFINITY);
      let b = at - 1;
      if (xml[b] === 58 /* : */) {
        b--;
        while (b >= 0 && isWordByte(xml[b])) b--;
        if (b < at - 2 && xml[b] === 60 /* < */) return (runAt = b);
      } else if (xml[b] === 60) return (runAt = b);
      k = at + 2;
    }
  };
  for (;;) {
    const i = xml.indexOf("<c", pos);
    if (i < 0 || i >= stop) break;
    const ch = xml[i + 2];
    if (ch !== 32 && ch !== 9 && ch !== 10 && ch !== 13) {
      pos = i + 2;
      continue;
    }
    const gt = xml.indexOf(62 /* > */, i);
    if (gt < 0) break;
    if (xml[gt - 1] === 47) {
      pos = gt + 1;
      continue;
    }
    const end = xml.indexOf("</c>", gt);
    if (end < 0) break;
    pos = end + 4;
    // Text cells ("s", "str", plain inline strings) need nothing from here: skip them before
    // decoding anything. Attribute names and values we read (t, r) are ASCII.
    const t = attrAt(xml, i + 2, gt, 116 /* t */);
    const kind = t < 0 ? "n" : cellType(xml, t);
    if (kind === null || (kind === "inlineStr" && nextRun(gt) >= end) || (kind === "str" && nextAmp(gt) >= end)) continue;
    const r = attrAt(xml, i + 2, gt, 114 /* r */);
    const ref = r < 0 ? "" : xml.toString("latin1", r, xml.indexOf(34, r));
    if (!ref) continue;
    const inner = xml.toString("utf8", gt + 1, end);
    if (kind === "n") {
      const v = /<(?:\w+:)?v>([^<]*)<\/(?:\w+:)?v>/.exec(inner)?.[1]?.trim();
      if (v && !isCanonicalNumberText(v)) scan.raw.set(ref, v);
    } else if (kind === "inlineStr") {
      const text = inner
        .replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, "")
        .match(/<(?:\w+:)?t(?:\s[^>]*)?>[^<]*<\/(?:\w+:)?t>/g)
        ?.map((s) => xmlDecode(s.replace(/^<[^>]*>|<[^>]*>$/g, "")))
        .join("");
      if (text !== undefined) scan.text.set(ref, text);
    } else if (kind === "str") {
      const v = /<(?:\w+:)?v>([^<]*)<\/(?:\w+:)?v>/.exec(inner)?.[1];
      if (v?.includes("&")) scan.text.set(ref, xmlDecode(v));
    } else {
      const v = /<(?:\w+:)?v>([^<]*)<\/(?:\w+:)?v>/.exec(inner)?.[1]?.trim();
      if (v) scan.text.set(ref, isoDateText(v));
    }
  }
  const tail = xml.toString("utf8", stop);
  // One budget for every hyperlink range in the sheet, like merges: a small file with millions of
  // wide hyperlink ranges must not keep the event loop busy.
  let linkBudget = MAX_LINK_CELLS;
  for (const m of tail.matchAll(/<(?:\w+:)?hyperlink\b([^>]*)>/g)) {
    if (linkBudget <= 0) break;
    const a = attrs(m[1]);
    const rel = rels.get(attr(a, "id") ?? "");
    const url = rel?.external ? rel.target : null;
    if (!url || !a.ref) continue;
    linkBudget -= forEachCell(a.ref, Math.min(10_000, linkBudget), (r) => scan.links.set(r, url));
  }
  let budget = MAX_MERGE_CELLS;
  for (const m of tail.matchAll(/<(?:\w+:)?mergeCell\b([^>]*)>/g)) {
    const ref = attrs(m[1]).ref;
    if (!ref || budget <= 0) continue;
    const master = ref.split(":")[0];
    budget -= forEachCell(ref, budget, (r) => {
      if (r !== master.replace(/\$/g, "")) scan.mergedAway.add(r);
    });
  }
  return scan;
}

const isSpaceByte = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * Where the value of the one-letter attribute `name` starts in xml[from, to) (an element's head),
 * as the regex /(?:^|\s)t\s*=\s*"([^"]*)"/ would find it; -1 when it is absent.
 */
function attrAt(xml: Buffer, from: number, to: number, name: number): number {
  for (let k = from; k < to; k++) {
    if (xml[k] !== name || (k > from && !isSpaceByte(xml[k - 1]))) continue;
    let j = k + 1;
    while (j < to && isSpaceByte(xml[j])) j++;
    if (xml[j] !== 61 /* = */) continue;
    j++;
    while (j < to && isSpaceByte(xml[j])) j++;
    if (xml[j] !== 34 /* " */) continue;
    const close = xml.indexOf(34, j + 1);
    if (close >= 0 && close < to) return j + 1;
  }
  return -1;
}

/** The cell type at `at` if the scan needs the cell ("n", "inlineStr", "d", "str"), else null. */
function cellType(xml: Buffer, at: number): "n" | "inlineStr" | "d" | "str" | null {
  const is = (word: string) => xml[at + word.length] === 34 && xml.toString("latin1", at, at + word.length) === word;
  if (xml[at] === 110 /* n */) return is("n") ? "n" : null;
  if (xml[at] === 100 /* d */) return is("d") ? "d" : null;
  if (xml[at] === 105 /* i */) return is("inlineStr") ? "inlineStr" : null;
  if (xml[at] === 115 /* s */) return is("str") ? "str" : null;
  return null;
}

/** [A-Za-z0-9_], as \w in the run pattern. */
function isWordByte(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** A t="d" cell's ISO 8601 value as the same text as other dates ("2024-03-05" or "2024-03-05 14:30"). */
function isoDateText(v: string): string {
  const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) || !v.includes("T") ? v : `${v}Z`);
  return Number.isNaN(d.getTime()) ? v : dateText(d);
}

/** Call f for every cell of "A1" or "A1:C3" (at most `max` cells); returns how many. */
function forEachCell(range: string, max: number, f: (ref: string) => void): number {
  const [a, b] = range.split(":");
  const from = parseCellRef(a);
  const to = parseCellRef(b ?? a);
  if (!from || !to) return 0;
  let n = 0;
  for (let row = Math.min(from.row, to.row); row <= Math.max(from.row, to.row); row++) {
    for (let col = Math.min(from.col, to.col); col <= Math.max(from.col, to.col); col++) {
      if (n >= max) return n;
      f(`${columnLetter(col)}${row}`);
      n++;
    }
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Cells

type CellKind = "text" | "version" | "serial" | "url";

type RawCell = { text: string; num?: number; raw?: string; numFmt?: string; url?: string; noResult?: boolean };

function richTextOf(v: unknown): string | null {
  if (v && typeof v === "object" && Array.isArray((v as { richText?: unknown }).richText)) {
    return (v as { richText: { text?: string }[] }).richText.map((r) => r.text ?? "").join("");
  }
  return null;
}

function toRawCell(cell: ExcelJS.Cell, scan: SheetScan, date1904: boolean): RawCell | null {
  const ref = cell.address;
  if (scan.mergedAway.has(ref)) return null;
  let value: unknown = cell.value;
  let formula: string | undefined;
  let isFormula = false;
  if (value && typeof value === "object" && !(value instanceof Date) && ("formula" in value || "sharedFormula" in value || "result" in value)) {
    isFormula = true;
    formula = (value as { formula?: string }).formula;
    value = (value as { result?: unknown }).result;
  }
  let numFmt: string | undefined;
  try {
    numFmt = typeof cell.numFmt === "string" ? cell.numFmt : undefined;
  } catch {
    numFmt = undefined;
  }
  const out: RawCell = { text: "" };
  if (value === undefined || value === null) {
    if (isFormula) out.noResult = true;
  } else if (typeof value === "string") {
    out.text = cleanText(value);
  } else if (typeof value === "number") {
    if (Number.isNaN(value)) out.text = "";
    else if (isFormula && isDateFormat(numFmt)) out.text = dateText(excelSerialToDate(value, date1904));
    else {
      out.num = value;
      out.text = String(value);
    }
  } else if (typeof value === "boolean") {
    out.text = value ? "TRUE" : "FALSE";
  } else if (value instanceof Date) {
    out.text = dateText(value);
  } else if (typeof value === "object") {
    const rich = richTextOf(value);
    if (rich !== null) out.text = cleanText(rich);
    else if ("hyperlink" in value) {
      const h = value as { text?: unknown; hyperlink?: string };
      out.text = cleanText(typeof h.text === "string" ? h.text : (richTextOf(h.text) ?? ""));
      out.url = h.hyperlink;
    }
    // { error: "#N/A" } and anything else: empty.
  }
  const override = scan.text.get(ref);
  if (override !== undefined) {
    out.text = cleanText(override);
    delete out.num;
  }
  if (out.num !== undefined) {
    const raw = scan.raw.get(ref);
    if (raw) out.raw = raw;
    out.numFmt = numFmt;
  }
  const url = scan.links.get(ref) ?? hyperlinkFormulaUrl(formula) ?? out.url;
  if (url) out.url = cleanText(url);
  return out;
}

type PlainRow = { number: number; cells: (RawCell | null)[] };

/** The column of the cell reference starting at `at` ("B10", "$AB$3"; 1 for A), or 0 if it is not one. */
function refColumn(xml: Buffer, at: number): number {
  let i = at;
  if (xml[i] === 36 /* $ */) i++;
  let col = 0;
  let letters = 0;
  for (; ; i++) {
    const c = xml[i];
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
    letters++;
  }
  if (letters < 1 || letters > 3) return 0;
  if (xml[i] === 36) i++;
  const digits = i;
  while (xml[i] >= 48 && xml[i] <= 57) i++;
  return i > digits && xml[i] === 34 /* closing quote */ ? col : 0;
}

const V_ONLY = /^<v>([^<]*)<\/v>$/;
const isSpace = (c: number | undefined) => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * The rows of a sheet made only of plain text cells (t="str" with a value and no formula), numbers
 * without any style (not on the cell, its row or its column, so no date or number format applies)
 * and empty cells: the same cells, in the same rows, that exceljs's streaming reader and toRawCell
 * give, read with a byte scan. null as soon as anything else appears (shared strings, inline or rich
 * text, formulas, booleans, errors, dates, styled numbers, namespace prefixes, missing references):
 * the sheet is then read by exceljs. One difference on purpose: "&amp;lt;" in a value is "&lt;" here,
 * where exceljs decodes it twice; scanSheetXml corrects exceljs's value the same way.
 */
export function plainSheetRows(xml: Buffer, scan: SheetScan): PlainRow[] | null {
  const start = xml.indexOf("<sheetData");
  if (start < 0) return null;
  const open = xml.indexOf(62, start);
  if (open < 0) return null;
  if (xml[open - 1] === 47) return [];
  const end = xml.indexOf("</sheetData>", open);
  if (end < 0) return null;
  // A column style would give unstyled numbers in that column a format: leave such sheets to exceljs.
  const styledColumns = /<col\b[^>]*\sstyle\s*=/.test(xml.toString("latin1", 0, start));
  const rows: PlainRow[] = [];
  let pos = open + 1;
  for (;;) {
    while (pos < end && isSpace(xml[pos])) pos++;
    if (pos >= end) break;
    if (xml[pos] !== 60 || xml[pos + 1] !== 114 || xml[pos + 2] !== 111 || xml[pos + 3] !== 119 || !isSpace(xml[pos + 4])) return null; // "<row "
    const rowGt = xml.indexOf(62, pos);
    if (rowGt < 0 || rowGt > end) return null;
    const r = attrAt(xml, pos + 4, rowGt, 114 /* r */);
    const rowNumber = r < 0 ? NaN : Number(xml.toString("latin1", r, xml.indexOf(34, r)));
    if (!Number.isInteger(rowNumber) || rowNumber < 1) return null;
    const rowStyled = attrAt(xml, pos + 4, rowGt, 115 /* s */) >= 0;
    if (xml[rowGt - 1] === 47) {
      pos = rowGt + 1;
      continue;
    }
    const rowEnd = xml.indexOf("</row>", rowGt);
    if (rowEnd < 0 || rowEnd > end) return null;
    const cells: (RawCell | null)[] = [];
    let p = rowGt + 1;
    for (;;) {
      while (p < rowEnd && isSpace(xml[p])) p++;
      if (p >= rowEnd) break;
      if (xml[p] !== 60 || xml[p + 1] !== 99 || !isSpace(xml[p + 2])) return null; // "<c "
      const cellAt = p + 2;
      const gt = xml.indexOf(62, p);
      if (gt < 0 || gt > rowEnd) return null;
      const refAt = attrAt(xml, cellAt, gt, 114 /* r */);
      const col = refAt < 0 ? 0 : refColumn(xml, refAt);
      if (!col) return null;
      if (xml[gt - 1] === 47) {
        p = gt + 1; // an empty (perhaps styled) cell: exceljs gives it no value
        continue;
      }
      const close = xml.indexOf("</c>", gt);
      if (close < 0 || close > rowEnd) return null;
      p = close + 4;
      const inner = xml.toString("utf8", gt + 1, close);
      if (inner === "") continue;
      const v = V_ONLY.exec(inner)?.[1];
      if (v === undefined) return null;
      const t = attrAt(xml, cellAt, gt, 116 /* t */);
      const address = `${columnLetter(col)}${rowNumber}`;
      let out: RawCell;
      if (t >= 0 && cellType(xml, t) === "str") {
        out = { text: cleanText(xmlDecode(v)) };
      } else if (t < 0 || cellType(xml, t) === "n") {
        if (rowStyled || styledColumns || attrAt(xml, cellAt, gt, 115 /* s */) >= 0) return null;
        const n = parseFloat(xmlDecode(v));
        if (Number.isNaN(n)) out = { text: "" };
        else {
          out = { text: String(n), num: n };
          const raw = scan.raw.get(address);
          if (raw) out.raw = raw;
          out.numFmt = undefined;
        }
      } else return null;
      if (scan.mergedAway.has(address)) {
        cells[col - 1] = null;
        continue;
      }
      const override = scan.text.get(address);
      if (override !== undefined) {
        out.text = cleanText(override);
        delete out.num;
        delete out.raw;
        delete out.numFmt;
      }
      const url = scan.links.get(address);
      if (url) out.url = cleanText(url);
      cells[col - 1] = out;
    }
    if (cells.length) rows.push({ number: rowNumber, cells });
    pos = rowEnd + 6;
  }
  return rows;
}

function textOf(c: RawCell | null | undefined, kind: CellKind): string {
  if (!c) return "";
  if (kind === "url" && c.url) return c.url;
  if (c.num !== undefined && (kind === "version" || kind === "serial")) return numberText(c.num, kind, c.raw, c.numFmt);
  if (!c.text && c.url) return c.url;
  return c.text;
}

// ---------------------------------------------------------------------------------------------
// Rows of one sheet

type Selected = { name: string; key: SheetKey; hidden: boolean; entry: ZipEntry; relsPath: string; baseDir: string };

class SheetBuilder {
  readonly sheet: ParsedSheet;
  private pending: { rowNumber: number; raw: (RawCell | null)[] }[] = [];
  private kinds: CellKind[] = [];
  private serialCols = new Set<number>();
  private decided: boolean;

  constructor(
    sel: Selected,
    private readonly onDataRow: (sheet: ParsedSheet) => void,
    private readonly notes: ReadNote[],
  ) {
    this.sheet = { name: sel.name, key: sel.key, hidden: sel.hidden, headerRow: null, rows: [], dataRows: 0 };
    this.decided = !isTableKey(sel.key);
  }

  add(rowNumber: number, raw: (RawCell | null)[]) {
    if (!this.decided) {
      if (rowNumber <= HEADER_SEARCH_ROWS) {
        this.pending.push({ rowNumber, raw });
        return;
      }
      this.decide();
    }
    this.finalise(rowNumber, raw);
  }

  finish() {
    if (!this.decided) this.decide();
  }

  private decide() {
    this.decided = true;
    const table = this.sheet.key as TableKey;
    const texts = this.pending.map((p) => ({ rowNumber: p.rowNumber, cells: p.raw.map((c) => textOf(c, "text")) }));
    const found = findHeaderRow(table, texts);
    if (found) {
      this.sheet.headerRow = found.rowNumber;
      for (const [i, col] of found.match.columnAt) {
        this.kinds[i] = col.field === "screenshots" ? "url" : col.kind === "version" || col.kind === "serial" ? col.kind : "text";
        if (col.kind === "serial") this.serialCols.add(i);
      }
    }
    for (const p of this.pending) this.finalise(p.rowNumber, p.raw);
    this.pending = [];
  }

  private finalise(rowNumber: number, raw: (RawCell | null)[]) {
    const cells: string[] = [];
    let meaningful = false;
    for (let i = 0; i < raw.length; i++) {
      const text = textOf(raw[i], this.kinds[i] ?? "text");
      cells[i] = text;
      if (text && !this.serialCols.has(i)) meaningful = true;
    }
    if (!meaningful) return;
    while (cells.length && !cells[cells.length - 1]) cells.pop();
    raw.forEach((c, i) => {
      if (c?.noResult && !this.serialCols.has(i)) {
        if (this.notes.length >= MAX_NOTES) return; // the first hundred say enough
        this.notes.push({
          sheet: this.sheet.name,
          row: rowNumber,
          column: i + 1,
          message: `The formula in ${columnLetter(i + 1)}${rowNumber} has no saved result (the file was saved without calculating it), so the cell was read as empty.`,
        });
      }
    });
    this.sheet.rows.push({ rowNumber, cells });
    if (this.sheet.headerRow === null || rowNumber > this.sheet.headerRow) {
      this.sheet.dataRows += 1;
      this.onDataRow(this.sheet);
    }
  }
}

// ---------------------------------------------------------------------------------------------

const WORKBOOK_XML = (sheets: Selected[], date1904: boolean) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
  `<workbookPr${date1904 ? ' date1904="1"' : ""}/><sheets>` +
  sheets.map((s, i) => `<sheet name="sheet${i + 1}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("") +
  `</sheets></workbook>`;

const WORKBOOK_RELS = (sheets: Selected[]) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  sheets
    .map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
    .join("") +
  `</Relationships>`;

const EMPTY_SST = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>`;

/**
 * Read an uploaded .xlsx into rows of text. Throws AppError("INVALID") with a message for the
 * person for every file that is not a readable workbook within the limits.
 */
export async function readWorkbook(buf: Buffer, limits: ReadLimits = XLSX_LIMITS, opts: { plainSheets?: boolean } = {}): Promise<ParsedWorkbook> {
  checkFileBytes(buf, limits);
  const zip = openZip(buf, limits);
  const book = readBook(zip);

  const selected: Selected[] = [];
  const seen = new Set<SheetKey>();
  for (const s of book.sheets) {
    const key = sheetKeyOf(s.name);
    if (!key || seen.has(key) || !s.path) continue;
    const entry = zip.byName.get(s.path.toLowerCase());
    if (!entry) throw damaged(`the sheet “${s.name}” is missing`);
    seen.add(key);
    const slash = s.path.lastIndexOf("/");
    const baseDir = s.path.slice(0, slash);
    selected.push({ name: s.name, key, hidden: s.state !== "visible", entry, relsPath: `${baseDir}/_rels/${s.path.slice(slash + 1)}.rels`, baseDir });
  }

  // Inflate (capped) every sheet, so no part can expand past what was declared; scan it, and read it
  // here if it is plain (plainSheetRows), else leave it to exceljs.
  const scans: SheetScan[] = [];
  const plain: (PlainRow[] | null)[] = [];
  for (const s of selected) {
    const xml = inflateEntry(zip, s.entry);
    const scan = scanSheetXml(xml, readRels(zip, s.relsPath, s.baseDir));
    scans.push(scan);
    // plainSheets: false reads every sheet with exceljs (the tests compare both ways).
    plain.push(opts.plainSheets === false ? null : plainSheetRows(xml, scan));
  }
  // exceljs's sheet n (its id) is viaExceljs[n - 1] of `selected`.
  const viaExceljs = selected.map((_, i) => i).filter((i) => plain[i] === null);
  const exceljsSheets = viaExceljs.map((i) => selected[i]);
  const parts: ZipPart[] = [storedPart("xl/_rels/workbook.xml.rels", WORKBOOK_RELS(exceljsSheets)), storedPart("xl/workbook.xml", WORKBOOK_XML(exceljsSheets, book.date1904))];
  if (book.sharedStrings) {
    inflateEntry(zip, book.sharedStrings);
    parts.push(copiedPart(zip, book.sharedStrings, "xl/sharedStrings.xml"));
  } else parts.push(storedPart("xl/sharedStrings.xml", EMPTY_SST));
  if (book.styles) {
    inflateEntry(zip, book.styles);
    parts.push(copiedPart(zip, book.styles, "xl/styles.xml"));
  }
  exceljsSheets.forEach((s, i) => parts.push(copiedPart(zip, s.entry, `xl/worksheets/sheet${i + 1}.xml`)));

  const notes: ReadNote[] = [];
  const out: ParsedWorkbook = { sheets: {}, sheetNames: book.sheets.map((s) => s.name), notes };
  let templateRows = 0;
  let idRows = 0;
  const onDataRow = (sheet: ParsedSheet) => {
    if (sheet.key === "ids") {
      if (++idRows > limits.maxRows * 2 + 10) throw tooManyRows(limits.maxRows);
    } else if (++templateRows > limits.maxRows) throw tooManyRows(limits.maxRows);
  };

  let current: string | null = null;
  // Sheets are built in the workbook's order, plain ones between those exceljs emits.
  let nextPlain = 0;
  const buildPlainBefore = (stop: number) => {
    for (; nextPlain < stop; nextPlain++) {
      const rows = plain[nextPlain];
      if (!rows) continue;
      const sel = selected[nextPlain];
      current = sel.name;
      const builder = new SheetBuilder(sel, onDataRow, notes);
      for (const r of rows) builder.add(r.number, r.cells);
      builder.finish();
      out.sheets[sel.name] = builder.sheet;
      plain[nextPlain] = null;
      current = null;
    }
  };
  try {
    const reader = viaExceljs.length
      ? new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buildZip(parts)]), {
          sharedStrings: "cache",
          hyperlinks: "ignore", // joined from the sheet XML scan above (see the note at the top)
          styles: "cache",
          worksheets: "emit",
          entries: "ignore",
        })
      : [];
    for await (const ws of reader) {
      const index = viaExceljs[Number((ws as unknown as { id: string | number }).id) - 1];
      const sel = index === undefined ? undefined : selected[index];
      if (!sel) continue;
      buildPlainBefore(index);
      current = sel.name;
      const builder = new SheetBuilder(sel, onDataRow, notes);
      const scan = scans[index];
      for await (const row of ws) {
        const raw: (RawCell | null)[] = [];
        row.eachCell({ includeEmpty: false }, (cell, col) => {
          raw[col - 1] = toRawCell(cell, scan, book.date1904);
        });
        if (raw.length) builder.add(row.number, raw);
      }
      builder.finish();
      out.sheets[sel.name] = builder.sheet;
      current = null;
    }
    buildPlainBefore(selected.length);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw couldNotRead(current);
  }
  // A selected sheet exceljs did not emit (e.g. an empty part) is an empty sheet.
  for (const s of selected) {
    out.sheets[s.name] ??= { name: s.name, key: s.key, hidden: s.hidden, headerRow: null, rows: [], dataRows: 0 };
  }
  return out;
}
