import type { Metadata } from "next";
import Link from "next/link";
import { PriorityChip, ReportStatusChip } from "@/components/bashes/status-chip";
import { AddDetailsForm } from "@/components/reports/add-details-form";
import { LiveRefresh } from "@/components/realtime/use-bash-events";
import { AttachmentGallery } from "@/components/triage-detail/lightbox";
import { ActionButton, ActionForm, AField, ASelect, ATextarea } from "@/components/ui/action-form";
import { LocalTime } from "@/components/ui/local-time";
import { Markdown } from "@/components/ui/markdown";
import { btn, card } from "@/components/ui/styles";
import { bashActionBinder } from "@/lib/action";
import { requireActor } from "@/lib/auth";
import { getDb } from "@/lib/db";
import { describeDevice } from "@/lib/devices/schema";
import { getReportByNumber } from "@/lib/reports/queries";
import { getTriageDetail } from "@/lib/triage/queries";
import { STATUS_LABEL, type TriageStatus } from "@/lib/triage/schema";
import * as L from "../../live-actions";
import { loadOr404 } from "../../load";
import * as T from "./actions";

export const metadata: Metadata = { title: "Report" };

const SEVERITY: Record<string, string> = { CRITICAL: "Critical", MAJOR: "Major", MINOR: "Minor", TRIVIAL: "Trivial" };
const FIELD_LABEL: Record<string, string> = {
  status: "Status",
  priority: "Priority",
  severity: "Severity",
  sprint: "Sprint",
  sprintName: "Sprint name",
  duplicateOfId: "Duplicate of",
  title: "Title",
  description: "Description",
  steps: "Steps",
  expected: "Expected",
  actual: "Actual",
  reproducedOn: "Reproduced on",
  couldNotReproduce: "Could not reproduce",
  remarks: "Remarks",
};
const EVENT_LABEL: Record<string, string> = {
  "report.created": "filed the report",
  "report.asked": "asked the reporter",
  "report.answered": "answered",
  "report.commented": "commented",
  "report.details_added": "added details",
  "report.nudged": "asked for details",
  "report.metoo": "added a +1",
  "report.exported": "exported it",
};
const COMMENT_KIND: Record<string, string> = { QUESTION: "asked", ANSWER: "answered", COMMENT: "commented" };

function show(field: string, v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  if (field === "status") return STATUS_LABEL[v as TriageStatus] ?? String(v);
  if (field === "sprint") return v === "CURRENT" ? "Current sprint" : "Later";
  if (field === "severity") return SEVERITY[String(v)] ?? String(v);
  if (typeof v === "boolean") return v ? "yes" : "no";
  const s = String(v);
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}

export default async function ReportPage({ params }: { params: Promise<{ bashId: string; number: string }> }) {
  const { bashId, number } = await params;
  const actor = await requireActor();
  const n = /^\d{1,9}$/.test(number) ? Number(number) : -1;
  const { report: r, canAddDetails, missing, mine } = await loadOr404(() => getReportByNumber(getDb(), actor, bashId, n));
  const detail = await loadOr404(() => getTriageDetail(getDb(), actor, bashId, n));
  const device = r.os || r.browser || r.phoneName ? describeDevice({ ...r, kind: r.deviceKind ?? (r.phoneName ? "MOBILE" : "WEB") }) : "";
  const b = bashActionBinder(bashId);
  const at = { reportId: r.id, version: String(r.version) };
  const hidden = (
    <>
      <input type="hidden" name="reportId" value={r.id} />
      <input type="hidden" name="version" value={r.version} />
    </>
  );
  const text = (label: string, value: string) =>
    value ? (
      <div>
        <h2 className="text-sm font-semibold text-zinc-800">{label}</h2>
        <p className="whitespace-pre-wrap break-words">{value}</p>
      </div>
    ) : null;
  const answering = mine && r.status === "NEEDS_INFO";

  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <LiveRefresh bashId={bashId} types={["report."]} />
      <nav aria-label="Breadcrumb" className="flex flex-wrap gap-x-4 text-sm">
        <Link href={`/bashes/${bashId}`} className="text-accent-700 underline-offset-2 hover:underline">
          Back to the bash
        </Link>
        {detail.canTriage ? (
          <Link href={`/bashes/${bashId}/triage`} className="text-accent-700 underline-offset-2 hover:underline">
            Triage board
          </Link>
        ) : null}
      </nav>
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">
          <span className="text-zinc-500">#{r.number}</span> {r.title}
        </h1>
        <p className="flex flex-wrap items-center gap-2 text-sm text-zinc-700">
          <ReportStatusChip status={r.status} />
          <PriorityChip priority={r.priority} />
          {r.severity ? <span>Severity: {SEVERITY[r.severity]}</span> : null}
          {r.sprint ? <span>{r.sprint === "CURRENT" ? "Current sprint" : "Later"}{r.sprintName ? ` (${r.sprintName})` : ""}</span> : null}
          <span>
            by {r.reporterName || "unknown"} · <LocalTime iso={r.createdAt.toISOString()} />
          </span>
        </p>
      </header>

      {answering ? (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          A triager has a question for you (below). Your answer sends the report back to them.
        </p>
      ) : null}

      <section className={`${card} space-y-3 p-4`} aria-label="Report">
        {r.duplicateOf ? (
          <p className="text-sm">
            Duplicate of{" "}
            <Link href={`/bashes/${bashId}/reports/${r.duplicateOf.number}`} className="text-accent-700 underline">
              #{r.duplicateOf.number} {r.duplicateOf.title}
            </Link>
          </p>
        ) : null}
        <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
          <dt className="text-zinc-600">Feature</dt>
          <dd>{r.feature?.menuName ?? "—"}</dd>
          <dt className="text-zinc-600">Environment</dt>
          <dd>{r.environment?.name ?? "—"}</dd>
          <dt className="text-zinc-600">Device</dt>
          <dd>{device || "—"}</dd>
          {r.reproducedOn || r.couldNotReproduce ? (
            <>
              <dt className="text-zinc-600">Reproduced</dt>
              <dd>{r.couldNotReproduce ? "Could not reproduce" : `On ${r.reproducedOn}`}</dd>
            </>
          ) : null}
          {r.userAgent ? (
            <>
              <dt className="text-zinc-600">User agent</dt>
              <dd className="break-all text-xs text-zinc-700">{r.userAgent}</dd>
            </>
          ) : null}
        </dl>
        {text("Description", r.description)}
        {text("Steps to reproduce", r.steps)}
        {text("Expected result", r.expected)}
        {text("Actual result", r.actual)}
        <AttachmentGallery items={r.attachments} />
        {r.meToos.length || detail.duplicates.length ? (
          <div>
            <h2 className="text-sm font-semibold text-zinc-800">Also seen by ({r.meToos.length + detail.duplicates.length})</h2>
            <ul className="text-sm">
              {r.meToos.map((m) => (
                <li key={m.id}>
                  <span className="font-medium">{m.user.name}</span>
                  {m.note ? <span className="whitespace-pre-wrap text-zinc-700">: {m.note}</span> : null}
                </li>
              ))}
              {detail.duplicates.map((d) => (
                <li key={d.id}>
                  <span className="font-medium">{d.reporterName || "someone"}</span> in duplicate{" "}
                  <Link href={`/bashes/${bashId}/reports/${d.number}`} className="text-accent-700 underline">
                    #{d.number} {d.title}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      {detail.canTriage ? (
        <section aria-labelledby="decide-h" className={`${card} space-y-4 p-4`}>
          <h2 id="decide-h" className="text-lg font-semibold">
            Decide
          </h2>
          <div className="flex flex-wrap gap-2" role="group" aria-label="Quick decisions">
            {(["P1", "P2", "P3", "P4"] as const).map((p) => (
              <ActionButton key={p} action={b(T.updateReportAction)} input={{ ...at, status: "CONFIRMED", priority: p }} className={btn.secondary}>
                Bug {p}
              </ActionButton>
            ))}
            <ActionButton action={b(T.updateReportAction)} input={{ ...at, status: "NOT_A_BUG" }} className={btn.secondary}>
              Not a bug
            </ActionButton>
            {r.status !== "OPEN" ? (
              <ActionButton action={b(T.updateReportAction)} input={{ ...at, status: "OPEN" }} className={btn.ghost}>
                Back to New
              </ActionButton>
            ) : null}
            {r.status === "CONFIRMED" ? (
              <ActionButton action={b(T.updateReportAction)} input={{ ...at, status: "IN_PROGRESS" }} className={btn.ghost}>
                In progress
              </ActionButton>
            ) : null}
            {r.status === "CONFIRMED" || r.status === "IN_PROGRESS" ? (
              <ActionButton action={b(T.updateReportAction)} input={{ ...at, status: "DONE" }} className={btn.ghost}>
                Done
              </ActionButton>
            ) : null}
          </div>
          <ActionForm key={`decide-${r.version}`} action={b(T.updateReportAction)} submitLabel="Save decision" ariaLabel="Decision" className="grid gap-3 sm:grid-cols-2" successMessage="Saved.">
            {hidden}
            <ASelect label="Status" name="status" defaultValue={r.status} options={Object.entries(STATUS_LABEL).filter(([v]) => v !== "DUPLICATE" || r.status === "DUPLICATE").map(([value, label]) => ({ value, label }))} />
            <ASelect label="Priority" name="priority" defaultValue={r.priority ?? ""} options={[{ value: "", label: "None" }, ...["P1", "P2", "P3", "P4"].map((p) => ({ value: p, label: p }))]} />
            <ASelect label="Severity" name="severity" defaultValue={r.severity ?? ""} options={[{ value: "", label: "None" }, ...Object.entries(SEVERITY).map(([value, label]) => ({ value, label }))]} />
            <ASelect
              label="Sprint"
              name="sprint"
              defaultValue={r.sprint ?? ""}
              options={[
                { value: "", label: "Not planned" },
                { value: "CURRENT", label: "Current sprint" },
                { value: "LATER", label: "Later" },
              ]}
            />
            <AField label="Sprint name (optional)" name="sprintName" defaultValue={r.sprintName} maxLength={100} />
          </ActionForm>

          <details className="rounded-md border border-zinc-200 p-3" open={r.status === "DUPLICATE" ? undefined : false}>
            <summary className="cursor-pointer select-none font-medium">Mark as duplicate</summary>
            <div className="mt-3 space-y-3">
              {detail.duplicateSuggestions.length ? (
                <ul className="space-y-2" aria-label="Look-alike reports">
                  {detail.duplicateSuggestions.map((s) => (
                    <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 text-sm">
                      <span>
                        <span className="font-semibold">#{s.number}</span> {s.title} <span className="text-zinc-600">— {s.reporterName}</span>
                      </span>
                      <ActionButton action={b(T.updateReportAction)} input={{ ...at, duplicateOfId: s.id }} className={btn.secondary} ariaLabel={`Duplicate of #${s.number}`}>
                        Duplicate of #{s.number}
                      </ActionButton>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-sm text-zinc-700">No look-alike reports found; enter the original&apos;s number.</p>
              )}
              <ActionForm action={b(T.updateReportAction)} submitLabel="Mark as duplicate" ariaLabel="Duplicate of" className="flex flex-wrap items-end gap-3">
                {hidden}
                <AField label="Original report number" name="duplicateOfNumber" inputMode="numeric" placeholder="12" />
              </ActionForm>
            </div>
          </details>

          <details className="rounded-md border border-zinc-200 p-3">
            <summary className="cursor-pointer select-none font-medium">Ask the reporter</summary>
            <ActionForm action={b(T.askReporterAction)} submitLabel="Ask and move to Needs info" ariaLabel="Ask the reporter" className="mt-3 space-y-3" resetOnSuccess>
              {hidden}
              <ATextarea label="Your question" name="question" rows={3} placeholder="Which account were you signed in with?" />
            </ActionForm>
          </details>

          <details className="rounded-md border border-zinc-200 p-3">
            <summary className="cursor-pointer select-none font-medium">Edit after reproducing</summary>
            <ActionForm key={`edit-${r.version}`} action={b(T.updateReportAction)} submitLabel="Save changes" ariaLabel="Edit report" className="mt-3 space-y-3" successMessage="Saved.">
              {hidden}
              <AField label="Title" name="title" defaultValue={r.title} maxLength={200} />
              <ATextarea label="Description" name="description" rows={3} defaultValue={r.description} />
              <ATextarea label="Steps to reproduce" name="steps" rows={5} defaultValue={r.steps} />
              <ATextarea label="Expected result" name="expected" rows={2} defaultValue={r.expected} />
              <ATextarea label="Actual result" name="actual" rows={2} defaultValue={r.actual} />
              <AField label="Reproduced on (device)" name="reproducedOn" defaultValue={r.reproducedOn} placeholder="Pixel 8 · Android 14" />
              <ASelect
                label="Could you reproduce it?"
                name="couldNotReproduce"
                defaultValue={r.couldNotReproduce ? "true" : "false"}
                options={[
                  { value: "false", label: "Yes, or not tried yet" },
                  { value: "true", label: "Could not reproduce" },
                ]}
              />
            </ActionForm>
          </details>
        </section>
      ) : null}

      <section aria-labelledby="thread-h" className={`${card} space-y-3 p-4`}>
        <h2 id="thread-h" className="text-lg font-semibold">
          Conversation <span className="font-normal text-zinc-600">({detail.comments.length})</span>
        </h2>
        {detail.comments.length === 0 ? <p className="text-sm text-zinc-700">No comments yet.</p> : null}
        <ol className="space-y-3">
          {detail.comments.map((c) => (
            <li key={c.id} className={`rounded-md border p-3 ${c.kind === "QUESTION" ? "border-amber-200 bg-amber-50/50" : "border-zinc-200"}`}>
              <p className="mb-1 text-xs text-zinc-700">
                <span className="font-semibold text-zinc-900">{c.author?.name ?? "Someone"}</span> {COMMENT_KIND[c.kind]} · <LocalTime iso={c.createdAt.toISOString()} />
              </p>
              <Markdown source={c.body} />
            </li>
          ))}
        </ol>
        {detail.canComment ? (
          <ActionForm action={b(T.commentAction)} submitLabel={answering ? "Send my answer" : "Comment"} ariaLabel="Comment" className="space-y-3" resetOnSuccess>
            <input type="hidden" name="reportId" value={r.id} />
            <ATextarea label={answering ? "Your answer" : "Add a comment"} name="body" rows={3} hint="Markdown works: **bold**, lists, links." />
          </ActionForm>
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

      <section aria-labelledby="history-h" className={`${card} p-4`}>
        <h2 id="history-h" className="mb-2 text-lg font-semibold">
          History
        </h2>
        <ol className="space-y-2 text-sm">
          {detail.history.map((h) => (
            <li key={h.id} className="border-l-2 border-zinc-200 pl-3">
              <p className="text-xs text-zinc-600">
                <span className="font-semibold text-zinc-800">{h.actorName}</span> · <LocalTime iso={h.at.toISOString()} />
                {Object.keys(h.changes).length === 0 ? ` · ${EVENT_LABEL[h.type] ?? h.type}` : null}
              </p>
              {Object.entries(h.changes).map(([field, [before, after]]) => (
                <p key={field} className="break-words">
                  {FIELD_LABEL[field] ?? field}: <span className="text-zinc-600 line-through decoration-zinc-400">{show(field, before)}</span> → <span className="font-medium">{show(field, after)}</span>
                </p>
              ))}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
