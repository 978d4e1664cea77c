"use server";

// Server actions for the triage board. Thin: load the actor, call lib (which validates with the shared
// zod schema, asks lib/policy.ts and rejects a stale version as a CONFLICT), refresh the bash's pages.
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { runAction, type ActionResult } from "@/lib/action";
import { baseUrlFrom } from "@/lib/app-url";
import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/policy";
import { findSimilarReports } from "@/lib/reports/queries";
import { askReporter, bulkUpdateReports, updateReport } from "@/lib/triage/commands";
import { getBoardSearchText } from "@/lib/triage/queries";

type Input = Record<string, unknown>;
const db = () => getDb();

async function act<T>(bashId: string, fn: (actor: Actor) => Promise<T>): Promise<ActionResult<T>> {
  const res = await runAction(fn);
  if (res.ok) revalidatePath(`/bashes/${bashId}`, "layout");
  return res;
}

/** One move or decision on the version the triager saw: `{ reportId, version, status?, priority?, duplicateOfId?, … }`. */
export async function moveReportAction(bashId: string, input: Input) {
  return act(bashId, (a) => updateReport(db(), a, bashId, input));
}

/** The same change to the selected reports, all or nothing: `{ items: [{ reportId, version }], status?, priority?, sprint?, sprintName? }`. */
export async function bulkUpdateAction(bashId: string, input: Input) {
  return act(bashId, (a) => bulkUpdateReports(db(), a, bashId, input));
}

/** Needs info with a question for the reporter: `{ reportId, version, question }`. */
export async function askReporterAction(bashId: string, input: Input) {
  const baseUrl = baseUrlFrom(await headers());
  return act(bashId, (a) => askReporter(db(), a, bashId, input, { baseUrl }));
}

/** Look-alikes for the duplicate picker: `{ text }`. Reads only, so nothing is refreshed. */
export async function similarReportsAction(bashId: string, input: Input) {
  return runAction((a) => findSimilarReports(db(), a, bashId, input));
}

/** The search text of every report, for the board's free-text filter. Reads only. */
export async function boardSearchTextAction(bashId: string) {
  return runAction((a) => getBoardSearchText(db(), a, bashId));
}
