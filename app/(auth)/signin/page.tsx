import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getActor, oauthProviderInfo, safeCallbackPath, SIGN_IN_ERRORS } from "@/lib/auth";
import { getDb } from "@/lib/db";
import { countUsers } from "@/lib/users/commands";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if ((await countUsers(getDb())) === 0) redirect("/setup");
  if (await getActor()) redirect("/");
  const sp = await searchParams;
  const error = typeof sp.error === "string" ? (SIGN_IN_ERRORS[sp.error] ?? null) : null;
  const callbackUrl = safeCallbackPath(sp.callbackUrl);
  return (
    <>
      <h1 className="text-xl font-semibold">Sign in</h1>
      {sp.reset === "1" || sp.changed === "1" ? (
        <p role="status" className="mt-3 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm font-medium text-emerald-900">
          {sp.changed === "1" ? "Password changed, and every device was signed out. Sign in with your new password." : "Password set. Sign in with your new password."}
        </p>
      ) : null}
      <SignInForm providers={oauthProviderInfo()} initialError={error} callbackUrl={callbackUrl} />
      <p className="mt-4 text-center text-sm">
        <Link href="/forgot" className="font-medium text-accent-700 underline">
          Forgot password?
        </Link>
      </p>
    </>
  );
}
