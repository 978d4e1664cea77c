import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { BashStatusChip, PriorityChip, ReportStatusChip } from "@/components/bashes/status-chip";
import { Countdown } from "@/components/bashes/countdown";
import { ArchiveNotice } from "@/components/archive/archive-notice";
import { DeviceForm } from "@/components/participant/device-form";
import { SavedDevicePicker } from "@/components/account/saved-device-picker";
import { LiveRefresh } from "@/components/realtime/use-bash-events";
import { ActionButton, ActionForm, AField, ATextarea } from "@/components/ui/action-form";
import { LocalTime } from "@/components/ui/local-time";
import { Markdown } from "@/components/ui/markdown";
import { BuildLinks } from "@/components/ui/build-links";
import { btn, card } from "@/components/ui/styles";
import { bashActionBinder } from "@/lib/action";
import { requireActor } from "@/lib/auth";
import { getBashPage } from "@/lib/bashes/plan";
import { getBashOverview } from "@/lib/bashes/queries";
import { getDb } from "@/lib/db";
import { describeDevice } from "@/lib/devices/schema";
import { deviceFromUserAgent } from "@/lib/devices/user-agent";
import { can } from "@/lib/policy";
import { ParticipantLivePanel } from "@/components/live/participant-panel";
import { getMyLiveState } from "@/lib/live/participant";
import * as A from "./actions";
import * as L from "./live-actions";
import { loadOr404 } from "./load";

export const metadata: Metadata = { title: "Bash" };

const ROLE_LABEL: Record<string, string> = { FACILITATOR: "Facilitator", PARTICIPANT: "Participant", TRIAGER: "Triager", OBSERVER: "Observer" };
const RSVP_OPTIONS = [
  ["GOING", "Going"],
  ["MAYBE", "Maybe"],
  ["NOT_GOING", "Not going"],
] as const;

export default async function BashPage({ params }: { params: Promise<{ bashId: string }> }) {
  const { bashId } = await params;
  const actor = await requireActor();
  const page = await loadOr404(() => getBashPage(getDb(), actor, bashId));
  const overview = await loadOr404(() => getBashOverview(getDb(), actor, bashId));
  const { bash, me, role } = page;
  const b = bashActionBinder(bashId);
  const subtitle = [bash.product, bash.release].filter(Boolean).join(" · ");
  const prefill = deviceFromUserAgent((await headers()).get("user-agent"));
  const serverNow = new Date();
  const ctx = { role, archived: bash.archivedAt !== null };
  const showPeople = can(actor, "member.list", ctx);
  const before = bash.status === "DRAFT" || bash.status === "SCHEDULED";
  const hasAccessAnswer = me && (me.accessConfirmedAt || me.accessNeeded);
  const live = await loadOr404(() => getMyLiveState(getDb(), actor, bashId));
  const canConsole = can(actor, "console.view", ctx);
  const during = bash.status === "LIVE";
  const after = bash.status === "ENDED" || bash.status === "CLOSED";

  const rsvpSection =
    me && page.canRespond ? (
        <section aria-labelledby="me-h" className={`${card} space-y-4 p-4`}>
          <h2 id="me-h" className="text-lg font-semibold">
            Are you coming?
          </h2>
          <div className="flex flex-wrap gap-2" role="group" aria-label="Your answer">
            {RSVP_OPTIONS.map(([value, label]) => (
              <ActionButton
                key={value}
                action={b(A.respondRsvpAction)}
                input={{ rsvp: value }}
                className={`${me.rsvp === value ? btn.primary : btn.secondary} min-w-28`}
                ariaLabel={me.rsvp === value ? `${label} (your answer)` : label}
              >
                {me.rsvp === value ? `✓ ${label}` : label}
              </ActionButton>
            ))}
          </div>
          {me.rsvp !== "NOT_GOING" ? (
            <>
              <ActionForm action={b(A.respondRsvpAction)} submitLabel="Save designation" className="flex flex-wrap items-end gap-3 [&>div:first-child]:flex-1" ariaLabel="Designation" successMessage="Saved.">
                <input type="hidden" name="rsvp" value={me.rsvp === "PENDING" ? "GOING" : me.rsvp} />
                <AField label="Your designation" name="designation" defaultValue={me.designation} placeholder="QA engineer, PM, designer…" />
              </ActionForm>

              <div className="space-y-2">
                <h3 className="font-semibold">Your devices</h3>
                {me.devices.length ? (
                  <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200">
                    {me.devices.map((d) => (
                      <li key={d.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
                        <span>
                          <span className="mr-2 text-xs font-semibold uppercase text-zinc-600">{d.kind === "WEB" ? "Web" : "Mobile"}</span>
                          {describeDevice(d)}
                        </span>
                        <ActionButton action={b(A.removeMyDeviceAction)} input={{ id: d.id }} className={btn.ghost} ariaLabel={`Remove ${describeDevice(d)}`}>
                          Remove
                        </ActionButton>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="text-sm text-zinc-700">Add each device you will test on. We filled in this one from your browser; check it.</p>
                )}
                <SavedDevicePicker actor={actor} onBash={me.devices} addAction={b(A.addSavedDeviceAction)} saveAction={b(A.saveDeviceToProfileAction)} />
                <details className="rounded-md border border-zinc-200 p-3" open={me.devices.length === 0}>
                  <summary className="cursor-pointer font-medium">Add a device</summary>
                  <div className="mt-3">
                    <DeviceForm action={b(A.addMyDeviceAction)} prefill={prefill} />
                  </div>
                </details>
              </div>

              <div className="space-y-2">
                <h3 className="font-semibold">Access</h3>
                {me.accessConfirmedAt ? (
                  <p className="text-sm font-medium text-green-800">✓ You have access to the environment, builds and data.</p>
                ) : me.accessNeeded ? (
                  <p className="text-sm">
                    {me.accessResolvedAt ? (
                      <span className="font-medium text-green-800">✓ A facilitator sorted out: {me.accessNeeded}. </span>
                    ) : (
                      <span className="font-medium text-amber-900">Waiting for a facilitator: {me.accessNeeded}. </span>
                    )}
                  </p>
                ) : null}
                {!me.accessConfirmedAt ? (
                  <ActionButton action={b(A.setMyAccessAction)} input={{ state: "confirmed" }} className={btn.primary}>
                    I have access to the environment, builds and data
                  </ActionButton>
                ) : null}
                <details className="rounded-md border border-zinc-200 p-3" open={!hasAccessAnswer ? false : undefined}>
                  <summary className="cursor-pointer font-medium">{me.accessNeeded ? "Change what I still need" : "I still need access to …"}</summary>
                  <ActionForm action={b(A.setMyAccessAction)} submitLabel="Ask the facilitator" className="mt-3 space-y-3" ariaLabel="Access request" successMessage="Sent to the facilitators.">
                    <input type="hidden" name="state" value="needs" />
                    <ATextarea label="What do you still need?" name="accessNeeded" rows={2} defaultValue={me.accessNeeded} placeholder="A login for staging; the Android build link does not open" />
                  </ActionForm>
                </details>
              </div>
            </>
          ) : null}
        </section>
    ) : null;

  return (
    <div className="space-y-5">
      {/* The facilitators' changes to the plan (time, brief, environments, status) show up by themselves. */}
      <LiveRefresh
        bashId={bashId}
        since={page.lastEventId}
        types={["bash.updated", "bash.rescheduled", "bash.status", "bash.extended", "environment.", "feature.", "credentials.added", "access.resolved", "help.", "report.nudged"]}
      />
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/" className="text-accent-700 underline-offset-2 hover:underline">
          My bashes
        </Link>
      </nav>
      <ArchiveNotice actor={actor} role={role} bash={bash} />
      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">{bash.title}</h1>
          <BashStatusChip status={bash.status} />
        </div>
        {subtitle ? <p className="text-zinc-700">{subtitle}</p> : null}
        <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-zinc-700">
          <span>{bash.scheduledStart ? <LocalTime iso={bash.scheduledStart.toISOString()} /> : "Not scheduled yet"}</span>
          <span>{bash.durationMinutes} min</span>
          {bash.location ? <span>{bash.location}</span> : null}
          {bash.videoLink ? (
            <a href={bash.videoLink} className="text-accent-700 underline" rel="noopener noreferrer" target="_blank">
              Video call
            </a>
          ) : null}
          {role ? <span className="font-medium">You: {ROLE_LABEL[role]}</span> : null}
        </p>
        {before && bash.scheduledStart ? (
          <Countdown targetIso={bash.scheduledStart.toISOString()} serverNowIso={serverNow.toISOString()} label="Starts in" doneText="starting now" />
        ) : null}
        <div className="flex flex-wrap gap-2 pt-1">
          {canConsole && bash.status !== "DRAFT" ? (
            <Link href={`/bashes/${bashId}/live`} className={btn.primary}>
              Live console
            </Link>
          ) : null}
          {canConsole ? (
            <Link href={`/bashes/${bashId}/kickoff`} className={btn.secondary}>
              Kickoff view
            </Link>
          ) : null}
          {page.canEdit ? (
            <Link href={`/bashes/${bashId}/plan`} className={btn.primary}>
              Open the plan
            </Link>
          ) : null}
          {can(actor, "report.triage", ctx) ? (
            <Link href={`/bashes/${bashId}/triage`} className={after ? btn.primary : btn.secondary}>
              Triage board
            </Link>
          ) : null}
          {can(actor, "report.read", ctx) && bash.status !== "DRAFT" ? (
            <Link href={`/bashes/${bashId}/summary`} className={btn.secondary}>
              Summary
            </Link>
          ) : null}
          {can(actor, "bash.export", ctx) ? (
            <>
              <Link href={`/bashes/${bashId}/spreadsheet`} className={btn.secondary}>
                Spreadsheet
              </Link>
              <Link href={`/bashes/${bashId}/tracker`} className={btn.secondary}>
                Export to tracker
              </Link>
            </>
          ) : null}
          {bash.scheduledStart ? (
            <a href={`/api/bashes/${bashId}/calendar`} className={btn.secondary} download>
              Add to calendar (.ics)
            </a>
          ) : null}
        </div>
      </header>

      {role ? (
        <ParticipantLivePanel
          bashId={bashId}
          state={live}
          serverNowIso={serverNow.toISOString()}
          name={actor.name}
          actions={{ raiseHand: b(L.raiseHandAction), resolveHelp: b(L.resolveHelpAction), moreTime: b(L.moreTimeAction), presence: b(L.presenceAction) }}
        />
      ) : null}

      {rsvpSection && !after ? (
        during ? (
          <details className={`${card} p-4`}>
            <summary className="cursor-pointer select-none font-semibold">Your answer, devices and access</summary>
            <div className="mt-3">{rsvpSection}</div>
          </details>
        ) : (
          rsvpSection
        )
      ) : null}

      <div id="brief" className="scroll-mt-4 space-y-5">
      {bash.scope ? (
        <section aria-labelledby="scope-h" className={`${card} p-4`}>
          <h2 id="scope-h" className="mb-2 text-lg font-semibold">
            Scope
          </h2>
          <Markdown source={bash.scope} />
        </section>
      ) : null}

      <section aria-labelledby="env-h" className="space-y-3">
        <h2 id="env-h" className="text-lg font-semibold">
          Where to test
        </h2>
        {bash.environments.length === 0 ? <p className={`${card} p-4 text-sm text-zinc-700`}>The facilitators have not added an environment yet.</p> : null}
        {bash.environments.map((e) => {
          const pool = page.credentials.find((p) => p.environmentId === e.id);
          return (
            <article key={e.id} className={`${card} space-y-3 p-4`} aria-labelledby={`env-${e.id}`}>
              <h3 id={`env-${e.id}`} className="font-semibold">
                {e.name}
              </h3>
              {e.url ? (
                <a href={e.url} className="block break-all text-accent-700 underline" rel="noopener noreferrer" target="_blank">
                  {e.url}
                </a>
              ) : null}
              {e.testDataNotes ? (
                <div>
                  <h4 className="text-sm font-semibold text-zinc-800">Test data</h4>
                  <p className="whitespace-pre-wrap break-words text-sm text-zinc-800">{e.testDataNotes}</p>
                </div>
              ) : null}
              <BuildLinks environment={e} />
              {pool && pool.total > 0 ? (
                <div className="rounded-md bg-zinc-50 p-3" data-testid="claim">
                  <h4 className="text-sm font-semibold text-zinc-800">Test account</h4>
                  {pool.mine ? (
                    <div className="mt-1 space-y-2">
                      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 text-sm">
                        <dt className="text-zinc-600">Username</dt>
                        <dd className="break-all font-mono">{pool.mine.username}</dd>
                        <dt className="text-zinc-600">Password</dt>
                        <dd className="break-all font-mono">{pool.mine.secret}</dd>
                        {pool.mine.notes ? (
                          <>
                            <dt className="text-zinc-600">Notes</dt>
                            <dd className="break-words">{pool.mine.notes}</dd>
                          </>
                        ) : null}
                      </dl>
                      <ActionButton action={b(A.releaseCredentialAction)} input={{ credentialId: pool.mine.id }} className={btn.secondary}>
                        Give it back
                      </ActionButton>
                    </div>
                  ) : page.canClaim ? (
                    <div className="mt-1 flex flex-wrap items-center gap-3">
                      <ActionButton action={b(A.claimCredentialAction)} input={{ environmentId: e.id }} className={btn.primary} pendingLabel="Claiming…">
                        Claim a test account
                      </ActionButton>
                      <span className="text-sm text-zinc-700">
                        {pool.free} of {pool.total} free
                      </span>
                    </div>
                  ) : (
                    <p className="text-sm text-zinc-700">
                      {pool.free} of {pool.total} free
                    </p>
                  )}
                </div>
              ) : null}
            </article>
          );
        })}
      </section>

      {bash.features.length ? (
        <section aria-labelledby="feat-h" className={`${card} p-4`}>
          <h2 id="feat-h" className="mb-2 text-lg font-semibold">
            Features under test
          </h2>
          <ol className="list-decimal space-y-2 pl-5 text-sm">
            {bash.features.map((f) => (
              <li key={f.id}>
                <span className="font-medium">{f.menuName}</span>
                {f.description ? <span className="block text-zinc-700">{f.description}</span> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {bash.prerequisitesWeb || bash.prerequisitesMobile ? (
        <section aria-labelledby="pre-h" className={`${card} p-4`}>
          <h2 id="pre-h" className="mb-2 text-lg font-semibold">
            Before you start
          </h2>
          <div className="grid gap-4 lg:grid-cols-2">
            {bash.prerequisitesWeb ? (
              <div>
                <h3 className="font-semibold">For the website</h3>
                <Markdown source={bash.prerequisitesWeb} />
              </div>
            ) : null}
            {bash.prerequisitesMobile ? (
              <div>
                <h3 className="font-semibold">For the mobile app</h3>
                <Markdown source={bash.prerequisitesMobile} />
              </div>
            ) : null}
          </div>
        </section>
      ) : null}
      </div>

      {overview.reports.length ? (
        <section aria-labelledby="reports-h" className={card}>
          <h2 id="reports-h" className="border-b border-zinc-200 px-4 py-3 font-semibold">
            Reports <span className="font-normal text-zinc-600">({overview.reports.length})</span>
          </h2>
          <ul className="divide-y divide-zinc-100">
            {overview.reports.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3">
                <span className="w-10 shrink-0 text-sm tabular-nums text-zinc-600">#{r.number}</span>
                <span className="min-w-0 flex-1 basis-48 font-medium">{r.title}</span>
                <span className="text-sm text-zinc-700">{r.feature?.menuName}</span>
                <PriorityChip priority={r.priority} />
                <ReportStatusChip status={r.status} />
                <span className="w-full text-xs text-zinc-600 sm:w-auto">{r.reporterName}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {showPeople ? (
        <section aria-labelledby="people-h" className={`${card} p-4`}>
          <h2 id="people-h" className="font-semibold">
            People <span className="font-normal text-zinc-600">({overview.bash.memberships.length})</span>
          </h2>
          <ul className="mt-2 space-y-2 text-sm">
            {overview.bash.memberships.map((m) => (
              <li key={m.id} className="flex flex-wrap justify-between gap-x-2">
                <span className="font-medium">{m.user.name}</span>
                <span className="text-zinc-700">
                  {ROLE_LABEL[m.role]}
                  {m.devices[0] ? ` · ${describeDevice(m.devices[0])}` : ""}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
