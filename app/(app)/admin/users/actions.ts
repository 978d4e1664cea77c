"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action";
import { createPasswordLink, deactivateUser, inviteUser, reactivateUser, setUserAdmin, type LinkResult } from "@/lib/admin/commands";
import { baseUrlFrom } from "@/lib/app-url";
import { getDb } from "@/lib/db";
import type { LinkView } from "@/components/admin/users-admin";

type Input = Record<string, string>;

/** What the page shows after a link was made: the link itself only when the admin must pass it on. */
const view = (r: LinkResult): LinkView => ({
  name: r.name,
  email: r.email,
  link: r.link,
  expiresAt: r.expiresAt.toISOString(),
  emailStatus: r.delivery?.status ?? null,
  emailError: r.delivery?.error ?? "",
});

function done<T>(res: T): T {
  revalidatePath("/admin/users");
  return res;
}

export async function inviteUserAction(input: Input) {
  const baseUrl = baseUrlFrom(await headers());
  return done(await runAction(async (a) => view(await inviteUser(getDb(), a, input, { baseUrl }))));
}

export async function passwordLinkAction(input: Input) {
  const baseUrl = baseUrlFrom(await headers());
  return done(await runAction(async (a) => view(await createPasswordLink(getDb(), a, input, { baseUrl }))));
}

export async function setAdminAction(input: Input) {
  return done(await runAction(async (a) => void (await setUserAdmin(getDb(), a, input))));
}

export async function deactivateUserAction(input: Input) {
  return done(await runAction(async (a) => void (await deactivateUser(getDb(), a, input))));
}

export async function reactivateUserAction(input: Input) {
  return done(await runAction(async (a) => void (await reactivateUser(getDb(), a, input))));
}
