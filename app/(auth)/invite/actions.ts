"use server";

import { runAction, runPublicAction } from "@/lib/action";
import { getDb } from "@/lib/db";
import { acceptInvite, acceptInviteAsNewUser } from "@/lib/invites/commands";

export async function acceptInviteAction(token: string) {
  return runAction((actor) => acceptInvite(getDb(), actor, token));
}

export async function acceptInviteAsNewUserAction(input: Record<string, string>) {
  return runPublicAction(async () => {
    const r = await acceptInviteAsNewUser(getDb(), input);
    return { bashId: r.bashId, email: r.email };
  });
}
