// Import a bug-bash workbook (the community template, a team's variant of it, or our own export) into
// a bash: preview first (what would be imported, every problem by sheet/row/column, the choices to
// make), then commit with those choices in one transaction. Stateless: the commit re-reads the file.
import { createHash, randomBytes } from "node:crypto";
import { newIds } from "@/lib/ids";
import { logActivity } from "@/lib/activity/log";
import { getBashContext } from "@/lib/bashes/queries";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { DeviceKind, Priority, ReportStatus, Severity, SprintPlacement } from "@/lib/generated/prisma/enums";
import { assertCan, BASH_ROLES, type Actor, type BashRole } from "@/lib/policy";
import { parseInput } from "@/lib/validation";
import {
  BUG_COLUMNS,
  headerKey,
  IDS_FORMAT,
  IDS_HEADERS,
  PREREQ_ROWS,
  PREREQ_TEMPLATE_TEXT_STARTS,
  SHEET,
  STATUS_LABELS,
  TEMPLATE_SHEETS,
  XLSX_LIMITS,
  type BugField,
  type ReportStatusKey,
  type SheetKey,
} from "@/lib/xlsx/columns";
import { ZImportMappings } from "@/lib/xlsx/import-schema";
import { matchHeaders, sheetKeyOf, TABLE_COLUMNS, type HeaderMatch, type TableKey } from "@/lib/xlsx/layout";
import { readWorkbook, type ParsedRow, type ParsedSheet, type ParsedWorkbook, type ReadLimits } from "@/lib/xlsx/read";
import type { ImportPreview, ImportProblem, ImportResult, PersonMapping, ValueMapping } from "@/lib/xlsx/types";
import { cleanText, columnLetter, personKey, readPriority, readStatus, rowsText, splitTitle, unneutralise } from "@/lib/xlsx/values";

type PriorityKey = "P1" | "P2" | "P3" | "P4";

/** Lengths the rest of Bashboard accepts for the same fields (lib/bashes/schema.ts, devices). */
const MAX = { menuName: 200, featureDescription: 2000, name: 200, designation: 100, deviceText: 100, version: 50 } as const;
/** Reports written per INSERT … SELECT FROM unnest(…) (one array parameter per column). */
const REPORT_CHUNK = 5000;

// ---------------------------------------------------------------------------------------------
// What the bash already has

type DeviceFields = { kind: DeviceKind; os: string; osVersion: string; browser: string; browserVersion: string; phoneName: string };

// Flat queries one after another: inside a transaction, nested relation loads would run in parallel
// on the one connection (pg warns about that and will refuse it in pg@9).
async function loadBash(db: Db, bashId: string) {
  const bash = await db.bash.findUniqueOrThrow({ where: { id: bashId }, select: { prerequisitesWeb: true, prerequisitesMobile: true, reportCounter: true } });
  const features = await db.feature.findMany({ where: { bashId }, select: { id: true, menuName: true, position: true } });
  const environments = await db.environment.findMany({ where: { bashId }, select: { id: true, name: true } });
  const members = await db.membership.findMany({
    where: { bashId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, userId: true, role: true, designation: true, user: { select: { name: true, email: true } } },
  });
  const devices = await db.device.findMany({
    where: { membership: { bashId } },
    select: { membershipId: true, kind: true, os: true, osVersion: true, browser: true, browserVersion: true, phoneName: true },
  });
  const reports = await db.report.findMany({ where: { bashId }, select: { clientId: true } });
  const byMembership = new Map<string, DeviceFields[]>();
  for (const { membershipId, ...d } of devices) if (membershipId) byMembership.set(membershipId, [...(byMembership.get(membershipId) ?? []), d]);
  const memberships = members.map((m) => ({ ...m, devices: byMembership.get(m.id) ?? [] }));
  return { ...bash, features, environments, memberships, clientIds: new Set(reports.map((r) => r.clientId)) };
}
type BashState = Awaited<ReturnType<typeof loadBash>>;

const deviceKey = (d: DeviceFields) => [d.kind, d.os, d.osVersion, d.browser, d.browserVersion, d.phoneName].map((s) => s.trim().toLowerCase()).join("\u001f");

// ---------------------------------------------------------------------------------------------
// The plan: what the file holds, checked against the bash

type PlannedFeature = { key: string; menuName: string; description: string; existingId: string | null };

type PlannedPerson = {
  key: string;
  name: string;
  sheets: string[];
  designation: string;
  /** From our own export's hidden sheet. */
  role: BashRole | null;
  email: string | null;
  devices: DeviceFields[];
  fromParticipants: boolean;
  firstRow: { sheet: string; row: number };
  matchMembershipId: string | null;
};

type PlannedReport = {
  sheet: string;
  row: number;
  clientId: string;
  alreadyImported: boolean;
  title: string;
  description: string;
  steps: string;
  expected: string;
  actual: string;
  remarks: string;
  featureKey: string | null;
  reporterKey: string | null;
  severity: Severity | null;
  /** Settled from the cell; otherwise `priorityValue` goes through the mappings. */
  priority: { fixed: Priority | null } | { mapKey: string };
  status: { fixed: ReportStatus } | { mapKey: string };
  environmentId: string | null;
  device: { deviceKind: DeviceKind | null; os: string; osVersion: string; browser: string; browserVersion: string; phoneName: string };
  sprint: SprintPlacement | null;
  sprintName: string;
};

type Analysis = {
  preview: ImportPreview;
  features: PlannedFeature[];
  people: PlannedPerson[];
  reports: PlannedReport[];
  prerequisites: { prerequisitesWeb?: string; prerequisitesMobile?: string };
};

type Hidden = { id: string; data: Record<string, unknown> };

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const oneOf = <T extends string>(v: unknown, values: readonly T[]): T | null => (typeof v === "string" && (values as readonly string[]).includes(v) ? (v as T) : null);

const PRIORITY_VALUES = ["P1", "P2", "P3", "P4"] as const;
const STATUS_VALUES = Object.keys(STATUS_LABELS) as ReportStatusKey[];
const SEVERITY_VALUES = ["CRITICAL", "MAJOR", "MINOR", "TRIVIAL"] as const;
const SPRINT_VALUES = ["CURRENT", "LATER"] as const;

class Table {
  readonly rows: ParsedRow[];
  constructor(
    readonly sheet: ParsedSheet,
    readonly match: HeaderMatch,
    private readonly clean: (s: string) => string,
  ) {
    this.rows = sheet.rows.filter((r) => r.rowNumber > (sheet.headerRow ?? 0));
  }
  get(row: ParsedRow, field: string): string {
    const i = this.match.indexOf.get(field);
    return i === undefined ? "" : this.clean(row.cells[i] ?? "");
  }
  header(field: string): string {
    return TABLE_COLUMNS[this.sheet.key as TableKey].find((c) => c.field === field)?.header ?? field;
  }
}

/** The template's sheets in order, as keys. */
const templateKeys: SheetKey[] = TEMPLATE_SHEETS.map((name) => sheetKeyOf(name) as SheetKey);

function analyse(wb: ParsedWorkbook, state: BashState): Analysis {
  const problems: ImportProblem[] = [];
  const problem = (sheet: string, row: number | null, column: string | null, severity: ImportProblem["severity"], message: string) =>
    problems.push({ sheet, row, column, severity, message });

  const byKey = new Map<SheetKey, ParsedSheet>();
  for (const s of Object.values(wb.sheets)) byKey.set(s.key, s);

  // Our own export: the hidden sheet's rows by "<sheet key>:<row>".
  const hidden = new Map<string, Hidden>();
  let ownExport = false;
  const idsSheet = byKey.get("ids");
  if (idsSheet && idsSheet.rows.length) {
    const head = idsSheet.rows[0];
    const col = (h: string) => head.cells.findIndex((c) => headerKey(c) === headerKey(h));
    const [cSheet, cRow, cId, cData] = IDS_HEADERS.map(col);
    if (cSheet >= 0 && cRow >= 0 && cId >= 0 && cData >= 0) {
      for (const r of idsSheet.rows.slice(1)) {
        let data: unknown;
        try {
          data = JSON.parse(r.cells[cData] ?? "");
        } catch {
          continue;
        }
        if (!data || typeof data !== "object" || Array.isArray(data)) continue;
        const d = data as Record<string, unknown>;
        if (d.format === IDS_FORMAT) ownExport = true;
        const key = sheetKeyOf(r.cells[cSheet] ?? "");
        const row = Number(r.cells[cRow]);
        if (key && Number.isInteger(row) && row > 0) hidden.set(`${key}:${row}`, { id: (r.cells[cId] ?? "").trim(), data: d });
      }
    }
    if (!ownExport) hidden.clear();
  }
  // Cells come from readWorkbook already cleaned (cleanText); only text whose export quote was
  // removed ("'=x" → "=x") needs it again.
  const clean = ownExport
    ? (s: string) => {
        const u = unneutralise(s);
        return u === s ? s : cleanText(u);
      }
    : (s: string) => s;

  // Sheets present, missing, or not part of the template.
  const foundTemplate = TEMPLATE_SHEETS.filter((_, i) => byKey.has(templateKeys[i]));
  for (const name of wb.sheetNames) {
    if (wb.sheets[name]) continue;
    const key = sheetKeyOf(name);
    const first = key ? byKey.get(key) : undefined;
    if (first) problem(name, null, null, "info", `The sheet “${name}” has the same name as “${first.name}”; only the first was read.`);
    else if (key) problem(name, null, null, "info", `The sheet “${name}” is not a worksheet (a chart sheet?); it was ignored.`);
    else problem(name, null, null, "info", `The sheet “${name}” is not part of the template; it was ignored.`);
  }
  if (foundTemplate.length === 0) {
    problem(
      "",
      null,
      null,
      "error",
      `None of the template's sheets were found (${TEMPLATE_SHEETS.join(", ")}). The file has: ${wb.sheetNames.join(", ") || "no sheets"}.`,
    );
  } else {
    templateKeys.forEach((key, i) => {
      if (!byKey.has(key)) problem(TEMPLATE_SHEETS[i], null, null, "info", `The sheet “${TEMPLATE_SHEETS[i]}” is not in the file; nothing was imported from it.`);
    });
  }

  // Tables and their headers.
  const tables = new Map<TableKey, Table>();
  const sheetSummaries: ImportPreview["sheets"] = [];
  for (const [i, key] of templateKeys.entries()) {
    const sheet = byKey.get(key);
    if (!sheet) {
      sheetSummaries.push({ name: TEMPLATE_SHEETS[i], found: false, dataRows: 0, extraColumns: [], missingColumns: [] });
      continue;
    }
    if (key === "prerequisites") {
      const labelled = sheet.rows.filter((r) => PREREQ_ROWS.some((p) => headerKey(p.label) === headerKey(clean(r.cells[0] ?? "")))).length;
      sheetSummaries.push({ name: sheet.name, found: true, dataRows: labelled, extraColumns: [], missingColumns: [] });
      continue;
    }
    const table = key as TableKey;
    const columns = TABLE_COLUMNS[table];
    if (sheet.rows.length === 0) {
      sheetSummaries.push({ name: sheet.name, found: true, dataRows: 0, extraColumns: [], missingColumns: columns.map((c) => c.header) });
      continue;
    }
    if (sheet.headerRow === null) {
      problem(
        sheet.name,
        null,
        null,
        "error",
        `No header row was found in the first 10 rows of “${sheet.name}”; expected columns such as ${columns
          .slice(0, 3)
          .map((c) => `“${c.header}”`)
          .join(", ")}.`,
      );
      sheetSummaries.push({ name: sheet.name, found: true, dataRows: sheet.dataRows, extraColumns: [], missingColumns: columns.map((c) => c.header) });
      continue;
    }
    const headerCells = sheet.rows.find((r) => r.rowNumber === sheet.headerRow)?.cells ?? [];
    const match = matchHeaders(columns, headerCells);
    for (const x of match.extra) problem(sheet.name, sheet.headerRow, x.header, "info", `Column “${x.header}” is not part of the template; it was ignored.`);
    for (const m of match.missing) {
      if (m.required) problem(sheet.name, sheet.headerRow, m.header, "error", `The column “${m.header}” is missing; it is required.`);
    }
    sheetSummaries.push({
      name: sheet.name,
      found: true,
      dataRows: sheet.dataRows,
      extraColumns: match.extra.map((x) => x.header),
      missingColumns: match.missing.map((m) => m.header),
    });
    if (!match.missing.some((m) => m.required)) tables.set(table, new Table(sheet, match, clean));
  }

  // Notes from reading (formulas without a saved result).
  for (const n of wb.notes) {
    const sheet = wb.sheets[n.sheet];
    const head = sheet?.headerRow ? sheet.rows.find((r) => r.rowNumber === sheet.headerRow)?.cells[n.column - 1] : undefined;
    problem(n.sheet, n.row, head || columnLetter(n.column), "info", n.message);
  }

  // Pre-Requisite: "For Website" / "For Mobile App" in column A, the text in column B.
  const prerequisites: Analysis["prerequisites"] = {};
  const prereqSheet = byKey.get("prerequisites");
  if (prereqSheet) {
    for (const r of prereqSheet.rows) {
      const label = PREREQ_ROWS.find((p) => headerKey(p.label) === headerKey(clean(r.cells[0] ?? "")));
      const text = clean(r.cells[1] ?? "");
      if (!label || !text || label.field in prerequisites) continue;
      if (PREREQ_TEMPLATE_TEXT_STARTS.some((s) => text.toLowerCase().startsWith(s.toLowerCase()))) continue;
      prerequisites[label.field] = text;
      const current = state[label.field];
      if (current.trim() && current.trim() !== text) {
        problem(prereqSheet.name, r.rowNumber, "B", "info", `The prerequisites ${label.label.toLowerCase()} will replace the bash's current text.`);
      }
    }
  }

  // Features.
  const existingFeature = new Map(state.features.map((f) => [personKey(f.menuName), f.id]));
  const features = new Map<string, PlannedFeature>();
  const featuresTable = tables.get("features");
  if (featuresTable) {
    const t = featuresTable;
    for (const r of t.rows) {
      const menuName = t.get(r, "menuName");
      const description = t.get(r, "description");
      if (!menuName) {
        if (description) problem(t.sheet.name, r.rowNumber, t.header("menuName"), "error", "Menu Name is empty; every feature needs one.");
        continue;
      }
      if (menuName.length > MAX.menuName) {
        problem(t.sheet.name, r.rowNumber, t.header("menuName"), "error", `Menu Name is longer than ${MAX.menuName} characters.`);
        continue;
      }
      if (description.length > MAX.featureDescription) {
        problem(t.sheet.name, r.rowNumber, t.header("description"), "error", `Feature is longer than ${MAX.featureDescription.toLocaleString("en")} characters.`);
        continue;
      }
      const key = personKey(menuName);
      if (features.has(key)) {
        problem(t.sheet.name, r.rowNumber, t.header("menuName"), "info", `“${menuName}” is listed more than once; the first row was used.`);
        continue;
      }
      features.set(key, { key, menuName, description, existingId: existingFeature.get(key) ?? null });
    }
  }
  const featuresInSheet = features.size;

  // People: participant sheets, then reporters.
  const memberByEmail = new Map(state.memberships.map((m) => [m.user.email.toLowerCase(), m.id] as const).reverse());
  const memberByName = new Map(state.memberships.map((m) => [personKey(m.user.name), m.id] as const).reverse());
  const people = new Map<string, PlannedPerson>();
  const personFor = (name: string, sheet: string, row: number, fromParticipants: boolean): PlannedPerson => {
    const key = personKey(name);
    let p = people.get(key);
    if (!p) {
      p = { key, name: name.trim().replace(/\s+/g, " "), sheets: [], designation: "", role: null, email: null, devices: [], fromParticipants, firstRow: { sheet, row }, matchMembershipId: null };
      people.set(key, p);
    }
    if (!p.sheets.includes(sheet)) p.sheets.push(sheet);
    if (fromParticipants) p.fromParticipants = true;
    return p;
  };
  for (const table of ["mobile", "web"] as const) {
    const t = tables.get(table);
    if (!t) continue;
    const kind: DeviceKind = table === "mobile" ? "MOBILE" : "WEB";
    const deviceFields = table === "mobile" ? ["os", "osVersion", "phoneName"] : ["os", "osVersion", "browser", "browserVersion"];
    for (const r of t.rows) {
      const name = t.get(r, "name");
      const designation = t.get(r, "designation");
      const values = Object.fromEntries(deviceFields.map((f) => [f, t.get(r, f)]));
      const hasDevice = deviceFields.some((f) => values[f]);
      if (!name) {
        if (hasDevice || designation) problem(t.sheet.name, r.rowNumber, t.header("name"), "error", "Name is empty; every row needs the participant's name.");
        continue;
      }
      const tooLong: [string, number][] = [
        ["name", MAX.name],
        ["designation", MAX.designation],
        ...deviceFields.map((f): [string, number] => [f, /version/i.test(f) ? MAX.version : MAX.deviceText]),
      ];
      const bad = tooLong.find(([f, max]) => t.get(r, f).length > max);
      if (bad) {
        problem(t.sheet.name, r.rowNumber, t.header(bad[0]), "error", `${t.header(bad[0])} is longer than ${bad[1]} characters.`);
        continue;
      }
      const p = personFor(name, t.sheet.name, r.rowNumber, true);
      if (!p.designation && designation) p.designation = designation;
      let device: DeviceFields | null = hasDevice
        ? { kind, os: values.os ?? "", osVersion: values.osVersion ?? "", browser: values.browser ?? "", browserVersion: values.browserVersion ?? "", phoneName: values.phoneName ?? "" }
        : null;
      const h = hidden.get(`${table}:${r.rowNumber}`);
      if (h && personKey(str(h.data.name)) === p.key) {
        p.role ??= oneOf(h.data.role, BASH_ROLES);
        p.email ??= str(h.data.email) || null;
        const d = h.data.device as Record<string, unknown> | null | undefined;
        const dKind = oneOf(d?.kind, ["WEB", "MOBILE"] as const);
        if (d && dKind === kind && device) {
          const full: DeviceFields = { kind: dKind, os: str(d.os), osVersion: str(d.osVersion), browser: str(d.browser), browserVersion: str(d.browserVersion), phoneName: str(d.phoneName) };
          if (deviceFields.every((f) => cleanText(full[f as keyof DeviceFields]) === (values[f] ?? ""))) device = full;
        }
      }
      if (device && !p.devices.some((x) => deviceKey(x) === deviceKey(device))) p.devices.push(device);
    }
  }

  // Reports.
  const reports: PlannedReport[] = [];
  const priorities = new Map<string, ValueMapping<PriorityKey>>();
  const statuses = new Map<string, ValueMapping<ReportStatusKey>>();
  const environments = new Map(state.environments.map((e) => [personKey(e.name), e.id]));
  const bugsTable = tables.get("bugs");
  if (bugsTable) {
    const t = bugsTable;
    const seen = new Map<string, number>();
    for (const r of t.rows) {
      const v = Object.fromEntries(BUG_COLUMNS.map((c) => [c.field, t.get(r, c.field)])) as Record<BugField, string>;
      if (!v.description) {
        problem(t.sheet.name, r.rowNumber, t.header("description"), "error", "Description of Bug is empty.");
        continue;
      }
      // Identical rows get distinct, stable ids: the same file imported again maps to the same ids.
      const hash = createHash("sha256").update(JSON.stringify(BUG_COLUMNS.map((c) => v[c.field]))).digest("hex");
      const n = (seen.get(hash) ?? 0) + 1;
      seen.set(hash, n);
      let clientId = `xlsx:${hash}${n > 1 ? `:${n}` : ""}`;

      let { title, description } = splitTitle(v.description);
      let expected = "";
      let actual = "";
      let severity: Severity | null = null;
      let environmentId: string | null = null;
      let sprint: SprintPlacement | null = null;
      let sprintName = "";
      const mobile = !!(v.phoneName || v.mobileOs || v.mobileOsVersion);
      const web = !!(v.browser || v.browserVersion || v.os || v.osVersion);
      let device: PlannedReport["device"] = mobile
        ? { deviceKind: "MOBILE", os: v.mobileOs, osVersion: v.mobileOsVersion, browser: "", browserVersion: "", phoneName: v.phoneName }
        : { deviceKind: web ? "WEB" : null, os: v.os, osVersion: v.osVersion, browser: v.browser, browserVersion: v.browserVersion, phoneName: "" };
      let priority: PlannedReport["priority"] | null = null;
      let status: PlannedReport["status"] | null = null;

      // Our own export: restore what the template has no column for, as long as the visible row is
      // still the report that was exported (its description cell unchanged).
      const h = hidden.get(`bugs:${r.rowNumber}`);
      if (h && h.id) {
        const d = h.data;
        const composed = cleanText(str(d.description).trim() ? `${str(d.title)}\n\n${str(d.description)}` : str(d.title));
        if (composed && composed === v.description) {
          clientId = h.id;
          const truncated = Array.isArray(d.truncated) ? d.truncated : [];
          if (!truncated.includes("title") && !truncated.includes("description")) {
            title = str(d.title).trim() || title;
            description = str(d.description);
          }
          expected = str(d.expected);
          actual = str(d.actual);
          severity = oneOf(d.severity, SEVERITY_VALUES);
          sprint = oneOf(d.sprint, SPRINT_VALUES);
          sprintName = str(d.sprintName);
          const envName = str(d.environment).trim();
          if (envName) {
            environmentId = environments.get(personKey(envName)) ?? null;
            if (!environmentId) problem(t.sheet.name, r.rowNumber, null, "info", `The environment “${envName}” does not exist in this bash; the report is imported without one.`);
          }
          const dKind = oneOf(d.deviceKind, ["WEB", "MOBILE"] as const);
          const snapshot = { deviceKind: dKind, os: str(d.os), osVersion: str(d.osVersion), browser: str(d.browser), browserVersion: str(d.browserVersion), phoneName: str(d.phoneName) };
          const m = dKind === "MOBILE";
          const shown = {
            browser: m ? "" : snapshot.browser,
            browserVersion: m ? "" : snapshot.browserVersion,
            os: m ? "" : snapshot.os,
            osVersion: m ? "" : snapshot.osVersion,
            phoneName: m ? snapshot.phoneName : "",
            mobileOs: m ? snapshot.os : "",
            mobileOsVersion: m ? snapshot.osVersion : "",
          };
          if ((Object.keys(shown) as (keyof typeof shown)[]).every((k) => cleanText(shown[k]) === v[k])) device = snapshot;
          const p = d.priority === null ? null : oneOf(d.priority, PRIORITY_VALUES);
          if ((p ?? "") === v.priority) priority = { fixed: p };
          const s = oneOf(d.status, STATUS_VALUES);
          if (s && STATUS_LABELS[s] === v.status) status = { fixed: s };
        }
      }

      if (v.screenshots) {
        const links = v.screenshots.split(/\n+/).map((s) => s.trim()).filter(Boolean);
        description = `${description ? `${description}\n\n` : ""}Screenshots:\n${links.join("\n")}`;
      }

      if (!priority) {
        const read = readPriority(v.priority);
        if (read.kind === "empty") priority = { fixed: null };
        else if (read.kind === "exact") priority = { fixed: read.value };
        else {
          const key = personKey(v.priority);
          const m = priorities.get(key) ?? { value: v.priority, rows: [], suggestion: read.value };
          m.rows.push(r.rowNumber);
          priorities.set(key, m);
          priority = { mapKey: key };
        }
      }
      if (!status) {
        const read = readStatus(v.status);
        if (read.kind === "empty") status = { fixed: "OPEN" };
        else if (read.kind === "exact") status = { fixed: read.value };
        else {
          const key = personKey(v.status);
          const m = statuses.get(key) ?? { value: v.status, rows: [], suggestion: read.value };
          m.rows.push(r.rowNumber);
          statuses.set(key, m);
          status = { mapKey: key };
        }
      }

      let featureKey: string | null = null;
      if (v.menuName) {
        featureKey = personKey(v.menuName);
        if (!features.has(featureKey)) {
          if (v.menuName.length > MAX.menuName) {
            problem(t.sheet.name, r.rowNumber, t.header("menuName"), "error", `Menu Name is longer than ${MAX.menuName} characters.`);
            continue;
          }
          features.set(featureKey, { key: featureKey, menuName: v.menuName, description: "", existingId: existingFeature.get(featureKey) ?? null });
          if (!existingFeature.has(featureKey)) {
            problem(t.sheet.name, r.rowNumber, t.header("menuName"), "info", `The menu “${v.menuName}” is not in ${SHEET.features}; it will be added as a feature.`);
          }
        }
      }

      let reporterKey: string | null = null;
      if (v.reporterName) {
        if (v.reporterName.length > MAX.name) {
          problem(t.sheet.name, r.rowNumber, t.header("reporterName"), "error", `Reporter Name is longer than ${MAX.name} characters.`);
          continue;
        }
        reporterKey = personFor(v.reporterName, t.sheet.name, r.rowNumber, false).key;
      }

      reports.push({
        sheet: t.sheet.name,
        row: r.rowNumber,
        clientId,
        alreadyImported: state.clientIds.has(clientId),
        title,
        description,
        steps: v.steps,
        expected,
        actual,
        remarks: v.remarks,
        featureKey,
        reporterKey,
        severity,
        priority,
        status,
        environmentId,
        device,
        sprint,
        sprintName,
      });
    }
  }

  // Match people to members: by e-mail (our own export), then by name.
  for (const p of people.values()) {
    p.matchMembershipId = (p.email ? memberByEmail.get(p.email.toLowerCase()) : undefined) ?? memberByName.get(p.key) ?? null;
    if (!p.fromParticipants && !p.matchMembershipId) {
      problem(
        p.firstRow.sheet,
        p.firstRow.row,
        "Reporter Name",
        "mapping",
        `“${p.name}” is not a member of this bash; a placeholder participant will be created unless you choose a member.`,
      );
    }
  }

  for (const m of priorities.values()) {
    problem(
      bugsTable?.sheet.name ?? SHEET.bugs,
      m.rows[0],
      "Priority",
      "mapping",
      m.suggestion
        ? `Priority “${m.value}” (${rowsText(m.rows)}) is not one of P1–P4; it will be read as ${m.suggestion} unless you choose otherwise.`
        : `Priority “${m.value}” (${rowsText(m.rows)}) is not one of P1–P4; choose what it means.`,
    );
  }
  for (const m of statuses.values()) {
    problem(
      bugsTable?.sheet.name ?? SHEET.bugs,
      m.rows[0],
      "Status",
      "mapping",
      m.suggestion
        ? `Status “${m.value}” (${rowsText(m.rows)}) is not one of Bashboard's statuses; it will be read as ${STATUS_LABELS[m.suggestion]} unless you choose otherwise.`
        : `Status “${m.value}” (${rowsText(m.rows)}) is not one of Bashboard's statuses; choose what it means.`,
    );
  }

  const allFeatures = [...features.values()];
  const peopleList = [...people.values()];
  const participants = peopleList.filter((p) => p.fromParticipants);
  const preview: ImportPreview = {
    sheets: sheetSummaries,
    counts: {
      prerequisites: Object.keys(prerequisites).length,
      features: featuresInSheet,
      newFeatures: allFeatures.filter((f) => !f.existingId).length,
      participants: participants.length,
      devices: participants.reduce((n, p) => n + p.devices.length, 0),
      reports: reports.filter((r) => !r.alreadyImported).length,
      alreadyImported: reports.filter((r) => r.alreadyImported).length,
    },
    problems,
    mappings: {
      priorities: [...priorities.values()],
      statuses: [...statuses.values()],
      people: peopleList.map((p): PersonMapping => ({ name: p.name, sheets: p.sheets, matchMembershipId: p.matchMembershipId })),
    },
    members: state.memberships.map((m) => ({ membershipId: m.id, name: m.user.name })),
    canCommit: !problems.some((p) => p.severity === "error"),
  };
  return { preview, features: allFeatures, people: peopleList, reports, prerequisites };
}

type ReportRow = {
  number: number;
  clientId: string;
  featureId: string | null;
  environmentId: string | null;
  title: string;
  description: string;
  steps: string;
  expected: string;
  actual: string;
  remarks: string;
  severity: Severity | null;
  priority: Priority | null;
  status: ReportStatus;
  sprint: SprintPlacement | null;
  sprintName: string;
  deviceKind: DeviceKind | null;
  os: string;
  osVersion: string;
  browser: string;
  browserVersion: string;
  phoneName: string;
  reporterId: string | null;
  reporterName: string;
};

/** ReportRow's fields in the order of insertReports's JSON arrays (r->>1 … r->>23; r->>0 is the new id). */
const REPORT_FIELDS = [
  "number",
  "clientId",
  "featureId",
  "environmentId",
  "title",
  "description",
  "steps",
  "expected",
  "actual",
  "remarks",
  "severity",
  "priority",
  "status",
  "sprint",
  "sprintName",
  "deviceKind",
  "os",
  "osVersion",
  "browser",
  "browserVersion",
  "phoneName",
  "reporterId",
  "reporterName",
] as const satisfies readonly (keyof ReportRow)[];

/**
 * The rows as one JSON text: [[id, number, clientId, …], …]. PostgreSQL refuses "\u0000" and lone
 * surrogates in JSON text, so those escapes (JSON.stringify writes nothing else as \u00XX/\uDXXX
 * escapes but control characters and lone surrogates) become nothing and U+FFFD, as a text[]
 * parameter's UTF-8 encoding would have made of a lone surrogate.
 */
function reportRowsJson(ids: readonly string[], rows: readonly ReportRow[]): string {
  const json = JSON.stringify(rows.map((r, i) => [ids[i], ...REPORT_FIELDS.map((f) => r[f])]));
  if (!json.includes("\\u")) return json;
  return json.replace(/(?<!\\)((?:\\\\)*)\\u(0000|d[89a-f][0-9a-f]{2})/gi, (_, slashes: string, code: string) => (code === "0000" ? slashes : `${slashes}\\ufffd`));
}

/**
 * Many reports in one statement: INSERT … SELECT over the elements of one JSON array parameter,
 * inside the caller's transaction. Prisma's createMany costs about 0.7 ms a row here (10 000 reports
 * ≈ 7 s); an array parameter per column (unnest) was faster but Prisma still serialised 24 arrays of
 * thousands of values through its query compiler (≈ 0.5 s of this process's CPU at 10 000 reports);
 * one JSON text costs about a fifth of that, and PostgreSQL parses it quickly.
 */
async function insertReports(tx: Prisma.TransactionClient, bashId: string, rows: ReportRow[]) {
  if (rows.length === 0) return;
  const json = reportRowsJson(newIds(rows.length), rows);
  await tx.$executeRaw`
    insert into "Report" ("id", "bashId", "number", "clientId", "featureId", "environmentId", "title", "description", "steps", "expected", "actual",
      "remarks", "severity", "priority", "status", "sprint", "sprintName", "deviceKind", "os", "osVersion", "browser", "browserVersion", "phoneName",
      "reporterId", "reporterName", "createdAt", "updatedAt")
    select r->>0, ${bashId}, (r->>1)::int, r->>2, r->>3, r->>4, r->>5, r->>6, r->>7, r->>8, r->>9,
      r->>10, (r->>11)::"Severity", (r->>12)::"Priority", (r->>13)::"ReportStatus", (r->>14)::"SprintPlacement", r->>15, (r->>16)::"DeviceKind",
      r->>17, r->>18, r->>19, r->>20, r->>21, r->>22, r->>23, now(), now()
    from jsonb_array_elements(${json}::jsonb) as r`;
}

// ---------------------------------------------------------------------------------------------
// Public API

/** What importing `buf` into the bash would do. Facilitators only; nothing is written. */
export async function previewImport(db: Db, actor: Actor, bashId: string, buf: Buffer, limits: ReadLimits = XLSX_LIMITS): Promise<ImportPreview> {
  assertCan(actor, "bash.import", await getBashContext(db, actor, bashId));
  const wb = await readWorkbook(buf, limits);
  return analyse(wb, await loadBash(db, bashId)).preview;
}

/** r[key] when it is r's own property (a sheet value like "constructor" is not a choice). */
function own(r: Record<string, string> | undefined, key: string): string | undefined {
  return r && Object.hasOwn(r, key) ? r[key] : undefined;
}

function problemText(p: ImportProblem): string {
  const where = p.sheet ? `${p.sheet}${p.row ? ` row ${p.row}` : ""}: ` : "";
  return `${where}${p.message}`;
}

function chosen<T extends string>(
  list: ValueMapping<T>[],
  choices: Record<string, string> | undefined,
  column: string,
): Map<string, T | ""> {
  const byKey = new Map(Object.entries(choices ?? {}).map(([k, v]) => [personKey(k), v] as const));
  const out = new Map<string, T | "">();
  for (const m of list) {
    const choice = (own(choices, m.value) ?? byKey.get(personKey(m.value))) as T | "" | undefined;
    const value = choice ?? m.suggestion;
    if (value === null || value === undefined) throw new AppError("INVALID", `Choose what “${m.value}” means (${rowsText(m.rows)}, ${column}).`);
    out.set(personKey(m.value), value);
  }
  return out;
}

/**
 * Import the workbook with the facilitator's choices, all or nothing. The file is read and checked
 * again (the server keeps no state between preview and commit); an "error" problem or a missing
 * choice is INVALID and nothing is written.
 */
export async function commitImport(
  db: PrismaClient,
  actor: Actor,
  bashId: string,
  buf: Buffer,
  rawMappings: unknown,
  limits: ReadLimits = XLSX_LIMITS,
  meta: { fileName?: string } = {},
): Promise<ImportResult> {
  assertCan(actor, "bash.import", await getBashContext(db, actor, bashId));
  const mappings = parseInput(ZImportMappings, rawMappings ?? {});
  const wb = await readWorkbook(buf, limits);

  return db.$transaction(
    async (tx) => {
      // One import (or report number) at a time per bash; the file is checked against the bash as
      // it is under the lock. Every refusal below happens before anything is written.
      await tx.$executeRaw`select id from "Bash" where id = ${bashId} for update`;
      const state = await loadBash(tx, bashId);
      const a = analyse(wb, state);

      const errors = a.preview.problems.filter((p) => p.severity === "error");
      if (errors.length) {
        const fieldErrors: Record<string, string> = {};
        for (const p of errors.slice(0, 50)) fieldErrors[`${p.sheet}:${p.row ?? ""}:${p.column ?? ""}`] ??= p.message;
        throw new AppError("INVALID", problemText(errors[0]), { fieldErrors });
      }
      const priorityChoice = chosen(a.preview.mappings.priorities, mappings.priority, "Priority");
      const statusChoice = chosen(a.preview.mappings.statuses, mappings.status, "Status");
      const peopleChoices = new Map(Object.entries(mappings.people ?? {}).map(([k, v]) => [personKey(k), v.trim()] as const));
      const memberships = new Map(state.memberships.map((m) => [m.id, m]));
      const personChoice = new Map<string, string>();
      for (const p of a.people) {
        const choice = own(mappings.people, p.name)?.trim() ?? peopleChoices.get(p.key) ?? p.matchMembershipId ?? "new";
        if (choice !== "new" && !memberships.has(choice)) {
          throw new AppError("INVALID", `“${p.name}” is mapped to someone who is not a member of this bash; choose a member or “new”.`, {
            fieldErrors: { [`people.${p.name}`]: "Choose a member of this bash or “new”." },
          });
        }
        personChoice.set(p.key, choice);
      }

      // Features, after the existing ones.
      const featureId = new Map(state.features.map((f) => [personKey(f.menuName), f.id]));
      const newFeatures = a.features.filter((f) => !featureId.has(f.key));
      let position = state.features.reduce((max, f) => Math.max(max, f.position), -1) + 1;
      if (newFeatures.length) {
        const created = await tx.feature.createManyAndReturn({
          data: newFeatures.map((f) => ({ bashId, menuName: f.menuName, description: f.description, position: position++ })),
          select: { id: true, menuName: true },
        });
        for (const f of created) featureId.set(personKey(f.menuName), f.id);
      }

      // People: placeholders for "new", designation for members who have none.
      type Who = { membershipId: string; userId: string; name: string; devices: DeviceFields[] };
      const who = new Map<string, Who>();
      const toCreate = a.people.filter((p) => personChoice.get(p.key) === "new");
      if (toCreate.length) {
        const emails = toCreate.map(() => `placeholder+${randomBytes(12).toString("hex")}@bashboard.invalid`);
        const users = await tx.user.createManyAndReturn({
          data: toCreate.map((p, i) => ({ email: emails[i], name: p.name, passwordHash: null })),
          select: { id: true, email: true },
        });
        const userByEmail = new Map(users.map((u) => [u.email, u.id]));
        const userIds = emails.map((e) => userByEmail.get(e) as string);
        const created = await tx.membership.createManyAndReturn({
          data: toCreate.map((p, i) => ({ bashId, userId: userIds[i], role: p.role && p.role !== "FACILITATOR" ? p.role : "PARTICIPANT", designation: p.designation, isPlaceholder: true })),
          select: { id: true, userId: true },
        });
        const membershipOf = new Map(created.map((m) => [m.userId, m.id]));
        toCreate.forEach((p, i) => who.set(p.key, { membershipId: membershipOf.get(userIds[i]) as string, userId: userIds[i], name: p.name, devices: [] }));
      }
      for (const p of a.people) {
        const choice = personChoice.get(p.key) ?? "new";
        if (choice === "new") continue;
        const m = memberships.get(choice);
        if (!m) continue;
        who.set(p.key, { membershipId: m.id, userId: m.userId, name: m.user.name, devices: m.devices });
        if (!m.designation.trim() && p.designation) {
          await tx.membership.update({ where: { id: m.id }, data: { designation: p.designation } });
          m.designation = p.designation;
        }
      }

      // Devices on the memberships, skipping ones the member already has.
      const devices: { userId: string; membershipId: string; kind: DeviceKind; os: string; osVersion: string; browser: string; browserVersion: string; phoneName: string }[] = [];
      const haveByMembership = new Map<string, Set<string>>();
      for (const p of a.people) {
        const w = who.get(p.key);
        if (!w) continue;
        const have = haveByMembership.get(w.membershipId) ?? new Set(w.devices.map(deviceKey));
        haveByMembership.set(w.membershipId, have);
        for (const d of p.devices) {
          if (have.has(deviceKey(d))) continue;
          have.add(deviceKey(d));
          devices.push({ userId: w.userId, membershipId: w.membershipId, ...d });
        }
      }
      if (devices.length) await tx.device.createMany({ data: devices });

      // Reports, numbered after the bash's counter; ones already imported are skipped.
      const fresh = a.reports.filter((r) => !state.clientIds.has(r.clientId));
      const rows = fresh.map((r, i): ReportRow => {
        const reporter = r.reporterKey ? who.get(r.reporterKey) : undefined;
        const priority = "fixed" in r.priority ? r.priority.fixed : (priorityChoice.get(r.priority.mapKey) || null);
        const status = "fixed" in r.status ? r.status.fixed : (statusChoice.get(r.status.mapKey) || "OPEN");
        return {
          number: state.reportCounter + i + 1,
          clientId: r.clientId,
          featureId: r.featureKey ? (featureId.get(r.featureKey) ?? null) : null,
          environmentId: r.environmentId,
          title: r.title,
          description: r.description,
          steps: r.steps,
          expected: r.expected,
          actual: r.actual,
          remarks: r.remarks,
          severity: r.severity,
          priority: priority as Priority | null,
          status: status as ReportStatus,
          sprint: r.sprint,
          sprintName: r.sprintName,
          ...r.device,
          reporterId: reporter?.userId ?? null,
          reporterName: reporter?.name ?? "",
        };
      });
      for (let i = 0; i < rows.length; i += REPORT_CHUNK) await insertReports(tx, bashId, rows.slice(i, i + REPORT_CHUNK));

      await tx.bash.update({
        where: { id: bashId },
        data: { reportCounter: state.reportCounter + rows.length, ...a.prerequisites },
      });

      const result: ImportResult = {
        features: newFeatures.length,
        participants: a.preview.counts.participants,
        placeholders: toCreate.length,
        devices: devices.length,
        reports: rows.length,
        skippedExisting: a.reports.length - fresh.length,
        prerequisites: Object.keys(a.prerequisites).length,
      };
      const fileName = meta.fileName?.split(/[\\/]/).pop()?.slice(0, 200);
      await logActivity(tx, { bashId, actorId: actor.id, type: "xlsx.imported", entityType: "bash", entityId: bashId, data: { ...result, ...(fileName ? { fileName } : {}) } });
      return result;
    },
    { timeout: 120_000, maxWait: 20_000 },
  );
}
