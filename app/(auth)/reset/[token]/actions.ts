"use server";

import { runPublicAction } from "@/lib/action";
import { resetPasswordWithLink } from "@/lib/account/commands";
import { getDb } from "@/lib/db";

/** Set a password with a one-time link; the form then goes to /signin?reset=1. */
export async function resetPasswordAction(token: string, input: Record<string, string>) {
  return runPublicAction(async () => {
    await resetPasswordWithLink(getDb(), { ...input, token });
  });
}
