// A horizontal bar chart in plain HTML: every bar has its label and count written out, so colour never
// carries meaning alone. At phone width the label takes its own line above the bar; from `sm` up,
// label, bar and count share one row. Prints as is (bars keep their colour; see the page's print CSS).

export type ChartTally = { key: string; label: string; count: number };

/** Bar colours for priorities, as the chips: P1 red, P2 orange, P3 yellow, P4 grey (edged where light). */
export const PRIORITY_BAR: Record<string, string> = {
  P1: "bg-red-600",
  P2: "bg-orange-600",
  P3: "bg-yellow-400 ring-1 ring-inset ring-yellow-700",
  P4: "bg-zinc-500",
  none: "bg-zinc-200 ring-1 ring-inset ring-zinc-500",
};

const DEFAULT_BAR = "bg-accent-600";

/** Keep the longest lists short: the first `limit - 1` bars, then one "N others" bar for the rest. */
function capped(tallies: ChartTally[], limit: number): ChartTally[] {
  if (tallies.length <= limit) return tallies;
  const head = tallies.slice(0, limit - 1);
  const rest = tallies.slice(limit - 1);
  return [...head, { key: "__others", label: `${rest.length} others`, count: rest.reduce((s, t) => s + t.count, 0) }];
}

export function BarChart({
  id,
  title,
  tallies,
  unit = "reports",
  tones = {},
  limit = 12,
  empty = "Nothing to count yet.",
  note,
}: {
  id: string;
  title: string;
  tallies: ChartTally[];
  /** What is counted, for screen readers ("12 reports"). */
  unit?: string;
  /** Bar class per tally key (default: the accent colour). */
  tones?: Record<string, string>;
  limit?: number;
  empty?: string;
  note?: React.ReactNode;
}) {
  const rows = capped(tallies, limit);
  const total = tallies.reduce((s, t) => s + t.count, 0);
  const max = Math.max(1, ...rows.map((t) => t.count));
  return (
    <section aria-labelledby={`${id}-h`} data-testid={`chart-${id}`} className="summary-card rounded-lg border border-zinc-200 bg-white p-4 shadow-sm">
      <h3 id={`${id}-h`} className="font-semibold">
        {title}
      </h3>
      {note ? <p className="mt-1 text-sm text-zinc-700">{note}</p> : null}
      {total === 0 ? (
        <p className="mt-3 text-sm text-zinc-700">{empty}</p>
      ) : (
        <ul className="mt-3 space-y-3 sm:space-y-2" aria-label={title}>
          {rows.map((t) => {
            const pct = Math.round((t.count / total) * 100);
            const width = t.count === 0 ? 0 : Math.max(1.5, (t.count / max) * 100);
            return (
              <li
                key={t.key}
                data-testid="bar"
                data-key={t.key}
                className="grid grid-cols-[minmax(0,1fr)_auto] items-center gap-x-3 gap-y-1 sm:grid-cols-[minmax(0,11rem)_minmax(0,1fr)_6.5rem]"
              >
                <span className="col-span-2 min-w-0 break-words text-sm text-zinc-900 sm:col-span-1" data-testid="bar-label">
                  {t.label}
                </span>
                <span aria-hidden="true" className="summary-track block h-3 rounded-sm bg-zinc-100">
                  <span className={`summary-bar block h-3 rounded-sm ${tones[t.key] ?? DEFAULT_BAR}`} style={{ width: `${width}%` }} />
                </span>
                <span className="text-right text-sm tabular-nums" data-testid="bar-count">
                  <span className="font-semibold" data-testid="bar-value">
                    {t.count}
                  </span>
                  <span className="sr-only"> {unit},</span> <span className="text-zinc-700">({pct}%)</span>
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
