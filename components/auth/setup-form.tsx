"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { setupAdminAction } from "@/app/(auth)/actions";
import { Field, FormError } from "@/components/ui/field";
import { btn } from "@/components/ui/styles";

export function SetupForm() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const input = { name: String(fd.get("name") ?? ""), email: String(fd.get("email") ?? ""), password: String(fd.get("password") ?? "") };
    setPending(true);
    setError(null);
    setFieldErrors({});
    const res = await setupAdminAction(input);
    if (!res.ok) {
      setPending(false);
      setError(res.message);
      setFieldErrors(res.fieldErrors ?? {});
      if (res.code === "CONFLICT") router.replace("/signin");
      return;
    }
    const signed = await signIn("credentials", { email: input.email, password: input.password, redirect: false });
    if (!signed || signed.error) {
      setPending(false);
      router.replace("/signin");
      return;
    }
    router.replace("/");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="mt-5 space-y-4" noValidate>
      <FormError message={error} />
      <Field label="Your name" name="name" autoComplete="name" required error={fieldErrors.name} />
      <Field label="Email" name="email" type="email" autoComplete="email" required error={fieldErrors.email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        hint="At least 10 characters."
        error={fieldErrors.password}
      />
      <button type="submit" className={`${btn.primary} w-full`} disabled={pending}>
        {pending ? "Creating your account…" : "Create admin account"}
      </button>
    </form>
  );
}
