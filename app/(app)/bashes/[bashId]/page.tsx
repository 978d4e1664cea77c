import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { BashStatusChip, PriorityChip, REPORT_STATUS_LABEL, ReportStatusChip } from "@/components/bashes/status-chip";
import { LocalTime } from "@/components/ui/local-time";
import { card } from "@/components/ui/styles";
import { requireActor } from "@/lib/auth";
import { getBashOverview } from "@/lib/bashes/queries";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Bash" };

const ROLE_LABEL: Record<string, string> = { FACILITATOR: "Facilitator", PARTICIPANT: "Participant", TRIAGER: "Triager", OBSERVER: "Observer" };

export default async function BashPage({ params }: { params: Promise<{ bashId: string }> }) {
  const { bashId } = await params;
  const actor = await requireActor();
  let data;
  try {
    data = await getBashOverview(getDb(), actor, bashId);
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  const { bash, reports, statusCounts, role } = data;
  const subtitle = [bash.product, bash.release].filter(Boolean).join(" · ");
  const people = bash.memberships;
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/" className="text-accent-700 underline-offset-2 hover:underline">
          My bashes
        </Link>
      </nav>
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
      </header>

      <section aria-labelledby="counts" className="space-y-2">
        <h2 id="counts" className="sr-only">
          Reports by status
        </h2>
        <ul className="grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-7">
          {Object.keys(REPORT_STATUS_LABEL).map((s) => (
            <li key={s} className={`${card} px-3 py-2`}>
              <p className="text-xs font-medium text-zinc-700">{REPORT_STATUS_LABEL[s]}</p>
              <p className="text-xl font-semibold">{statusCounts[s] ?? 0}</p>
            </li>
          ))}
        </ul>
      </section>

      <div className="grid gap-6 lg:grid-cols-3">
        <section aria-labelledby="reports-h" className={`${card} lg:col-span-2`}>
          <h2 id="reports-h" className="border-b border-zinc-200 px-4 py-3 font-semibold">
            Reports <span className="font-normal text-zinc-600">({reports.length})</span>
          </h2>
          {reports.length === 0 ? (
            <p className="px-4 py-8 text-center text-zinc-700">No reports yet. They appear here as soon as participants file them.</p>
          ) : (
            <ul className="divide-y divide-zinc-100">
              {reports.map((r) => (
                <li key={r.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3">
                  <span className="w-10 shrink-0 text-sm tabular-nums text-zinc-600">#{r.number}</span>
                  <span className="min-w-0 flex-1 basis-48 font-medium">{r.title}</span>
                  <span className="text-sm text-zinc-700">{r.feature?.menuName}</span>
                  <PriorityChip priority={r.priority} />
                  <ReportStatusChip status={r.status} />
                  <span className="w-full pl-13 text-xs text-zinc-600 sm:w-auto sm:pl-0">{r.reporterName}</span>
                </li>
              ))}
            </ul>
          )}
        </section>

        <div className="space-y-6">
          <section aria-labelledby="env-h" className={`${card} p-4`}>
            <h2 id="env-h" className="font-semibold">
              Environments
            </h2>
            {bash.environments.length === 0 ? (
              <p className="mt-2 text-sm text-zinc-700">None yet.</p>
            ) : (
              <ul className="mt-2 space-y-3">
                {bash.environments.map((e) => (
                  <li key={e.id} className="text-sm">
                    <p className="font-medium">{e.name}</p>
                    {e.url ? (
                      <a href={e.url} className="break-all text-accent-700 underline" rel="noopener noreferrer" target="_blank">
                        {e.url}
                      </a>
                    ) : null}
                    {e.testDataNotes ? <p className="text-zinc-700">{e.testDataNotes}</p> : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="feat-h" className={`${card} p-4`}>
            <h2 id="feat-h" className="font-semibold">
              Features under test
            </h2>
            {bash.features.length === 0 ? (
              <p className="mt-2 text-sm text-zinc-700">None yet.</p>
            ) : (
              <ol className="mt-2 space-y-2 text-sm">
                {bash.features.map((f) => (
                  <li key={f.id}>
                    <p className="font-medium">{f.menuName}</p>
                    {f.description ? <p className="text-zinc-700">{f.description}</p> : null}
                  </li>
                ))}
              </ol>
            )}
          </section>
          <section aria-labelledby="people-h" className={`${card} p-4`}>
            <h2 id="people-h" className="font-semibold">
              People <span className="font-normal text-zinc-600">({people.length})</span>
            </h2>
            <ul className="mt-2 space-y-2 text-sm">
              {people.map((m) => (
                <li key={m.id} className="flex flex-wrap justify-between gap-x-2">
                  <span className="font-medium">{m.user.name}</span>
                  <span className="text-zinc-700">
                    {ROLE_LABEL[m.role]}
                    {m.devices[0]
                      ? ` · ${m.devices[0].kind === "WEB" ? `${m.devices[0].os} ${m.devices[0].osVersion}, ${m.devices[0].browser}` : `${m.devices[0].phoneName}, ${m.devices[0].os} ${m.devices[0].osVersion}`}`
                      : ""}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        </div>
      </div>
    </div>
  );
}
