"use client";

// The board's dialogs (native <dialog>, so focus stays inside and Escape closes): keyboard shortcuts,
// the duplicate picker and "Ask the reporter".
import { useEffect, useId, useRef, useState } from "react";
import { ReportStatusChip } from "@/components/bashes/status-chip";
import { btn, input as inputClass, label as labelClass } from "@/components/ui/styles";
import type { ActionResult } from "@/lib/action";
import { SHORTCUTS } from "@/lib/triage/board";
import type { SimilarReport } from "@/lib/reports/queries";
import type { BoardCard } from "@/lib/triage/queries";

export type SimilarAction = (input: Record<string, unknown>) => Promise<ActionResult<SimilarReport[]>>;

function Modal({ title, onClose, children, wide = false }: { title: string; onClose: () => void; children: React.ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      className={`m-auto max-h-[calc(100dvh-2rem)] w-[calc(100vw-2rem)] overflow-y-auto rounded-lg border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-zinc-900/40 ${wide ? "max-w-2xl" : "max-w-lg"}`}
    >
      <div className="space-y-4 p-4 sm:p-5">
        <div className="flex items-start justify-between gap-3">
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          <button type="button" onClick={() => ref.current?.close()} className="-m-1 min-h-9 rounded px-2 text-sm font-medium text-zinc-700 hover:bg-zinc-100">
            Close
          </button>
        </div>
        {children}
      </div>
    </dialog>
  );
}

const Kbd = ({ children }: { children: React.ReactNode }) => (
  <kbd className="inline-flex min-w-6 justify-center rounded border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 font-mono text-xs font-semibold text-zinc-800 shadow-sm">{children}</kbd>
);

export function ShortcutsDialog({ canTriage, onClose }: { canTriage: boolean; onClose: () => void }) {
  const rows = SHORTCUTS.filter((s) => canTriage || !s.changes);
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose}>
      <p className="text-sm text-zinc-700">On a focused card (Tab to the board, then move with the keys). Keys typed into a field are never shortcuts.</p>
      <table className="w-full text-sm">
        <caption className="sr-only">Keyboard shortcuts</caption>
        <thead className="sr-only">
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">What it does</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {rows.map((s) => (
            <tr key={s.does}>
              <td className="whitespace-nowrap py-1.5 pr-4">
                <span className="flex flex-wrap gap-1">
                  {s.keys.map((k) => (
                    <Kbd key={k}>{k}</Kbd>
                  ))}
                </span>
              </td>
              <td className="py-1.5">{s.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!canTriage ? <p className="text-sm text-zinc-700">You can read this board; triagers and facilitators change it.</p> : null}
    </Modal>
  );
}

/**
 * Mark a report as a duplicate: pick one of its look-alikes or type the original's number. The
 * parent makes the move (optimistically) once an original is chosen.
 */
export function DuplicateDialog({
  card,
  findByNumber,
  similarAction,
  onChoose,
  onClose,
}: {
  card: BoardCard;
  findByNumber: (n: number) => BoardCard | undefined;
  similarAction: SimilarAction;
  onChoose: (original: { id: string; number: number }) => void;
  onClose: () => void;
}) {
  const [suggestions, setSuggestions] = useState<SimilarReport[] | null>(null);
  const [loadProblem, setLoadProblem] = useState<string | null>(null);
  const [number, setNumber] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const inputId = useId();
  const errorId = useId();

  useEffect(() => {
    let live = true;
    similarAction({ text: card.title }).then(
      (res) => {
        if (!live) return;
        if (res.ok) setSuggestions(res.data.filter((s) => s.id !== card.id));
        else {
          setLoadProblem(res.message);
          setSuggestions([]);
        }
      },
      () => {
        if (!live) return;
        setLoadProblem("Could not load look-alikes. Type the original's number instead.");
        setSuggestions([]);
      },
    );
    return () => {
      live = false;
    };
  }, [card.id, card.title, similarAction]);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const n = Number(number.trim().replace(/^#/, ""));
    if (!Number.isInteger(n) || n < 1) return setProblem("Type the number of the original report, e.g. 12.");
    if (n === card.number) return setProblem("A report cannot be a duplicate of itself. Choose another one.");
    const original = findByNumber(n);
    if (!original) return setProblem(`There is no report #${n} in this bash.`);
    onChoose({ id: original.id, number: original.number });
  }

  return (
    <Modal title={`Mark #${card.number} as a duplicate`} onClose={onClose} wide>
      <p className="text-sm text-zinc-700">
        <span className="font-medium text-zinc-900">#{card.number}</span> {card.title}
      </p>
      <section aria-labelledby={`${inputId}-lookalikes`} className="space-y-2">
        <h3 id={`${inputId}-lookalikes`} className="text-sm font-semibold">
          Look-alikes
        </h3>
        {suggestions === null ? (
          <p className="text-sm text-zinc-700" role="status">
            Looking for similar reports…
          </p>
        ) : suggestions.length === 0 ? (
          <p className="text-sm text-zinc-700">{loadProblem ?? "No similar reports found. Type the original's number below."}</p>
        ) : (
          <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200">
            {suggestions.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  onClick={() => onChoose({ id: s.id, number: s.number })}
                  className="flex w-full flex-wrap items-center gap-x-2 gap-y-1 px-3 py-2 text-left text-sm hover:bg-accent-50"
                >
                  <span className="font-semibold tabular-nums">#{s.number}</span>
                  <span className="min-w-0 flex-1 break-words">{s.title}</span>
                  <ReportStatusChip status={s.status} />
                  <span className="w-full text-xs text-zinc-700">
                    {[s.reporterName, s.featureName, s.meToos ? `+${s.meToos}` : null].filter(Boolean).join(" · ")}
                    <span className="sr-only"> — mark #{card.number} as its duplicate</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-2" noValidate>
        <div className="w-40">
          <label htmlFor={inputId} className={labelClass}>
            Duplicate of #
          </label>
          <input
            id={inputId}
            value={number}
            onChange={(e) => setNumber(e.target.value)}
            inputMode="numeric"
            autoComplete="off"
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? errorId : undefined}
            className={inputClass}
          />
        </div>
        <button type="submit" className={btn.primary}>
          Mark as duplicate
        </button>
      </form>
      {problem ? (
        <p id={errorId} role="alert" className="text-sm font-medium text-red-700">
          {problem}
        </p>
      ) : null}
    </Modal>
  );
}

/**
 * Needs info: a question for the reporter (they are told; their answer returns the report to New).
 * The dialog stays open while sending so nothing typed is lost on an error.
 */
export function AskDialog({
  card,
  onSend,
  onMoveOnly,
  onClose,
}: {
  card: BoardCard;
  /** Resolves to an error message, or null when the question was sent. */
  onSend: (question: string) => Promise<string | null>;
  onMoveOnly: () => void;
  onClose: () => void;
}) {
  const [question, setQuestion] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const id = useId();
  const canAsk = card.reporterId !== null;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!question.trim()) return setProblem("Write the question for the reporter.");
    setPending(true);
    setProblem(null);
    const err = await onSend(question);
    setPending(false);
    if (err) setProblem(err);
  }

  return (
    <Modal title={`Ask the reporter about #${card.number}`} onClose={onClose}>
      <p className="text-sm text-zinc-700">
        <span className="font-medium text-zinc-900">#{card.number}</span> {card.title}
        {card.missing.length ? <span className="block pt-1">Missing: {card.missing.join(", ")}.</span> : null}
      </p>
      {canAsk ? (
        <form onSubmit={submit} className="space-y-3" noValidate>
          <div className="space-y-1">
            <label htmlFor={id} className={labelClass}>
              Question for {card.reporterName || "the reporter"}
            </label>
            <textarea
              id={id}
              value={question}
              onChange={(e) => setQuestion(e.target.value)}
              rows={4}
              maxLength={5000}
              aria-invalid={problem ? true : undefined}
              className={inputClass}
              placeholder="Which page were you on? What did you expect to happen?"
            />
            <p className="text-xs text-zinc-700">They are notified; when they answer, the report goes back to New.</p>
          </div>
          <div className="flex flex-wrap gap-2">
            <button type="submit" className={btn.primary} disabled={pending}>
              {pending ? "Sending…" : "Send question"}
            </button>
            <button type="button" className={btn.secondary} onClick={onMoveOnly} disabled={pending}>
              Move without asking
            </button>
          </div>
        </form>
      ) : (
        <div className="space-y-3">
          <p className="text-sm">This report has no reporter with an account (it was imported), so nobody can be asked here. Move it to Needs info and comment on the report page.</p>
          <button type="button" className={btn.primary} onClick={onMoveOnly}>
            Move to Needs info
          </button>
        </div>
      )}
      {problem ? (
        <p role="alert" className="text-sm font-medium text-red-700">
          {problem}
        </p>
      ) : null}
    </Modal>
  );
}
