"use server";

// Thin server actions for the API tokens page: runAction (the signed-in actor) → lib/api/tokens.
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action";
import { createApiToken, revokeApiToken } from "@/lib/api/tokens";
import { getDb } from "@/lib/db";

type Input = Record<string, string>;

/** Returns the raw token once; the page shows it and never again. */
export async function createApiTokenAction(input: Input) {
  const res = await runAction(async (actor) => {
    const t = await createApiToken(getDb(), actor, input);
    return { token: t.token, name: t.name, scope: t.scope };
  });
  if (res.ok) revalidatePath("/account/tokens");
  return res;
}

export async function revokeApiTokenAction(input: Input) {
  const res = await runAction(async (actor) => {
    await revokeApiToken(getDb(), actor, input);
  });
  if (res.ok) revalidatePath("/account/tokens");
  return res;
}
