"use client";

// Delete a bash for good: the person types its title; the button only works when it matches exactly.
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import type { FormAction } from "@/components/ui/action-form";
import { input as inputClass, label as labelClass } from "@/components/ui/styles";

export function DeleteBashForm({ title, action, reports, attachments }: { title: string; action: FormAction; reports: number; attachments: number }) {
  const router = useRouter();
  const id = useId();
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const matches = typed === title;

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    startTransition(async () => {
      let res: Awaited<ReturnType<FormAction>>;
      try {
        res = await action({ confirmTitle: typed });
      } catch {
        res = { ok: false, message: "Could not reach Bashboard. Check your connection and try again." };
      }
      if (!res.ok) {
        setError(res.message);
        return;
      }
      router.push("/");
      router.refresh();
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Delete this bash">
      <p className="text-sm text-zinc-800">
        This removes the bash, its {reports.toLocaleString("en")} {reports === 1 ? "report" : "reports"}, {attachments.toLocaleString("en")}{" "}
        {attachments === 1 ? "attachment" : "attachments"}, people, invites and its activity log. It cannot be undone. An entry stays in the
        install&apos;s audit log.
      </p>
      <div className="space-y-1">
        <label htmlFor={id} className={labelClass}>
          Type <span className="font-semibold">{title}</span> to confirm
        </label>
        <input
          id={id}
          name="confirmTitle"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          className={inputClass}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        {error ? (
          <p id={`${id}-error`} role="alert" className="text-sm font-medium text-red-700">
            {error}
          </p>
        ) : null}
      </div>
      <button
        type="submit"
        disabled={pending || !matches}
        className="inline-flex min-h-11 items-center justify-center gap-2 rounded-md bg-red-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-red-800 disabled:cursor-not-allowed disabled:opacity-60"
      >
        {pending ? "Deleting…" : "Delete this bash for good"}
      </button>
    </form>
  );
}
