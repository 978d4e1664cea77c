"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action";
import { getDb } from "@/lib/db";
import { markAllRead, markRead } from "@/lib/notifications/queries";

export async function markAllReadAction() {
  const res = await runAction((actor) => markAllRead(getDb(), actor));
  if (res.ok) revalidatePath("/", "layout");
  return res;
}

export async function markReadAction(input: Record<string, string>) {
  const res = await runAction((actor) => markRead(getDb(), actor, input));
  if (res.ok) revalidatePath("/", "layout");
  return res;
}
