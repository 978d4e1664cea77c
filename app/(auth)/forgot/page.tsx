import type { Metadata } from "next";
import Link from "next/link";
import { ForgotForm } from "@/components/account/forgot-form";
import { smtpConfigured } from "@/lib/mail/mailer";
import { forgotPasswordAction } from "./actions";

export const metadata: Metadata = { title: "Forgot password" };
export const dynamic = "force-dynamic";

export default function ForgotPasswordPage() {
  const smtp = smtpConfigured();
  return (
    <>
      <h1 className="text-xl font-semibold">Forgot your password?</h1>
      {smtp ? (
        <>
          <p className="mt-2 text-sm text-zinc-700">Enter the email address you sign in with. We will email you a link to choose a new password.</p>
          <ForgotForm action={forgotPasswordAction} />
        </>
      ) : (
        <div className="mt-3 space-y-2 text-sm text-zinc-800">
          <p className="font-medium">Ask an admin of this Bashboard for a reset link.</p>
          <p className="text-zinc-700">This Bashboard does not send email, so it cannot mail you one. An admin can make a link on the admin page; it works once, for one hour.</p>
        </div>
      )}
      <p className="mt-5 border-t border-zinc-200 pt-4 text-sm">
        <Link href="/signin" className="font-medium text-accent-700 underline">
          Back to sign in
        </Link>
      </p>
    </>
  );
}
