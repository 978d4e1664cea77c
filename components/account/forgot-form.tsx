"use client";

import { useState } from "react";
import { Field, FormError } from "@/components/ui/field";
import { btn } from "@/components/ui/styles";

type Result = { ok: true; data: { smtp: boolean; message: string } } | { ok: false; message: string; fieldErrors?: Record<string, string> };

/** "Forgot password": one email field; the answer is the same whether or not the account exists. */
export function ForgotForm({ action }: { action: (input: Record<string, string>) => Promise<Result> }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [done, setDone] = useState<string | null>(null);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const email = String(new FormData(e.currentTarget).get("email") ?? "");
    setPending(true);
    setError(null);
    setFieldError(undefined);
    let res: Result;
    try {
      res = await action({ email });
    } catch {
      res = { ok: false, message: "Could not reach Bashboard. Check your connection and try again." };
    }
    setPending(false);
    if (!res.ok) {
      setError(res.message);
      setFieldError(res.fieldErrors?.email);
      return;
    }
    setDone(res.data.message);
  }

  if (done) {
    return (
      <p role="status" className="mt-5 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-3 text-sm text-emerald-900">
        {done}
      </p>
    );
  }
  return (
    <form onSubmit={onSubmit} className="mt-5 space-y-4" noValidate aria-label="Forgot password">
      <FormError message={error} />
      <Field label="Email" name="email" type="email" autoComplete="email" required error={fieldError} />
      <button type="submit" className={`${btn.primary} w-full`} disabled={pending}>
        {pending ? "Sending…" : "Email me a link"}
      </button>
    </form>
  );
}
