"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action";
import { copyBash, createBash } from "@/lib/bashes/commands";
import { getDb } from "@/lib/db";
import { createDemoBash } from "@/lib/demo/create-demo";

export async function loadDemoAction() {
  const res = await runAction(async (actor) => ({ bashId: await createDemoBash(getDb(), actor) }));
  if (res.ok) revalidatePath("/");
  return res;
}

export async function createBashAction(input: Record<string, string>) {
  const res = await runAction(async (actor) => {
    const bash = await createBash(getDb(), actor, input);
    return { bashId: bash.id };
  });
  if (res.ok) revalidatePath("/");
  return res;
}

export async function copyBashAction(input: Record<string, string>) {
  const res = await runAction(async (actor) => {
    const bash = await copyBash(getDb(), actor, input);
    return { bashId: bash.id };
  });
  if (res.ok) revalidatePath("/");
  return res;
}
