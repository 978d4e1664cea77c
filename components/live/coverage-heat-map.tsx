// Device × feature: how many reports each planned device (and each unplanned one) has produced per
// feature. Planned cells with nothing yet are the gaps to send people to. Counts are always written
// out; colour only adds emphasis.
import { card } from "@/components/ui/styles";
import type { CoverageRow } from "@/lib/live/console";

function shade(n: number, max: number): string {
  if (n === 0) return "";
  const r = n / Math.max(1, max);
  if (r > 0.66) return "bg-accent-600 text-white";
  if (r > 0.33) return "bg-accent-100 text-zinc-900";
  return "bg-accent-50 text-zinc-900";
}

export function CoverageHeatMap({ coverage }: { coverage: { columns: { id: string | null; label: string }[]; rows: CoverageRow[] } }) {
  const { columns, rows } = coverage;
  const max = Math.max(0, ...rows.flatMap((r) => r.cells));
  const gaps = rows.filter((r) => r.planned).reduce((n, r) => n + r.cells.filter((c, i) => c === 0 && columns[i].id !== null).length, 0);
  return (
    <section aria-labelledby="cov-h" className={card}>
      <h2 id="cov-h" className="flex flex-wrap items-baseline justify-between gap-2 border-b border-zinc-200 px-4 py-3 font-semibold">
        <span>Coverage: device × feature</span>
        {rows.some((r) => r.planned) && columns.length ? (
          <span className="text-sm font-normal text-zinc-700">{gaps === 0 ? "Every planned device has reports on every feature." : `${gaps} planned ${gaps === 1 ? "cell is" : "cells are"} still untested`}</span>
        ) : null}
      </h2>
      {rows.length === 0 || columns.length === 0 ? (
        <p className="p-4 text-sm text-zinc-700">
          Nothing to show yet. Add features and the devices you want covered on the plan; reports fill this in as they arrive.
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full border-collapse text-sm">
            <caption className="sr-only">Reports per device and feature</caption>
            <thead>
              <tr>
                <th scope="col" className="sticky left-0 bg-white px-3 py-2 text-left font-medium text-zinc-700">
                  Device
                </th>
                {columns.map((c) => (
                  <th key={c.id ?? "none"} scope="col" className="px-2 py-2 text-center font-medium text-zinc-700">
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key} className="border-t border-zinc-100">
                  <th scope="row" className="sticky left-0 bg-white px-3 py-2 text-left font-normal">
                    {r.label}
                    {r.planned ? null : <span className="ml-1 text-xs text-zinc-600">(not planned)</span>}
                  </th>
                  {r.cells.map((n, i) => {
                    const gap = r.planned && n === 0 && columns[i].id !== null;
                    return (
                      <td key={i} className={`px-2 py-2 text-center tabular-nums ${shade(n, max)} ${gap ? "bg-red-50 text-red-800" : ""}`}>
                        {gap ? (
                          <span>
                            0<span className="sr-only"> — untested</span>
                            <span aria-hidden="true"> ⚠</span>
                          </span>
                        ) : (
                          n
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
