import type { Metadata } from "next";
import Link from "next/link";
import { ReportStatusChip, REPORT_STATUS_LABEL } from "@/components/bashes/status-chip";
import { btn, card, input, label } from "@/components/ui/styles";
import { requireActor } from "@/lib/auth";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { searchReports, type SearchResult } from "@/lib/search/queries";
import { REPORT_STATUSES, SEARCH_LIMIT } from "@/lib/search/schema";

export const metadata: Metadata = { title: "Search reports" };

type Params = Record<string, string | string[] | undefined>;

export default async function SearchPage({ searchParams }: { searchParams: Promise<Params> }) {
  const actor = await requireActor();
  const sp = await searchParams;
  const raw = { q: sp.q, bash: sp.bash, status: sp.status };
  let result: SearchResult;
  let problem: string | null = null;
  try {
    result = await searchReports(getDb(), actor, raw);
  } catch (e) {
    if (!isAppError(e) || e.code !== "INVALID") throw e;
    problem = e.message;
    result = await searchReports(getDb(), actor, {});
  }
  const { query, hits, total, bashes } = result;
  return (
    <div className="space-y-5">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Search reports</h1>
        <p className="text-zinc-700">Titles, descriptions, steps, reporters and features, in every bash you are part of.</p>
      </header>

      <form method="get" action="/search" role="search" aria-label="Search reports" className={`${card} grid gap-3 p-4 sm:grid-cols-2 lg:grid-cols-4`}>
        <div className="space-y-1 sm:col-span-2">
          <label htmlFor="search-q" className={label}>
            Words
          </label>
          <input id="search-q" name="q" type="search" defaultValue={query.q} placeholder="crash, checkout, Ana…" className={input} autoFocus={!query.q} />
        </div>
        <div className="space-y-1">
          <label htmlFor="search-bash" className={label}>
            Bash
          </label>
          <select id="search-bash" name="bash" defaultValue={query.bash ?? ""} className={input}>
            <option value="">All my bashes</option>
            {bashes.map((b) => (
              <option key={b.id} value={b.id}>
                {b.title}
                {b.archived ? " (archived)" : ""}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="search-status" className={label}>
            Status
          </label>
          <select id="search-status" name="status" defaultValue={query.status ?? ""} className={input}>
            <option value="">Any status</option>
            {REPORT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {REPORT_STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-wrap items-center gap-3 sm:col-span-2 lg:col-span-4">
          <button type="submit" className={btn.primary}>
            Search
          </button>
          {problem ? (
            <p role="alert" className="text-sm font-medium text-red-700">
              {problem}
            </p>
          ) : null}
        </div>
      </form>

      {query.q ? (
        <section aria-labelledby="results-h" className="space-y-3">
          <h2 id="results-h" className="text-sm font-semibold uppercase tracking-wide text-zinc-700" aria-live="polite">
            {total === 0
              ? "No reports match"
              : total > hits.length
                ? `Showing the newest ${hits.length} of ${total.toLocaleString("en")} reports`
                : `${total.toLocaleString("en")} ${total === 1 ? "report" : "reports"}`}
          </h2>
          {hits.length ? (
            <ul className={`${card} divide-y divide-zinc-100`}>
              {hits.map((h) => (
                <li key={h.id} className="space-y-1 px-4 py-3">
                  <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
                    <Link href={h.href} className="min-w-0 break-words font-semibold text-accent-700 underline-offset-2 hover:underline">
                      <span className="tabular-nums text-zinc-600">#{h.number}</span> {h.title}
                    </Link>
                    <ReportStatusChip status={h.status} />
                  </div>
                  <p className="flex flex-wrap gap-x-3 text-sm text-zinc-700">
                    <span>{h.bashTitle}</span>
                    {h.reporterName ? <span>by {h.reporterName}</span> : null}
                    {h.feature ? <span>{h.feature}</span> : null}
                  </p>
                  {h.snippet && h.snippet.field !== "Title" ? (
                    <p className="break-words text-sm text-zinc-800">
                      <span className="text-xs font-semibold uppercase text-zinc-600">{h.snippet.field}: </span>
                      {h.snippet.before}
                      <mark className="rounded bg-yellow-200 px-0.5 text-zinc-900">{h.snippet.match}</mark>
                      {h.snippet.after}
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className={`${card} p-6 text-center text-zinc-700`}>Try fewer or different words, or another bash or status.</p>
          )}
          {total > SEARCH_LIMIT ? <p className="text-sm text-zinc-700">Add words or choose a bash or status to narrow the results.</p> : null}
        </section>
      ) : (
        <p className="text-zinc-700">Type what you are looking for and press Search.</p>
      )}
    </div>
  );
}
