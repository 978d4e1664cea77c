import { ActionButton, type FormAction } from "@/components/ui/action-form";
import type { ReadinessItem } from "@/lib/bashes/readiness";

export function Readiness({ items, done, total, percent, toggle }: { items: ReadinessItem[]; done: number; total: number; percent: number; toggle: FormAction }) {
  return (
    <div className="space-y-3">
      <div className="flex items-center gap-3">
        <div
          role="progressbar"
          aria-label="Readiness"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={`${done} of ${total} ready`}
          className="h-2.5 flex-1 overflow-hidden rounded-full bg-zinc-200"
        >
          <div className="h-full rounded-full bg-accent-600 transition-all" style={{ width: `${percent}%` }} />
        </div>
        <span className="text-sm font-semibold tabular-nums">
          {done} of {total} ready
        </span>
      </div>
      <ul className="divide-y divide-zinc-100">
        {items.map((it) => (
          <li key={it.key} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
            <span
              aria-hidden="true"
              className={`grid size-6 shrink-0 place-items-center rounded-full text-xs font-bold ${it.done ? "bg-green-600 text-white" : "border-2 border-zinc-300 text-transparent"}`}
            >
              ✓
            </span>
            <span className="min-w-0 flex-1">
              <span className="font-medium">{it.label}</span>
              <span className="sr-only">{it.done ? " — done" : " — not yet"}</span>
              <span className="block text-sm text-zinc-600">{it.hint}</span>
            </span>
            {it.manual ? (
              <ActionButton
                action={toggle}
                input={{ [it.manual]: it.done ? "false" : "true" }}
                ariaLabel={`${it.done ? "Undo" : "Mark done"}: ${it.label}`}
                className="inline-flex min-h-11 items-center rounded-md border border-zinc-300 px-3 text-sm font-medium hover:bg-zinc-50">
                {it.done ? "Undo" : "Mark done"}
              </ActionButton>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
