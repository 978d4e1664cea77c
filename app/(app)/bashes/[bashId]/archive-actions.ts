"use server";

// Thin server actions for archiving and deleting a bash: load the actor (runAction), call
// lib/bashes/archive (which asks lib/policy.ts and validates), refresh the pages that list bashes.
import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/action";
import { archiveBash, deleteBash, unarchiveBash, type DeleteResult } from "@/lib/bashes/archive";
import { getDb } from "@/lib/db";

type Input = Record<string, string>;

function refresh(bashId: string) {
  revalidatePath(`/bashes/${bashId}`, "layout");
  revalidatePath("/");
  revalidatePath("/archived");
}

export async function archiveBashAction(bashId: string) {
  const res = await runAction((a) => archiveBash(getDb(), a, bashId));
  if (res.ok) refresh(bashId);
  return res;
}

export async function unarchiveBashAction(bashId: string) {
  const res = await runAction((a) => unarchiveBash(getDb(), a, bashId));
  if (res.ok) refresh(bashId);
  return res;
}

export async function deleteBashAction(bashId: string, input: Input): Promise<ActionResult<DeleteResult>> {
  const res = await runAction((a) => deleteBash(getDb(), a, bashId, { confirmTitle: input?.confirmTitle ?? "" }));
  if (res.ok) refresh(bashId);
  return res;
}
