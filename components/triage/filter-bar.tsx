"use client";

// The board's filters. Values live in the parent (and in the URL, so a link shares the view); the
// options come from what the reports actually contain.
import { memo } from "react";
import { activeFilterCount, EMPTY_FILTERS, type BoardFilters, type Option } from "@/lib/triage/board";
import { PRIORITIES } from "@/lib/triage/schema";

const SEVERITY_OPTIONS = [
  ["CRITICAL", "Critical"],
  ["MAJOR", "Major"],
  ["MINOR", "Minor"],
  ["TRIVIAL", "Trivial"],
] as const;

const control =
  "block w-full min-w-0 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-zinc-900 shadow-sm focus:border-accent-600 focus:outline-none focus:ring-2 focus:ring-accent-600/30";
const labelCls = "block text-xs font-medium text-zinc-700";

export const FilterBar = memo(function FilterBar({
  filters,
  onChange,
  features,
  reporters,
  devices,
}: {
  filters: BoardFilters;
  onChange: (patch: Partial<BoardFilters>) => void;
  features: { id: string; menuName: string }[];
  reporters: Option[];
  devices: { group: string; options: Option[] }[];
}) {
  const active = activeFilterCount(filters);
  const select = (key: keyof BoardFilters, label: string, children: React.ReactNode) => (
    <div className="min-w-0">
      <label htmlFor={`triage-filter-${key}`} className={labelCls}>
        {label}
      </label>
      <select id={`triage-filter-${key}`} value={filters[key]} onChange={(e) => onChange({ [key]: e.target.value })} className={control}>
        {children}
      </select>
    </div>
  );
  return (
    <div role="search" aria-label="Filter reports">
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-[minmax(12rem,2fr)_repeat(6,minmax(0,1fr))_auto] lg:items-end">
        <div className="col-span-2 min-w-0 sm:col-span-4 lg:col-span-1">
          <label htmlFor="triage-filter-q" className={labelCls}>
            Search
          </label>
          <input
            id="triage-filter-q"
            type="search"
            value={filters.q}
            onChange={(e) => onChange({ q: e.target.value })}
            placeholder="Words in the report, or #12"
            autoComplete="off"
            className={control}
          />
        </div>
        {select(
          "feature",
          "Feature",
          <>
            <option value="">All features</option>
            {features.map((f) => (
              <option key={f.id} value={f.id}>
                {f.menuName}
              </option>
            ))}
            <option value="none">No feature</option>
          </>,
        )}
        {select(
          "reporter",
          "Reporter",
          <>
            <option value="">Everyone</option>
            {reporters.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label} ({r.count})
              </option>
            ))}
          </>,
        )}
        {select(
          "device",
          "Device",
          <>
            <option value="">Any device</option>
            {devices.map((g) => (
              <optgroup key={g.group} label={g.group}>
                {g.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label} ({o.count})
                  </option>
                ))}
              </optgroup>
            ))}
          </>,
        )}
        {select(
          "severity",
          "Severity",
          <>
            <option value="">Any severity</option>
            {SEVERITY_OPTIONS.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
            <option value="none">No severity</option>
          </>,
        )}
        {select(
          "priority",
          "Priority",
          <>
            <option value="">Any priority</option>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
            <option value="none">No priority</option>
          </>,
        )}
        {select(
          "shot",
          "Screenshot",
          <>
            <option value="">With or without</option>
            <option value="yes">Has a screenshot</option>
            <option value="no">No screenshot</option>
          </>,
        )}
        <div className="flex items-end">
          <button
            type="button"
            onClick={() => onChange(EMPTY_FILTERS)}
            disabled={active === 0}
            className="min-h-10 w-full rounded-md px-3 text-sm font-medium text-accent-700 hover:bg-accent-50 disabled:cursor-not-allowed disabled:text-zinc-500 disabled:hover:bg-transparent"
          >
            Clear filters{active ? ` (${active})` : ""}
          </button>
        </div>
      </div>
    </div>
  );
});
