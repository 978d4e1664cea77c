// The participant's live page, on top of the bash page while the bash runs (and the thank-you screen
// once it ended): countdown, "Report a bug", my raised hand, nudges to me, my reports.
import Link from "next/link";
import { ReportStatusChip } from "@/components/bashes/status-chip";
import { Countdown } from "@/components/bashes/countdown";
import { LastCall, PresencePing } from "@/components/live/clock";
import { ActionButton, ActionForm, ATextarea } from "@/components/ui/action-form";
import { LocalTime } from "@/components/ui/local-time";
import { btn, card } from "@/components/ui/styles";
import type { getMyLiveState } from "@/lib/live/participant";
import { LAST_CALL_MINUTES } from "@/lib/live/clock";

type State = Awaited<ReturnType<typeof getMyLiveState>>;
type Bound = (input: Record<string, string>) => Promise<{ ok: true; data?: unknown } | { ok: false; message: string; fieldErrors?: Record<string, string> }>;

const MISSING_TEXT: Record<string, string> = { steps: "steps", screenshot: "screenshot", device: "device", "expected/actual": "expected/actual" };

export function ParticipantLivePanel({
  bashId,
  state,
  serverNowIso,
  name,
  actions,
}: {
  bashId: string;
  state: State;
  serverNowIso: string;
  name: string;
  actions: { raiseHand: Bound; resolveHelp: Bound; moreTime: Bound; presence: Bound };
}) {
  const { bash, help, reports, nudges } = state;
  if (bash.status === "ENDED" || bash.status === "CLOSED") {
    return (
      <section aria-labelledby="thanks-h" className={`${card} space-y-3 border-emerald-200 bg-emerald-50/50 p-5`}>
        <h2 id="thanks-h" className="text-xl font-semibold">
          Thank you, {name}!
        </h2>
        <p className="text-zinc-800">
          The bash has ended and reporting is closed.{" "}
          {reports.length === 0
            ? "You did not file a report this time — thanks for taking part."
            : `You filed ${reports.length} report${reports.length === 1 ? "" : "s"}. The triagers take it from here; answer their questions from the bell at the top.`}
        </p>
        <MyReports bashId={bashId} reports={reports} />
      </section>
    );
  }
  if (bash.status !== "LIVE" || !bash.endsAt) return null;
  return (
    <section aria-labelledby="live-h" className={`${card} space-y-4 border-green-200 p-4`}>
      <PresencePing action={actions.presence as never} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="live-h" className="text-lg font-semibold">
          The bash is on
        </h2>
        <div className="text-lg">
          <Countdown targetIso={bash.endsAt.toISOString()} serverNowIso={serverNowIso} label="Time left" doneText="time is up" />
        </div>
      </div>
      {bash.extendedAt ? (
        <p role="status" className="rounded-md bg-sky-50 px-3 py-2 text-sm font-medium text-sky-900">
          Extended by {bash.extendedMinutes} min — now ends at <LocalTime iso={bash.endsAt.toISOString()} />.
        </p>
      ) : null}
      <LastCall endsAtIso={bash.endsAt.toISOString()} serverNowIso={serverNowIso} minutes={LAST_CALL_MINUTES} wants={state.wantsMoreTime} action={actions.moreTime as never} />
      {nudges.map((n) => (
        <div key={n.id} role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          <p className="font-semibold text-amber-950">{n.title}</p>
          {n.body ? <p className="text-amber-950">{n.body}</p> : null}
          <Link href={n.url} className="mt-1 inline-block font-medium text-accent-700 underline">
            Add the details
          </Link>
        </div>
      ))}
      <div className="flex flex-wrap gap-2">
        {state.canReport ? (
          <Link href={`/bashes/${bashId}/report`} className={`${btn.primary} flex-1 text-base sm:flex-none`}>
            Report a bug
          </Link>
        ) : null}
        <a href="#brief" className={btn.secondary}>
          The brief
        </a>
      </div>
      {state.canRaiseHand ? (
        help ? (
          <div role="status" className={`rounded-md border p-3 text-sm ${help.status === "ACKNOWLEDGED" ? "border-sky-300 bg-sky-50" : "border-red-300 bg-red-50"}`}>
            <p className="font-semibold">
              {help.status === "ACKNOWLEDGED" ? `${help.handledByName ?? "A facilitator"} is on the way.` : "Your hand is raised — a facilitator will come to you."}
            </p>
            <p className="text-zinc-800">“{help.message}”</p>
            <div className="mt-2">
              <ActionButton action={actions.resolveHelp} input={{ id: help.id }} className={btn.secondary}>
                I&apos;m unblocked
              </ActionButton>
            </div>
          </div>
        ) : (
          <details className="rounded-md border border-zinc-200 p-3">
            <summary className="cursor-pointer select-none font-medium">I&apos;m blocked</summary>
            <ActionForm action={actions.raiseHand} submitLabel="Raise my hand" className="mt-3 space-y-3" ariaLabel="Raise my hand" resetOnSuccess>
              <ATextarea label="What blocks you?" name="message" rows={2} placeholder="Can't sign in to staging; the Android build won't install…" />
            </ActionForm>
          </details>
        )
      ) : null}
      <MyReports bashId={bashId} reports={reports} />
    </section>
  );
}

function MyReports({ bashId, reports }: { bashId: string; reports: State["reports"] }) {
  if (reports.length === 0) return null;
  return (
    <div>
      <h3 className="mb-2 font-semibold">
        My reports <span className="font-normal text-zinc-600">({reports.length})</span>
      </h3>
      <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200 bg-white" aria-label="My reports">
        {reports.map((r) => (
          <li key={r.id} className="flex items-center gap-3 px-3 py-2">
            {r.attachments[0]?.thumbUrl ? (
              // eslint-disable-next-line @next/next/no-img-element -- our own authorised route
              <img src={r.attachments[0].thumbUrl} alt="" className="h-10 w-12 shrink-0 rounded border border-zinc-200 object-cover" />
            ) : null}
            <Link href={`/bashes/${bashId}/reports/${r.number}`} className="min-w-0 flex-1 text-sm">
              <span className="tabular-nums text-zinc-600">#{r.number}</span> <span className="font-medium underline-offset-2 hover:underline">{r.title}</span>
              {r.missing.length ? <span className="block text-xs text-amber-900">Missing: {r.missing.map((m) => MISSING_TEXT[m]).join(", ")}</span> : null}
            </Link>
            {r.meToos ? <span className="text-xs text-zinc-700">+{r.meToos}</span> : null}
            <ReportStatusChip status={r.status} />
          </li>
        ))}
      </ul>
    </div>
  );
}
