import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/ui/action-form";
import { LocalTime } from "@/components/ui/local-time";
import { btn, card, input, label } from "@/components/ui/styles";
import { requireActor } from "@/lib/auth";
import { getDb } from "@/lib/db";
import { countReportsForExport, getExportBash } from "@/lib/tracker/export";
import { findLastGitHubExport, gitHubSettings, type LastGitHubExport } from "@/lib/tracker/github";
import { EXPORT_PRIORITIES, EXPORT_STATUSES, EXPORT_STATUS_LABELS, ZExportSelection, type ExportPriority } from "@/lib/tracker/schema";
import { loadOr404 } from "../load";
import { createGitHubIssuesAction } from "./actions";

export const metadata: Metadata = { title: "Export to tracker" };

const PRIORITY_LABELS: Record<ExportPriority, string> = { P1: "P1", P2: "P2", P3: "P3", P4: "P4", none: "No priority" };
const SPRINT_OPTIONS = [
  { value: "any", label: "Any sprint (or none)" },
  { value: "CURRENT", label: "Current sprint" },
  { value: "LATER", label: "Later sprint" },
] as const;

type Search = Record<string, string | string[] | undefined>;

/** The values of a list parameter as sent ("A,B" or repeated), for re-ticking the boxes of a selection that did not validate. */
function sent(v: string | string[] | undefined): string[] {
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((x) => x.split(",")).map((x) => x.trim());
}

export default async function TrackerPage({ params, searchParams }: { params: Promise<{ bashId: string }>; searchParams: Promise<Search> }) {
  const { bashId } = await params;
  const sp = await searchParams;
  const actor = await requireActor();
  const raw = Object.fromEntries(Object.entries(sp).filter(([, v]) => v !== undefined)) as Record<string, string | string[]>;
  delete raw.format;
  const parsed = ZExportSelection.safeParse(raw);

  const { bash, count, last } = await loadOr404(async () => {
    const bash = await getExportBash(getDb(), actor, bashId);
    const count = parsed.success ? await countReportsForExport(getDb(), actor, bashId, parsed.data) : null;
    const last = await findLastGitHubExport(getDb(), actor, bashId);
    return { bash, count, last };
  });
  const github = gitHubSettings();

  const selection = parsed.success ? parsed.data : null;
  const statusTicked = (s: string) => (selection ? selection.statuses.includes(s as never) : sent(sp.statuses).includes(s));
  const priorityTicked = (p: string) => (selection ? selection.priorities.includes(p as never) : sent(sp.priorities).includes(p));
  const sprint = selection?.sprint ?? "any";
  const include = selection?.includeAlreadyExported ?? false;
  const problems = parsed.success ? [] : [...new Set(parsed.error.issues.map((i) => i.message))];
  const downloadUrl = `/api/bashes/${bashId}/tracker-export`;

  return (
    <div className="space-y-5">
      <nav aria-label="Breadcrumb" className="flex flex-wrap gap-x-2 text-sm">
        <Link href={`/bashes/${bashId}`} className="text-accent-700 underline-offset-2 hover:underline">
          {bash.title}
        </Link>
      </nav>
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Export to tracker</h1>
        <p className="text-zinc-700">
          Send triaged reports to the team&apos;s tracker: a file for Jira&apos;s CSV importer, a CSV or JSON file, or GitHub issues. Each report remembers where it went, so
          exporting again never makes a second copy.
        </p>
      </header>

      <section aria-labelledby="select-h" className={`${card} space-y-4 p-4`}>
        <h2 id="select-h" className="text-lg font-semibold">
          Choose reports
        </h2>
        <form method="get" action={`/bashes/${bashId}/tracker`} className="space-y-4">
          <fieldset className="space-y-1">
            <legend className={label}>Status</legend>
            {/* Sent even when nothing is ticked, so "no status" is a mistake to explain rather than the default. */}
            <input type="hidden" name="statuses" value="" />
            <div className="grid grid-cols-2 gap-x-4 sm:grid-cols-4">
              {EXPORT_STATUSES.map((s) => (
                <label key={s} className="flex min-h-11 items-center gap-2 text-sm text-zinc-800">
                  <input type="checkbox" name="statuses" value={s} defaultChecked={statusTicked(s)} className="size-5 shrink-0 accent-accent-600" />
                  {EXPORT_STATUS_LABELS[s]}
                </label>
              ))}
            </div>
          </fieldset>

          <fieldset className="space-y-1">
            <legend className={label}>Priority</legend>
            <input type="hidden" name="priorities" value="" />
            <div className="grid grid-cols-2 gap-x-4 sm:grid-cols-5">
              {EXPORT_PRIORITIES.map((p) => (
                <label key={p} className="flex min-h-11 items-center gap-2 text-sm text-zinc-800">
                  <input type="checkbox" name="priorities" value={p} defaultChecked={priorityTicked(p)} className="size-5 shrink-0 accent-accent-600" />
                  {PRIORITY_LABELS[p]}
                </label>
              ))}
            </div>
          </fieldset>

          <div className="space-y-1 sm:max-w-xs">
            <label htmlFor="tracker-sprint" className={label}>
              Sprint
            </label>
            <select id="tracker-sprint" name="sprint" defaultValue={sprint} className={input}>
              {SPRINT_OPTIONS.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>

          <label className="flex min-h-11 items-start gap-3 text-sm text-zinc-800">
            <input type="checkbox" name="includeAlreadyExported" value="true" defaultChecked={include} className="mt-0.5 size-5 shrink-0 accent-accent-600" />
            <span>
              <span className="font-medium">Include reports exported before</span>
              <span className="block text-zinc-600">Otherwise a report goes out once; reports already on GitHub are never sent there twice.</span>
            </span>
          </label>

          <div className="space-y-2 rounded-md bg-zinc-50 p-3" data-testid="tracker-count" aria-live="polite">
            {problems.length ? (
              <p role="alert" className="font-medium text-red-700">
                {problems.join(" ")}
              </p>
            ) : count ? (
              <p>
                <span className="font-semibold">
                  {count.matching} {count.matching === 1 ? "report matches" : "reports match"}
                </span>
                {count.exportedBefore > 0 && !include ? (
                  <span className="text-zinc-700">
                    {" "}
                    ({count.exportedBefore} more {count.exportedBefore === 1 ? "was" : "were"} exported before.)
                  </span>
                ) : count.exportedBefore > 0 ? (
                  <span className="text-zinc-700"> (of which {count.exportedBefore} exported before.)</span>
                ) : null}
              </p>
            ) : null}
            <button type="submit" className={btn.secondary}>
              Update count
            </button>
          </div>

          <div className="space-y-2">
            <div className="flex flex-wrap gap-2">
              <button type="submit" name="format" value="jira" formAction={downloadUrl} formMethod="post" className={btn.primary}>
                Download Jira CSV
              </button>
              <button type="submit" name="format" value="csv" formAction={downloadUrl} formMethod="post" className={btn.secondary}>
                Download CSV
              </button>
              <button type="submit" name="format" value="json" formAction={downloadUrl} formMethod="post" className={btn.secondary}>
                Download JSON
              </button>
            </div>
            <p className="text-sm text-zinc-700">
              The Jira CSV has the columns Jira&apos;s importer maps (Summary, Issue Type, Priority, Labels, Description, Reporter, Sprint) and an External ID for matching a
              re-import. A download marks its reports as exported: the next one leaves them out unless you tick “Include reports exported before”.
            </p>
          </div>
        </form>
      </section>

      <section aria-labelledby="github-h" className={`${card} space-y-3 p-4`}>
        <h2 id="github-h" className="text-lg font-semibold">
          GitHub issues
        </h2>
        {github.configured ? (
          selection && count ? (
            <ActionForm
              action={createGitHubIssuesAction.bind(null, bashId)}
              submitLabel={`Create GitHub issues (${count.matching})`}
              pendingLabel="Creating issues…"
              successMessage="Finished: the result is below."
              className="space-y-3"
            >
              <p className="text-sm text-zinc-700">
                One issue per report in <span className="font-medium break-all">{github.repo}</span>, for the {count.matching} {count.matching === 1 ? "report" : "reports"} counted above
                (press “Update count” after changing the selection), labelled <span className="font-medium">{bash.label}</span> and with its priority.
              </p>
              <input type="hidden" name="statuses" value={selection.statuses.join(",")} />
              <input type="hidden" name="priorities" value={selection.priorities.join(",")} />
              <input type="hidden" name="sprint" value={selection.sprint} />
              <input type="hidden" name="includeAlreadyExported" value={selection.includeAlreadyExported ? "true" : "false"} />
            </ActionForm>
          ) : (
            <p className="text-sm text-zinc-700">Fix the selection above first.</p>
          )
        ) : (
          <div className="space-y-2">
            <button type="button" className={btn.secondary} disabled>
              Create GitHub issues
            </button>
            <p className="text-sm text-zinc-700" data-testid="github-not-configured">
              To create GitHub issues, an administrator sets {github.missing.map((v, i) => (
                <span key={v}>
                  {i > 0 ? " and " : ""}
                  <code className="rounded bg-zinc-100 px-1">{v}</code>
                </span>
              ))}{" "}
              in Bashboard&apos;s environment (<code className="rounded bg-zinc-100 px-1">GITHUB_TOKEN</code>: a token that may create issues;{" "}
              <code className="rounded bg-zinc-100 px-1">GITHUB_REPO</code>: owner/name; <code className="rounded bg-zinc-100 px-1">GITHUB_API_URL</code> only for GitHub Enterprise
              Server) and restarts it.
            </p>
          </div>
        )}
        {last ? <LastExport bashId={bashId} last={last} /> : null}
      </section>
    </div>
  );
}

function LastExport({ bashId, last }: { bashId: string; last: LastGitHubExport }) {
  return (
    <div className="space-y-2 border-t border-zinc-200 pt-3" data-testid="github-result">
      <h3 className="font-semibold">
        Your latest GitHub export, <LocalTime iso={last.at.toISOString()} />
      </h3>
      <p className="text-sm text-zinc-700">
        {last.issues.length} {last.issues.length === 1 ? "issue" : "issues"} created in <span className="break-all">{last.repo}</span>
        {last.skipped ? `, ${last.skipped} already there (skipped)` : ""}
        {last.failures.length ? `, ${last.failures.length} failed` : ""}
        {last.notTried ? `, ${last.notTried} not sent` : ""}.
      </p>
      {last.issues.length ? (
        <ul className="space-y-1 text-sm">
          {last.issues.map((i) => (
            <li key={`${i.number}-${i.issue}`} className="break-words">
              <Link href={`/bashes/${bashId}/reports/${i.number}`} className="text-accent-700 underline-offset-2 hover:underline">
                Report #{i.number}
              </Link>{" "}
              →{" "}
              <a href={i.url} className="break-all text-accent-700 underline underline-offset-2" target="_blank" rel="noreferrer">
                issue #{i.issue}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {last.failures.length ? (
        <ul className="space-y-1 text-sm text-red-700" aria-label="Reports that were not sent">
          {last.failures.map((f) => (
            <li key={f.number} className="break-words">
              <span className="font-medium">Report #{f.number}:</span> {f.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
