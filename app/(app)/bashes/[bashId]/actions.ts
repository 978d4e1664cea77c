"use server";

// Thin server actions for the plan and the bash page: each one loads the actor (runAction), calls
// lib (which validates with the shared zod schema and asks lib/policy.ts) and refreshes the pages.
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { runAction, type ActionResult } from "@/lib/action";
import { saveBashDeviceToProfile } from "@/lib/account/commands";
import { baseUrlFrom } from "@/lib/app-url";
import { setBashStatus, setReadinessTicks, updateBash } from "@/lib/bashes/commands";
import { addCoverageTarget, removeCoverageTarget } from "@/lib/coverage/commands";
import { addCredentials, claimCredential, releaseCredential, removeCredential } from "@/lib/credentials/commands";
import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/policy";
import { createEnvironment, deleteEnvironment, moveEnvironment, updateEnvironment } from "@/lib/environments/commands";
import { createFeature, deleteFeature, moveFeature, updateFeature } from "@/lib/features/commands";
import { createInviteLink, inviteByEmail, revokeInvite } from "@/lib/invites/commands";
import { markEmailSent, resendEmail } from "@/lib/mail/outbox";
import { addMyDevice, addSavedDevice, removeMyDevice, resolveAccessRequest, respondRsvp, sendReminders, setMemberRole, setMyAccess } from "@/lib/participants/commands";

type Input = Record<string, string>;

async function act<T>(bashId: string, fn: (actor: Actor) => Promise<T>): Promise<ActionResult<T>> {
  const res = await runAction(fn);
  if (res.ok) revalidatePath(`/bashes/${bashId}`, "layout");
  return res;
}
const baseUrl = async () => baseUrlFrom(await headers());
const db = () => getDb();

export async function updateBashAction(bashId: string, input: Input) {
  const url = await baseUrl();
  return act(bashId, (a) => updateBash(db(), a, bashId, input, { baseUrl: url }));
}
export async function setReadinessAction(bashId: string, input: Input) {
  return act(bashId, (a) => setReadinessTicks(db(), a, bashId, input));
}
export async function setStatusAction(bashId: string, input: Input) {
  return act(bashId, async (a) => {
    await setBashStatus(db(), a, bashId, input, new Date(), { baseUrl: await baseUrl() });
  });
}

export async function createEnvironmentAction(bashId: string, input: Input) {
  return act(bashId, async (a) => {
    await createEnvironment(db(), a, bashId, input);
  });
}
export async function updateEnvironmentAction(bashId: string, environmentId: string, input: Input) {
  return act(bashId, (a) => updateEnvironment(db(), a, bashId, environmentId, input));
}
export async function deleteEnvironmentAction(bashId: string, input: Input) {
  return act(bashId, (a) => deleteEnvironment(db(), a, bashId, input));
}
export async function moveEnvironmentAction(bashId: string, input: Input) {
  return act(bashId, (a) => moveEnvironment(db(), a, bashId, input));
}

export async function createFeatureAction(bashId: string, input: Input) {
  return act(bashId, async (a) => {
    await createFeature(db(), a, bashId, input);
  });
}
export async function updateFeatureAction(bashId: string, featureId: string, input: Input) {
  return act(bashId, (a) => updateFeature(db(), a, bashId, featureId, input));
}
export async function deleteFeatureAction(bashId: string, input: Input) {
  return act(bashId, (a) => deleteFeature(db(), a, bashId, input));
}
export async function moveFeatureAction(bashId: string, input: Input) {
  return act(bashId, (a) => moveFeature(db(), a, bashId, input));
}

export async function addCoverageTargetAction(bashId: string, input: Input) {
  return act(bashId, async (a) => {
    await addCoverageTarget(db(), a, bashId, input);
  });
}
export async function removeCoverageTargetAction(bashId: string, input: Input) {
  return act(bashId, (a) => removeCoverageTarget(db(), a, bashId, input));
}

export async function addCredentialsAction(bashId: string, environmentId: string, input: Input) {
  return act(bashId, (a) => addCredentials(db(), a, bashId, { ...input, environmentId }));
}
export async function claimCredentialAction(bashId: string, input: Input) {
  return act(bashId, async (a) => {
    await claimCredential(db(), a, bashId, input);
  });
}
export async function releaseCredentialAction(bashId: string, input: Input) {
  return act(bashId, async (a) => {
    await releaseCredential(db(), a, bashId, input);
  });
}
export async function removeCredentialAction(bashId: string, input: Input) {
  return act(bashId, async (a) => {
    await removeCredential(db(), a, bashId, input);
  });
}

export async function createInviteLinkAction(bashId: string, input: Input) {
  const url = await baseUrl();
  return act(bashId, async (a) => {
    const r = await createInviteLink(db(), a, bashId, input, { baseUrl: url });
    return { url: r.url, role: r.invite.role };
  });
}
export async function inviteByEmailAction(bashId: string, input: Input) {
  const url = await baseUrl();
  return act(bashId, (a) => inviteByEmail(db(), a, bashId, input, { baseUrl: url }));
}
export async function revokeInviteAction(bashId: string, input: Input) {
  return act(bashId, (a) => revokeInvite(db(), a, bashId, input));
}
export async function markEmailSentAction(bashId: string, input: Input) {
  return act(bashId, (a) => markEmailSent(db(), a, bashId, input));
}
export async function resendEmailAction(bashId: string, input: Input) {
  return act(bashId, (a) => resendEmail(db(), a, bashId, input));
}

export async function respondRsvpAction(bashId: string, input: Input) {
  return act(bashId, (a) => respondRsvp(db(), a, bashId, input));
}
export async function addMyDeviceAction(bashId: string, input: Input) {
  return act(bashId, async (a) => {
    await addMyDevice(db(), a, bashId, input);
  });
}
export async function addSavedDeviceAction(bashId: string, input: Input) {
  return act(bashId, async (a) => {
    const r = await addSavedDevice(db(), a, bashId, input);
    return { added: r.added };
  });
}
export async function saveDeviceToProfileAction(bashId: string, input: Input) {
  const res = await act(bashId, async (a) => {
    const r = await saveBashDeviceToProfile(db(), a, input);
    return { saved: r.saved };
  });
  if (res.ok) revalidatePath("/account");
  return res;
}
export async function removeMyDeviceAction(bashId: string, input: Input) {
  return act(bashId, (a) => removeMyDevice(db(), a, bashId, input));
}
export async function setMyAccessAction(bashId: string, input: Input) {
  return act(bashId, (a) => setMyAccess(db(), a, bashId, input));
}
export async function resolveAccessAction(bashId: string, input: Input) {
  return act(bashId, (a) => resolveAccessRequest(db(), a, bashId, input));
}
export async function setMemberRoleAction(bashId: string, input: Input) {
  return act(bashId, (a) => setMemberRole(db(), a, bashId, input));
}
export async function sendRemindersAction(bashId: string, input: Input) {
  const url = await baseUrl();
  // Read the one id inside runAction: a missing or malformed input is the schema's to refuse.
  return act(bashId, (a) => {
    const one = (input as { membershipId?: unknown } | null | undefined)?.membershipId;
    return sendReminders(db(), a, bashId, { membershipIds: one === undefined || one === "" ? undefined : [one] }, { baseUrl: url });
  });
}
