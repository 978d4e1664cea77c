// The shapes the import returns: the preview the facilitator reviews, and the mappings they choose.
import type { ReportStatusKey } from "@/lib/xlsx/columns";

export type ImportProblem = {
  sheet: string;
  /** 1-based row number as the spreadsheet shows it; null for sheet-level problems. */
  row: number | null;
  /** Header of the column concerned, or null. */
  column: string | null;
  message: string;
  /** "error" blocks the commit until the file is fixed; "mapping" is settled by a choice in the preview; "info" is a note (e.g. an extra column ignored). */
  severity: "error" | "mapping" | "info";
};

export type ValueMapping<T extends string> = {
  /** The value as found in the sheet, e.g. "High". */
  value: string;
  rows: number[];
  /** What we suggest, or null when we have no idea (the user must choose; "" means leave empty). */
  suggestion: T | "" | null;
};

export type PersonMapping = {
  name: string;
  /** Where the name appears: participant sheets and/or Reporter Name. */
  sheets: string[];
  /** The member of the bash with this name (case-insensitive), if any. */
  matchMembershipId: string | null;
};

export type ImportPreview = {
  sheets: { name: string; found: boolean; dataRows: number; extraColumns: string[]; missingColumns: string[] }[];
  counts: { prerequisites: number; features: number; newFeatures: number; participants: number; devices: number; reports: number; alreadyImported: number };
  problems: ImportProblem[];
  mappings: {
    priorities: ValueMapping<"P1" | "P2" | "P3" | "P4">[];
    statuses: ValueMapping<ReportStatusKey>[];
    people: PersonMapping[];
  };
  /** Members the user can map a name to. */
  members: { membershipId: string; name: string }[];
  /** True when there is no "error" problem (mappings with a null suggestion still need a choice). */
  canCommit: boolean;
};

/**
 * The choices sent with the commit. priority/status: sheet value → enum value or "" (leave empty).
 * people: sheet name → a membershipId of this bash, or "new" to create a placeholder participant.
 */
export type ImportMappings = {
  priority?: Record<string, string>;
  status?: Record<string, string>;
  people?: Record<string, string>;
};

export type ImportResult = {
  features: number;
  participants: number;
  placeholders: number;
  devices: number;
  reports: number;
  skippedExisting: number;
  prerequisites: number;
};
