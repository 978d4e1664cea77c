// A bash as a workbook in the community template's layout (lib/xlsx/columns.ts), written with exceljs's
// streaming writer: every row is committed as soon as it is written and reports are read from the
// database a page at a time, so a 10 000-report export holds one page in memory, not the whole bash.
// The one-row-per-report sheets (Bug_Sheet, the hidden ids) write their data rows' XML directly
// (lib/xlsx/fast-rows.ts: the same bytes, without exceljs's objects for every cell).
import { slugify } from "@/lib/slug";
import type { Stream, Writable } from "node:stream";
import ExcelJS from "exceljs";
import { logActivity } from "@/lib/activity/log";
import { getBashContext } from "@/lib/bashes/queries";
import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { assertCan, can, type Actor } from "@/lib/policy";
import {
  BUG_COLUMNS,
  FEATURE_COLUMNS,
  FEATURES_HEADER_ROW,
  FEATURES_NOTE,
  FEATURES_TITLE,
  IDS_BASH_SHEET,
  IDS_FORMAT,
  IDS_HEADERS,
  IDS_ID_SEPARATOR,
  IDS_VERSION,
  MOBILE_COLUMNS,
  PREREQ_ROWS,
  PREREQ_TITLE,
  PRIORITIES,
  SHEET,
  STATUS_LABELS,
  WEB_COLUMNS,
  type Column,
  type IdsBashData,
  type IdsFeatureData,
  type IdsParticipantData,
  type IdsReportData,
} from "@/lib/xlsx/columns";
import { cellText, EXCEL_MAX_CELL_CHARS } from "@/lib/xlsx/escape";
import { FastRows } from "@/lib/xlsx/fast-rows";
import { columnLetter } from "@/lib/xlsx/values";

/** full: everything; template: brief and features filled, participants and bugs empty (validations kept). */
export type ExportMode = "full" | "template";

/** Bug_Sheet's Priority and Status lists cover at least this many rows, so people can add bugs in Excel. */
export const BUG_VALIDATION_MIN_ROWS = 1000;
/** Reports read from the database at a time. */
export const EXPORT_PAGE_SIZE = 1000;

/** The guiding questions of the community template's Pre-Requisite sheet (its typos fixed). */
export const PREREQ_GUIDANCE: Record<(typeof PREREQ_ROWS)[number]["field"], string> = {
  prerequisitesWeb: [
    "1. Does this website require specific OS to be installed?",
    "2. Does user need to download any specific browser/browser tools?",
    "3. Any other specific tools that need to be downloaded and installed?",
    "4. If there are different modules to be tested, like admin and client, etc. Segregate the users into groups and ask them to navigate the required website.",
  ].join("\n"),
  prerequisitesMobile: [
    "1. How does user install the apk/ipa in his mobile phone?",
    "2. Does user need any proxy settings to be enabled on his device?",
    "3. If there are different modules to be tested, like admin and client, etc. Segregate the users into groups and ask them to download the required apk or ipa file.",
  ].join("\n"),
};

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * Stream the bash as an .xlsx into `out`. Checks "bash.export" first (NOT_FOUND for outsiders,
 * FORBIDDEN for participants and observers) and writes nothing when that fails. `out` is ended when
 * the workbook is complete; on a failure afterwards the caller should destroy it.
 */
export async function exportBashWorkbook(
  db: Db,
  actor: Actor,
  bashId: string,
  out: NodeJS.WritableStream,
  opts: { baseUrl: string; mode?: ExportMode },
): Promise<{ reports: number }> {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "bash.export", ctx);
  // Email addresses go into the hidden sheet only for those who manage the people (not triagers).
  const withEmails = can(actor, "member.manage", ctx);
  const mode: ExportMode = opts.mode ?? "full";
  const baseUrl = opts.baseUrl.replace(/\/+$/, "");

  const bash = await db.bash.findUniqueOrThrow({
    where: { id: bashId },
    select: { id: true, title: true, product: true, release: true, label: true, prerequisitesWeb: true, prerequisitesMobile: true },
  });
  const features = await db.feature.findMany({
    where: { bashId },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: { id: true, menuName: true, description: true, position: true },
  });

  const wb = newWorkbook(out);
  const ids: IdRow[] = [];
  const bashData: IdsBashData = {
    format: IDS_FORMAT,
    version: IDS_VERSION,
    title: bash.title,
    product: bash.product,
    release: bash.release,
    label: bash.label,
  };
  ids.push(idRow(IDS_BASH_SHEET, 0, bash.id, bashData));

  writePrerequisites(wb, { prerequisitesWeb: bash.prerequisitesWeb, prerequisitesMobile: bash.prerequisitesMobile });

  const featureSheet = startFeatures(wb);
  for (const f of features) {
    const row = addRow(featureSheet, [f.menuName, f.description]);
    if (mode === "full") ids.push(idRow(SHEET.features, row, f.id, { position: f.position } satisfies IdsFeatureData));
  }
  featureSheet.commit();

  const mobile = startTable(wb, SHEET.mobile, MOBILE_COLUMNS, 1);
  const web = startTable(wb, SHEET.web, WEB_COLUMNS, 1);
  if (mode === "full") writeParticipants(await loadMembers(db, bashId), mobile, web, ids, withEmails);
  mobile.commit();
  web.commit();

  const bugs = startTable(wb, SHEET.bugs, BUG_COLUMNS, 1);
  let reports = 0;
  // One pass over the reports: Bug_Sheet rows are streamed out as they come; the hidden sheet's rows
  // wait in memory until Bug_Sheet is committed, because the zip is written one sheet after another.
  // They wait as their JSON text (about 0.5 KB each), not as objects holding the page's reports.
  const hiddenReportRows: IdRow[] = [];
  if (mode === "full") {
    const bugRows = fastRows(wb, bugs);
    for await (const page of reportPages(db, bashId)) {
      for (const r of page) {
        const row = bugRows.add(cellValues(bugRow(r, baseUrl)));
        hiddenReportRows.push(idRow(SHEET.bugs, row, r.clientId, reportData(r)));
        reports += 1;
      }
      bugRows.flush();
      await breathe(out);
    }
  }
  addBugValidations(bugs, 1 + reports);
  bugs.commit();

  const hidden = startTable(wb, SHEET.ids, IDS_COLUMNS, 1, "hidden");
  const idRows = fastRows(wb, hidden);
  for (const r of ids) idRows.add(idCells(r));
  for (let i = 0; i < hiddenReportRows.length; i++) {
    idRows.add(idCells(hiddenReportRows[i]));
    if (i % EXPORT_PAGE_SIZE === EXPORT_PAGE_SIZE - 1) {
      idRows.flush();
      await breathe(out);
    }
  }
  idRows.flush();
  hidden.commit();

  await finish(wb, out);
  await logActivity(db, { bashId, actorId: actor.id, type: "xlsx.exported", entityType: "bash", entityId: bashId, data: { mode, reports } });
  return { reports };
}

/** The generic blank workbook: the five template sheets with headers, guidance and validations. */
export async function writeBlankTemplate(out: NodeJS.WritableStream): Promise<void> {
  const wb = newWorkbook(out);
  writePrerequisites(wb, PREREQ_GUIDANCE);
  startFeatures(wb).commit();
  startTable(wb, SHEET.mobile, MOBILE_COLUMNS, 1).commit();
  startTable(wb, SHEET.web, WEB_COLUMNS, 1).commit();
  const bugs = startTable(wb, SHEET.bugs, BUG_COLUMNS, 1);
  addBugValidations(bugs, 1);
  bugs.commit();
  await finish(wb, out);
}

/** "Shopfront 3.0" → "shopfront-3-0-bash.xlsx" (template: "shopfront-3-0-template.xlsx"). ASCII only. */
export function exportFileName(title: string, mode: ExportMode): string {
  let slug = slugify(title);
  if (!slug) slug = "bug-bash";
  if (mode === "template") return `${slug}-template.xlsx`;
  return /(^|-)bash$/.test(slug) ? `${slug}.xlsx` : `${slug}-bash.xlsx`;
}

// ---------------------------------------------------------------------------------------------
// Data

/** A row of the hidden sheet, its Data already JSON. */
type IdRow = { sheet: string; row: number; id: string; json: string };

const idRow = (sheet: string, row: number, id: string, data: unknown): IdRow => ({ sheet, row, id, json: idsJson(data) });

async function loadMembers(db: Db, bashId: string) {
  return db.membership.findMany({
    where: { bashId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      role: true,
      rsvp: true,
      designation: true,
      isPlaceholder: true,
      user: { select: { name: true, email: true, designation: true } },
      devices: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, kind: true, os: true, osVersion: true, browser: true, browserVersion: true, phoneName: true },
      },
    },
  });
}
type Member = Awaited<ReturnType<typeof loadMembers>>[number];

const REPORT_SELECT = {
  id: true,
  number: true,
  clientId: true,
  title: true,
  description: true,
  steps: true,
  expected: true,
  actual: true,
  severity: true,
  priority: true,
  status: true,
  sprint: true,
  sprintName: true,
  remarks: true,
  deviceKind: true,
  os: true,
  osVersion: true,
  browser: true,
  browserVersion: true,
  phoneName: true,
  reporterName: true,
  createdAt: true,
  featureId: true,
  environmentId: true,
  duplicateOfId: true,
} satisfies Prisma.ReportSelect;

type ReportRow = Prisma.ReportGetPayload<{ select: typeof REPORT_SELECT }> & {
  feature: { menuName: string } | null;
  environment: { name: string } | null;
  duplicateOf: { number: number } | null;
  attachments: { id: string }[];
};

/**
 * Reports in pages of EXPORT_PAGE_SIZE, in number order. Relations are joined by hand from small
 * lookups (features and environments once; attachments and duplicate numbers once per page):
 * Prisma's relation loading made the export three times slower at 10 000 reports.
 */
async function* reportPages(db: Db, bashId: string): AsyncGenerator<ReportRow[]> {
  const [features, environments] = await Promise.all([
    db.feature.findMany({ where: { bashId }, select: { id: true, menuName: true } }),
    db.environment.findMany({ where: { bashId }, select: { id: true, name: true } }),
  ]);
  const featureById = new Map(features.map((f) => [f.id, { menuName: f.menuName }]));
  const environmentById = new Map(environments.map((e) => [e.id, { name: e.name }]));
  let after = 0;
  for (;;) {
    const page = await db.report.findMany({
      where: { bashId, number: { gt: after } },
      orderBy: { number: "asc" },
      take: EXPORT_PAGE_SIZE,
      select: REPORT_SELECT,
    });
    if (page.length === 0) return;
    const ids = page.map((r) => r.id);
    const dupIds = [...new Set(page.map((r) => r.duplicateOfId).filter((x): x is string => x !== null))];
    const [attachments, originals] = await Promise.all([
      db.attachment.findMany({ where: { reportId: { in: ids } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, reportId: true } }),
      dupIds.length ? db.report.findMany({ where: { bashId, id: { in: dupIds } }, select: { id: true, number: true } }) : Promise.resolve([]),
    ]);
    const attachmentsOf = new Map<string, { id: string }[]>();
    for (const a of attachments) {
      if (!a.reportId) continue;
      const list = attachmentsOf.get(a.reportId) ?? [];
      list.push({ id: a.id });
      attachmentsOf.set(a.reportId, list);
    }
    const numberOf = new Map(originals.map((o) => [o.id, o.number]));
    yield page.map((r) => ({
      ...r,
      feature: r.featureId ? (featureById.get(r.featureId) ?? null) : null,
      environment: r.environmentId ? (environmentById.get(r.environmentId) ?? null) : null,
      duplicateOf: r.duplicateOfId && numberOf.has(r.duplicateOfId) ? { number: numberOf.get(r.duplicateOfId)! } : null,
      attachments: attachmentsOf.get(r.id) ?? [],
    }));
    if (page.length < EXPORT_PAGE_SIZE) return;
    after = page[page.length - 1].number;
  }
}


function bugRow(r: ReportRow, baseUrl: string): Cell[] {
  const mobile = r.deviceKind === "MOBILE";
  const values: Record<(typeof BUG_COLUMNS)[number]["field"], Cell> = {
    menuName: r.feature?.menuName ?? "",
    description: r.description.trim() ? `${r.title}\n\n${r.description}` : r.title,
    steps: r.steps,
    screenshots: r.attachments.map((a) => `${baseUrl}/api/attachments/${a.id}`).join("\n"),
    reporterName: r.reporterName,
    browser: mobile ? "" : r.browser,
    browserVersion: mobile ? "" : r.browserVersion,
    os: mobile ? "" : r.os,
    osVersion: mobile ? "" : r.osVersion,
    phoneName: mobile ? r.phoneName : "",
    mobileOs: mobile ? r.os : "",
    mobileOsVersion: mobile ? r.osVersion : "",
    priority: r.priority ?? "",
    status: STATUS_LABELS[r.status],
    remarks: r.remarks,
  };
  return BUG_COLUMNS.map((c) => values[c.field]);
}

function reportData(r: ReportRow): IdsReportData {
  return {
    number: r.number,
    title: r.title,
    description: r.description,
    expected: r.expected,
    actual: r.actual,
    severity: r.severity,
    priority: r.priority,
    status: r.status,
    environment: r.environment?.name ?? "",
    deviceKind: r.deviceKind,
    os: r.os,
    osVersion: r.osVersion,
    browser: r.browser,
    browserVersion: r.browserVersion,
    phoneName: r.phoneName,
    reporterName: r.reporterName,
    createdAt: r.createdAt.toISOString(),
    sprint: r.sprint,
    sprintName: r.sprintName,
    duplicateOf: r.duplicateOf?.number ?? null,
  };
}

function writeParticipants(members: Member[], mobile: ExcelJS.Worksheet, web: ExcelJS.Worksheet, ids: IdRow[], withEmails: boolean) {
  let mobileNo = 0;
  let webNo = 0;
  for (const m of members) {
    const designation = m.designation || m.user.designation || "";
    const person = { name: m.user.name, email: withEmails ? m.user.email : "", role: m.role, rsvp: m.rsvp, designation, isPlaceholder: m.isPlaceholder };
    if (m.devices.length === 0) {
      const row = addRow(web, [++webNo, m.user.name, designation, "", "", "", ""]);
      ids.push(idRow(SHEET.web, row, m.id, { ...person, device: null } satisfies IdsParticipantData));
      continue;
    }
    for (const d of m.devices) {
      const row =
        d.kind === "MOBILE"
          ? addRow(mobile, mobileRow(++mobileNo, m.user.name, designation, d))
          : addRow(web, webRow(++webNo, m.user.name, designation, d));
      ids.push(
        idRow(d.kind === "MOBILE" ? SHEET.mobile : SHEET.web, row, `${m.id}${IDS_ID_SEPARATOR}${d.id}`, {
          ...person,
          device: { kind: d.kind, os: d.os, osVersion: d.osVersion, browser: d.browser, browserVersion: d.browserVersion, phoneName: d.phoneName },
        } satisfies IdsParticipantData),
      );
    }
  }
}

type DeviceCells = { os: string; osVersion: string; browser: string; browserVersion: string; phoneName: string };

function mobileRow(serial: number, name: string, designation: string, d: DeviceCells): Cell[] {
  const v: Record<(typeof MOBILE_COLUMNS)[number]["field"], Cell> = { serial, name, designation, os: d.os, osVersion: d.osVersion, phoneName: d.phoneName };
  return MOBILE_COLUMNS.map((c) => v[c.field]);
}

function webRow(serial: number, name: string, designation: string, d: DeviceCells): Cell[] {
  const v: Record<(typeof WEB_COLUMNS)[number]["field"], Cell> = {
    serial,
    name,
    designation,
    os: d.os,
    osVersion: d.osVersion,
    browser: d.browser,
    browserVersion: d.browserVersion,
  };
  return WEB_COLUMNS.map((c) => v[c.field]);
}

/** JSON for the hidden sheet's Data cell, cut (longest text first) to fit Excel's cell limit. */
export function idsJson(data: unknown): string {
  let json = JSON.stringify(data);
  if (json.length <= EXCEL_MAX_CELL_CHARS || typeof data !== "object" || data === null) return json;
  const copy: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  const truncated = new Set<string>();
  while (json.length > EXCEL_MAX_CELL_CHARS - 200) {
    let longest: string | null = null;
    for (const [k, v] of Object.entries(copy)) {
      if (typeof v === "string" && (longest === null || v.length > (copy[longest] as string).length)) longest = k;
    }
    if (longest === null || (copy[longest] as string).length === 0) break;
    const v = copy[longest] as string;
    copy[longest] = v.slice(0, Math.floor(v.length / 2));
    truncated.add(longest);
    json = JSON.stringify({ ...copy, truncated: [...truncated] });
  }
  return json;
}

// ---------------------------------------------------------------------------------------------
// Sheets

type Cell = string | number | null;

const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9EAD3" } };
const TITLE_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFB6D7A8" } };
const HEADER_BORDER: Partial<ExcelJS.Borders> = { bottom: { style: "thin", color: { argb: "FF6AA84F" } } };

/** Fields whose text is long enough to wrap. */
const WRAP_FIELDS = new Set(["description", "steps", "remarks", "screenshots"]);

// Data cells share one frozen style object per kind of column. exceljs remembers the style id of
// each style object it has seen (a WeakMap), but gives every new cell a fresh copy of its column's
// style, so without this it serialises and looks up the style of every cell it writes (~10 % of a
// 10 000-report export). The XML is the same: s="…" on the wrapped columns' cells, none elsewhere.
const WRAP_STYLE: Partial<ExcelJS.Style> = Object.freeze({ alignment: Object.freeze({ vertical: "top", wrapText: true }) as Partial<ExcelJS.Alignment> });
const PLAIN_STYLE: Partial<ExcelJS.Style> = Object.freeze({});
/** The data cells' shared styles of each table sheet, by column. */
const cellStyles = new WeakMap<ExcelJS.Worksheet, readonly Partial<ExcelJS.Style>[]>();

const IDS_COLUMNS: readonly Pick<Column, "header" | "field" | "width">[] = [
  { header: IDS_HEADERS[0], field: "sheet", width: 28 },
  { header: IDS_HEADERS[1], field: "row", width: 8 },
  { header: IDS_HEADERS[2], field: "id", width: 56 },
  { header: IDS_HEADERS[3], field: "data", width: 120 },
];

function newWorkbook(out: NodeJS.WritableStream): ExcelJS.stream.xlsx.WorkbookWriter {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as unknown as Stream, useStyles: true, useSharedStrings: false });
  wb.creator = "Bashboard";
  return wb;
}

/** The streaming worksheet keeps its data validations here (the typings do not declare it). */
function dataValidations(ws: ExcelJS.Worksheet): { add(address: string, validation: ExcelJS.DataValidation): void } {
  return (ws as unknown as { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } }).dataValidations;
}


/** A sheet with a styled, frozen, filterable header on `headerRow`; rows above it are the caller's. */
function startTable(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  columns: readonly Pick<Column, "header" | "field" | "width">[],
  headerRow: number,
  state: "visible" | "hidden" = "visible",
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { state, views: [{ state: "frozen", xSplit: 0, ySplit: headerRow }] });
  // Only the long-text columns carry a cell style (wrapped, top-aligned): exceljs serialises a cell's
  // style for every cell it writes, and styling all fifteen columns made a 10 000-report export ~30 % slower.
  ws.columns = columns.map((c) => ({ width: c.width, ...(WRAP_FIELDS.has(c.field) ? { style: WRAP_STYLE } : {}) }));
  cellStyles.set(
    ws,
    columns.map((c) => (WRAP_FIELDS.has(c.field) ? WRAP_STYLE : PLAIN_STYLE)),
  );
  ws.autoFilter = `A${headerRow}:${columnLetter(columns.length)}${headerRow}`;
  if (headerRow === 1) writeHeader(ws, columns.map((c) => c.header));
  return ws;
}

function writeHeader(ws: ExcelJS.Worksheet, headers: readonly string[]) {
  const row = ws.addRow(headers.map(cellText));
  row.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = HEADER_BORDER;
    cell.alignment = { vertical: "middle", wrapText: true };
  });
  row.commit();
}

/** A data row's values as written: text through cellText, "" as an empty cell. */
function cellValues(values: readonly Cell[]): Cell[] {
  return values.map((v) => (typeof v === "number" ? v : cellText(v) || null));
}

/** Where a big sheet's data rows go: add() takes values already through cellValues. */
type RowSink = { add(values: readonly Cell[]): number; flush(): void };

/**
 * Rows written straight into a table sheet's XML (lib/xlsx/fast-rows.ts), with its column styles;
 * through exceljs's own rows if its streaming worksheet is not the one FastRows knows (another
 * exceljs version): the same file, only slower.
 */
function fastRows(wb: ExcelJS.stream.xlsx.WorkbookWriter, ws: ExcelJS.Worksheet): RowSink {
  if (FastRows.supports(wb, ws)) return new FastRows(wb, ws, cellStyles.get(ws) ?? []);
  return { add: (values) => addCellRow(ws, values), flush: () => {} };
}

/** Add and commit one data row (text through cellText, "" as an empty cell); returns its number. */
function addRow(ws: ExcelJS.Worksheet, values: readonly Cell[]): number {
  return addCellRow(ws, cellValues(values));
}

/** Add and commit one row of values already through cellValues; returns its number. */
function addCellRow(ws: ExcelJS.Worksheet, values: readonly Cell[]): number {
  const row = ws.addRow([...values]);
  const styles = cellStyles.get(ws);
  if (styles) for (let i = 0; i < values.length; i++) row.getCell(i + 1).style = styles[i] ?? PLAIN_STYLE;
  const n = row.number;
  row.commit();
  return n;
}

function idCells(r: IdRow): Cell[] {
  return cellValues([r.sheet, r.row, r.id, r.json]);
}

function writePrerequisites(wb: ExcelJS.stream.xlsx.WorkbookWriter, text: Record<(typeof PREREQ_ROWS)[number]["field"], string>) {
  const ws = wb.addWorksheet(SHEET.prerequisites);
  ws.columns = [
    { width: 18, style: { alignment: { vertical: "top" } } },
    { width: 100, style: { alignment: { vertical: "top", wrapText: true } } },
  ];
  const title = ws.addRow([cellText(PREREQ_TITLE)]);
  title.getCell(1).font = { bold: true, size: 12 };
  title.getCell(1).fill = TITLE_FILL;
  title.commit();
  for (const p of PREREQ_ROWS) {
    const row = ws.addRow([cellText(p.label), cellText(text[p.field]) || null]);
    row.getCell(1).font = { bold: true };
    row.commit();
  }
  ws.commit();
}

/** FunctionalityFeature up to its header: merged title and note rows, header on FEATURES_HEADER_ROW. */
function startFeatures(wb: ExcelJS.stream.xlsx.WorkbookWriter): ExcelJS.Worksheet {
  const ws = startTable(wb, SHEET.features, FEATURE_COLUMNS, FEATURES_HEADER_ROW);
  const title = ws.addRow([cellText(FEATURES_TITLE)]);
  title.getCell(1).font = { bold: true, size: 12 };
  title.getCell(1).fill = TITLE_FILL;
  title.height = 20;
  const note = ws.addRow([cellText(FEATURES_NOTE)]);
  note.getCell(1).alignment = { vertical: "top", wrapText: true };
  note.height = 32;
  ws.mergeCells("A1:C1");
  ws.mergeCells("A2:C2");
  note.commit();
  // The header goes on FEATURES_HEADER_ROW (3 in the template, straight after the note).
  for (let n = 3; n < FEATURES_HEADER_ROW; n++) ws.addRow([]).commit();
  writeHeader(ws, FEATURE_COLUMNS.map((c) => c.header));
  return ws;
}

/** Priority and Status drop-downs on Bug_Sheet from row 2 to max(last data row, 1000). */
function addBugValidations(ws: ExcelJS.Worksheet, lastDataRow: number) {
  const last = Math.max(lastDataRow, BUG_VALIDATION_MIN_ROWS);
  const col = (field: string) => columnLetter(BUG_COLUMNS.findIndex((c) => c.field === field) + 1);
  const statuses = Object.values(STATUS_LABELS);
  const dv = dataValidations(ws);
  dv.add(`${col("priority")}2:${col("priority")}${last}`, {
    type: "list",
    allowBlank: true,
    formulae: [`"${PRIORITIES.join(",")}"`],
    showInputMessage: true,
    promptTitle: "Priority",
    prompt: "P1 is the most urgent, P4 the least.",
    showErrorMessage: true,
    errorStyle: "stop",
    errorTitle: "Priority",
    error: `Choose ${PRIORITIES.slice(0, -1).join(", ")} or ${PRIORITIES[PRIORITIES.length - 1]}.`,
  });
  dv.add(`${col("status")}2:${col("status")}${last}`, {
    type: "list",
    allowBlank: true,
    formulae: [`"${statuses.join(",")}"`],
    showInputMessage: true,
    promptTitle: "Status",
    prompt: "Choose a status from the list.",
    showErrorMessage: true,
    errorStyle: "stop",
    errorTitle: "Status",
    error: `Choose ${statuses.slice(0, -1).join(", ")} or ${statuses[statuses.length - 1]}.`,
  });
}

const CLOSED_EARLY = "The export stream was closed before the workbook was complete.";

/** Commit the workbook; fail (instead of waiting forever for "finish") if `out` is closed first. */
async function finish(wb: ExcelJS.stream.xlsx.WorkbookWriter, out: NodeJS.WritableStream): Promise<void> {
  const w = out as Partial<Writable> & NodeJS.WritableStream;
  let onClose = () => {};
  const closed = new Promise<never>((_, reject) => {
    onClose = () => {
      if (!w.writableFinished) reject(new Error(CLOSED_EARLY));
    };
    w.on("close", onClose);
  });
  closed.catch(() => {});
  try {
    await Promise.race([wb.commit(), closed]);
  } finally {
    w.off("close", onClose);
  }
}

/**
 * Between pages: let the zip (compression runs off the event loop) take what was written so far, so
 * a page's XML does not pile up behind the next, and wait while `out` asks for a pause.
 */
async function breathe(out: NodeJS.WritableStream): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  await drained(out);
}

/** Wait while `out` asks for a pause, so a slow download does not pile the workbook up in memory. */
async function drained(out: NodeJS.WritableStream): Promise<void> {
  const w = out as Partial<Writable> & NodeJS.WritableStream;
  if (w.destroyed) throw new Error(CLOSED_EARLY);
  if (!w.writableNeedDrain) return;
  await new Promise<void>((resolve, reject) => {
    const done = () => {
      w.off("drain", done);
      w.off("close", closed);
      resolve();
    };
    const closed = () => {
      w.off("drain", done);
      w.off("close", closed);
      reject(new Error(CLOSED_EARLY));
    };
    w.on("drain", done);
    w.on("close", closed);
  });
}
