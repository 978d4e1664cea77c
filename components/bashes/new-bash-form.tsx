"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { createBashAction } from "@/app/(app)/actions";
import { Field, FormError } from "@/components/ui/field";
import { btn, input as inputClass, label as labelClass } from "@/components/ui/styles";

export function NewBashForm({ timeZones, defaultDuration = 60 }: { timeZones: string[]; defaultDuration?: number }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [timeZone, setTimeZone] = useState("UTC");

  useEffect(() => {
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the viewer's zone is only known in the browser
    if (tz && timeZones.includes(tz)) setTimeZone(tz);
  }, [timeZones]);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const input: Record<string, string> = {};
    fd.forEach((v, k) => (input[k] = String(v)));
    setPending(true);
    setError(null);
    setFieldErrors({});
    const res = await createBashAction(input);
    if (!res.ok) {
      setPending(false);
      setError(res.message);
      setFieldErrors(res.fieldErrors ?? {});
      return;
    }
    router.push(`/bashes/${res.data.bashId}/plan`);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate>
      <FormError message={error} />
      <Field label="Title" name="title" required placeholder="Checkout 2.4 bug bash" error={fieldErrors.title} />
      <div className="grid gap-5 sm:grid-cols-2">
        <Field label="Product" name="product" placeholder="Shopfront" error={fieldErrors.product} />
        <Field label="Release" name="release" placeholder="2.4.0-rc1" error={fieldErrors.release} />
      </div>
      <div className="grid gap-5 sm:grid-cols-2">
        <Field label="Starts at" name="scheduledStart" type="datetime-local" error={fieldErrors.scheduledStart} hint="Leave empty to decide later." />
        <div className="space-y-1">
          <label htmlFor="f-timeZone" className={labelClass}>
            Time zone
          </label>
          <select id="f-timeZone" name="timeZone" className={inputClass} value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
            {timeZones.map((tz) => (
              <option key={tz} value={tz}>
                {tz.replace(/_/g, " ")}
              </option>
            ))}
          </select>
          {fieldErrors.timeZone ? <p className="text-sm font-medium text-red-700">{fieldErrors.timeZone}</p> : null}
        </div>
      </div>
      <Field
        label="Duration (minutes)"
        name="durationMinutes"
        type="number"
        inputMode="numeric"
        min={15}
        max={240}
        step={5}
        defaultValue={defaultDuration}
        hint="Most bashes run 60–90 minutes."
        error={fieldErrors.durationMinutes}
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <Field label="Room" name="location" placeholder="Room 4.01" error={fieldErrors.location} />
        <Field label="Video-call link" name="videoLink" type="url" placeholder="https://meet.example.com/…" error={fieldErrors.videoLink} />
      </div>
      <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
        <button type="button" className={btn.secondary} onClick={() => router.back()}>
          Cancel
        </button>
        <button type="submit" className={btn.primary} disabled={pending}>
          {pending ? "Creating…" : "Create bash"}
        </button>
      </div>
    </form>
  );
}
