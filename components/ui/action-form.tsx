"use client";

// Forms and buttons that call a server action and show its answer: the error in plain words next to
// the field it concerns, or a short confirmation. Nothing typed is lost on an error.
import { useRouter } from "next/navigation";
import { createContext, useContext, useId, useRef, useState, useTransition } from "react";
import { btn, input as inputClass, label as labelClass } from "@/components/ui/styles";

type Result = { ok: true; data?: unknown } | { ok: false; message: string; fieldErrors?: Record<string, string> };
export type FormAction = (input: Record<string, string>) => Promise<Result>;

const ErrorsContext = createContext<Record<string, string>>({});

export function ActionForm({
  action,
  children,
  submitLabel,
  pendingLabel = "Saving…",
  successMessage,
  resetOnSuccess = false,
  className = "space-y-4",
  submitClassName = btn.primary,
  onSuccess,
  ariaLabel,
}: {
  action: FormAction;
  children: React.ReactNode;
  submitLabel: string;
  pendingLabel?: string;
  successMessage?: string | ((data: unknown) => string);
  resetOnSuccess?: boolean;
  className?: string;
  submitClassName?: string;
  onSuccess?: (data: unknown) => void;
  ariaLabel?: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const formRef = useRef<HTMLFormElement>(null);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const input: Record<string, string> = {};
    fd.forEach((v, k) => (input[k] = String(v)));
    setError(null);
    setOk(null);
    startTransition(async () => {
      let res: Result;
      try {
        res = await action(input);
      } catch {
        res = { ok: false, message: "Could not reach Bashboard. Check your connection and try again; what you typed is still here." };
      }
      if (!res.ok) {
        setError(res.message);
        setFieldErrors(res.fieldErrors ?? {});
        return;
      }
      setFieldErrors({});
      if (successMessage) setOk(typeof successMessage === "function" ? successMessage(res.data) : successMessage);
      if (resetOnSuccess) formRef.current?.reset();
      onSuccess?.(res.data);
      router.refresh();
    });
  }

  return (
    <ErrorsContext.Provider value={fieldErrors}>
      <form ref={formRef} onSubmit={onSubmit} className={className} noValidate aria-label={ariaLabel}>
        {children}
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" className={submitClassName} disabled={pending}>
            {pending ? pendingLabel : submitLabel}
          </button>
          <p aria-live="polite" className="text-sm">
            {error ? (
              <span role="alert" className="font-medium text-red-700">
                {error}
              </span>
            ) : ok ? (
              <span className="font-medium text-emerald-800">{ok}</span>
            ) : null}
          </p>
        </div>
      </form>
    </ErrorsContext.Provider>
  );
}

function useFieldError(name: string) {
  return useContext(ErrorsContext)[name];
}

function Wrap({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error?: string; children: React.ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-sm font-medium text-red-700">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="text-sm text-zinc-600">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

type Common = { label: string; name: string; hint?: string };

export function AField({ label, name, hint, ...rest }: Common & React.InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const error = useFieldError(name);
  return (
    <Wrap id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        name={name}
        className={inputClass}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        {...rest}
      />
    </Wrap>
  );
}

export function ATextarea({ label, name, hint, rows = 4, ...rest }: Common & React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  const error = useFieldError(name);
  return (
    <Wrap id={id} label={label} hint={hint} error={error}>
      <textarea
        id={id}
        name={name}
        rows={rows}
        className={inputClass}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        {...rest}
      />
    </Wrap>
  );
}

export function ASelect({ label, name, hint, options, ...rest }: Common & { options: { value: string; label: string }[] } & React.SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  const error = useFieldError(name);
  return (
    <Wrap id={id} label={label} hint={hint} error={error}>
      <select id={id} name={name} className={inputClass} aria-invalid={error ? true : undefined} {...rest}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Wrap>
  );
}

export function ACheckbox({ label, name, hint, ...rest }: Common & React.InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="flex items-start gap-3">
      <input id={id} name={name} type="checkbox" className="mt-1 size-5 accent-accent-600" {...rest} />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-zinc-800">
          {label}
        </label>
        {hint ? <p className="text-sm text-zinc-600">{hint}</p> : null}
      </div>
    </div>
  );
}

/** One button, one action with a fixed input (claim, remove, move up…). Optional confirmation. */
export function ActionButton({
  action,
  input = {},
  children,
  className = btn.secondary,
  confirm,
  ariaLabel,
  pendingLabel,
}: {
  action: FormAction;
  input?: Record<string, string>;
  children: React.ReactNode;
  className?: string;
  confirm?: string;
  ariaLabel?: string;
  pendingLabel?: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <button
        type="button"
        className={className}
        disabled={pending}
        aria-label={ariaLabel}
        onClick={() => {
          if (confirm && !window.confirm(confirm)) return;
          setError(null);
          startTransition(async () => {
            let res: Result;
            try {
              res = await action(input);
            } catch {
              res = { ok: false, message: "Could not reach Bashboard. Check your connection and try again." };
            }
            if (!res.ok) setError(res.message);
            else router.refresh();
          });
        }}
      >
        {pending && pendingLabel ? pendingLabel : children}
      </button>
      {error ? (
        <span role="alert" className="text-sm font-medium text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
