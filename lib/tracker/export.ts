// Reports out to the team's tracker as a file: Jira's CSV importer, a plain CSV with every field, or
// JSON. The selection (statuses, priorities, sprint) comes from lib/tracker/schema.ts; a download
// marks its reports as exported, so the next one leaves them out unless asked to include them.
import { logActivity } from "@/lib/activity/log";
import { getBashContext } from "@/lib/bashes/queries";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { assertCan, type Actor } from "@/lib/policy";
import { EXPORT_STATUS_LABELS, ZExportSelection, type DownloadFormat, type ExportStatus, type TExportSelection } from "@/lib/tracker/schema";
import { cellText } from "@/lib/xlsx/escape";
import { parseInput } from "@/lib/validation";

// ---------------------------------------------------------------------------------------------
// Rows

/** One report as the exports see it. */
export type ExportRow = {
  id: string;
  bashId: string;
  number: number;
  title: string;
  description: string;
  steps: string;
  expected: string;
  actual: string;
  status: ExportStatus;
  priority: "P1" | "P2" | "P3" | "P4" | null;
  severity: "CRITICAL" | "MAJOR" | "MINOR" | "TRIVIAL" | null;
  sprint: "CURRENT" | "LATER" | null;
  sprintName: string;
  remarks: string;
  deviceKind: "WEB" | "MOBILE" | null;
  os: string;
  osVersion: string;
  browser: string;
  browserVersion: string;
  phoneName: string;
  reporterName: string;
  createdAt: Date;
  externalKey: string | null;
  externalUrl: string | null;
  exportedAt: Date | null;
  feature: { menuName: string } | null;
  environment: { name: string; url: string } | null;
  duplicateOf: { number: number } | null;
  attachments: { id: string; fileName: string }[];
};

const ROW_SELECT = {
  id: true,
  bashId: true,
  number: true,
  title: true,
  description: true,
  steps: true,
  expected: true,
  actual: true,
  status: true,
  priority: true,
  severity: true,
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
  externalKey: true,
  externalUrl: true,
  exportedAt: true,
  feature: { select: { menuName: true } },
  environment: { select: { name: true, url: true } },
  duplicateOf: { select: { number: true } },
  attachments: { select: { id: true, fileName: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
} satisfies Prisma.ReportSelect;

/** The where-clause of a selection, always scoped to the bash. */
function selectionWhere(bashId: string, s: TExportSelection, opts: { ignoreExported?: boolean } = {}): Prisma.ReportWhereInput {
  const and: Prisma.ReportWhereInput[] = [{ bashId }, { status: { in: s.statuses } }];
  const levels = s.priorities.filter((p) => p !== "none");
  const none = s.priorities.includes("none");
  if (!(levels.length === 4 && none)) {
    and.push({ OR: [...(levels.length ? [{ priority: { in: levels } }] : []), ...(none ? [{ priority: null }] : [])] });
  }
  if (s.sprint !== "any") and.push({ sprint: s.sprint });
  if (!s.includeAlreadyExported && !opts.ignoreExported) and.push({ exportedAt: null });
  return { AND: and };
}

async function authorise(db: Db, actor: Actor, bashId: string) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "bash.export", ctx);
  return ctx;
}

/** The bash as the tracker page and the exports need it. "bash.export" (NOT_FOUND for outsiders, FORBIDDEN for participants). */
export async function getExportBash(db: Db, actor: Actor, bashId: string): Promise<{ id: string; title: string; label: string }> {
  await authorise(db, actor, bashId);
  return db.bash.findUniqueOrThrow({ where: { id: bashId }, select: { id: true, title: true, label: true } });
}

/**
 * The bash's reports that match the selection, in number order. By default reports exported before
 * are left out (`includeAlreadyExported` brings them back). Policy "bash.export".
 */
export async function selectReportsForExport(db: Db, actor: Actor, bashId: string, selection: unknown): Promise<ExportRow[]> {
  await authorise(db, actor, bashId);
  const s = parseInput(ZExportSelection, selection);
  return db.report.findMany({ where: selectionWhere(bashId, s), orderBy: { number: "asc" }, select: ROW_SELECT });
}

/** How many reports the selection picks, and how many more (or, when included, how many of them) were exported before. */
export async function countReportsForExport(db: Db, actor: Actor, bashId: string, selection: unknown): Promise<{ matching: number; exportedBefore: number }> {
  await authorise(db, actor, bashId);
  const s = parseInput(ZExportSelection, selection);
  const [matching, exportedBefore] = await Promise.all([
    db.report.count({ where: selectionWhere(bashId, s) }),
    db.report.count({ where: { AND: [selectionWhere(bashId, s, { ignoreExported: true }), { exportedAt: { not: null } }] } }),
  ]);
  return { matching, exportedBefore };
}

// ---------------------------------------------------------------------------------------------
// Downloads

export type ExportFile = { format: DownloadFormat; fileName: string; contentType: string; body: string; count: number };

/**
 * Build the download for the selection and remember it: every exported report gets `exportedAt`
 * (a Jira export also sets `externalKey` to its External ID where it is still empty) in one
 * statement, and one "report.exported" activity records the counts. Nothing is marked when nothing
 * matched. Policy "bash.export".
 */
export async function exportReports(
  db: PrismaClient,
  actor: Actor,
  bashId: string,
  selection: unknown,
  opts: { baseUrl: string; now?: Date },
): Promise<ExportFile> {
  const selected = await selectReportsForExport(db, actor, bashId, selection);
  const s = parseInput(ZExportSelection, selection);
  if (s.format === "github") throw new AppError("INVALID", "GitHub issues are created from the tracker page, not downloaded. Choose Jira CSV, CSV or JSON.");
  const format: DownloadFormat = s.format;
  const bash = await db.bash.findUniqueOrThrow({ where: { id: bashId }, select: { title: true, label: true } });
  const links = { baseUrl: opts.baseUrl, bashId };
  let rows = selected;

  if (selected.length > 0) {
    const now = opts.now ?? new Date();
    const ids = selected.map((r) => r.id);
    const jira = format === "jira";
    const include = s.includeAlreadyExported;
    // Claim, then build: the file holds only the reports this statement marked, so two downloads at
    // the same moment never both carry a report that was not exported before (the second waits on the
    // row locks and then sees "exportedAt" set).
    const claimed = await db.$transaction(async (tx) => {
      const marked = await tx.$queryRaw<{ id: string }[]>`
        UPDATE "Report"
           SET "exportedAt" = ${now},
               "externalKey" = CASE WHEN ${jira}::boolean AND "externalKey" IS NULL THEN ${EXTERNAL_ID_PREFIX} || id ELSE "externalKey" END
         WHERE "bashId" = ${bashId} AND id = ANY(${ids}::text[]) AND (${include}::boolean OR "exportedAt" IS NULL)
         RETURNING id`;
      const got = new Set(marked.map((m) => m.id));
      const mine = selected.filter((r) => got.has(r.id));
      if (mine.length > 0) {
        await logActivity(tx, {
          bashId,
          actorId: actor.id,
          type: "report.exported",
          entityType: "bash",
          entityId: bashId,
          data: {
            format,
            count: mine.length,
            exportedBefore: mine.filter((r) => r.exportedAt !== null).length,
            externalKeysSet: jira ? mine.filter((r) => r.externalKey === null).length : 0,
            selection: { statuses: s.statuses, priorities: s.priorities, sprint: s.sprint, includeAlreadyExported: s.includeAlreadyExported },
          },
        });
      }
      return got;
    });
    rows = selected.filter((r) => claimed.has(r.id));
  }
  const body = format === "jira" ? toJiraCsv(rows, { ...links, label: bash.label }) : format === "csv" ? toCsv(rows, links) : toJson(rows, links);
  return { format, fileName: trackerFileName(bash.title, format), contentType: CONTENT_TYPES[format], body, count: rows.length };
}

const CONTENT_TYPES: Record<DownloadFormat, string> = {
  jira: "text/csv; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
};

/** "Shopfront 3.0" → "shopfront-3-0-jira.csv" / "-reports.csv" / "-reports.json". ASCII only. */
export function trackerFileName(title: string, format: DownloadFormat): string {
  const slug =
    title
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60)
      .replace(/-+$/, "") || "bug-bash";
  return format === "jira" ? `${slug}-jira.csv` : format === "csv" ? `${slug}-reports.csv` : `${slug}-reports.json`;
}

// ---------------------------------------------------------------------------------------------
// Pure formatters (tests/unit/tracker-format.test.ts)

/** The Jira CSV's External ID, also stored as the report's externalKey: a re-import can match on it. */
export const EXTERNAL_ID_PREFIX = "bashboard:";
export const externalId = (reportId: string) => `${EXTERNAL_ID_PREFIX}${reportId}`;

export const JIRA_PRIORITY: Record<"P1" | "P2" | "P3" | "P4", string> = { P1: "Highest", P2: "High", P3: "Medium", P4: "Low" };
export const JIRA_HEADER = ["Summary", "Issue Type", "Priority", "Labels", "Description", "Reporter", "Sprint", "External ID"] as const;

/** Jira labels cannot hold spaces: "bug bash 3" → "bug-bash-3". */
export function jiraLabel(label: string): string {
  return label.trim().replace(/\s+/g, "-");
}

type Links = { baseUrl: string; bashId: string };

const trimSlash = (u: string) => u.replace(/\/+$/, "");
export const attachmentUrl = (l: Links, attachmentId: string) => `${trimSlash(l.baseUrl)}/api/bashes/${l.bashId}/attachments/${attachmentId}`;
export const reportUrl = (l: Links, number: number) => `${trimSlash(l.baseUrl)}/bashes/${l.bashId}/reports/${number}`;

/** "Web · Windows 11 · Chrome 131" or "Mobile · Pixel 8 · Android 14"; "" when nothing is known. */
export function deviceLine(r: Pick<ExportRow, "deviceKind" | "os" | "osVersion" | "browser" | "browserVersion" | "phoneName">): string {
  const os = `${r.os} ${r.osVersion}`.trim();
  const browser = `${r.browser} ${r.browserVersion}`.trim();
  const parts =
    r.deviceKind === "MOBILE" ? ["Mobile", r.phoneName.trim(), os] : r.deviceKind === "WEB" ? ["Web", os, browser] : [r.phoneName.trim(), os, browser];
  return parts.filter(Boolean).join(" · ");
}

function environmentLine(r: Pick<ExportRow, "environment">): string {
  if (!r.environment) return "";
  return r.environment.url.trim() ? `${r.environment.name} — ${r.environment.url.trim()}` : r.environment.name;
}

const SEVERITY_LABEL = { CRITICAL: "Critical", MAJOR: "Major", MINOR: "Minor", TRIVIAL: "Trivial" } as const;
const SPRINT_LABEL = { CURRENT: "Current sprint", LATER: "Later sprint" } as const;

/** Link text Jira's wiki markup cannot misread: no brackets or pipes. */
const jiraLinkText = (s: string) => s.replace(/[[\]|]/g, "_").trim() || "attachment";

/** The Jira Description in wiki markup: text, then h3. sections for what is known, then where it came from. */
export function jiraDescription(r: ExportRow, l: Links): string {
  const out: string[] = [];
  if (r.description.trim()) out.push(r.description.trim());
  const section = (title: string, body: string) => {
    if (body.trim()) out.push(`h3. ${title}\n${body.trim()}`);
  };
  section("Steps to reproduce", r.steps);
  section("Expected result", r.expected);
  section("Actual result", r.actual);
  section("Device", deviceLine(r));
  section("Environment", environmentLine(r));
  section("Attachments", r.attachments.map((a) => `* [${jiraLinkText(a.fileName)}|${attachmentUrl(l, a.id)}]`).join("\n"));
  const facts = [
    r.reporterName ? `Reported by ${r.reporterName}` : "",
    r.feature ? `Feature: ${r.feature.menuName}` : "",
    r.severity ? `Severity: ${SEVERITY_LABEL[r.severity]}` : "",
    `[Bashboard report #${r.number}|${reportUrl(l, r.number)}]`,
  ].filter(Boolean);
  out.push(`----\n${facts.join(" · ")}`);
  return out.join("\n\n");
}

/** Jira's CSV importer: Summary, Issue Type (Bug), Priority, Labels, Description, Reporter, Sprint, External ID. */
export function toJiraCsv(rows: readonly ExportRow[], opts: { label: string; baseUrl: string; bashId: string }): string {
  const label = jiraLabel(opts.label);
  return csvDocument(
    JIRA_HEADER,
    rows.map((r) => [
      r.title.slice(0, 255),
      "Bug",
      r.priority ? JIRA_PRIORITY[r.priority] : "",
      label,
      jiraDescription(r, opts),
      r.reporterName,
      r.sprint && r.sprintName.trim() ? r.sprintName.trim() : "",
      externalId(r.id),
    ]),
  );
}

export const CSV_HEADER = [
  "Number",
  "External ID",
  "Title",
  "Status",
  "Priority",
  "Severity",
  "Sprint",
  "Sprint name",
  "Feature",
  "Environment",
  "Environment URL",
  "Description",
  "Steps to reproduce",
  "Expected result",
  "Actual result",
  "Device",
  "Device kind",
  "OS",
  "OS version",
  "Browser",
  "Browser version",
  "Phone",
  "Reporter",
  "Created at (UTC)",
  "Duplicate of",
  "Remarks",
  "Attachments",
  "Bashboard link",
  "External key",
  "External URL",
] as const;

/** Every useful field, one row per report. Without a baseUrl the links are relative to Bashboard. */
export function toCsv(rows: readonly ExportRow[], opts: { baseUrl?: string; bashId?: string } = {}): string {
  return csvDocument(
    CSV_HEADER,
    rows.map((r) => {
      const l = { baseUrl: opts.baseUrl ?? "", bashId: opts.bashId ?? r.bashId };
      return [
        String(r.number),
        externalId(r.id),
        r.title,
        EXPORT_STATUS_LABELS[r.status],
        r.priority ?? "",
        r.severity ? SEVERITY_LABEL[r.severity] : "",
        r.sprint ? SPRINT_LABEL[r.sprint] : "",
        r.sprintName,
        r.feature?.menuName ?? "",
        r.environment?.name ?? "",
        r.environment?.url ?? "",
        r.description,
        r.steps,
        r.expected,
        r.actual,
        deviceLine(r),
        r.deviceKind === "WEB" ? "Web" : r.deviceKind === "MOBILE" ? "Mobile" : "",
        r.os,
        r.osVersion,
        r.browser,
        r.browserVersion,
        r.phoneName,
        r.reporterName,
        r.createdAt.toISOString(),
        r.duplicateOf ? String(r.duplicateOf.number) : "",
        r.remarks,
        r.attachments.map((a) => attachmentUrl(l, a.id)).join("\n"),
        reportUrl(l, r.number),
        r.externalKey ?? "",
        r.externalUrl ?? "",
      ];
    }),
  );
}

/** The reports as a JSON array (UTF-8, no BOM), raw values: JSON is not opened by a spreadsheet. */
export function toJson(rows: readonly ExportRow[], opts: { baseUrl?: string; bashId?: string } = {}): string {
  const data = rows.map((r) => {
    const l = { baseUrl: opts.baseUrl ?? "", bashId: opts.bashId ?? r.bashId };
    return {
      externalId: externalId(r.id),
      id: r.id,
      number: r.number,
      url: reportUrl(l, r.number),
      title: r.title,
      description: r.description,
      steps: r.steps,
      expected: r.expected,
      actual: r.actual,
      status: r.status,
      priority: r.priority,
      severity: r.severity,
      sprint: r.sprint,
      sprintName: r.sprintName,
      feature: r.feature?.menuName ?? null,
      environment: r.environment ? { name: r.environment.name, url: r.environment.url } : null,
      device: { kind: r.deviceKind, os: r.os, osVersion: r.osVersion, browser: r.browser, browserVersion: r.browserVersion, phoneName: r.phoneName },
      reporter: r.reporterName,
      createdAt: r.createdAt.toISOString(),
      duplicateOf: r.duplicateOf?.number ?? null,
      remarks: r.remarks,
      attachments: r.attachments.map((a) => ({ fileName: a.fileName, url: attachmentUrl(l, a.id) })),
      externalKey: r.externalKey,
      externalUrl: r.externalUrl,
    };
  });
  return `${JSON.stringify(data, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// RFC 4180

/** Excel reads a CSV as UTF-8 only when it starts with a byte-order mark. */
export const BOM = "\uFEFF";

/** One field: quoted when it holds a quote, comma, line break or leading/trailing space; quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A whole CSV: BOM, header, rows, CRLF after every record. Every cell goes through cellText (formula
 * injection neutralised, control characters dropped, line breaks inside a cell as LF, Excel's cell limit).
 */
export function csvDocument(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => cells.map((c) => csvField(cellText(c))).join(",");
  return BOM + [header, ...rows].map((cells) => `${line(cells)}\r\n`).join("");
}
