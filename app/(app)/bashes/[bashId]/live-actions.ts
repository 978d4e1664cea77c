"use server";

// Server actions for the hour of the bash: filing reports, +1s, the help queue, the clock and the
// console's nudges. Thin: load the actor, call lib (which validates and asks lib/policy.ts), refresh.
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { runAction, type ActionResult } from "@/lib/action";
import { baseUrlFrom } from "@/lib/app-url";
import { getDb } from "@/lib/db";
import { extendBash, setWantsMoreTime, touchPresence } from "@/lib/live/clock";
import { acknowledgeHelp, raiseHand, resolveHelp } from "@/lib/live/help";
import type { Actor } from "@/lib/policy";
import { addMeToo, addReportDetails, nudgeReporter } from "@/lib/reports/commands";
import { findSimilarReports } from "@/lib/reports/queries";

type Input = Record<string, unknown>;
const db = () => getDb();

async function act<T>(bashId: string, fn: (actor: Actor) => Promise<T>): Promise<ActionResult<T>> {
  const res = await runAction(fn);
  if (res.ok) revalidatePath(`/bashes/${bashId}`, "layout");
  return res;
}

export async function findSimilarAction(bashId: string, input: Input) {
  return runAction((a) => findSimilarReports(db(), a, bashId, input));
}
export async function addMeTooAction(bashId: string, input: Input) {
  return act(bashId, (a) => addMeToo(db(), a, bashId, input));
}
export async function addReportDetailsAction(bashId: string, input: Input) {
  return act(bashId, async (a) => {
    await addReportDetails(db(), a, bashId, input);
  });
}
export async function nudgeAction(bashId: string, input: Input) {
  return act(bashId, (a) => nudgeReporter(db(), a, bashId, input));
}
export async function raiseHandAction(bashId: string, input: Input) {
  return act(bashId, async (a) => {
    await raiseHand(db(), a, bashId, input);
  });
}
export async function acknowledgeHelpAction(bashId: string, input: Input) {
  return act(bashId, async (a) => {
    await acknowledgeHelp(db(), a, bashId, input);
  });
}
export async function resolveHelpAction(bashId: string, input: Input) {
  return act(bashId, async (a) => {
    await resolveHelp(db(), a, bashId, input);
  });
}
export async function extendAction(bashId: string, input: Input) {
  const url = baseUrlFrom(await headers());
  return act(bashId, async (a) => {
    await extendBash(db(), a, bashId, input, { baseUrl: url });
  });
}
export async function moreTimeAction(bashId: string, input: Input) {
  return act(bashId, (a) => setWantsMoreTime(db(), a, bashId, input));
}
/** Presence ping: no page refresh (nothing on the sender's page changes). */
export async function presenceAction(bashId: string, input: Input) {
  return runAction((a) => touchPresence(db(), a, bashId, input));
}
