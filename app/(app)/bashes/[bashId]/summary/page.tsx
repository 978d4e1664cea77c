import type { Metadata } from "next";
import Link from "next/link";
import { BashStatusChip } from "@/components/bashes/status-chip";
import { LiveRefresh } from "@/components/realtime/use-bash-events";
import { BarChart, PRIORITY_BAR } from "@/components/summary/bar-chart";
import { Leaderboard } from "@/components/summary/leaderboard";
import { PrintButton } from "@/components/summary/print-button";
import { LocalTime } from "@/components/ui/local-time";
import { card } from "@/components/ui/styles";
import { requireActor } from "@/lib/auth";
import { getDb } from "@/lib/db";
import { getSummary } from "@/lib/summary/queries";
import { loadOr404 } from "../load";
import { setLeaderboardHiddenAction } from "./actions";

export const metadata: Metadata = { title: "Summary" };

const STATUS_BAR: Record<string, string> = {
  OPEN: "bg-sky-700",
  NEEDS_INFO: "bg-violet-700",
  CONFIRMED: "bg-accent-600",
  IN_PROGRESS: "bg-accent-600",
  DONE: "bg-accent-600",
  NOT_A_BUG: "bg-zinc-500",
  DUPLICATE: "bg-zinc-500",
};

// Printing (or "Save as PDF"): only the summary, black on white, no app header, navigation or buttons;
// a chart or a leaderboard row is never cut across two pages. Bars keep their colour (the counts are
// written next to them anyway).
const PRINT_CSS = `
@media print {
  @page { margin: 12mm; }
  html, body { background: #fff !important; }
  body > header, header:has(nav[aria-label="Main"]), body > a[href="#main"] { display: none !important; }
  main { max-width: none !important; padding: 0 !important; margin: 0 !important; }
  #summary, #summary * { color: #000 !important; }
  #summary .summary-card { box-shadow: none !important; border-color: #888 !important; break-inside: avoid; page-break-inside: avoid; }
  #summary .summary-row, #summary li { break-inside: avoid; page-break-inside: avoid; }
  #summary h2, #summary h3 { break-after: avoid; page-break-after: avoid; }
  #summary .summary-track { background: #fff !important; box-shadow: inset 0 0 0 1px #bbb; }
  #summary .summary-bar, #summary [data-chip] { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  #summary [data-chip] { background: #fff !important; box-shadow: inset 0 0 0 1px #000 !important; }
  #summary a { text-decoration: none; }
}
`;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export default async function SummaryPage({ params }: { params: Promise<{ bashId: string }> }) {
  const { bashId } = await params;
  const actor = await requireActor();
  const s = await loadOr404(() => getSummary(getDb(), actor, bashId));
  const { bash, totals, participation, devices } = s;
  const subtitle = [bash.product, bash.release].filter(Boolean).join(" · ");
  const toggle = setLeaderboardHiddenAction.bind(null, bashId) as never;
  const headline: [string, number, string][] = [
    ["Reports", totals.reports, "reports"],
    ["Confirmed bugs", totals.bugs, "bugs"],
    ["P1 bugs", totals.p1Bugs, "p1"],
    ["People who reported", participation.reporters, "reporters"],
  ];

  return (
    <div id="summary" className="space-y-6">
      <style>{PRINT_CSS}</style>
      <LiveRefresh bashId={bashId} since={s.eventId} types={["report.", "bash.", "feature.", "xlsx."]} />

      <nav aria-label="Breadcrumb" className="flex flex-wrap gap-x-4 text-sm print:hidden">
        <Link href={`/bashes/${bashId}`} className="text-accent-700 underline-offset-2 hover:underline">
          {bash.title}
        </Link>
        {s.canManage ? (
          <>
            <Link href={`/bashes/${bashId}/plan`} className="text-accent-700 underline-offset-2 hover:underline">
              Plan
            </Link>
            <Link href={`/bashes/${bashId}/live`} className="text-accent-700 underline-offset-2 hover:underline">
              Live console
            </Link>
          </>
        ) : null}
      </nav>

      <header className={`${card} space-y-4 p-4 print:border-0 print:p-0 print:shadow-none`}>
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0 space-y-1">
            <p className="text-xs font-semibold uppercase tracking-wide text-zinc-700">Bug-bash summary</p>
            <div className="flex flex-wrap items-center gap-3">
              <h1 className="min-w-0 break-words text-2xl font-semibold tracking-tight">{bash.title}</h1>
              <span className="print:hidden">
                <BashStatusChip status={bash.status} />
              </span>
            </div>
            {subtitle ? <p className="text-sm text-zinc-700">{subtitle}</p> : null}
            <p className="text-sm text-zinc-700">
              {bash.startedAt ? (
                <>
                  Started <LocalTime iso={bash.startedAt.toISOString()} />
                  {bash.endedAt ? (
                    <>
                      {" "}
                      · ended <LocalTime iso={bash.endedAt.toISOString()} />
                    </>
                  ) : null}
                </>
              ) : (
                "Not started yet."
              )}
            </p>
            <p className="text-xs text-zinc-700">
              Counts as of <LocalTime iso={s.generatedAt.toISOString()} />
              {bash.status === "LIVE" ? "; they update by themselves while the bash runs." : "."}
            </p>
          </div>
          <PrintButton />
        </div>

        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="headline">
          {headline.map(([label, value, id]) => (
            <div key={id} className="summary-card rounded-lg border border-zinc-200 bg-zinc-50 p-3 print:bg-white" data-testid={`headline-${id}`}>
              <dt className="text-xs font-medium uppercase tracking-wide text-zinc-700">{label}</dt>
              <dd className="text-3xl font-semibold tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
        {totals.reports > 0 ? (
          <p className="text-sm text-zinc-800" data-testid="participation">
            {plural(participation.reporters, "person", "people")} filed at least one report
            {participation.participants ? ` (${plural(participation.participants, "participant")} invited)` : ""} · {plural(participation.plusOnes, "+1")} given
            {participation.plusOnes ? ` by ${plural(participation.plusOneGivers, "person", "people")}` : ""} · {totals.notBugs} not a bug · {plural(totals.duplicates, "duplicate")} ·{" "}
            {totals.untriaged} still to triage
          </p>
        ) : null}
      </header>

      {totals.reports === 0 ? (
        <section className={`${card} space-y-2 p-6 text-center`} data-testid="summary-empty">
          <h2 className="text-lg font-semibold">No reports yet</h2>
          <p className="mx-auto max-w-prose text-sm text-zinc-700">
            As participants file reports, this page counts them by status, priority, feature, device and reporter, and ranks the confirmed bugs. It
            updates by itself during the bash, and prints as a one-click PDF afterwards.
          </p>
          <p className="text-sm">
            <Link href={`/bashes/${bashId}`} className="font-medium text-accent-700 underline">
              Back to the bash
            </Link>
          </p>
        </section>
      ) : (
        <>
          <section aria-labelledby="triage-h" className="space-y-3">
            <h2 id="triage-h" className="text-lg font-semibold">
              Status and priority
            </h2>
            <div className="grid gap-4 lg:grid-cols-2">
              <BarChart id="status" title="Status" tallies={totals.status} tones={STATUS_BAR} note="Confirmed, In progress and Done are confirmed bugs." />
              <BarChart id="priority" title="Priority, all reports" tallies={totals.priority} tones={PRIORITY_BAR} />
              <BarChart
                id="bug-priority"
                title="Priority, confirmed bugs"
                tallies={totals.bugsByPriority}
                tones={PRIORITY_BAR}
                unit="bugs"
                empty="No confirmed bugs yet."
              />
              <BarChart id="severity" title="Severity (as reported)" tallies={totals.severity} />
            </div>
          </section>

          <section aria-labelledby="feature-h" className="space-y-3">
            <h2 id="feature-h" className="text-lg font-semibold">
              Features
            </h2>
            <BarChart id="feature" title="Reports by feature" tallies={s.byFeature} limit={20} note="Every planned feature is listed: a 0 is a feature nobody reported on." />
          </section>

          <section aria-labelledby="device-h" className="space-y-3">
            <h2 id="device-h" className="text-lg font-semibold">
              Devices
            </h2>
            <p className="text-sm text-zinc-700" data-testid="device-kinds">
              {plural(devices.web, "report")} from the web, {devices.mobile} from phones{devices.none ? `, ${devices.none} without a device` : ""}.
            </p>
            <div className="grid gap-4 lg:grid-cols-2">
              <BarChart id="os" title="Operating system (web)" tallies={s.byOs} empty="No web reports." />
              <BarChart id="browser" title="Browser" tallies={s.byBrowser} empty="No web reports." />
              <BarChart id="phone" title="Phone" tallies={s.byPhone} empty="No reports from phones." />
              <BarChart id="mobile-os" title="Mobile OS" tallies={s.byMobileOs} empty="No reports from phones." />
            </div>
          </section>

          <section aria-labelledby="reporter-h" className="space-y-3">
            <h2 id="reporter-h" className="text-lg font-semibold">
              People
            </h2>
            <BarChart id="reporter" title="Reports by reporter" tallies={s.byReporter} limit={20} note="Every report filed, whatever triage decided." />
          </section>

          {s.leaderboard ? <Leaderboard board={s.leaderboard} canManage={s.canManage} toggle={toggle} /> : null}
        </>
      )}
    </div>
  );
}
