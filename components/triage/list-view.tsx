"use client";

// The list view: the same (filtered) reports as a sortable table with row selection (TanStack Table
// v9). Selection is shared with the board, so a bulk change works from either view.
import {
  createColumnHelper,
  createSortedRowModel,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type RowSelectionState,
  type SortingState,
  type Updater,
} from "@tanstack/react-table";
import Link from "next/link";
import { memo, useEffect, useMemo, useRef, useState } from "react";
import { PriorityChip, ReportStatusChip } from "@/components/bashes/status-chip";
import { LocalTime } from "@/components/ui/local-time";
import { COMPARE, LIST_PAGE_SIZE, MISSING_LABEL, SEVERITY_SHORT, SPRINT_LABEL, type SortKey } from "@/lib/triage/board";
import type { BoardCard } from "@/lib/triage/queries";

const features = tableFeatures({ rowSortingFeature, sortedRowModel: createSortedRowModel(), rowSelectionFeature });
const helper = createColumnHelper<typeof features, BoardCard>();
/** Sort with the board's comparators (no priority or severity sorts last ascending). */
const rowId = (row: BoardCard) => row.id;
const by = (key: SortKey) => (a: { original: BoardCard }, b: { original: BoardCard }) => COMPARE[key](a.original, b.original);

function SelectAll({ checked, indeterminate, onChange, disabled }: { checked: boolean; indeterminate: boolean; onChange: (e: unknown) => void; disabled: boolean }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return <input ref={ref} type="checkbox" checked={checked} onChange={onChange} disabled={disabled} aria-label="Select all shown reports" className="h-4 w-4 accent-accent-600" />;
}

function makeColumns(bashId: string, canTriage: boolean) {
  return helper.columns([
    ...(canTriage
      ? [
          helper.display({
            id: "select",
            header: ({ table }) => (
              <SelectAll
                checked={table.getIsAllRowsSelected()}
                indeterminate={table.getIsSomeRowsSelected()}
                onChange={table.getToggleAllRowsSelectedHandler()}
                disabled={table.getRowModel().rows.length === 0}
              />
            ),
            cell: ({ row }) => (
              <input
                type="checkbox"
                checked={row.getIsSelected()}
                onChange={row.getToggleSelectedHandler()}
                aria-label={`Select #${row.original.number}`}
                className="h-4 w-4 accent-accent-600"
              />
            ),
          }),
        ]
      : []),
    helper.accessor("number", { header: "#", sortFn: by("number"), cell: (i) => <span className="tabular-nums">#{i.getValue()}</span> }),
    helper.accessor("title", {
      header: "Title",
      sortFn: by("title"),
      cell: ({ row }) => {
        const c = row.original;
        return (
          <span className="block min-w-56 max-w-md">
            <Link
              href={`/bashes/${bashId}/reports/${c.number}`}
              prefetch={false}
              data-card-id={c.id}
              data-number={c.number}
              className="font-medium text-zinc-900 underline-offset-2 hover:underline focus-visible:underline"
            >
              {c.title}
            </Link>
            {c.missing.length || c.duplicateOfNumber || c.sprint ? (
              <span className="mt-0.5 flex flex-wrap gap-x-2 text-xs text-zinc-700">
                {c.sprint ? <span>{SPRINT_LABEL[c.sprint] ?? c.sprint}</span> : null}
                {c.duplicateOfNumber ? <span>Duplicate of #{c.duplicateOfNumber}</span> : null}
                {c.missing.map((m) => (
                  <span key={m} className="rounded bg-amber-100 px-1 font-medium text-amber-950">
                    <span aria-hidden="true">⚠ </span>
                    {MISSING_LABEL[m] ?? m}
                  </span>
                ))}
              </span>
            ) : null}
          </span>
        );
      },
    }),
    helper.accessor("status", { header: "Status", sortFn: by("status"), cell: (i) => <ReportStatusChip status={i.getValue()} /> }),
    helper.accessor("priority", { header: "Priority", sortFn: by("priority"), cell: (i) => <PriorityChip priority={i.getValue()} /> }),
    helper.accessor("severity", {
      header: "Severity",
      sortFn: by("severity"),
      cell: (i) => {
        const v = i.getValue();
        return v ? (SEVERITY_SHORT[v] ?? v) : <span className="text-zinc-600">—</span>;
      },
    }),
    helper.accessor("featureName", { header: "Feature", sortFn: by("feature"), cell: (i) => i.getValue() ?? <span className="text-zinc-600">—</span> }),
    helper.accessor("reporterName", { header: "Reporter", sortFn: by("reporter") }),
    helper.accessor("device", { header: "Device", sortFn: by("device"), cell: (i) => i.getValue() || <span className="text-zinc-600">—</span> }),
    helper.accessor("plusOnes", { header: "+1", sortFn: by("plusOnes"), cell: (i) => <span className="tabular-nums">{i.getValue() ? `+${i.getValue()}` : "—"}</span> }),
    helper.accessor("createdAt", { header: "Created", sortFn: by("createdAt"), cell: (i) => <LocalTime iso={i.getValue()} /> }),
  ]);
}

export const ListView = memo(function ListView({
  bashId,
  cards,
  canTriage,
  selection,
  onSelectionChange,
}: {
  bashId: string;
  cards: BoardCard[];
  canTriage: boolean;
  selection: RowSelectionState;
  onSelectionChange: (u: Updater<RowSelectionState>) => void;
}) {
  const columns = useMemo(() => makeColumns(bashId, canTriage), [bashId, canTriage]);
  const [sorting, setSorting] = useState<SortingState>([]);
  const [limit, setLimit] = useState(LIST_PAGE_SIZE);
  const table = useTable({
    features,
    columns,
    data: cards,
    getRowId: rowId,
    state: { sorting, rowSelection: selection },
    onSortingChange: setSorting,
    onRowSelectionChange: onSelectionChange,
    enableRowSelection: canTriage,
    enableSortingRemoval: true,
    // Every column sorts ascending first (P1 before P4, #1 before #2), whatever its first value is.
    sortDescFirst: false,
  });
  const rows = table.getRowModel().rows;
  const shown = rows.length > limit ? rows.slice(0, limit) : rows;

  return (
    <div className="space-y-2">
      <div className="relative max-w-full overflow-x-auto rounded-lg border border-zinc-200 bg-white" data-testid="report-list">
        <table className="w-full border-collapse text-sm">
          <caption className="sr-only">Reports, {rows.length} shown. Column headers sort.</caption>
          <thead className="bg-zinc-50 text-left text-xs font-semibold text-zinc-700">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  const canSort = header.column.getCanSort();
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : canSort ? "none" : undefined}
                      className="whitespace-nowrap border-b border-zinc-200 px-2 py-1.5"
                    >
                      {header.isPlaceholder ? null : canSort ? (
                        <button
                          type="button"
                          onClick={header.column.getToggleSortingHandler()}
                          className="inline-flex min-h-8 items-center gap-1 rounded px-1 hover:bg-zinc-200"
                        >
                          <table.FlexRender header={header} />
                          <span aria-hidden="true" className="w-3 text-zinc-600">
                            {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : ""}
                          </span>
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.id} data-row-id={row.id} className={`border-b border-zinc-100 align-top ${row.getIsSelected() ? "bg-accent-50" : "hover:bg-zinc-50"}`}>
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className="px-2 py-1.5">
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 ? <p className="p-4 text-sm text-zinc-700">No reports match these filters.</p> : null}
      </div>
      {rows.length > shown.length ? (
        <button type="button" onClick={() => setLimit((l) => l + LIST_PAGE_SIZE)} className="min-h-10 rounded-md border border-zinc-300 bg-white px-3 text-sm font-medium text-zinc-800 hover:bg-zinc-50">
          Show {Math.min(LIST_PAGE_SIZE, rows.length - shown.length)} more <span className="text-zinc-700">({rows.length - shown.length} hidden)</span>
        </button>
      ) : null}
    </div>
  );
});
