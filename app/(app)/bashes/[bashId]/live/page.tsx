import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { BashStatusChip } from "@/components/bashes/status-chip";
import { Countdown } from "@/components/bashes/countdown";
import { AutoRefresh, PresencePing } from "@/components/live/clock";
import { ConsoleFeed, PeopleList } from "@/components/live/console-lists";
import { CoverageHeatMap } from "@/components/live/coverage-heat-map";
import { MISSING_LABEL, PERSON_STATE as STATE } from "@/components/live/person-state";
import { LiveRefresh } from "@/components/realtime/use-bash-events";
import { ActionButton, ActionForm, AField } from "@/components/ui/action-form";
import { btn, card } from "@/components/ui/styles";
import { bashActionBinder } from "@/lib/action";
import { requireActor } from "@/lib/auth";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { getConsole, type PersonState } from "@/lib/live/console";
import * as A from "../actions";
import * as L from "../live-actions";
import { loadOr404 } from "../load";

export const metadata: Metadata = { title: "Live console" };

/** Up to this many people, the console lists everyone; beyond it, those who need a look first. */
const PEOPLE_INLINE = 40;
/** A crowd's list shows at most this many of the people who need a look (blocked, idle, away). */
const ATTENTION_MAX = 60;
const NEEDS_LOOK: ReadonlySet<PersonState> = new Set(["blocked", "idle", "away"]);
const STATE_SUMMARY_ORDER: PersonState[] = ["blocked", "idle", "away", "active", "not-joined"];

export default async function LiveConsolePage({ params, searchParams }: { params: Promise<{ bashId: string }>; searchParams: Promise<{ people?: string }> }) {
  const { bashId } = await params;
  const showEveryone = (await searchParams).people === "all";
  const actor = await requireActor();
  let data;
  try {
    data = await getConsole(getDb(), actor, bashId);
  } catch (e) {
    if (isAppError(e) && e.code === "FORBIDDEN") redirect(`/bashes/${bashId}`);
    data = await loadOr404(() => Promise.reject(e));
  }
  const { bash, counts, people, help, feed, coverage } = data;
  const b = bashActionBinder(bashId);
  const serverNowIso = data.serverNow.toISOString();
  const live = bash.status === "LIVE";
  const latest = feed[0];
  // A crowd (300 people) is summed up by state, and only the people who need a look are listed:
  // at a glance, and a tenth of the page to render on every refresh. "Show everyone" lists all.
  const crowd = people.length > PEOPLE_INLINE;
  const needsLook = people.filter((p) => NEEDS_LOOK.has(p.state));
  const listed = !crowd || showEveryone ? people : needsLook.slice(0, ATTENTION_MAX);
  const byState = new Map<PersonState, number>();
  for (const p of people) byState.set(p.state, (byState.get(p.state) ?? 0) + 1);

  return (
    <div className="space-y-5">
      <LiveRefresh bashId={bashId} since={data.eventId} />
      <AutoRefresh seconds={30} />
      <PresencePing action={b(L.presenceAction)} />
      {/* Screen readers hear new reports and raised hands as they arrive. */}
      <p className="sr-only" aria-live="polite">
        {`${counts.reports} reports${latest ? `, newest #${latest.number} ${latest.title}` : ""}. ${counts.blocked} raised hands.`}
      </p>
      <nav aria-label="Breadcrumb" className="flex flex-wrap gap-x-4 text-sm">
        <Link href={`/bashes/${bashId}`} className="text-accent-700 underline-offset-2 hover:underline">
          {bash.title}
        </Link>
        <Link href={`/bashes/${bashId}/plan`} className="text-accent-700 underline-offset-2 hover:underline">
          Plan
        </Link>
        <Link href={`/bashes/${bashId}/kickoff`} className="text-accent-700 underline-offset-2 hover:underline">
          Kickoff view
        </Link>
        <Link href={`/bashes/${bashId}/triage`} className="text-accent-700 underline-offset-2 hover:underline">
          Triage board
        </Link>
        <Link href={`/bashes/${bashId}/summary`} className="text-accent-700 underline-offset-2 hover:underline">
          Summary
        </Link>
      </nav>

      <header className={`${card} flex flex-wrap items-center justify-between gap-4 p-4`}>
        <div className="space-y-1">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-semibold tracking-tight">Live console</h1>
            <BashStatusChip status={bash.status} />
          </div>
          {live && bash.endsAt ? (
            <div className="text-xl">
              <Countdown targetIso={bash.endsAt.toISOString()} serverNowIso={serverNowIso} label="Time left" doneText="time is up" />
            </div>
          ) : bash.status === "SCHEDULED" ? (
            <p className="text-sm text-zinc-700">Not started. Start it when everyone is in: the {bash.durationMinutes}-minute countdown begins for everyone at once.</p>
          ) : bash.status === "DRAFT" ? (
            <p className="text-sm text-zinc-700">
              This bash is a draft. Set a start time and schedule it on the{" "}
              <Link href={`/bashes/${bashId}/plan`} className="text-accent-700 underline">
                plan
              </Link>{" "}
              first.
            </p>
          ) : (
            <p className="text-sm text-zinc-700">The bash has ended; reporting is closed.</p>
          )}
          {live && bash.extendedAt ? <p className="text-sm text-sky-900">Extended by {bash.extendedMinutes} min.</p> : null}
          {live ? (
            <p className="text-sm font-medium" data-testid="more-time">
              {counts.wantMoreTime === 0 ? "Nobody has asked for more time." : `${counts.wantMoreTime} ${counts.wantMoreTime === 1 ? "person wants" : "people want"} more time.`}
            </p>
          ) : null}
        </div>
        <div className="flex flex-wrap items-end gap-2" aria-label="Timer controls" role="group">
          {bash.status === "SCHEDULED" ? (
            <ActionButton action={b(A.setStatusAction)} input={{ status: "LIVE" }} className={btn.primary} pendingLabel="Starting…">
              Start the bash
            </ActionButton>
          ) : null}
          {live ? (
            <>
              {[5, 10, 15].map((m) => (
                <ActionButton key={m} action={b(L.extendAction)} input={{ minutes: String(m) }} className={btn.secondary} ariaLabel={`Extend by ${m} minutes`}>
                  +{m} min
                </ActionButton>
              ))}
              <ActionForm action={b(L.extendAction)} submitLabel="Extend" className="flex items-end gap-2" ariaLabel="Extend by" submitClassName={btn.secondary}>
                <div className="w-24">
                  <AField label="Minutes" name="minutes" type="number" min={1} max={120} inputMode="numeric" />
                </div>
              </ActionForm>
              <ActionButton action={b(A.setStatusAction)} input={{ status: "ENDED" }} className={btn.primary} confirm="End the bash for everyone? Reporting stops." pendingLabel="Ending…">
                End the bash
              </ActionButton>
            </>
          ) : null}
          {bash.status === "ENDED" ? (
            <ActionButton action={b(A.setStatusAction)} input={{ status: "LIVE" }} className={btn.secondary} confirm="Reopen reporting for everyone?">
              Reopen
            </ActionButton>
          ) : null}
        </div>
      </header>

      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {[
          ["Reports", counts.reports],
          ["Raised hands", counts.blocked],
          ["Incomplete reports", counts.incomplete],
          ["Active now", counts.active],
        ].map(([k, v]) => (
          <div key={k} className={`${card} p-3`}>
            <dt className="text-xs font-medium uppercase tracking-wide text-zinc-600">{k}</dt>
            <dd className="text-2xl font-semibold tabular-nums">{v}</dd>
          </div>
        ))}
      </dl>

      <div className="grid grid-cols-1 gap-5 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
        <div className="space-y-5">
          <section aria-labelledby="help-h" className={card}>
            <h2 id="help-h" className="border-b border-zinc-200 px-4 py-3 font-semibold">
              Help queue <span className="font-normal text-zinc-600">({help.length})</span>
            </h2>
            {help.length === 0 ? (
              <p className="p-4 text-sm text-zinc-700">Nobody is blocked. Raised hands show up here at once.</p>
            ) : (
              <ul className="divide-y divide-zinc-100">
                {help.map((h) => (
                  <li key={h.id} className={`space-y-2 px-4 py-3 ${h.status === "OPEN" ? "bg-red-50/60" : ""}`}>
                    <p className="text-sm">
                      <span className="font-semibold">{h.userName}</span>{" "}
                      <span className="text-zinc-600">
                        {h.status === "OPEN" ? "waiting" : `${h.handledByName ?? "someone"} is on it`} · since{" "}
                        {new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: bash.timeZone }).format(h.createdAt)}
                      </span>
                    </p>
                    <p className="whitespace-pre-wrap break-words text-sm">{h.message}</p>
                    <div className="flex flex-wrap gap-2">
                      {h.status === "OPEN" ? (
                        <ActionButton action={b(L.acknowledgeHelpAction)} input={{ id: h.id }} className={btn.primary} ariaLabel={`On my way to ${h.userName}`}>
                          On my way
                        </ActionButton>
                      ) : null}
                      <ActionButton action={b(L.resolveHelpAction)} input={{ id: h.id }} className={btn.secondary} ariaLabel={`Resolved ${h.userName}`}>
                        Resolved
                      </ActionButton>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="people-h" className={card}>
            <h2 id="people-h" className="border-b border-zinc-200 px-4 py-3 font-semibold">
              People <span className="font-normal text-zinc-600">({people.length})</span>
            </h2>
            {crowd ? (
              <div className="space-y-2 border-b border-zinc-100 px-4 py-3 text-sm">
                <p className="flex flex-wrap gap-2" data-testid="people-by-state">
                  {STATE_SUMMARY_ORDER.filter((k) => byState.get(k)).map((k) => (
                    <span key={k} className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${STATE[k].cls}`}>
                      <span aria-hidden="true">{STATE[k].icon}</span>
                      {STATE[k].label} {byState.get(k)}
                    </span>
                  ))}
                </p>
                <p className="text-zinc-700">
                  {showEveryone
                    ? `Everyone, ${people.length} people.`
                    : needsLook.length === 0
                      ? "Nobody is blocked, idle or away."
                      : needsLook.length > listed.length
                        ? `The first ${listed.length} of ${needsLook.length} who are blocked, idle or away.`
                        : "Listed below: who is blocked, idle or away."}{" "}
                  <Link href={showEveryone ? `/bashes/${bashId}/live` : `/bashes/${bashId}/live?people=all`} className="text-accent-700 underline" scroll={false}>
                    {showEveryone ? "Show only who needs a look" : `Show everyone (${people.length})`}
                  </Link>
                </p>
              </div>
            ) : null}
            <PeopleList
              people={listed.map((p) => ({ userId: p.userId, name: p.name, state: p.state, idleMinutes: p.idleMinutes, reports: p.reports, wantsMoreTime: p.wantsMoreTime }))}
            />
          </section>
        </div>

        <div className="space-y-5">
          <section aria-labelledby="feed-h" className={card}>
            <h2 id="feed-h" className="flex flex-wrap items-baseline justify-between gap-2 border-b border-zinc-200 px-4 py-3 font-semibold">
              <span>
                New reports <span className="font-normal text-zinc-600">({counts.reports})</span>
              </span>
              {counts.incomplete ? (
                <span className="text-sm font-normal text-zinc-700">
                  {Object.entries(counts.missing)
                    .filter(([, n]) => n > 0)
                    .map(([k, n]) => `${n} ${MISSING_LABEL[k].toLowerCase()}`)
                    .join(" · ")}
                </span>
              ) : null}
            </h2>
            {feed.length === 0 ? (
              <p className="p-4 text-sm text-zinc-700">No reports yet. They appear here the moment they are filed.</p>
            ) : (
              <ConsoleFeed
                bashId={bashId}
                nudge={b(L.nudgeAction)}
                items={feed.map((r) => ({
                  id: r.id,
                  number: r.number,
                  title: r.title,
                  status: r.status,
                  reporterName: r.reporterName,
                  featureName: r.featureName,
                  device: r.device,
                  severity: r.severity,
                  meToos: r.meToos,
                  attachmentCount: r.attachmentCount,
                  thumbUrl: r.thumbUrl,
                  missing: r.missing,
                  nudged: r.nudgedAt !== null,
                }))}
              />
            )}
          </section>

          <CoverageHeatMap coverage={coverage} />
        </div>
      </div>
    </div>
  );
}
