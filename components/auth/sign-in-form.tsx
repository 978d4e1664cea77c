"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field, FormError } from "@/components/ui/field";
import { btn } from "@/components/ui/styles";

export function SignInForm({
  providers,
  initialError,
  callbackUrl,
}: {
  providers: { id: string; name: string }[];
  initialError: string | null;
  callbackUrl: string;
}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(initialError);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const email = String(fd.get("email") ?? "").trim();
    const password = String(fd.get("password") ?? "");
    if (!email || !password) {
      setError("Enter your email and password.");
      return;
    }
    setPending(true);
    setError(null);
    const res = await signIn("credentials", { email, password, redirect: false });
    if (!res || res.error) {
      setPending(false);
      setError(
        !res || res.error === "CredentialsSignin"
          ? "That email and password do not match. Check them and try again."
          : res.error,
      );
      return;
    }
    router.replace(callbackUrl.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/");
    router.refresh();
  }

  return (
    <div className="mt-5 space-y-4">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <FormError message={error} />
        <Field label="Email" name="email" type="email" autoComplete="email" required />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        <button type="submit" className={`${btn.primary} w-full`} disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {providers.length > 0 ? (
        <div className="space-y-2 border-t border-zinc-200 pt-4">
          {providers.map((p) => (
            <button key={p.id} type="button" className={`${btn.secondary} w-full`} onClick={() => signIn(p.id, { callbackUrl })}>
              Continue with {p.name}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
