"use server";

// Thin server actions for the plan page's team-chat card: load the actor (runAction), call lib/chat
// (which validates with the shared zod schema and asks lib/policy.ts), refresh the pages.
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { runAction, type ActionResult } from "@/lib/action";
import { baseUrlFrom } from "@/lib/app-url";
import { retryChatPost, sendChatTest, setChatWebhook, type ChatOutcome } from "@/lib/chat/commands";
import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/policy";

type Input = Record<string, string>;

async function act<T>(bashId: string, fn: (actor: Actor) => Promise<T>): Promise<ActionResult<T>> {
  const res = await runAction(fn);
  if (res.ok) revalidatePath(`/bashes/${bashId}`, "layout");
  return res;
}

export async function setChatWebhookAction(bashId: string, input: Input) {
  return act(bashId, (a) => setChatWebhook(getDb(), a, bashId, input));
}

export async function sendChatTestAction(bashId: string): Promise<ActionResult<ChatOutcome>> {
  const baseUrl = baseUrlFrom(await headers());
  return act(bashId, (a) => sendChatTest(getDb(), a, bashId, { baseUrl }));
}

export async function retryChatPostAction(bashId: string, input: Input): Promise<ActionResult<ChatOutcome>> {
  return act(bashId, (a) => retryChatPost(getDb(), a, bashId, input?.postId ?? ""));
}
