import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "@/components/account/reset-form";
import { getDb } from "@/lib/db";
import { smtpConfigured } from "@/lib/mail/mailer";
import { PASSWORD_MIN } from "@/lib/users/schema";
import { inspectUserToken } from "@/lib/users/tokens";
import { resetPasswordAction } from "./actions";

// The token is in the URL: never send it to another site in a Referer header.
export const metadata: Metadata = { title: "Set your password", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

const PROBLEMS = {
  used: { title: "This link has already been used", text: "Each link works once. If you did not set the password yourself, ask for a new link." },
  expired: { title: "This link has expired", text: "Reset links work for one hour and invitations for a week. Ask for a new one." },
  unknown: { title: "This link is not valid", text: "It may be incomplete (check that you copied all of it) or replaced by a newer link. Ask for a new one." },
} as const;

export default async function ResetPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await inspectUserToken(getDb(), token);
  if (link.state !== "ok") {
    const p = PROBLEMS[link.state];
    return (
      <div className="space-y-3">
        <h1 className="text-xl font-semibold">{p.title}</h1>
        <p className="text-zinc-700">{p.text}</p>
        <div className="flex flex-wrap gap-x-4 gap-y-2 border-t border-zinc-200 pt-4 text-sm">
          {smtpConfigured() ? (
            <Link href="/forgot" className="font-medium text-accent-700 underline">
              Email me a new link
            </Link>
          ) : (
            <span className="text-zinc-700">Ask an admin of this Bashboard for a new link.</span>
          )}
          <Link href="/signin" className="font-medium text-accent-700 underline">
            Sign in
          </Link>
        </div>
      </div>
    );
  }
  const invite = link.purpose === "INVITE";
  return (
    <>
      <h1 className="text-xl font-semibold">{invite ? "Welcome to Bashboard — choose a password" : "Reset your password"}</h1>
      <p className="mt-2 text-sm text-zinc-700">
        {invite ? `Hello ${link.user.name}! Choose a password for your account ` : "Choose a new password for "}
        <span className="font-medium text-zinc-900">{invite ? link.user.email : `${link.user.name} (${link.user.email})`}</span>
        {invite ? ". You will sign in with this email address and password." : "."}
      </p>
      <ResetPasswordForm action={resetPasswordAction.bind(null, token)} email={link.user.email} minLength={PASSWORD_MIN} />
    </>
  );
}
