// Where things are in a workbook: which sheet is which template sheet (by name, ignoring case, spaces
// and punctuation) and which row/columns of a table are its header (by header text and aliases).
import {
  BUG_COLUMNS,
  FEATURE_COLUMNS,
  FEATURES_HEADER_ROW,
  headerKey,
  MOBILE_COLUMNS,
  SHEET,
  WEB_COLUMNS,
  type Column,
  type SheetKey,
} from "@/lib/xlsx/columns";

export type TableKey = "features" | "mobile" | "web" | "bugs";

export const TABLE_COLUMNS: { [K in TableKey]: readonly Column[] } = {
  features: FEATURE_COLUMNS,
  mobile: MOBILE_COLUMNS,
  web: WEB_COLUMNS,
  bugs: BUG_COLUMNS,
};

/** Where the header is expected; the first HEADER_SEARCH_ROWS rows are searched in any case. */
export const EXPECTED_HEADER_ROW: { [K in TableKey]: number } = { features: FEATURES_HEADER_ROW, mobile: 1, web: 1, bugs: 1 };
export const HEADER_SEARCH_ROWS = 10;

export function isTableKey(key: SheetKey | null): key is TableKey {
  return key === "features" || key === "mobile" || key === "web" || key === "bugs";
}

const SHEET_BY_KEY = new Map(Object.entries(SHEET).map(([k, name]) => [headerKey(name), k as SheetKey]));

/** "bug sheet", "BUG_SHEET", "Bug-Sheet" → "bugs"; null for a sheet that is not part of the template. */
export function sheetKeyOf(name: string): SheetKey | null {
  return SHEET_BY_KEY.get(headerKey(name)) ?? null;
}

export type HeaderMatch = {
  /** field → 0-based column index in the sheet. */
  indexOf: Map<string, number>;
  /** 0-based column index → the template column found there. */
  columnAt: Map<number, Column>;
  /** Non-empty header cells that are not part of the template. */
  extra: { index: number; header: string }[];
  /** Template columns not found (required or not). */
  missing: Column[];
  score: number;
};

/** Match header cells to template columns ignoring order: exact headers first, then aliases. */
export function matchHeaders(columns: readonly Column[], cells: readonly string[]): HeaderMatch {
  const keys = cells.map((c) => headerKey(c ?? ""));
  const indexOf = new Map<string, number>();
  const columnAt = new Map<number, Column>();
  const assign = (i: number, col: Column) => {
    indexOf.set(col.field, i);
    columnAt.set(i, col);
  };
  keys.forEach((k, i) => {
    if (!k) return;
    const col = columns.find((c) => !indexOf.has(c.field) && headerKey(c.header) === k);
    if (col) assign(i, col);
  });
  keys.forEach((k, i) => {
    if (!k || columnAt.has(i)) return;
    const col = columns.find((c) => !indexOf.has(c.field) && (c.aliases ?? []).some((a) => headerKey(a) === k));
    if (col) assign(i, col);
  });
  const extra = keys.flatMap((k, i) => (k && !columnAt.has(i) ? [{ index: i, header: cells[i].trim() }] : []));
  const missing = columns.filter((c) => !indexOf.has(c.field));
  return { indexOf, columnAt, extra, missing, score: indexOf.size };
}

/**
 * The header row of a table: among the first HEADER_SEARCH_ROWS rows, the one matching most
 * template columns (ties: the expected row, then the earliest). null when no row matches any column.
 */
export function findHeaderRow(
  table: TableKey,
  rows: readonly { rowNumber: number; cells: readonly string[] }[],
): { rowNumber: number; match: HeaderMatch } | null {
  let best: { rowNumber: number; match: HeaderMatch } | null = null;
  for (const r of rows) {
    if (r.rowNumber > HEADER_SEARCH_ROWS) break;
    const match = matchHeaders(TABLE_COLUMNS[table], r.cells);
    if (match.score === 0) continue;
    const better =
      !best ||
      match.score > best.match.score ||
      (match.score === best.match.score && r.rowNumber === EXPECTED_HEADER_ROW[table] && best.rowNumber !== EXPECTED_HEADER_ROW[table]);
    if (better) best = { rowNumber: r.rowNumber, match };
  }
  return best;
}
