// Data rows written straight into a streaming worksheet's XML, for the sheets that carry one row per
// report (Bug_Sheet and the hidden id sheet).
//
// exceljs's streaming writer builds a Row, a Cell per column and their models for every row, then
// renders them. At 10 000 reports that was most of the export's time, and V8 sometimes decides
// (allocation-site pretenuring) to allocate those short-lived objects straight into the old
// generation, where they stay until a full collection: in about half of the runs the export's heap
// peaked ~45 MB higher. The rows here are the same bytes exceljs writes for plain text, numbers and
// empty cells with the column's shared style (tests/unit/xlsx-fast-rows.test.ts compares them), and
// the sheet stays an exceljs worksheet for everything else (header, columns, filters, validations).
import ExcelJS from "exceljs";
import { columnLetter } from "@/lib/xlsx/values";

export type FastCell = string | number | null;

/** The parts of exceljs 4.4's WorksheetWriter this relies on (checked when a writer is made). */
type WorksheetWriterInternals = {
  _rowZero: number;
  _rows: unknown[] | null;
  startedData: boolean;
  committed: boolean;
  stream: { write(chunk: string): unknown };
};
type StylesInternals = { addStyleModel(style: object, cellType: number): number };

/** exceljs's utils.xmlEncode: the five XML entities, and control characters XML 1.0 forbids dropped. */
const XML_SPECIAL = /[<>&'"\x7F\x00-\x08\x0B-\x0C\x0E-\x1F]/;
export function xmlEncode(text: string): string {
  const first = XML_SPECIAL.exec(text);
  if (!first) return text;
  let out = "";
  let last = 0;
  let i = first.index;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let escape: string;
    if (c === 34) escape = "&quot;";
    else if (c === 38) escape = "&amp;";
    else if (c === 39) escape = "&apos;";
    else if (c === 60) escape = "&lt;";
    else if (c === 62) escape = "&gt;";
    else if (c === 127 || (c <= 31 && (c <= 8 || (c >= 11 && c !== 13)))) escape = "";
    else continue;
    if (last !== i) out += text.substring(last, i);
    last = i + 1;
    out += escape;
  }
  return last !== i ? out + text.substring(last, i) : out;
}

/**
 * Writes rows after the rows exceljs has already committed on `ws` (at least the header, so the
 * sheet's columns and <sheetData> are open). `styles[i]` is column i's shared style object, as given
 * to exceljs for the same sheet's cells. Rows are buffered and handed to the sheet's stream on
 * flush(); call it before the sheet is committed or exceljs writes another row on it.
 */
export class FastRows {
  private readonly w: WorksheetWriterInternals;
  private readonly styleIds: readonly number[];
  private readonly letters: readonly string[];
  private pending: string[] = [];

  /** Whether `ws` is the exceljs streaming worksheet this was written for (else write rows with exceljs). */
  static supports(wb: ExcelJS.stream.xlsx.WorkbookWriter, ws: ExcelJS.Worksheet): boolean {
    const w = ws as unknown as Partial<WorksheetWriterInternals>;
    const s = (wb as unknown as { styles?: Partial<StylesInternals> }).styles;
    return typeof w._rowZero === "number" && Array.isArray(w._rows) && typeof w.startedData === "boolean" && typeof s?.addStyleModel === "function";
  }

  constructor(wb: ExcelJS.stream.xlsx.WorkbookWriter, ws: ExcelJS.Worksheet, styles: readonly Partial<ExcelJS.Style>[]) {
    const w = ws as unknown as WorksheetWriterInternals;
    const s = (wb as unknown as { styles?: Partial<StylesInternals> }).styles;
    if (!FastRows.supports(wb, ws) || !s?.addStyleModel) {
      throw new Error("FastRows: this exceljs version's streaming worksheet is not the one it was written for");
    }
    if (!w.startedData || !w._rows || w._rows.length || w.committed) throw new Error("FastRows: commit the sheet's header row first");
    this.w = w;
    this.styleIds = styles.map((st) => s.addStyleModel!(st, ExcelJS.ValueType.String));
    this.letters = styles.map((_, i) => columnLetter(i + 1));
  }

  /** Queue one row (one value per column; "" and null are empty cells); returns its row number. */
  add(values: readonly FastCell[]): number {
    const w = this.w;
    if (w.committed || !w._rows || w._rows.length) throw new Error("FastRows: the sheet was committed or has rows exceljs has not written");
    const n = w._rowZero;
    let xml = `<row r="${n}" spans="1:${values.length}" x14ac:dyDescent="0.25">`;
    let hasValues = false;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      const s = this.styleIds[i] ?? 0;
      const ref = `${this.letters[i] ?? columnLetter(i + 1)}${n}`;
      if (v === null || v === "") {
        if (s) xml += `<c r="${ref}" s="${s}"/>`;
      } else if (typeof v === "number") {
        xml += `<c r="${ref}"${s ? ` s="${s}"` : ""}><v>${v}</v></c>`;
        hasValues = true;
      } else {
        xml += `<c r="${ref}"${s ? ` s="${s}"` : ""} t="str"><v>${xmlEncode(v)}</v></c>`;
        hasValues = true;
      }
    }
    // Like exceljs: a row without a value is not written (its number is still used).
    if (hasValues) this.pending.push(`${xml}</row>`);
    w._rowZero = n + 1;
    return n;
  }

  /** Hand the queued rows to the sheet's stream (one write). */
  flush(): void {
    if (!this.pending.length) return;
    this.w.stream.write(this.pending.join(""));
    this.pending = [];
  }
}
