"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { acceptInviteAction, acceptInviteAsNewUserAction } from "@/app/(auth)/invite/actions";
import { Field, FormError } from "@/components/ui/field";
import { btn } from "@/components/ui/styles";

export function JoinButton({ token, name }: { token: string; name: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-3">
      <FormError message={error} />
      <button
        type="button"
        className={`${btn.primary} w-full`}
        disabled={pending}
        onClick={async () => {
          setPending(true);
          setError(null);
          const res = await acceptInviteAction(token);
          if (!res.ok) {
            setPending(false);
            setError(res.message);
            return;
          }
          router.replace(`/bashes/${res.data.bashId}`);
        }}
      >
        {pending ? "Joining…" : `Join as ${name}`}
      </button>
    </div>
  );
}

export function NewAccountForm({ token, email }: { token: string; email: string | null }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const input = { token, name: String(fd.get("name") ?? ""), email: String(fd.get("email") ?? ""), password: String(fd.get("password") ?? "") };
    setPending(true);
    setError(null);
    setFieldErrors({});
    const res = await acceptInviteAsNewUserAction(input);
    if (!res.ok) {
      setPending(false);
      setError(res.message);
      setFieldErrors(res.fieldErrors ?? {});
      return;
    }
    const signed = await signIn("credentials", { email: res.data.email, password: input.password, redirect: false });
    if (!signed || signed.error) {
      router.replace(`/signin?callbackUrl=${encodeURIComponent(`/bashes/${res.data.bashId}`)}`);
      return;
    }
    router.replace(`/bashes/${res.data.bashId}`);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormError message={error} />
      <Field label="Your name" name="name" autoComplete="name" required error={fieldErrors.name} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        defaultValue={email ?? ""}
        readOnly={email !== null}
        hint={email !== null ? "This invite was sent to this address." : undefined}
        required
        error={fieldErrors.email}
      />
      <Field label="Password" name="password" type="password" autoComplete="new-password" required hint="At least 10 characters." error={fieldErrors.password} />
      <button type="submit" className={`${btn.primary} w-full`} disabled={pending}>
        {pending ? "Joining…" : "Create account and join"}
      </button>
    </form>
  );
}
