import type { Metadata } from "next";
import Link from "next/link";
import { JoinButton, NewAccountForm } from "@/components/invites/accept-invite";
import { LocalTime } from "@/components/ui/local-time";
import { getActor } from "@/lib/auth";
import { getDb } from "@/lib/db";
import { findInvite } from "@/lib/invites/commands";

export const metadata: Metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

const ROLE_TEXT: Record<string, string> = {
  PARTICIPANT: "as a participant",
  FACILITATOR: "as a facilitator",
  TRIAGER: "as a triager",
  OBSERVER: "as an observer",
};

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const found = await findInvite(getDb(), token);
  const actor = await getActor();
  if (!found.ok) {
    return (
      <div className="space-y-3">
        <h1 className="text-xl font-semibold">This invite cannot be used</h1>
        <p className="text-zinc-700">{found.problem}</p>
        <Link href="/" className="font-medium text-accent-700 underline">
          Go to Bashboard
        </Link>
      </div>
    );
  }
  const { invite } = found;
  const sub = [invite.bash.product, invite.bash.release].filter(Boolean).join(" ");
  return (
    <div className="space-y-5">
      <div className="space-y-1">
        <p className="text-sm text-zinc-700">{invite.invitedBy ? `${invite.invitedBy} invites you ${ROLE_TEXT[invite.role]} to` : `You are invited ${ROLE_TEXT[invite.role]} to`}</p>
        <h1 className="text-xl font-semibold">{invite.bash.title}</h1>
        {sub ? <p className="text-zinc-700">{sub}</p> : null}
        <p className="text-sm text-zinc-700">
          {invite.bash.scheduledStart ? <LocalTime iso={invite.bash.scheduledStart.toISOString()} /> : "Time to be announced"} · {invite.bash.durationMinutes} min
        </p>
      </div>
      {actor ? (
        <JoinButton token={token} name={actor.name} />
      ) : (
        <>
          <NewAccountForm token={token} email={invite.email} />
          <p className="border-t border-zinc-200 pt-4 text-sm text-zinc-700">
            Already have an account?{" "}
            <Link href={`/signin?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`} className="font-medium text-accent-700 underline">
              Sign in to join
            </Link>
          </p>
        </>
      )}
    </div>
  );
}
