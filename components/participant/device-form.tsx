"use client";

import { useState } from "react";
import { ActionForm, AField, type FormAction } from "@/components/ui/action-form";

type Prefill = { kind: "WEB" | "MOBILE"; os: string; osVersion: string; browser: string; browserVersion: string; phoneName: string };

/** Add a device, pre-filled from this browser's user agent; every field stays editable. */
export function DeviceForm({ action, prefill }: { action: FormAction; prefill: Prefill }) {
  const [kind, setKind] = useState<Prefill["kind"]>(prefill.kind);
  // Re-mount the fields when the kind changes so each kind starts from its own pre-fill.
  const p = kind === prefill.kind ? prefill : { ...prefill, os: "", osVersion: "", browser: "", browserVersion: "", phoneName: "" };
  return (
    <ActionForm action={action} submitLabel="Add device" resetOnSuccess className="space-y-3" ariaLabel="Add a device" successMessage="Device added.">
      <fieldset>
        <legend className="text-sm font-medium text-zinc-800">Kind</legend>
        <div className="mt-1 flex gap-2">
          {(["WEB", "MOBILE"] as const).map((k) => (
            <label key={k} className={`inline-flex min-h-11 cursor-pointer items-center gap-2 rounded-md border px-3 text-sm font-medium ${kind === k ? "border-accent-600 bg-accent-50 text-accent-800" : "border-zinc-300"}`}>
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} className="accent-accent-600" />
              {k === "WEB" ? "Computer (web)" : "Phone or tablet"}
            </label>
          ))}
        </div>
      </fieldset>
      <div key={kind} className="grid gap-3 sm:grid-cols-2">
        {kind === "MOBILE" ? <AField label="Phone" name="phoneName" defaultValue={p.phoneName} placeholder="Pixel 8" /> : null}
        <AField label={kind === "MOBILE" ? "Mobile OS" : "Operating system"} name="os" defaultValue={p.os} placeholder={kind === "MOBILE" ? "Android" : "Windows"} />
        <AField label="OS version" name="osVersion" defaultValue={p.osVersion} placeholder={kind === "MOBILE" ? "14" : "11"} />
        {kind === "WEB" ? (
          <>
            <AField label="Browser" name="browser" defaultValue={p.browser} placeholder="Chrome" />
            <AField label="Browser version" name="browserVersion" defaultValue={p.browserVersion} placeholder="131" />
          </>
        ) : null}
      </div>
    </ActionForm>
  );
}
