// ONE map between the community bug-bash workbook (../shared/fixtures/Bugbash_Template.xlsx) and
// Bashboard's fields. Import, export and the blank-template generator all read it; a test fails when
// templates/ and this map drift apart.

export const SHEET = {
  prerequisites: "Pre-Requisite",
  features: "FunctionalityFeature",
  mobile: "List of Participants_Mobile",
  web: "List of Participants_Web",
  bugs: "Bug_Sheet",
  /** Hidden: ids and the fields the template has no column for, so our own export re-imports losslessly. */
  ids: "_bashboard",
} as const;
export type SheetKey = keyof typeof SHEET;
export const TEMPLATE_SHEETS = [SHEET.prerequisites, SHEET.features, SHEET.mobile, SHEET.web, SHEET.bugs] as const;

/**
 * The hidden _bashboard sheet: header on row 1, then one row per exported record.
 * Sheet = the visible sheet's name (or IDS_BASH_SHEET), Row = the 1-based row in that sheet,
 * Id = the record id (feature id; "membershipId:deviceId" or just the membership id for a member
 * without a device; report clientId; bash id), Data = JSON of what the template has no column for.
 * The bash row (Row 0) carries { format: IDS_FORMAT, version: IDS_VERSION, title, product, release, label }.
 */
export const IDS_HEADERS = ["Sheet", "Row", "Id", "Data"] as const;
export const IDS_BASH_SHEET = "bash";
export const IDS_ID_SEPARATOR = ":";
export const IDS_FORMAT = "bashboard-xlsx";
export const IDS_VERSION = 1;

/** The Data JSON of each kind of _bashboard row (what the export writes and the import may read). */
export type IdsBashData = { format: typeof IDS_FORMAT; version: number; title: string; product: string; release: string; label: string };
export type IdsFeatureData = { position: number };
export type IdsDeviceData = { kind: "WEB" | "MOBILE"; os: string; osVersion: string; browser: string; browserVersion: string; phoneName: string };
export type IdsParticipantData = {
  name: string;
  email: string;
  role: string;
  rsvp: string;
  designation: string;
  isPlaceholder: boolean;
  /** null: a member without a device (one row in the Web sheet with empty device cells). */
  device: IdsDeviceData | null;
};
export type IdsReportData = {
  number: number;
  title: string;
  description: string;
  expected: string;
  actual: string;
  severity: string | null;
  priority: string | null;
  status: string;
  /** The environment's name, or "" when none. */
  environment: string;
  deviceKind: "WEB" | "MOBILE" | null;
  os: string;
  osVersion: string;
  browser: string;
  browserVersion: string;
  phoneName: string;
  reporterName: string;
  /** ISO 8601. */
  createdAt: string;
  sprint: string | null;
  sprintName: string;
  /** Number of the report this one duplicates, or null. */
  duplicateOf: number | null;
  /** Names of fields cut short to fit Excel's cell limit (absent when nothing was cut). */
  truncated?: string[];
};

/** How a cell's value is read: text as shown; version = numbers kept as typed (11.0 stays "11.0"). */
export type ColumnKind = "text" | "version" | "serial" | "priority" | "status";

export type Column<F extends string = string> = {
  header: string;
  field: F;
  kind: ColumnKind;
  /** Character width in the exported sheet. */
  width: number;
  /** Other headers teams use for the same column (matched ignoring case, spaces and punctuation). */
  aliases?: readonly string[];
  required?: boolean;
};

// Pre-Requisite: not a table. A1 is a title; column A holds the label, column B the text.
export const PREREQ_TITLE = "Describe the Pre-Requisite in this sheet.";
export const PREREQ_ROWS = [
  { label: "For Website", field: "prerequisitesWeb" },
  { label: "For Mobile App", field: "prerequisitesMobile" },
] as const;
/** The template's own guiding questions start like this; importing them is not importing a brief. */
export const PREREQ_TEMPLATE_TEXT_STARTS = ["1. Does this website require specific OS", "1. How does user install the apk/ipa"] as const;

// FunctionalityFeature: two merged title rows, the header on row 3, data from row 4.
export const FEATURES_TITLE = "Describe the features that are projected to be released as a part of this release.";
export const FEATURES_NOTE =
  "This would help if someone requires knowledge about the product and what all its features are going to be released.";
export const FEATURES_HEADER_ROW = 3;
export const FEATURE_COLUMNS = [
  { header: "Menu Name", field: "menuName", kind: "text", width: 28, aliases: ["menu", "module", "feature name"], required: true },
  { header: "Feature", field: "description", kind: "text", width: 70, aliases: ["features", "description", "what is released"] },
] as const satisfies readonly Column[];

export const MOBILE_COLUMNS = [
  { header: "Sr. No.", field: "serial", kind: "serial", width: 8, aliases: ["sr no", "s no", "no", "#"] },
  { header: "Name", field: "name", kind: "text", width: 24, aliases: ["participant", "participant name"], required: true },
  { header: "Designation", field: "designation", kind: "text", width: 20, aliases: ["role", "title"] },
  { header: "Mobile Phone OS", field: "os", kind: "text", width: 18, aliases: ["mobile os", "phone os", "os"] },
  { header: "OS Version", field: "osVersion", kind: "version", width: 12, aliases: ["mobile os version", "version"] },
  { header: "Mobile Phone Name", field: "phoneName", kind: "text", width: 24, aliases: ["phone", "phone name", "device", "mobile phone"] },
] as const satisfies readonly Column[];

export const WEB_COLUMNS = [
  { header: "Sr. No.", field: "serial", kind: "serial", width: 8, aliases: ["sr no", "s no", "no", "#"] },
  { header: "Name", field: "name", kind: "text", width: 24, aliases: ["participant", "participant name"], required: true },
  { header: "Designation", field: "designation", kind: "text", width: 20, aliases: ["role", "title"] },
  { header: "OS", field: "os", kind: "text", width: 20, aliases: ["operating system", "desktop os"] },
  { header: "OS Version", field: "osVersion", kind: "version", width: 12, aliases: ["version"] },
  { header: "Browser Name", field: "browser", kind: "text", width: 18, aliases: ["browser"] },
  { header: "Browser Version", field: "browserVersion", kind: "version", width: 16 },
] as const satisfies readonly Column[];

export const BUG_COLUMNS = [
  { header: "Menu Name", field: "menuName", kind: "text", width: 22, aliases: ["menu", "module", "feature"] },
  { header: "Description of Bug", field: "description", kind: "text", width: 48, aliases: ["description", "bug", "summary", "title", "bug description"], required: true },
  { header: "Steps to Reproduce", field: "steps", kind: "text", width: 48, aliases: ["steps", "repro steps", "how to reproduce"] },
  { header: "Screenshot", field: "screenshots", kind: "text", width: 30, aliases: ["screenshots", "attachment", "attachments"] },
  { header: "Reporter Name", field: "reporterName", kind: "text", width: 20, aliases: ["reporter", "reported by", "name"] },
  { header: "Browser", field: "browser", kind: "text", width: 14, aliases: ["browser name"] },
  { header: "Browser Version", field: "browserVersion", kind: "version", width: 12 },
  { header: "Desktop/Laptop OS", field: "os", kind: "text", width: 18, aliases: ["desktop os", "laptop os", "os"] },
  { header: "OS Version", field: "osVersion", kind: "version", width: 12, aliases: ["desktop os version"] },
  { header: "Mobile Phone Name", field: "phoneName", kind: "text", width: 20, aliases: ["phone", "phone name", "device"] },
  { header: "Mobile OS", field: "mobileOs", kind: "text", width: 12, aliases: ["phone os", "mobile phone os"] },
  { header: "Mobile OS Version", field: "mobileOsVersion", kind: "version", width: 12 },
  { header: "Priority", field: "priority", kind: "priority", width: 10 },
  { header: "Status", field: "status", kind: "status", width: 14, aliases: ["state"] },
  { header: "Remarks", field: "remarks", kind: "text", width: 36, aliases: ["remark", "comments", "notes"] },
] as const satisfies readonly Column[];

export type FeatureField = (typeof FEATURE_COLUMNS)[number]["field"];
export type MobileField = (typeof MOBILE_COLUMNS)[number]["field"];
export type WebField = (typeof WEB_COLUMNS)[number]["field"];
export type BugField = (typeof BUG_COLUMNS)[number]["field"];

export const PRIORITIES = ["P1", "P2", "P3", "P4"] as const;

/** Status labels in the sheet: the template's five plus Bashboard's Needs Info and Confirmed. */
export const STATUS_LABELS = {
  OPEN: "Open",
  NEEDS_INFO: "Needs Info",
  CONFIRMED: "Confirmed",
  IN_PROGRESS: "In Progress",
  DONE: "Done",
  NOT_A_BUG: "Not a Bug",
  DUPLICATE: "Duplicate",
} as const;
export type ReportStatusKey = keyof typeof STATUS_LABELS;

/** Header text → comparison key: "Sr. No." / "sr no" / "SR_NO" all become "srno". */
export function headerKey(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9#]+/g, "");
}

/** Limits for uploads (configurable through the environment). */
export const XLSX_LIMITS = {
  maxBytes: Number(process.env.XLSX_MAX_BYTES ?? 10 * 1024 * 1024),
  maxRows: Number(process.env.XLSX_MAX_ROWS ?? 20_000),
  /** Sum of uncompressed sizes of every part of the zip: a zip bomb stops here. */
  maxUncompressedBytes: Number(process.env.XLSX_MAX_UNCOMPRESSED_BYTES ?? 200 * 1024 * 1024),
  maxEntries: 2_000,
} as const;
