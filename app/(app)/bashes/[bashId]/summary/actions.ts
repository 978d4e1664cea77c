"use server";

// Thin server actions for the summary page: load the actor (runAction), call lib (which validates the
// input and asks lib/policy.ts), refresh the page.
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action";
import { getDb } from "@/lib/db";
import { setLeaderboardHidden } from "@/lib/summary/commands";

export async function setLeaderboardHiddenAction(bashId: string, input: Record<string, string>) {
  const res = await runAction((actor) => setLeaderboardHidden(getDb(), actor, bashId, input));
  if (res.ok) revalidatePath(`/bashes/${bashId}/summary`);
  return res;
}
