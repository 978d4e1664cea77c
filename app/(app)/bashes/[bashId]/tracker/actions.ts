"use server";

// The tracker page's one server action: create GitHub issues for the selected reports. Thin: load the
// actor (runAction), call lib/tracker/github.ts (which parses the selection and asks lib/policy.ts).
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { runAction, type ActionResult } from "@/lib/action";
import { baseUrlFrom } from "@/lib/app-url";
import { getDb } from "@/lib/db";
import { exportToGitHub, type GitHubExportResult } from "@/lib/tracker/github";

export async function createGitHubIssuesAction(bashId: string, input: Record<string, string>): Promise<ActionResult<GitHubExportResult>> {
  const baseUrl = baseUrlFrom(await headers());
  const res = await runAction((actor) => exportToGitHub(getDb(), actor, bashId, { ...input, format: "github" }, { baseUrl }));
  if (!res.ok) return res;
  revalidatePath(`/bashes/${bashId}/tracker`);
  const r = res.data;
  if (r.created.length + r.skipped + r.failed.length + r.notTried === 0) {
    return { ok: false, code: "INVALID", message: "No report matches this selection; nothing was sent to GitHub." };
  }
  if (r.created.length === 0 && r.failed.length > 0) {
    const more = r.failed.length + r.notTried > 1 ? ` (${r.failed.length + r.notTried} reports were not sent.)` : "";
    return { ok: false, code: "INVALID", message: `No issue was created: ${r.failed[0].message}${more}` };
  }
  return res;
}
