import { ActionForm, AField, ASelect, ATextarea, type FormAction } from "@/components/ui/action-form";

export const WEB_PREREQ_PLACEHOLDER = `What must people have ready to test the website? For example:
- Which OS and browsers (and versions) to use
- Tools or browser extensions to install
- Proxy or VPN settings
- Which modules to test: admin or client`;

export const MOBILE_PREREQ_PLACEHOLDER = `What must people have ready to test the mobile app? For example:
- Required phone OS and minimum version
- How to install the build (apk / ipa, TestFlight, Firebase App Distribution)
- Proxy settings on the phone
- Which modules to test: admin or client`;

export function DetailsForm({ action, values, timeZones }: { action: FormAction; values: Record<string, string | number>; timeZones: string[] }) {
  const v = (k: string) => String(values[k] ?? "");
  return (
    <ActionForm action={action} submitLabel="Save details" successMessage="Saved." ariaLabel="Bash details">
      <AField label="Title" name="title" defaultValue={v("title")} required />
      <div className="grid gap-4 sm:grid-cols-2">
        <AField label="Product" name="product" defaultValue={v("product")} />
        <AField label="Release" name="release" defaultValue={v("release")} />
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <AField label="Starts at" name="scheduledStart" type="datetime-local" defaultValue={v("scheduledStart")} />
        <ASelect label="Time zone" name="timeZone" defaultValue={v("timeZone")} options={timeZones.map((tz) => ({ value: tz, label: tz.replace(/_/g, " ") }))} />
        <AField label="Duration (minutes)" name="durationMinutes" type="number" inputMode="numeric" min={15} max={240} step={5} defaultValue={v("durationMinutes")} hint="15–240; most bashes run 60–90." />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <AField label="Room" name="location" defaultValue={v("location")} placeholder="Room 4.01" />
        <AField label="Video-call link" name="videoLink" type="url" defaultValue={v("videoLink")} placeholder="https://meet.example.com/…" />
      </div>
      <ATextarea label="Scope" name="scope" rows={6} defaultValue={v("scope")} hint="Markdown. What is in and out of scope, what matters most, known issues to skip." />
      <AField label="Label for bugs" name="label" defaultValue={v("label")} hint="Added to every bug exported to your tracker." />
    </ActionForm>
  );
}

export function PrerequisitesForm({ action, web, mobile }: { action: FormAction; web: string; mobile: string }) {
  return (
    <ActionForm action={action} submitLabel="Save prerequisites" successMessage="Saved." ariaLabel="Prerequisites">
      <div className="grid gap-4 lg:grid-cols-2">
        <ATextarea label="For the website" name="prerequisitesWeb" rows={7} defaultValue={web} placeholder={WEB_PREREQ_PLACEHOLDER} hint="Markdown." />
        <ATextarea label="For the mobile app" name="prerequisitesMobile" rows={7} defaultValue={mobile} placeholder={MOBILE_PREREQ_PLACEHOLDER} hint="Markdown." />
      </div>
    </ActionForm>
  );
}
