"use client";

// The triage board: filters (in the URL), Board | List, drag and drop, keyboard shortcuts, bulk
// changes and live updates. Moves are optimistic: the card moves at once, and moves back with the
// server's message (e.g. a CONFLICT naming who changed it) when the change is refused. Fresh props
// from the server always win over what is still shown optimistically (see lib/triage/board.ts).
import type { RowSelectionState, Updater } from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { useBashEvents } from "@/components/realtime/use-bash-events";
import type { ActionResult } from "@/lib/action";
import {
  applyOverlays,
  boardQueryString,
  cardText,
  describePatch,
  describePlace,
  describeTarget,
  deviceOptions,
  dropIntent,
  EMPTY_FILTERS,
  PAGE_SIZE,
  filterCards,
  groupCards,
  isNoop,
  isTypingTarget,
  navigate,
  nextFocusAfterMove,
  parseBoardQuery,
  parseDropTarget,
  pruneOverlays,
  reporterOptions,
  shortcutFor,
  type BoardFilters,
  type BoardView,
  type PackedCards,
  unpackCards,
  type Intent,
  type Overlay,
  type Patch,
} from "@/lib/triage/board";
import type { BoardCard } from "@/lib/triage/queries";
import { BoardColumns } from "./board-columns";
import { BulkBar, type BulkChange } from "./bulk-bar";
import { AskDialog, DuplicateDialog, ShortcutsDialog, type SimilarAction } from "./dialogs";
import { FilterBar } from "./filter-bar";
import { ListView } from "./list-view";

type Input = Record<string, unknown>;
export type MoveResult = { id: string; number: number; version: number; status: string; changed: boolean };
type Failure = Extract<ActionResult, { ok: false }>;

export type TriageBoardProps = {
  bashId: string;
  features: { id: string; menuName: string }[];
  /** Every card of the bash, packed (lib/triage/board.ts packCards). */
  packedCards: PackedCards;
  eventId: string | null;
  canTriage: boolean;
  /** The query string the page was opened with (filters and view). */
  initialQuery: string;
  moveAction: (input: Input) => Promise<ActionResult<MoveResult>>;
  bulkAction: (input: Input) => Promise<ActionResult<{ changed: number; reports: MoveResult[] }>>;
  askAction: (input: Input) => Promise<ActionResult<{ id: string; number: number; version: number }>>;
  similarAction: SimilarAction;
  /** The search text of every report by id, loaded when someone first types in the search box. */
  searchTextAction: () => Promise<ActionResult<Record<string, string>>>;
};

type DialogState = { kind: "help" } | { kind: "duplicate" | "ask"; cardId: string; nextId: string | null } | null;

const OFFLINE: Failure = { ok: false, code: "INTERNAL", message: "Could not reach Bashboard. Check your connection; nothing was changed." };

async function call<T>(fn: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await fn();
  } catch {
    return OFFLINE;
  }
}

/** A stable function that always runs the latest `fn` (for props of memoised children). */
function useStable<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const ref = useRef(fn);
  useEffect(() => {
    ref.current = fn;
  });
  return useCallback((...args: A) => ref.current(...args), []);
}

/** The cards the keyboard moves through, in the order they are shown (one list per column). */
function navColumns(root: HTMLElement): { ids: string[] }[] {
  const idsIn = (el: ParentNode) => Array.from(el.querySelectorAll<HTMLElement>("[data-card-id]"), (e) => e.dataset.cardId ?? "");
  const cols = root.querySelectorAll<HTMLElement>("[data-column]");
  return cols.length ? Array.from(cols, (c) => ({ ids: idsIn(c) })) : [{ ids: idsIn(root) }];
}

export function TriageBoard(props: TriageBoardProps) {
  const { bashId, packedCards, canTriage, moveAction, bulkAction, askAction, similarAction, searchTextAction } = props;
  const router = useRouter();
  const cards = useMemo(() => unpackCards(packedCards), [packedCards]);
  const [{ filters, view }, setQuery] = useState(() => parseBoardQuery(new URLSearchParams(props.initialQuery)));
  const deferredFilters = useDeferredValue(filters);
  const [overlays, setOverlays] = useState<Record<string, Overlay>>({});
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [limits, setLimits] = useState<Record<string, number>>({});
  const [dialog, setDialog] = useState<DialogState>(null);
  const [error, setError] = useState<{ message: string; seq: number } | null>(null);
  const [notice, setNotice] = useState("");
  const [bulkPending, setBulkPending] = useState(false);
  const [seen, setSeen] = useState(() => ({ count: cards.length, cards }));

  const rootRef = useRef<HTMLDivElement>(null);
  const inflight = useRef(new Set<string>());
  const dragging = useRef(false);
  const pendingFocus = useRef<string | null>(null);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const errorSeq = useRef(0);

  // New reports arriving live are announced (the count line below is a polite live region).
  if (seen.cards !== cards) {
    const added = cards.length - seen.count;
    setSeen({ count: cards.length, cards });
    if (added > 0) setNotice(`${added} new report${added === 1 ? "" : "s"} arrived.`);
    // Overlays the server has overtaken are forgotten.
    if (Object.keys(overlays).length) setOverlays(pruneOverlays(cards, overlays));
  }

  const displayed = useMemo(() => applyOverlays(cards, overlays), [cards, overlays]);
  const byId = useMemo(() => new Map(displayed.map((c) => [c.id, c])), [displayed]);
  const rawById = useMemo(() => new Map(cards.map((c) => [c.id, c])), [cards]);
  // The full search text comes on demand: when a search is typed, and again when new reports arrive
  // during one. Until it is here, a search looks at titles and reporters.
  const [texts, setTexts] = useState<{ map: Record<string, string>; cards: BoardCard[] } | null>(null);
  const searching = deferredFilters.q.trim() !== "";
  useEffect(() => {
    if (!searching || texts?.cards === cards) return;
    let cancelled = false;
    void call(searchTextAction).then((res) => {
      // Unreachable: search titles and reporters only (what the cards carry) until the next change.
      if (!cancelled) setTexts({ map: res.ok ? res.data : {}, cards });
    });
    return () => {
      cancelled = true;
    };
  }, [searching, cards, texts, searchTextAction]);
  const textOf = useCallback((c: BoardCard) => texts?.map[c.id] ?? cardText(c), [texts]);
  /** A search is typed and the full text is still on its way: "no match" would be premature. */
  const textPending = searching && texts?.cards !== cards;
  const filtered = useMemo(() => filterCards(displayed, deferredFilters, textOf), [displayed, deferredFilters, textOf]);
  const grouped = useMemo(() => groupCards(filtered), [filtered]);
  const reporters = useMemo(() => reporterOptions(cards), [cards]);
  const devices = useMemo(() => deviceOptions(cards), [cards]);
  const selectedIds = useMemo(() => Object.keys(selection).filter((id) => selection[id] && byId.has(id)), [selection, byId]);
  const hiddenSelected = useMemo(() => {
    const visible = new Set(filtered.map((c) => c.id));
    return selectedIds.filter((id) => !visible.has(id)).length;
  }, [filtered, selectedIds]);

  // Keep the URL in step with the filters and view (replaceState: no server round trip, no history spam).
  useEffect(() => {
    const t = setTimeout(() => {
      const qs = boardQueryString(filters, view);
      if (qs !== window.location.search) {
        window.history.replaceState(null, "", `${window.location.pathname}${qs}${window.location.hash}`);
      }
    }, 250);
    return () => clearTimeout(t);
  }, [filters, view]);

  // Focus the card a keyboard decision asked for, once it is on screen.
  useEffect(() => {
    const id = pendingFocus.current;
    if (!id) return;
    pendingFocus.current = null;
    rootRef.current?.querySelector<HTMLElement>(`[data-card-id="${CSS.escape(id)}"]`)?.focus();
  });

  // Live: another triager's move (or a new report) refreshes the page's data, bursts coalesced.
  const refreshSoon = useStable(() => {
    if (refreshTimer.current) return;
    refreshTimer.current = setTimeout(function tick() {
      // Never pull the board from under a card that is being dragged.
      if (dragging.current) {
        refreshTimer.current = setTimeout(tick, 300);
        return;
      }
      refreshTimer.current = null;
      router.refresh();
    }, 300);
  });
  useEffect(
    () => () => {
      if (refreshTimer.current) clearTimeout(refreshTimer.current);
    },
    [],
  );
  useBashEvents(
    bashId,
    (e) => {
      if (e.type.startsWith("report.") || e.type.startsWith("comment.") || e.type.startsWith("attachment.")) refreshSoon();
    },
    { since: props.eventId, onReset: refreshSoon },
  );

  // "?" anywhere (outside fields) opens the shortcuts.
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.key !== "?" || e.ctrlKey || e.metaKey || e.altKey || dragging.current) return;
      if (isTypingTarget(e.target as HTMLElement | null)) return;
      e.preventDefault();
      setDialog((d) => d ?? { kind: "help" });
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const say = (message: string) => setNotice(message);
  const fail = (message: string) => setError({ message, seq: ++errorSeq.current });

  const focusCard = (id: string) => rootRef.current?.querySelector<HTMLElement>(`[data-card-id="${CSS.escape(id)}"]`)?.focus();

  /** Show a change at once; returns how to undo it. */
  function showOptimistic(card: BoardCard, patch: Overlay["patch"]): () => void {
    const raw = rawById.get(card.id);
    const before = overlays[card.id];
    if (!raw) return () => {};
    setOverlays((o) => ({ ...o, [card.id]: { base: raw.version, patch: { ...(o[card.id]?.base === raw.version ? o[card.id].patch : {}), ...patch } } }));
    return () =>
      setOverlays((o) => {
        const n = { ...o };
        if (before) n[card.id] = before;
        else delete n[card.id];
        return n;
      });
  }
  function rememberVersion(id: string, version: number) {
    setOverlays((o) => (o[id] ? { ...o, [id]: { base: o[id].base, patch: { ...o[id].patch, version } } } : o));
  }
  function refused(res: Failure) {
    fail(res.message);
    // A stale copy: fetch theirs (the message asks the triager to look at it).
    if (res.code === "CONFLICT" || res.code === "NOT_FOUND") router.refresh();
  }

  /** One optimistic move: the card moves now, and back with the server's message if refused. */
  async function move(card: BoardCard, patch: Patch, extra: { duplicateOf?: { id: string; number: number } } = {}): Promise<boolean> {
    if (!canTriage) return false;
    if (!extra.duplicateOf && isNoop(card, patch)) {
      say(`#${card.number} is already in ${describePlace(card)}.`);
      return true;
    }
    if (inflight.current.has(card.id)) {
      say(`#${card.number} is still being saved; try again in a moment.`);
      return false;
    }
    inflight.current.add(card.id);
    setError(null);
    const undo = showOptimistic(card, { ...patch, ...(extra.duplicateOf ? { duplicateOfNumber: extra.duplicateOf.number } : {}) });
    const res = await call(() => moveAction({ reportId: card.id, version: card.version, ...patch, ...(extra.duplicateOf ? { duplicateOfId: extra.duplicateOf.id } : {}) }));
    inflight.current.delete(card.id);
    if (res.ok) {
      rememberVersion(card.id, res.data.version);
      say(`#${card.number} moved to ${extra.duplicateOf ? `Duplicate of #${extra.duplicateOf.number}` : describePatch(patch)}.`);
      return true;
    }
    undo();
    refused(res);
    return false;
  }

  function runIntent(card: BoardCard, intent: Intent, nextId: string | null) {
    if (intent.kind === "update") {
      if (nextId) pendingFocus.current = nextId;
      void move(card, intent.patch);
      return;
    }
    setDialog({ kind: intent.kind, cardId: card.id, nextId });
  }

  const onDrop = useStable((cardId: string, targetId: string) => {
    const card = byId.get(cardId);
    const target = parseDropTarget(targetId);
    if (!card || !target || !canTriage) return;
    const intent = dropIntent(target);
    if (intent.kind === "update" && isNoop(card, intent.patch)) return;
    if (intent.kind !== "update") say(`#${card.number} dropped in ${describeTarget(target)}.`);
    runIntent(card, intent, null);
  });
  const onDragging = useStable((d: boolean) => {
    dragging.current = d;
  });
  const findCard = useCallback((id: string) => byId.get(id), [byId]);
  const onToggleSelect = useCallback(
    (id: string) =>
      setSelection((s) => {
        const n = { ...s };
        if (n[id]) delete n[id];
        else n[id] = true;
        return n;
      }),
    [],
  );
  const onShowMore = useCallback((key: string) => setLimits((l) => ({ ...l, [key]: (l[key] ?? PAGE_SIZE) + PAGE_SIZE })), []);
  const onFilters = useCallback((patch: Partial<BoardFilters>) => setQuery((q) => ({ ...q, filters: { ...q.filters, ...patch } })), []);
  const setView = (v: BoardView) => setQuery((q) => ({ ...q, view: v }));
  const onSelectionChange = useCallback(
    (u: Updater<RowSelectionState>) => setSelection((s) => (typeof u === "function" ? u(s) : u)),
    [],
  );

  function onKeyDown(e: React.KeyboardEvent<HTMLDivElement>) {
    if (dragging.current || dialog || e.defaultPrevented) return;
    const target = e.target as HTMLElement;
    if (isTypingTarget(target)) return;
    const el = target.closest<HTMLElement>("[data-card-id]");
    const id = el?.dataset.cardId;
    if (!id) return;
    const sc = shortcutFor(e);
    if (!sc || sc.kind === "help") return;
    if (sc.kind === "nav") {
      e.preventDefault();
      const next = rootRef.current ? navigate(navColumns(rootRef.current), id, sc.dir) : null;
      if (next) focusCard(next);
      return;
    }
    if (!canTriage) return;
    const card = byId.get(id);
    if (!card) return;
    e.preventDefault();
    if (sc.kind === "select") {
      const on = !selection[id];
      onToggleSelect(id);
      say(`#${card.number} ${on ? "selected" : "no longer selected"}.`);
      return;
    }
    const order = rootRef.current ? navColumns(rootRef.current).flatMap((c) => c.ids) : [];
    runIntent(card, sc.intent, nextFocusAfterMove(order, id));
  }

  function closeDialog(completed: boolean) {
    if (dialog && dialog.kind !== "help") pendingFocus.current = completed ? (dialog.nextId ?? dialog.cardId) : dialog.cardId;
    setDialog(null);
  }

  async function askReporter(card: BoardCard, question: string): Promise<string | null> {
    if (inflight.current.has(card.id)) return `#${card.number} is still being saved; try again in a moment.`;
    inflight.current.add(card.id);
    const res = await call(() => askAction({ reportId: card.id, version: card.version, question }));
    inflight.current.delete(card.id);
    if (!res.ok) {
      if (res.code === "CONFLICT") router.refresh();
      return res.message;
    }
    const raw = rawById.get(card.id);
    if (raw) setOverlays((o) => ({ ...o, [card.id]: { base: raw.version, patch: { status: "NEEDS_INFO", version: res.data.version } } }));
    say(`Question sent; #${card.number} moved to Needs info.`);
    closeDialog(true);
    return null;
  }

  async function applyBulk(change: BulkChange): Promise<boolean> {
    const targets = selectedIds.map((id) => byId.get(id)).filter((c): c is BoardCard => Boolean(c));
    if (!targets.length || !canTriage) return false;
    const busy = targets.find((c) => inflight.current.has(c.id));
    if (busy) {
      fail(`#${busy.number} is still being saved; try again in a moment.`);
      return false;
    }
    const patch: Patch = {};
    if (change.status) patch.status = change.status;
    if (change.priority !== undefined) patch.priority = change.priority;
    if (change.sprint !== undefined) patch.sprint = change.sprint;
    for (const c of targets) inflight.current.add(c.id);
    setError(null);
    setBulkPending(true);
    const undos = targets.map((c) => showOptimistic(c, patch));
    const res = await call(() => bulkAction({ items: targets.map((c) => ({ reportId: c.id, version: c.version })), ...change }));
    for (const c of targets) inflight.current.delete(c.id);
    setBulkPending(false);
    if (res.ok) {
      for (const r of res.data.reports) rememberVersion(r.id, r.version);
      setSelection({});
      say(`${targets.length} report${targets.length === 1 ? "" : "s"} changed: ${describePatch(patch)}.`);
      return true;
    }
    for (const undo of undos.reverse()) undo();
    refused(res);
    return false;
  }

  const dialogCard = dialog && dialog.kind !== "help" ? byId.get(dialog.cardId) : undefined;
  const findByNumber = useCallback((n: number) => displayed.find((c) => c.number === n), [displayed]);
  const shownCount = filtered.length;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div role="group" aria-label="View" className="inline-flex rounded-md border border-zinc-300 bg-white p-0.5 shadow-sm">
          {(["board", "list"] as const).map((v) => (
            <button
              key={v}
              type="button"
              aria-pressed={view === v}
              onClick={() => setView(v)}
              className={`min-h-9 rounded px-3 text-sm font-medium ${view === v ? "bg-zinc-900 text-white" : "text-zinc-800 hover:bg-zinc-100"}`}
            >
              {v === "board" ? "Board" : "List"}
            </button>
          ))}
        </div>
        <button
          type="button"
          onClick={() => setDialog({ kind: "help" })}
          className="inline-flex min-h-9 items-center gap-2 rounded-md px-2 text-sm font-medium text-zinc-800 hover:bg-zinc-100"
          aria-keyshortcuts="?"
        >
          Keyboard shortcuts{" "}
          <kbd aria-hidden="true" className="rounded border border-zinc-300 bg-zinc-50 px-1.5 font-mono text-xs">
            ?
          </kbd>
        </button>
      </div>

      <FilterBar filters={filters} onChange={onFilters} features={props.features} reporters={reporters} devices={devices} />

      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 text-sm">
        <p aria-live="polite" className="text-zinc-700" data-testid="shown-count">
          {shownCount === cards.length ? `${cards.length} report${cards.length === 1 ? "" : "s"}` : `Showing ${shownCount} of ${cards.length} reports`}
        </p>
        <p role="status" className="text-zinc-700">
          {notice}
        </p>
      </div>
      {!canTriage ? <p className="text-sm text-zinc-700">You can read this board; triagers and facilitators move reports.</p> : null}

      {canTriage && selectedIds.length > 0 ? (
        <BulkBar count={selectedIds.length} hidden={hiddenSelected} pending={bulkPending} onApply={applyBulk} onClear={() => setSelection({})} />
      ) : null}

      <div ref={rootRef} onKeyDown={onKeyDown}>
        {view === "board" ? (
          <BoardColumns
            bashId={bashId}
            grouped={grouped}
            canTriage={canTriage}
            selection={selection}
            limits={limits}
            onShowMore={onShowMore}
            onToggleSelect={onToggleSelect}
            onDrop={onDrop}
            onDragging={onDragging}
            findCard={findCard}
          />
        ) : (
          <ListView bashId={bashId} cards={filtered} canTriage={canTriage} selection={selection} onSelectionChange={onSelectionChange} />
        )}
        {cards.length === 0 ? <p className="p-4 text-sm text-zinc-700">No reports yet. They appear here as participants file them, without a reload.</p> : null}
        {cards.length > 0 && shownCount === 0 && textPending ? (
          <p className="p-4 text-sm text-zinc-700" role="status">
            Searching descriptions and steps…
          </p>
        ) : null}
        {cards.length > 0 && shownCount === 0 && !textPending ? (
          <p className="p-4 text-sm text-zinc-700">
            No reports match these filters.{" "}
            <button type="button" onClick={() => onFilters(EMPTY_FILTERS)} className="font-medium text-accent-700 underline underline-offset-2">
              Clear filters
            </button>
          </p>
        ) : null}
      </div>

      {error ? (
        <div
          key={error.seq}
          role="alert"
          className="fixed inset-x-3 bottom-3 z-50 flex items-start gap-3 rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-900 shadow-lg sm:left-auto sm:right-4 sm:w-[28rem]"
        >
          <p className="min-w-0 flex-1 break-words font-medium">{error.message}</p>
          <button type="button" onClick={() => setError(null)} className="-m-1 shrink-0 rounded px-2 py-1 font-semibold text-red-900 hover:bg-red-100">
            Dismiss
          </button>
        </div>
      ) : null}

      {dialog?.kind === "help" ? <ShortcutsDialog canTriage={canTriage} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === "duplicate" && dialogCard ? (
        <DuplicateDialog
          card={dialogCard}
          findByNumber={findByNumber}
          similarAction={similarAction}
          onClose={() => closeDialog(false)}
          onChoose={(original) => {
            closeDialog(true);
            void move(dialogCard, { status: "DUPLICATE" }, { duplicateOf: original });
          }}
        />
      ) : null}
      {dialog?.kind === "ask" && dialogCard ? (
        <AskDialog
          card={dialogCard}
          onClose={() => closeDialog(false)}
          onSend={(q) => askReporter(dialogCard, q)}
          onMoveOnly={() => {
            closeDialog(true);
            void move(dialogCard, { status: "NEEDS_INFO" });
          }}
        />
      ) : null}
    </div>
  );
}
