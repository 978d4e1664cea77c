import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SettingsForm, TestEmailForm } from "@/components/admin/settings-forms";
import { card } from "@/components/ui/styles";
import { formatMb } from "@/lib/attachments/schema";
import { requireActor } from "@/lib/auth";
import { getDb } from "@/lib/db";
import { environmentSummary } from "@/lib/settings/environment";
import { getSettings } from "@/lib/settings/queries";
import { sendTestEmailAction, updateSettingsAction } from "./actions";

export const metadata: Metadata = { title: "Settings" };

const NOT_SET = <span className="text-zinc-600">not set</span>;

function Row({ term, hint, children }: { term: string; hint?: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1 py-3 sm:grid-cols-[14rem_minmax(0,1fr)] sm:gap-4">
      <dt className="text-sm font-medium text-zinc-800">{term}</dt>
      <dd className="min-w-0 break-words text-sm text-zinc-900">
        {children}
        {hint ? <span className="mt-0.5 block text-zinc-600">{hint}</span> : null}
      </dd>
    </div>
  );
}

const code = "rounded bg-zinc-100 px-1 font-mono text-[0.8125rem]";

export default async function AdminSettingsPage() {
  const actor = await requireActor();
  if (!actor.isAdmin) notFound();
  const settings = await getSettings(getDb());
  const env = environmentSummary();
  const ceilingMb = env.uploadCeilingBytes ? formatMb(env.uploadCeilingBytes) : null;

  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
        <p className="text-zinc-700">Defaults for the whole install. Secrets and infrastructure stay in the environment; they are listed below, read-only.</p>
      </div>

      <section aria-labelledby="editable-h" className={`${card} space-y-4 p-4 sm:p-6`}>
        <h2 id="editable-h" className="text-lg font-semibold">
          Defaults
        </h2>
        <SettingsForm action={updateSettingsAction} values={settings} ceilingMb={ceilingMb} />
      </section>

      <section aria-labelledby="email-h" className={`${card} space-y-3 p-4 sm:p-6`}>
        <h2 id="email-h" className="text-lg font-semibold">
          Email
        </h2>
        {env.smtp.configured ? (
          <>
            <p className="text-sm text-zinc-700">
              Sending through <span className={code}>{env.smtp.host ?? "the configured server"}</span> as <span className="break-all">{env.smtp.from}</span>.
            </p>
            <TestEmailForm action={sendTestEmailAction} defaultTo={actor.email} />
          </>
        ) : (
          <p className="text-sm text-zinc-700">
            Email is not set up: messages wait in each bash&apos;s outbox. Set <span className={code}>SMTP_URL</span> (and <span className={code}>MAIL_FROM</span>) in the environment and restart to send them.
          </p>
        )}
      </section>

      <section aria-labelledby="env-h" className={`${card} p-4 sm:p-6`}>
        <h2 id="env-h" className="text-lg font-semibold">
          From the environment
        </h2>
        <p className="text-sm text-zinc-700">Change these in Bashboard&apos;s environment (.env) and restart it.</p>
        <dl className="mt-2 divide-y divide-zinc-100">
          <Row term="Address" hint={env.appUrl.source ? `From ${env.appUrl.source}; used in emails and links.` : "Set APP_URL in production: links otherwise take their host from each request."}>
            {env.appUrl.value ? <span className="break-all">{env.appUrl.value}</span> : NOT_SET}
          </Row>
          <Row term="Database">
            {env.database.kind === "embedded"
              ? "Embedded Postgres (started by npm start)"
              : env.database.kind === "external"
                ? `External Postgres${env.database.host ? ` at ${env.database.host}` : ""}`
                : NOT_SET}
          </Row>
          <Row term="File storage">
            {env.storage.kind === "s3" ? (
              <>
                S3 bucket <span className={code}>{env.storage.bucket}</span>
                {env.storage.endpointHost ? ` at ${env.storage.endpointHost}` : ` (AWS, ${env.storage.region})`}
              </>
            ) : (
              <>
                Local disk, <span className={code}>{env.storage.dir}</span>
              </>
            )}
          </Row>
          <Row term="Upload limit (server)" hint="UPLOAD_MAX_BYTES: the most the setting above may allow.">
            {env.uploadCeilingError ? <span className="text-red-700">{env.uploadCeilingError}</span> : ceilingMb}
          </Row>
          <Row term="SMTP">{env.smtp.configured ? <>set ({env.smtp.host ?? "host not readable"})</> : NOT_SET}</Row>
          <Row term="Sender (MAIL_FROM)">
            <span className="break-all">{env.smtp.from}</span>
          </Row>
          <Row term="Sign-in providers" hint={env.oauth.length ? (env.oauthSignup ? "New people may sign up with them (OAUTH_ALLOW_SIGNUP)." : "Only people who already have an account may use them.") : undefined}>
            {env.oauth.length ? `Email and password, ${env.oauth.join(", ")}` : "Email and password only"}
          </Row>
          <Row term="GitHub export">
            {env.github.configured ? (
              <>
                Repository <span className={code}>{env.github.repo}</span>
              </>
            ) : (
              <>not set up{env.github.missing.length ? ` (missing ${env.github.missing.join(" and ")})` : ""}</>
            )}
          </Row>
          <Row term="Team-chat webhooks" hint={env.chatHttpAllowed ? "CHAT_WEBHOOK_ALLOW_HTTP=1: for local testing only." : undefined}>
            {env.chatHttpAllowed ? "https, plus plain http and private addresses" : "https only"}
          </Row>
          <Row term="Sign-in rate limit">
            {env.login.perAccount} failures per account, {env.login.perIp} per IP address, within {env.login.windowMinutes} minutes
          </Row>
        </dl>
      </section>
    </div>
  );
}
