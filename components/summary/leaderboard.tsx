// The fair leaderboard: confirmed bugs only, weighted by priority; the weights are written out.
import { ActionButton, type FormAction } from "@/components/ui/action-form";
import { btn } from "@/components/ui/styles";

export type LeaderboardView = {
  hidden: boolean;
  weights: { P1: number; P2: number; P3: number; P4: number; none: number };
  rows: { key: string; rank: number; name: string; points: number; bugs: number; p1: number; p2: number; p3: number; p4: number; none: number }[];
};

/** Same colours as the priority chips (components/bashes/status-chip.tsx), always with the text. */
const CHIP: Record<"p1" | "p2" | "p3" | "p4" | "none", { label: string; cls: string }> = {
  p1: { label: "P1", cls: "bg-red-600 text-white" },
  p2: { label: "P2", cls: "bg-orange-500 text-black" },
  p3: { label: "P3", cls: "bg-yellow-300 text-black" },
  p4: { label: "P4", cls: "bg-zinc-300 text-black" },
  none: { label: "No priority", cls: "bg-white text-zinc-900 ring-1 ring-inset ring-zinc-400" },
};

export function Leaderboard({ board, canManage, toggle }: { board: LeaderboardView; canManage: boolean; toggle: FormAction }) {
  const w = board.weights;
  return (
    <section
      aria-labelledby="leaderboard-h"
      data-testid="leaderboard"
      // A hidden leaderboard is for the facilitators' eyes only: it stays out of the printed PDF.
      className={`summary-card rounded-lg border border-zinc-200 bg-white shadow-sm ${board.hidden ? "print:hidden" : ""}`}
    >
      <div className="flex flex-wrap items-start justify-between gap-3 border-b border-zinc-200 px-4 py-3">
        <div className="space-y-1">
          <h2 id="leaderboard-h" className="text-lg font-semibold">
            Leaderboard
          </h2>
          {board.hidden ? (
            <p className="text-sm font-medium text-amber-900" data-testid="leaderboard-hidden">
              <span aria-hidden="true">◐ </span>Hidden from others: only facilitators see it, and it is left out when you print.
            </p>
          ) : null}
        </div>
        {canManage ? (
          <div className="print:hidden">
            <ActionButton action={toggle} input={{ hidden: board.hidden ? "false" : "true" }} className={btn.secondary} pendingLabel="Saving…">
              {board.hidden ? "Show leaderboard" : "Hide leaderboard"}
            </ActionButton>
          </div>
        ) : null}
      </div>
      <p className="px-4 pt-3 text-sm text-zinc-700" data-testid="leaderboard-weights">
        Only confirmed bugs count (Confirmed, In progress or Done), weighted by priority: P1 = {w.P1} points, P2 = {w.P2}, P3 = {w.P3}, P4 = {w.P4}, not yet
        prioritised = {w.none}. New, Needs info, Not a bug and Duplicate reports score nothing. Ties go to whoever found more P1s, then by name.
      </p>
      {board.rows.length === 0 ? (
        <p className="p-4 text-sm text-zinc-700">No confirmed bugs yet. Points appear here as triage confirms reports.</p>
      ) : (
        <div className="p-4 pt-3">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Leaderboard: points from confirmed bugs</caption>
            <thead>
              <tr className="border-b border-zinc-300 text-xs uppercase tracking-wide text-zinc-700">
                <th scope="col" className="w-10 py-2 pr-2 font-semibold">
                  #
                  <span className="sr-only"> rank</span>
                </th>
                <th scope="col" className="py-2 pr-2 font-semibold">
                  Person
                </th>
                <th scope="col" className="py-2 pr-2 text-right font-semibold">
                  Points
                </th>
                <th scope="col" className="py-2 font-semibold">
                  Confirmed bugs
                </th>
              </tr>
            </thead>
            <tbody>
              {board.rows.map((r) => (
                <tr key={r.key} className="summary-row border-b border-zinc-100 align-top last:border-0" data-testid="leaderboard-row">
                  <td className="py-2 pr-2 tabular-nums text-zinc-700">{r.rank}</td>
                  <th scope="row" className="min-w-0 break-words py-2 pr-2 font-medium">
                    {r.name}
                  </th>
                  <td className="py-2 pr-2 text-right text-base font-semibold tabular-nums" data-testid="leaderboard-points">
                    {r.points}
                  </td>
                  <td className="py-2">
                    <span className="mr-2 tabular-nums" data-testid="leaderboard-bugs">
                      {r.bugs}
                    </span>
                    <span className="inline-flex flex-wrap gap-1 align-middle">
                      {(["p1", "p2", "p3", "p4", "none"] as const)
                        .filter((k) => r[k] > 0)
                        .map((k) => (
                          <span key={k} data-chip className={`inline-flex rounded px-1.5 py-0.5 text-xs font-bold ${CHIP[k].cls}`}>
                            {CHIP[k].label} × {r[k]}
                          </span>
                        ))}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
