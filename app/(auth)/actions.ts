"use server";

import { runPublicAction } from "@/lib/action";
import { getDb } from "@/lib/db";
import { createFirstAdmin } from "@/lib/users/commands";

export async function setupAdminAction(input: { name: string; email: string; password: string }) {
  return runPublicAction(async () => {
    const user = await createFirstAdmin(getDb(), input);
    return { email: user.email };
  });
}
