"use client";

// Create an API token: name and scope, then the raw token shown once with a copy button and a curl
// example. The token lives only in this component's state; reloading the page forgets it.
import { useId, useRef, useState } from "react";
import { ActionForm, AField, type FormAction } from "@/components/ui/action-form";
import { btn, input as inputClass } from "@/components/ui/styles";

type Created = { token: string; name: string; scope: "READ" | "READ_WRITE" };

const SCOPES = [
  { value: "READ", label: "Read only", hint: "List bashes, environments and reports. Good for dashboards and reporting." },
  { value: "READ_WRITE", label: "Read and write", hint: "Also create bashes, edit briefs, post build links and file reports — for pipelines." },
] as const;

function isCreated(v: unknown): v is Created {
  return typeof v === "object" && v !== null && typeof (v as Created).token === "string";
}

export function CreateApiTokenForm({ action, baseUrl }: { action: FormAction; baseUrl: string }) {
  const [created, setCreated] = useState<Created | null>(null);
  const [formKey, setFormKey] = useState(0);
  const legendId = useId();
  return (
    <div className="space-y-4">
      {created ? <NewToken created={created} baseUrl={baseUrl} onDone={() => setCreated(null)} /> : null}
      <ActionForm
        key={formKey}
        action={action}
        submitLabel="Create token"
        pendingLabel="Creating…"
        ariaLabel="Create an API token"
        onSuccess={(data) => {
          if (isCreated(data)) setCreated(data);
          setFormKey((k) => k + 1);
        }}
      >
        <AField label="Name" name="name" required maxLength={100} autoComplete="off" placeholder="Release pipeline" hint="So you recognise it later, for example where it is used." />
        <fieldset className="space-y-2" aria-describedby={legendId}>
          <legend className="text-sm font-medium text-zinc-800">Access</legend>
          <p id={legendId} className="sr-only">
            What the token may do. It never has more access than you do.
          </p>
          {SCOPES.map((s, i) => (
            <label key={s.value} className="flex cursor-pointer items-start gap-3 rounded-md border border-zinc-200 p-3 has-[:checked]:border-accent-600 has-[:checked]:bg-accent-50">
              <input type="radio" name="scope" value={s.value} defaultChecked={i === 0} className="mt-1 size-4 accent-accent-600" />
              <span>
                <span className="block text-sm font-semibold text-zinc-900">{s.label}</span>
                <span className="block text-sm text-zinc-700">{s.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
      </ActionForm>
    </div>
  );
}

function NewToken({ created, baseUrl, onDone }: { created: Created; baseUrl: string; onDone: () => void }) {
  const tokenId = useId();
  const curlId = useId();
  const curl = `curl -H "Authorization: Bearer ${created.token}" ${baseUrl}/api/v1/bashes`;
  return (
    <section aria-labelledby={`${tokenId}-h`} className="space-y-3 rounded-lg border border-emerald-300 bg-emerald-50 p-4 shadow-sm" data-testid="new-api-token">
      <div>
        <h3 id={`${tokenId}-h`} className="font-semibold text-emerald-900">
          Token “{created.name}” created
        </h3>
        <p className="text-sm text-emerald-900">Copy it now: it is shown only this once. If you lose it, revoke it and create another.</p>
      </div>
      <div className="space-y-1">
        <label htmlFor={tokenId} className="block text-sm font-medium text-zinc-800">
          New API token
        </label>
        <div className="flex flex-col gap-2 sm:flex-row">
          <input id={tokenId} readOnly value={created.token} className={`${inputClass} font-mono text-sm`} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
          <CopyButton text={created.token} label="Copy token" />
        </div>
      </div>
      <div className="space-y-1">
        <p id={curlId} className="text-sm font-medium text-zinc-800">
          Try it: list your bashes
        </p>
        <pre className="overflow-x-auto whitespace-pre-wrap break-all rounded-md bg-zinc-900 p-3 font-mono text-xs text-zinc-100">
          {curl}
        </pre>
        <div className="flex flex-wrap gap-2">
          <CopyButton text={curl} label="Copy curl command" />
          <button type="button" className={btn.secondary} onClick={onDone}>
            Done, I have copied it
          </button>
        </div>
      </div>
    </section>
  );
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setState("idle"), 4000);
  }
  return (
    <span className="inline-flex flex-col gap-1">
      <button type="button" className={btn.secondary} onClick={copy}>
        {label}
      </button>
      <span aria-live="polite" className="text-xs font-medium text-zinc-700">
        {state === "copied" ? "Copied." : state === "failed" ? "Could not copy; select it and copy by hand." : ""}
      </span>
    </span>
  );
}
