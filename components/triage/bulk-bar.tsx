"use client";

// The same change to every selected report, all or nothing: status (not Duplicate: those need an
// original each), priority, sprint (current or later, with an optional sprint name).
import { useState } from "react";
import { BULK_STATUSES, type Priority } from "@/lib/triage/board";
import { PRIORITIES, STATUS_LABEL, type TriageStatus } from "@/lib/triage/schema";

export type BulkChange = {
  status?: TriageStatus;
  priority?: Priority | null;
  sprint?: "CURRENT" | "LATER" | null;
  sprintName?: string;
};

const control =
  "block w-full min-w-0 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-zinc-900 shadow-sm focus:border-accent-600 focus:outline-none focus:ring-2 focus:ring-accent-600/30";
const labelCls = "block text-xs font-medium text-zinc-700";

export function BulkBar({
  count,
  hidden,
  pending,
  onApply,
  onClear,
}: {
  count: number;
  /** Selected reports the filters currently hide (they are changed too). */
  hidden: number;
  pending: boolean;
  onApply: (change: BulkChange) => Promise<boolean>;
  onClear: () => void;
}) {
  const [status, setStatus] = useState("");
  const [priority, setPriority] = useState("");
  const [sprint, setSprint] = useState("");
  const [sprintName, setSprintName] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const change: BulkChange = {};
    if (status) change.status = status as TriageStatus;
    if (priority) change.priority = priority === "none" ? null : (priority as Priority);
    if (sprint) change.sprint = sprint === "none" ? null : (sprint as "CURRENT" | "LATER");
    if (sprint && sprint !== "none" && sprintName.trim()) change.sprintName = sprintName.trim();
    if (Object.keys(change).length === 0) {
      setProblem("Choose a status, a priority or a sprint to apply.");
      return;
    }
    setProblem(null);
    if (await onApply(change)) {
      setStatus("");
      setPriority("");
      setSprint("");
      setSprintName("");
    }
  }

  return (
    <form
      onSubmit={submit}
      aria-label="Bulk change"
      className="sticky top-2 z-20 rounded-lg border border-accent-600/40 bg-white/95 p-3 shadow-md backdrop-blur"
      data-testid="bulk-bar"
    >
      <div className="flex flex-wrap items-end gap-x-3 gap-y-2">
        <p className="w-full text-sm font-semibold text-zinc-900 sm:w-auto sm:self-center">
          {count} selected{hidden ? <span className="font-normal text-zinc-700"> ({hidden} hidden by the filters)</span> : null}
        </p>
        <div className="w-[calc(50%-0.375rem)] sm:w-40">
          <label htmlFor="bulk-status" className={labelCls}>
            Set status
          </label>
          <select id="bulk-status" value={status} onChange={(e) => setStatus(e.target.value)} className={control}>
            <option value="">Keep</option>
            {BULK_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="w-[calc(50%-0.375rem)] sm:w-36">
          <label htmlFor="bulk-priority" className={labelCls}>
            Set priority
          </label>
          <select id="bulk-priority" value={priority} onChange={(e) => setPriority(e.target.value)} className={control}>
            <option value="">Keep</option>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
            <option value="none">No priority</option>
          </select>
        </div>
        <div className="w-[calc(50%-0.375rem)] sm:w-40">
          <label htmlFor="bulk-sprint" className={labelCls}>
            Sprint
          </label>
          <select id="bulk-sprint" value={sprint} onChange={(e) => setSprint(e.target.value)} className={control}>
            <option value="">Keep</option>
            <option value="CURRENT">Current sprint</option>
            <option value="LATER">Later sprint</option>
            <option value="none">No sprint</option>
          </select>
        </div>
        {sprint === "CURRENT" || sprint === "LATER" ? (
          <div className="w-[calc(50%-0.375rem)] sm:w-44">
            <label htmlFor="bulk-sprint-name" className={labelCls}>
              Sprint name (optional)
            </label>
            <input id="bulk-sprint-name" value={sprintName} onChange={(e) => setSprintName(e.target.value)} maxLength={100} className={control} autoComplete="off" />
          </div>
        ) : null}
        <div className="flex flex-wrap gap-2">
          <button
            type="submit"
            disabled={pending}
            className="inline-flex min-h-10 items-center rounded-md bg-accent-600 px-3 text-sm font-semibold text-white hover:bg-accent-700 disabled:cursor-not-allowed disabled:opacity-60"
          >
            {pending ? "Applying…" : `Apply to ${count} report${count === 1 ? "" : "s"}`}
          </button>
          <button type="button" onClick={onClear} className="inline-flex min-h-10 items-center rounded-md px-3 text-sm font-medium text-zinc-800 hover:bg-zinc-100">
            Clear selection
          </button>
        </div>
      </div>
      {problem ? (
        <p role="alert" className="mt-2 text-sm font-medium text-red-700">
          {problem}
        </p>
      ) : null}
    </form>
  );
}
