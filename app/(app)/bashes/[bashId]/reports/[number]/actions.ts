"use server";

// Server actions of a report's page: triage decisions and edits, questions, the thread. The page is
// refreshed after a success. After a CONFLICT it is not, so the message stays on screen; the other
// person's change reaches the page through its live refresh.
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { runAction } from "@/lib/action";
import { baseUrlFrom } from "@/lib/app-url";
import { getDb } from "@/lib/db";
import { addComment, askReporter, updateReport } from "@/lib/triage/commands";

type Input = Record<string, unknown>;
const db = () => getDb();

async function refreshed<T extends { ok: boolean }>(bashId: string, run: Promise<T>): Promise<T> {
  const res = await run;
  if (res.ok) revalidatePath(`/bashes/${bashId}`, "layout");
  return res;
}

export async function updateReportAction(bashId: string, input: Input) {
  return refreshed(
    bashId,
    runAction(async (a) => {
      await updateReport(db(), a, bashId, input);
    }),
  );
}
export async function askReporterAction(bashId: string, input: Input) {
  const baseUrl = baseUrlFrom(await headers());
  return refreshed(
    bashId,
    runAction(async (a) => {
      await askReporter(db(), a, bashId, input, { baseUrl });
    }),
  );
}
export async function commentAction(bashId: string, input: Input) {
  const baseUrl = baseUrlFrom(await headers());
  return refreshed(
    bashId,
    runAction((a) => addComment(db(), a, bashId, input, { baseUrl })),
  );
}
