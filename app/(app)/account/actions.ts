"use server";

// My account: thin actions over lib/account (which validates with the shared zod schemas).
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction } from "@/lib/action";
import { addProfileDevice, changePassword, removeProfileDevice, setEmailPrefs, updateProfile } from "@/lib/account/commands";
import { getDb } from "@/lib/db";

type Input = Record<string, string>;

export async function updateProfileAction(input: Input) {
  const res = await runAction(async (a) => {
    await updateProfile(getDb(), a, input);
  });
  // The name shows in the header on every page.
  if (res.ok) revalidatePath("/", "layout");
  return res;
}

/** A new password ends every session signed in before it, this one too: sign in again with it. */
export async function changePasswordAction(input: Input) {
  const res = await runAction((a) => changePassword(getDb(), a, input));
  if (res.ok) redirect("/signin?changed=1");
  return res;
}

export async function addProfileDeviceAction(input: Input) {
  const res = await runAction(async (a) => {
    await addProfileDevice(getDb(), a, input);
  });
  if (res.ok) revalidatePath("/account");
  return res;
}

export async function removeProfileDeviceAction(input: Input) {
  const res = await runAction((a) => removeProfileDevice(getDb(), a, input));
  if (res.ok) revalidatePath("/account");
  return res;
}

export async function setEmailPrefsAction(input: Input) {
  const res = await runAction(async (a) => {
    await setEmailPrefs(getDb(), a, input);
  });
  if (res.ok) revalidatePath("/account");
  return res;
}
