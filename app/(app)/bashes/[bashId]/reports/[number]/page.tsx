import type { Metadata } from "next";
import Link from "next/link";
import { PriorityChip, ReportStatusChip } from "@/components/bashes/status-chip";
import { AddDetailsForm } from "@/components/reports/add-details-form";
import { LiveRefresh } from "@/components/realtime/use-bash-events";
import { LocalTime } from "@/components/ui/local-time";
import { card } from "@/components/ui/styles";
import { requireActor } from "@/lib/auth";
import { getDb } from "@/lib/db";
import { describeDevice } from "@/lib/devices/schema";
import { getReportByNumber } from "@/lib/reports/queries";
import * as L from "../../live-actions";
import { loadOr404 } from "../../load";

export const metadata: Metadata = { title: "Report" };

const SEVERITY: Record<string, string> = { CRITICAL: "Critical", MAJOR: "Major", MINOR: "Minor", TRIVIAL: "Trivial" };

export default async function ReportPage({ params }: { params: Promise<{ bashId: string; number: string }> }) {
  const { bashId, number } = await params;
  const actor = await requireActor();
  const n = /^\d{1,9}$/.test(number) ? Number(number) : -1;
  const { report: r, canAddDetails, missing } = await loadOr404(() => getReportByNumber(getDb(), actor, bashId, n));
  const device = r.os || r.browser || r.phoneName ? describeDevice({ ...r, kind: r.deviceKind ?? (r.phoneName ? "MOBILE" : "WEB") }) : "";
  const text = (label: string, value: string) =>
    value ? (
      <div>
        <h2 className="text-sm font-semibold text-zinc-800">{label}</h2>
        <p className="whitespace-pre-wrap break-words">{value}</p>
      </div>
    ) : null;
  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <LiveRefresh bashId={bashId} types={["report."]} />
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={`/bashes/${bashId}`} className="text-accent-700 underline-offset-2 hover:underline">
          Back to the bash
        </Link>
      </nav>
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">
          <span className="text-zinc-500">#{r.number}</span> {r.title}
        </h1>
        <p className="flex flex-wrap items-center gap-2 text-sm text-zinc-700">
          <ReportStatusChip status={r.status} />
          <PriorityChip priority={r.priority} />
          {r.severity ? <span>Severity: {SEVERITY[r.severity]}</span> : null}
          <span>
            by {r.reporterName || "unknown"} · <LocalTime iso={r.createdAt.toISOString()} />
          </span>
        </p>
      </header>
      <section className={`${card} space-y-3 p-4`} aria-label="Report">
        {r.duplicateOf ? (
          <p className="text-sm">
            Duplicate of <Link href={`/bashes/${bashId}/reports/${r.duplicateOf.number}`} className="text-accent-700 underline">#{r.duplicateOf.number} {r.duplicateOf.title}</Link>
          </p>
        ) : null}
        <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
          <dt className="text-zinc-600">Feature</dt>
          <dd>{r.feature?.menuName ?? "—"}</dd>
          <dt className="text-zinc-600">Environment</dt>
          <dd>{r.environment?.name ?? "—"}</dd>
          <dt className="text-zinc-600">Device</dt>
          <dd>{device || "—"}</dd>
        </dl>
        {text("Description", r.description)}
        {text("Steps to reproduce", r.steps)}
        {text("Expected result", r.expected)}
        {text("Actual result", r.actual)}
        {r.attachments.length ? (
          <ul className="flex flex-wrap gap-3" aria-label="Attachments">
            {r.attachments.map((a) => (
              <li key={a.id}>
                <a href={a.url} target="_blank" rel="noopener noreferrer" className="block text-xs text-accent-700 underline">
                  {a.thumbUrl ? (
                    // eslint-disable-next-line @next/next/no-img-element -- our own authorised route
                    <img src={a.thumbUrl} alt={a.fileName} className="mb-1 h-24 w-32 rounded border border-zinc-200 object-cover" />
                  ) : (
                    <span className="mb-1 flex h-24 w-32 items-center justify-center rounded border border-zinc-200 bg-zinc-50">▶ video</span>
                  )}
                  {a.fileName}
                </a>
              </li>
            ))}
          </ul>
        ) : null}
        {r.meToos.length ? (
          <div>
            <h2 className="text-sm font-semibold text-zinc-800">Also seen by ({r.meToos.length})</h2>
            <ul className="text-sm">
              {r.meToos.map((m) => (
                <li key={m.id}>
                  <span className="font-medium">{m.user.name}</span>
                  {m.note ? <span className="whitespace-pre-wrap text-zinc-700">: {m.note}</span> : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>
      {canAddDetails ? (
        <section aria-labelledby="details-h" className={`${card} space-y-3 p-4`}>
          <h2 id="details-h" className="text-lg font-semibold">
            Add details
          </h2>
          <AddDetailsForm
            bashId={bashId}
            reportId={r.id}
            missing={missing}
            initial={{ steps: r.steps, expected: r.expected, actual: r.actual, os: r.os, osVersion: r.osVersion, browser: r.browser, browserVersion: r.browserVersion, phoneName: r.phoneName, deviceKind: r.deviceKind }}
            action={L.addReportDetailsAction.bind(null, bashId) as never}
          />
        </section>
      ) : null}
    </div>
  );
}
