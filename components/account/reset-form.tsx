"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field, FormError } from "@/components/ui/field";
import { btn } from "@/components/ui/styles";

type Result = { ok: true } | { ok: false; message: string; fieldErrors?: Record<string, string> };

/** New password twice, then on to sign-in. The token is bound into `action` on the server. */
export function ResetPasswordForm({ action, email, minLength }: { action: (input: Record<string, string>) => Promise<Result>; email: string; minLength: number }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const input = { password: String(fd.get("password") ?? ""), confirm: String(fd.get("confirm") ?? "") };
    setPending(true);
    setError(null);
    setFieldErrors({});
    let res: Result;
    try {
      res = await action(input);
    } catch {
      res = { ok: false, message: "Could not reach Bashboard. Check your connection and try again." };
    }
    if (!res.ok) {
      setPending(false);
      setError(res.message);
      setFieldErrors(res.fieldErrors ?? {});
      return;
    }
    router.replace("/signin?reset=1");
  }

  return (
    <form onSubmit={onSubmit} className="mt-5 space-y-4" noValidate aria-label="Set password">
      {/* Lets password managers store the new password under the right account. */}
      <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
      <FormError message={error} />
      <Field
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={minLength}
        hint={`At least ${minLength} characters.`}
        error={fieldErrors.password}
      />
      <Field label="Confirm new password" name="confirm" type="password" autoComplete="new-password" required error={fieldErrors.confirm} />
      <button type="submit" className={`${btn.primary} w-full`} disabled={pending}>
        {pending ? "Saving…" : "Set password"}
      </button>
    </form>
  );
}
