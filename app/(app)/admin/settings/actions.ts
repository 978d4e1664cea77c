"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action";
import { getDb } from "@/lib/db";
import { sendTestEmail, updateSettings } from "@/lib/settings/commands";

type Input = Record<string, string>;

export async function updateSettingsAction(input: Input) {
  const res = await runAction(async (a) => void (await updateSettings(getDb(), a, input)));
  if (res.ok) {
    revalidatePath("/admin/settings");
    revalidatePath("/bashes/new");
  }
  return res;
}

export async function sendTestEmailAction(input: Input) {
  return runAction((a) => sendTestEmail(getDb(), a, input));
}
