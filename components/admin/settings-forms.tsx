"use client";

import { ACheckbox, ActionForm, AField, type FormAction } from "@/components/ui/action-form";
import { btn } from "@/components/ui/styles";

export type SettingsValues = { defaultLabel: string; defaultDurationMinutes: number; leaderboardHiddenByDefault: boolean; uploadMaxMb: number | null };

export function SettingsForm({ action, values, ceilingMb }: { action: FormAction; values: SettingsValues; ceilingMb: string | null }) {
  return (
    <ActionForm action={action} submitLabel="Save settings" successMessage="Settings saved." ariaLabel="Settings">
      <fieldset className="space-y-4">
        <legend className="text-base font-semibold text-zinc-900">New bashes start with</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <AField
            label="Default label"
            name="defaultLabel"
            defaultValue={values.defaultLabel}
            maxLength={50}
            required
            hint="The tracker label on exported issues; each bash can change it."
          />
          <AField
            label="Default duration (minutes)"
            name="defaultDurationMinutes"
            type="number"
            inputMode="numeric"
            min={15}
            max={240}
            step={5}
            defaultValue={values.defaultDurationMinutes}
            required
            hint="15–240 minutes; most bashes run 60–90."
          />
        </div>
        <ACheckbox
          label="Hide the leaderboard"
          name="leaderboardHiddenByDefault"
          defaultChecked={values.leaderboardHiddenByDefault}
          hint="Some teams prefer no ranking on the summary. Facilitators can still show it per bash."
        />
      </fieldset>
      <fieldset className="space-y-4">
        <legend className="text-base font-semibold text-zinc-900">Uploads</legend>
        <AField
          label="Upload limit (MB)"
          name="uploadMaxMb"
          type="number"
          inputMode="decimal"
          min={0.1}
          step={0.1}
          defaultValue={values.uploadMaxMb ?? ""}
          placeholder={ceilingMb ? ceilingMb.replace(" MB", "") : undefined}
          hint={ceilingMb ? `Per screenshot or video. Empty: the server's limit, ${ceilingMb} (also the most you can set).` : "Per screenshot or video. Empty: the server's limit."}
        />
      </fieldset>
    </ActionForm>
  );
}

export function TestEmailForm({ action, defaultTo }: { action: FormAction; defaultTo: string }) {
  return (
    <ActionForm
      action={action}
      submitLabel="Send a test email"
      pendingLabel="Sending…"
      ariaLabel="Send a test email"
      className="space-y-3"
      submitClassName={btn.secondary}
      successMessage={(d) => `Sent to ${(d as { to: string }).to}. Check that inbox.`}
    >
      <AField label="Send to" name="to" type="email" defaultValue={defaultTo} autoComplete="email" hint="Your own address, or any other." />
    </ActionForm>
  );
}
