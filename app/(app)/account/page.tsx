import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { AccountSection } from "@/components/account/account-section";
import { DeviceForm } from "@/components/participant/device-form";
import { ACheckbox, ActionButton, ActionForm, AField } from "@/components/ui/action-form";
import { btn } from "@/components/ui/styles";
import { getAccount } from "@/lib/account/queries";
import { MAX_SAVED_DEVICES } from "@/lib/account/schema";
import { requireActor } from "@/lib/auth";
import { getDb } from "@/lib/db";
import { describeDevice } from "@/lib/devices/schema";
import { deviceFromUserAgent } from "@/lib/devices/user-agent";
import { smtpConfigured } from "@/lib/mail/mailer";
import { PASSWORD_MIN } from "@/lib/users/schema";
import * as A from "./actions";

export const metadata: Metadata = { title: "My account" };

const PROVIDER_NAMES: Record<string, string> = { github: "GitHub", google: "Google", "azure-ad": "Microsoft" };

export default async function AccountPage() {
  const actor = await requireActor();
  const account = await getAccount(getDb(), actor);
  const smtp = smtpConfigured();
  const prefill = deviceFromUserAgent((await headers()).get("user-agent"));
  const providers = account.providers.map((p) => PROVIDER_NAMES[p] ?? p);

  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">My account</h1>
        <p className="break-all text-zinc-700">{account.email}</p>
      </header>

      <nav aria-label="On this page" className="flex flex-wrap gap-2 text-sm">
        {[
          ["#profile", "Profile"],
          ["#password", "Password"],
          ["#devices", "Saved devices"],
          ["#notifications", "Notifications"],
        ].map(([href, label]) => (
          <a key={href} href={href} className="rounded-full border border-zinc-300 bg-white px-3 py-1.5 font-medium text-zinc-800 hover:bg-zinc-50">
            {label}
          </a>
        ))}
        <Link href="/account/tokens" className="rounded-full border border-zinc-300 bg-white px-3 py-1.5 font-medium text-zinc-800 hover:bg-zinc-50">
          API tokens
        </Link>
      </nav>

      <AccountSection id="profile" title="Profile" intro="How you appear to facilitators and in reports. Your email address is your sign-in and cannot be changed here.">
        <ActionForm action={A.updateProfileAction as never} submitLabel="Save profile" successMessage="Profile saved." ariaLabel="Profile" className="space-y-3">
          <div className="grid gap-3 sm:grid-cols-2">
            <AField label="Name" name="name" defaultValue={account.name} autoComplete="name" required maxLength={100} />
            <AField label="Designation" name="designation" defaultValue={account.designation} placeholder="QA engineer, PM, designer…" maxLength={100} hint="Your usual role. You can give a different one per bash." />
          </div>
        </ActionForm>
      </AccountSection>

      <AccountSection id="password" title="Password">
        {account.hasPassword ? (
          <ActionForm action={A.changePasswordAction as never} submitLabel="Change password" pendingLabel="Changing…" resetOnSuccess ariaLabel="Change password" className="space-y-3">
            <AField label="Current password" name="currentPassword" type="password" autoComplete="current-password" required />
            <p className="text-sm text-zinc-700">Changing it signs you out everywhere, here too: sign in again with the new one.</p>
            <div className="grid gap-3 sm:grid-cols-2">
              <AField label="New password" name="newPassword" type="password" autoComplete="new-password" required minLength={PASSWORD_MIN} hint={`At least ${PASSWORD_MIN} characters.`} />
              <AField label="Confirm new password" name="confirmPassword" type="password" autoComplete="new-password" required />
            </div>
          </ActionForm>
        ) : (
          <p className="text-sm text-zinc-700">
            You sign in with {providers.length ? providers.join(" or ") : "an external provider"}, so your account has no password. To set one, use{" "}
            <span className="font-medium">“Forgot password?”</span> on the sign-in page or ask an admin of this Bashboard for a link.
          </p>
        )}
      </AccountSection>

      <AccountSection
        id="devices"
        title="Saved devices"
        intro={`The phones and computers you usually test on. When you answer a bash, add any of them with one tap. Up to ${MAX_SAVED_DEVICES}.`}
      >
        {account.devices.length ? (
          <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200" aria-label="Saved devices">
            {account.devices.map((d) => (
              <li key={d.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
                <span className="min-w-0 break-words">
                  <span className="mr-2 text-xs font-semibold uppercase text-zinc-600">{d.kind === "WEB" ? "Web" : "Mobile"}</span>
                  {describeDevice(d)}
                </span>
                <ActionButton action={A.removeProfileDeviceAction as never} input={{ deviceId: d.id }} className={btn.ghost} ariaLabel={`Remove ${describeDevice(d)}`}>
                  Remove
                </ActionButton>
              </li>
            ))}
          </ul>
        ) : (
          <p className="rounded-md border border-dashed border-zinc-300 px-3 py-4 text-sm text-zinc-700">No saved devices yet. We filled in the form below from this browser; check it and save.</p>
        )}
        {account.devices.length < MAX_SAVED_DEVICES ? (
          <details className="rounded-md border border-zinc-200 p-3" open={account.devices.length === 0}>
            <summary className="cursor-pointer font-medium">Save a device</summary>
            <div className="mt-3">
              <DeviceForm action={A.addProfileDeviceAction as never} prefill={prefill} />
            </div>
          </details>
        ) : (
          <p className="text-sm text-zinc-700">You have saved {MAX_SAVED_DEVICES} devices, the most there can be. Remove one to save another.</p>
        )}
      </AccountSection>

      <AccountSection id="notifications" title="Notifications">
        <p className="flex items-start gap-2 rounded-md bg-zinc-50 px-3 py-2 text-sm text-zinc-800">
          <span>
            <span className="font-medium">In the app: always on.</span> Everything below also shows up under{" "}
            <Link href="/notifications" className="font-medium text-accent-700 underline">
              Notifications
            </Link>
            .
          </span>
        </p>
        <h3 className="font-semibold">By email</h3>
        {smtp ? (
          <ActionForm action={A.setEmailPrefsAction as never} submitLabel="Save email preferences" successMessage="Email preferences saved." ariaLabel="Email notifications" className="space-y-3">
            <fieldset className="space-y-3">
              <legend className="sr-only">Email me about</legend>
              {account.emailPrefs.map((k) => (
                <ACheckbox key={k.kind} name={k.kind} label={k.label} hint={k.hint} defaultChecked={k.enabled} />
              ))}
            </fieldset>
            <p className="text-sm text-zinc-600">Password links, invitations and test emails are always sent.</p>
          </ActionForm>
        ) : (
          <>
            <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
              This Bashboard does not send email (no mail server is configured), so these choices have no effect yet. An admin can set one up.
            </p>
            <ul className="space-y-3" aria-label="Email notifications (not available)">
              {account.emailPrefs.map((k) => (
                <li key={k.kind}>
                  <ACheckbox name={k.kind} label={k.label} hint={k.hint} defaultChecked={k.enabled} disabled />
                </li>
              ))}
            </ul>
          </>
        )}
      </AccountSection>

      <AccountSection id="api" title="API tokens" intro="Let scripts and other tools read and file reports as you.">
        <Link href="/account/tokens" className={btn.secondary}>
          Manage API tokens
        </Link>
      </AccountSection>
    </div>
  );
}
