"use client";

import { useRouter } from "next/navigation";
import { useId, useMemo, useState } from "react";
import { btn, card, input as inputClass } from "@/components/ui/styles";
import type { ImportMappings, ImportPreview, ImportResult } from "@/lib/xlsx/types";

const PRIORITY_OPTIONS = [
  ["P1", "P1 — critical"],
  ["P2", "P2 — high"],
  ["P3", "P3 — medium"],
  ["P4", "P4 — low"],
  ["", "Leave empty"],
] as const;
const STATUS_OPTIONS = [
  ["OPEN", "Open (New)"],
  ["NEEDS_INFO", "Needs info"],
  ["CONFIRMED", "Confirmed"],
  ["IN_PROGRESS", "In progress"],
  ["DONE", "Done"],
  ["NOT_A_BUG", "Not a bug"],
  ["DUPLICATE", "Duplicate"],
] as const;

type State =
  | { step: "choose" }
  | { step: "reading" }
  | { step: "preview"; preview: ImportPreview }
  | { step: "committing"; preview: ImportPreview }
  | { step: "done"; result: ImportResult };

async function post(bashId: string, fd: FormData) {
  const res = await fetch(`/api/bashes/${bashId}/import`, { method: "POST", body: fd });
  const body = await res.json().catch(() => ({ error: "The server answered with something unexpected. Try again." }));
  return { ok: res.ok, body };
}

function rowsText(rows: number[]) {
  if (rows.length === 0) return "";
  const shown = rows.slice(0, 6).join(", ");
  return `row${rows.length > 1 ? "s" : ""} ${shown}${rows.length > 6 ? `, … (${rows.length})` : ""}`;
}

export function ImportWizard({ bashId }: { bashId: string }) {
  const router = useRouter();
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [state, setState] = useState<State>({ step: "choose" });
  const [error, setError] = useState<string | null>(null);
  const [choices, setChoices] = useState<Required<ImportMappings>>({ priority: {}, status: {}, people: {} });
  const [dragging, setDragging] = useState(false);

  async function readFile(f: File) {
    setFile(f);
    setError(null);
    setState({ step: "reading" });
    const fd = new FormData();
    fd.set("file", f);
    fd.set("mode", "preview");
    try {
      const { ok, body } = await post(bashId, fd);
      if (!ok) {
        setError(body.error);
        setState({ step: "choose" });
        return;
      }
      const preview = body.preview as ImportPreview;
      setChoices({
        priority: Object.fromEntries(preview.mappings.priorities.filter((m) => m.suggestion !== null).map((m) => [m.value, m.suggestion as string])),
        status: Object.fromEntries(preview.mappings.statuses.filter((m) => m.suggestion !== null).map((m) => [m.value, m.suggestion as string])),
        people: Object.fromEntries(preview.mappings.people.map((p) => [p.name, p.matchMembershipId ?? "new"])),
      });
      setState({ step: "preview", preview });
    } catch {
      setError("Could not reach Bashboard. Check your connection and try again.");
      setState({ step: "choose" });
    }
  }

  async function commit(preview: ImportPreview) {
    if (!file) return;
    setError(null);
    setState({ step: "committing", preview });
    const fd = new FormData();
    fd.set("file", file);
    fd.set("mode", "commit");
    fd.set("mappings", JSON.stringify(choices));
    try {
      const { ok, body } = await post(bashId, fd);
      if (!ok) {
        setError(body.error);
        setState({ step: "preview", preview });
        return;
      }
      setState({ step: "done", result: body.result as ImportResult });
      router.refresh();
    } catch {
      setError("Could not reach Bashboard. Nothing was imported; try again.");
      setState({ step: "preview", preview });
    }
  }

  const preview = state.step === "preview" || state.step === "committing" ? state.preview : null;
  const unchosen = useMemo(() => {
    if (!preview) return [];
    return [
      ...preview.mappings.priorities.filter((m) => !(m.value in choices.priority)).map((m) => `Priority “${m.value}”`),
      ...preview.mappings.statuses.filter((m) => !(m.value in choices.status)).map((m) => `Status “${m.value}”`),
    ];
  }, [preview, choices]);

  return (
    <div className="space-y-4">
      {error ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm font-medium text-red-800">
          {error}
        </div>
      ) : null}

      {state.step === "choose" || state.step === "reading" ? (
        <div
          className={`rounded-lg border-2 border-dashed p-6 text-center ${dragging ? "border-accent-600 bg-accent-50" : "border-zinc-300 bg-white"}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            const f = e.dataTransfer.files[0];
            if (f) void readFile(f);
          }}
        >
          <p className="text-sm text-zinc-700">Drop a workbook here — the community template, one exported from Bashboard, or your team&apos;s own sheet.</p>
          <label htmlFor={inputId} className={`${btn.primary} mt-3 cursor-pointer`}>
            {state.step === "reading" ? "Reading the workbook…" : "Choose an .xlsx file"}
          </label>
          <input
            id={inputId}
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            className="sr-only"
            disabled={state.step === "reading"}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void readFile(f);
              e.target.value = "";
            }}
          />
          <p className="mt-2 text-xs text-zinc-600">Nothing is written until you confirm the preview.</p>
        </div>
      ) : null}

      {preview ? (
        <div className="space-y-4" aria-live="polite">
          <div className={`${card} p-4`}>
            <h3 className="font-semibold">Preview of {file?.name}</h3>
            <p className="mt-1 text-sm text-zinc-800" data-testid="import-counts">
              Will add {preview.counts.newFeatures} new feature{preview.counts.newFeatures === 1 ? "" : "s"}, {preview.counts.participants} participant
              {preview.counts.participants === 1 ? "" : "s"} with {preview.counts.devices} device{preview.counts.devices === 1 ? "" : "s"}, and {preview.counts.reports} report
              {preview.counts.reports === 1 ? "" : "s"}
              {preview.counts.alreadyImported ? ` (${preview.counts.alreadyImported} already imported are skipped)` : ""}
              {preview.counts.prerequisites ? "; prerequisites are updated" : ""}.
            </p>
            <div className="mt-3 overflow-x-auto">
              <table className="w-full text-left text-sm">
                <thead className="text-xs text-zinc-600">
                  <tr>
                    <th className="py-1 pr-3 font-medium">Sheet</th>
                    <th className="py-1 pr-3 font-medium">Rows</th>
                    <th className="py-1 font-medium">Notes</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-zinc-100">
                  {preview.sheets.map((s) => (
                    <tr key={s.name}>
                      <td className="py-1.5 pr-3 font-medium">{s.name}</td>
                      <td className="py-1.5 pr-3 tabular-nums">{s.found ? s.dataRows : "—"}</td>
                      <td className="py-1.5 text-zinc-700">
                        {!s.found ? "Not in this file" : [s.missingColumns.length ? `missing: ${s.missingColumns.join(", ")}` : "", s.extraColumns.length ? `ignored: ${s.extraColumns.join(", ")}` : ""].filter(Boolean).join("; ") || "OK"}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>

          {preview.problems.some((p) => p.severity === "error") ? (
            <div className="rounded-md border border-red-200 bg-red-50 p-4">
              <h3 className="font-semibold text-red-900">Fix these in the file, then choose it again</h3>
              <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-red-900" data-testid="import-errors">
                {preview.problems
                  .filter((p) => p.severity === "error")
                  .slice(0, 200)
                  .map((p, i) => (
                    <li key={i}>
                      <span className="font-medium">
                        {p.sheet}
                        {p.row ? `, row ${p.row}` : ""}
                        {p.column ? `, ${p.column}` : ""}:
                      </span>{" "}
                      {p.message}
                    </li>
                  ))}
              </ul>
            </div>
          ) : null}

          {preview.mappings.priorities.length || preview.mappings.statuses.length || preview.mappings.people.some((p) => !p.matchMembershipId) ? (
            <div className={`${card} space-y-4 p-4`}>
              <h3 className="font-semibold">Choose what these values mean</h3>
              {preview.mappings.priorities.map((m) => (
                <MappingSelect
                  key={`p-${m.value}`}
                  label={`Priority “${m.value}” (${rowsText(m.rows)})`}
                  value={choices.priority[m.value]}
                  options={PRIORITY_OPTIONS}
                  onChange={(v) => setChoices((c) => ({ ...c, priority: { ...c.priority, [m.value]: v } }))}
                />
              ))}
              {preview.mappings.statuses.map((m) => (
                <MappingSelect
                  key={`s-${m.value}`}
                  label={`Status “${m.value}” (${rowsText(m.rows)})`}
                  value={choices.status[m.value]}
                  options={STATUS_OPTIONS}
                  onChange={(v) => setChoices((c) => ({ ...c, status: { ...c.status, [m.value]: v } }))}
                />
              ))}
              {preview.mappings.people
                .filter((p) => !p.matchMembershipId)
                .map((p) => (
                  <MappingSelect
                    key={`u-${p.name}`}
                    label={`“${p.name}” (${p.sheets.join(", ")})`}
                    value={choices.people[p.name]}
                    options={[["new", "Add as a new participant"] as const, ...preview.members.map((m) => [m.membershipId, `Same person as ${m.name}`] as const)]}
                    onChange={(v) => setChoices((c) => ({ ...c, people: { ...c.people, [p.name]: v } }))}
                  />
                ))}
            </div>
          ) : null}

          {preview.problems.some((p) => p.severity === "info") ? (
            <details className="text-sm">
              <summary className="cursor-pointer font-medium text-zinc-800">Notes ({preview.problems.filter((p) => p.severity === "info").length})</summary>
              <ul className="mt-2 list-disc space-y-1 pl-5 text-zinc-700">
                {preview.problems
                  .filter((p) => p.severity === "info")
                  .slice(0, 200)
                  .map((p, i) => (
                    <li key={i}>
                      {p.sheet}
                      {p.row ? `, row ${p.row}` : ""}
                      {p.column ? `, ${p.column}` : ""}: {p.message}
                    </li>
                  ))}
              </ul>
            </details>
          ) : null}

          <div className="flex flex-wrap items-center gap-3">
            <button
              type="button"
              className={btn.primary}
              disabled={!preview.canCommit || unchosen.length > 0 || state.step === "committing"}
              onClick={() => void commit(preview)}
            >
              {state.step === "committing" ? "Importing…" : "Import"}
            </button>
            <button
              type="button"
              className={btn.secondary}
              onClick={() => {
                setState({ step: "choose" });
                setFile(null);
                setError(null);
              }}
            >
              Choose another file
            </button>
            {unchosen.length ? <p className="text-sm text-zinc-700">Choose a meaning for: {unchosen.join(", ")}.</p> : null}
          </div>
        </div>
      ) : null}

      {state.step === "done" ? (
        <div className="rounded-md border border-green-200 bg-green-50 p-4" role="status">
          <h3 className="font-semibold text-green-900">Imported</h3>
          <p className="mt-1 text-sm text-green-900" data-testid="import-result">
            {state.result.features} features, {state.result.participants} participants ({state.result.placeholders} new), {state.result.devices} devices and {state.result.reports} reports
            {state.result.skippedExisting ? `; ${state.result.skippedExisting} reports were already here` : ""}.
          </p>
          <div className="mt-3 flex flex-wrap gap-2">
            <a href={`/bashes/${bashId}`} className={btn.primary}>
              Open the bash
            </a>
            <button type="button" className={btn.secondary} onClick={() => setState({ step: "choose" })}>
              Import another file
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}

function MappingSelect({ label, value, options, onChange }: { label: string; value: string | undefined; options: readonly (readonly [string, string])[]; onChange: (v: string) => void }) {
  const id = useId();
  return (
    <div className="grid gap-1 sm:grid-cols-[minmax(0,1fr)_16rem] sm:items-center">
      <label htmlFor={id} className="text-sm font-medium text-zinc-800">
        {label}
      </label>
      <select id={id} className={inputClass} value={value ?? "__choose"} onChange={(e) => onChange(e.target.value)}>
        {value === undefined ? (
          <option value="__choose" disabled>
            Choose…
          </option>
        ) : null}
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}
