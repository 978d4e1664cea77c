"use client";

// The board itself: columns New → Needs info → Confirmed (by priority) → Not a bug → Duplicate →
// In progress → Done, with drag and drop by pointer and keyboard (dnd-kit). Dropping only reports the
// target to the parent, which decides what the drop means (a move, or a dialog that completes it).
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type ClientRect,
  type Collision,
  type CollisionDetection,
  type DragCancelEvent,
  type DragEndEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  type UniqueIdentifier,
} from "@dnd-kit/core";
import { memo, useCallback, useState } from "react";
import {
  describeTarget,
  dropTargetId,
  PAGE_SIZE,
  parseDropTarget,
  PRIORITY_GROUP_LABEL,
  PRIORITY_GROUPS,
  type Grouped,
  type PriorityGroup,
} from "@/lib/triage/board";
import type { BoardCard } from "@/lib/triage/queries";
import { STATUS_LABEL, TRIAGE_COLUMNS, type TriageStatus } from "@/lib/triage/schema";
import { CardBody, DraggableCard, StaticCard } from "./report-card";

const PRIORITY_DOT: Record<PriorityGroup, string> = {
  P1: "bg-red-600",
  P2: "bg-orange-500",
  P3: "bg-yellow-400",
  P4: "bg-zinc-400",
  NONE: "border border-zinc-400 bg-white",
};

const COLUMN_HINT: Partial<Record<TriageStatus, string>> = {
  OPEN: "Nothing new to triage.",
  NEEDS_INFO: "Drop here to ask the reporter.",
  NOT_A_BUG: "Drop here: not a bug.",
  DUPLICATE: "Drop here to choose the original.",
};

type DragData = { number?: number; title?: string; place?: string };
const dragData = (active: { data: { current?: unknown } }): DragData => (active.data.current ?? {}) as DragData;
const nameOf = (active: { id: UniqueIdentifier; data: { current?: unknown } }) => {
  const d = dragData(active);
  return d.number ? `#${d.number}` : "The report";
};
const overName = (id: UniqueIdentifier | undefined) => {
  const t = parseDropTarget(id);
  return t ? describeTarget(t) : null;
};

// Plain words for screen readers (dnd-kit speaks them in its own live region).
const announcements: Announcements = {
  onDragStart: ({ active }) => {
    const d = dragData(active);
    return `Picked up ${nameOf(active)}${d.title ? `, ${d.title}` : ""}, in ${d.place ?? "its column"}. Use the arrow keys to move it between columns and priority groups, Space to drop it, Escape to cancel.`;
  },
  onDragOver: ({ active, over }) => {
    const name = overName(over?.id);
    // Still where it was picked up: the pick-up sentence has said so already.
    if (name && name === dragData(active).place) return undefined;
    return name ? `${nameOf(active)} is over ${name}.` : `${nameOf(active)} is not over a column.`;
  },
  onDragEnd: ({ active, over }) => {
    const name = overName(over?.id);
    return name ? `${nameOf(active)} dropped in ${name}.` : `${nameOf(active)} dropped outside the board; nothing changed.`;
  },
  onDragCancel: ({ active }) => `Moving ${nameOf(active)} was cancelled; it stays in ${dragData(active).place ?? "its column"}.`,
};

const screenReaderInstructions = {
  draggable:
    "Press Enter to open the report. To move it, press Space to pick it up, use the arrow keys to move it between columns and priority groups, and press Space again to drop it; Escape cancels. Press question mark for all keyboard shortcuts.",
};

/**
 * Which column or priority group is under the pointer (or, with the keyboard, under the card's
 * centre). The innermost wins, so a priority group beats the Confirmed column around it.
 */
export const collideInnermost: CollisionDetection = ({ droppableContainers, droppableRects, pointerCoordinates, collisionRect }) => {
  const point = pointerCoordinates ?? { x: collisionRect.left + collisionRect.width / 2, y: collisionRect.top + collisionRect.height / 2 };
  const hits: (Collision & { data: { value: number } })[] = [];
  for (const c of droppableContainers) {
    const r = droppableRects.get(c.id);
    if (!r || c.disabled) continue;
    if (point.x >= r.left && point.x <= r.left + r.width && point.y >= r.top && point.y <= r.top + r.height) {
      hits.push({ id: c.id, data: { droppableContainer: c, value: r.width * r.height } });
    }
  }
  return hits.sort((a, b) => a.data.value - b.data.value);
};

const centre = (r: ClientRect) => ({ x: r.left + r.width / 2, y: r.top + r.height / 2 });

/**
 * Arrow keys while a card is picked up: ←/→ jump to the neighbouring column (into the nearest priority
 * group when it is Confirmed), ↑/↓ move between Confirmed's priority groups. The card's centre is put
 * inside the target so the collision above finds it.
 */
export const boardKeyboardCoordinates: KeyboardCoordinateGetter = (event, { context }) => {
  const code = event.code;
  if (code !== "ArrowLeft" && code !== "ArrowRight" && code !== "ArrowUp" && code !== "ArrowDown") return undefined;
  event.preventDefault();
  const { collisionRect, droppableRects, droppableContainers, active } = context;
  if (!active || !collisionRect) return undefined;
  const here = centre(collisionRect);
  const targets = droppableContainers.getEnabled().flatMap((c) => {
    const r = droppableRects.get(c.id);
    const t = parseDropTarget(c.id);
    return r && t ? [{ t, r }] : [];
  });
  const columns = targets.filter((x) => x.t.kind === "column");
  const groups = targets.filter((x) => x.t.kind === "group").sort((a, b) => a.r.top - b.r.top);
  const placeIn = (r: ClientRect, y: number) => ({ x: r.left + r.width / 2 - collisionRect.width / 2, y: y - collisionRect.height / 2 });
  const groupY = (r: ClientRect) => r.top + Math.min(r.height / 2, 40);
  const inside = (r: ClientRect, x: number) => x >= r.left && x <= r.left + r.width;

  if (code === "ArrowLeft" || code === "ArrowRight") {
    const sign = code === "ArrowRight" ? 1 : -1;
    const next = columns
      .filter((c) => sign * (centre(c.r).x - here.x) > 8)
      .sort((a, b) => Math.abs(centre(a.r).x - here.x) - Math.abs(centre(b.r).x - here.x))[0];
    if (!next) return undefined;
    const inColumn = groups.filter((g) => inside(next.r, centre(g.r).x));
    if (inColumn.length) {
      const dist = (r: ClientRect) => (here.y < r.top ? r.top - here.y : here.y > r.top + r.height ? here.y - r.top - r.height : 0);
      const g = [...inColumn].sort((a, b) => dist(a.r) - dist(b.r))[0];
      return placeIn(g.r, groupY(g.r));
    }
    const y = Math.min(Math.max(here.y, next.r.top + 48), next.r.top + next.r.height - 24);
    return placeIn(next.r, y);
  }

  // ↑/↓: only between priority groups of the column the card is over.
  const inColumn = groups.filter((g) => inside(g.r, here.x));
  if (!inColumn.length) return undefined;
  const currentIndex = inColumn.findIndex((g) => here.y >= g.r.top && here.y <= g.r.top + g.r.height);
  let target;
  if (currentIndex >= 0) target = inColumn[currentIndex + (code === "ArrowDown" ? 1 : -1)];
  else target = code === "ArrowDown" ? inColumn.find((g) => g.r.top > here.y) : [...inColumn].reverse().find((g) => g.r.top + g.r.height < here.y);
  return target ? placeIn(target.r, groupY(target.r)) : undefined;
};

/** After a pointer drag, the click that ends it must not open the card's link. */
function swallowNextClick() {
  const stop = (e: Event) => {
    e.preventDefault();
    e.stopPropagation();
  };
  window.addEventListener("click", stop, { capture: true, once: true });
  setTimeout(() => window.removeEventListener("click", stop, { capture: true }), 0);
}
const isPointer = (e: Event | null) => typeof PointerEvent !== "undefined" && e instanceof PointerEvent;

const KEYBOARD_CODES = { start: ["Space"], cancel: ["Escape"], end: ["Space", "Enter"] };

export type BoardColumnsProps = {
  bashId: string;
  grouped: Grouped;
  canTriage: boolean;
  selection: Readonly<Record<string, boolean>>;
  limits: Readonly<Record<string, number>>;
  onShowMore: (key: string) => void;
  onToggleSelect: (id: string) => void;
  /** A card was dropped on a column or priority group (its drop id). */
  onDrop: (cardId: string, targetId: string) => void;
  onDragging: (dragging: boolean) => void;
  /** The card being dragged, for the overlay that follows the pointer. */
  findCard: (id: string) => BoardCard | undefined;
};

export const BoardColumns = memo(function BoardColumns(props: BoardColumnsProps) {
  const { grouped, canTriage, onDrop, onDragging, findCard } = props;
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: boardKeyboardCoordinates, keyboardCodes: KEYBOARD_CODES, scrollBehavior: "auto" }),
  );
  const [activeId, setActiveId] = useState<string | null>(null);

  const onDragStart = useCallback(
    (e: DragStartEvent) => {
      setActiveId(String(e.active.id));
      onDragging(true);
    },
    [onDragging],
  );
  const onDragEnd = useCallback(
    (e: DragEndEvent) => {
      setActiveId(null);
      onDragging(false);
      if (isPointer(e.activatorEvent)) swallowNextClick();
      if (e.over) onDrop(String(e.active.id), String(e.over.id));
    },
    [onDrop, onDragging],
  );
  const onDragCancel = useCallback(
    (e: DragCancelEvent) => {
      setActiveId(null);
      onDragging(false);
      if (isPointer(e.activatorEvent)) swallowNextClick();
    },
    [onDragging],
  );

  const active = activeId ? findCard(activeId) : undefined;

  return (
    <DndContext
      id="triage-board"
      sensors={canTriage ? sensors : []}
      collisionDetection={collideInnermost}
      accessibility={{ announcements, screenReaderInstructions }}
      autoScroll={{ threshold: { x: 0.12, y: 0.12 } }}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={onDragCancel}
    >
      {/* The columns scroll sideways inside this box; the page itself never does. */}
      <div
        role="region"
        aria-label="Board columns"
        tabIndex={0}
        className="relative -mx-1 max-w-full overflow-x-auto rounded-lg px-1 pb-3 focus-visible:outline-offset-0"
        data-testid="board"
      >
        <div className="flex w-max items-stretch gap-3">
          {TRIAGE_COLUMNS.map((status) => (
            <Column key={status} {...props} status={status} cards={grouped.columns[status]} />
          ))}
        </div>
      </div>
      <DragOverlay dropAnimation={null}>
        {active ? (
          <div className="w-72 rotate-1 cursor-grabbing rounded-md border border-accent-600 bg-white p-2.5 shadow-lg">
            <CardBody card={active} />
          </div>
        ) : null}
      </DragOverlay>
    </DndContext>
  );
});

function Count({ n, className }: { n: number; className: string }) {
  return (
    <span className={className}>
      {n}
      <span className="sr-only"> report{n === 1 ? "" : "s"}</span>
    </span>
  );
}

type ListProps = Pick<BoardColumnsProps, "bashId" | "canTriage" | "selection" | "limits" | "onShowMore" | "onToggleSelect">;
const listProps = (p: ListProps): ListProps => ({
  bashId: p.bashId,
  canTriage: p.canTriage,
  selection: p.selection,
  limits: p.limits,
  onShowMore: p.onShowMore,
  onToggleSelect: p.onToggleSelect,
});

function Column({ status, cards, grouped, ...props }: BoardColumnsProps & { status: TriageStatus; cards: BoardCard[] }) {
  const { setNodeRef, isOver } = useDroppable({ id: dropTargetId({ kind: "column", status }), data: { status } });
  const headingId = `triage-col-${status}`;
  return (
    <section
      ref={setNodeRef}
      aria-labelledby={headingId}
      data-column={status}
      className={`flex w-72 shrink-0 flex-col rounded-lg border bg-zinc-100/80 ${isOver ? "border-accent-600 ring-2 ring-accent-600/40" : "border-zinc-200"}`}
    >
      <h2 id={headingId} className="flex items-baseline justify-between gap-2 px-3 pb-1 pt-2.5 text-sm font-semibold text-zinc-900">
        <span>{STATUS_LABEL[status]}</span>{" "}
        <Count n={cards.length} className="text-xs font-medium tabular-nums text-zinc-700" />
      </h2>
      {status === "CONFIRMED" ? (
        <div className="flex flex-1 flex-col gap-2 px-2 pb-2">
          {PRIORITY_GROUPS.map((p) => (
            <PriorityGroupBox key={p} priority={p} cards={grouped.confirmed[p]} {...listProps(props)} />
          ))}
        </div>
      ) : (
        <div className="flex flex-1 flex-col px-2 pb-2">
          <CardList listKey={status} cards={cards} label={STATUS_LABEL[status]} empty={COLUMN_HINT[status] ?? "No reports here."} {...listProps(props)} />
        </div>
      )}
    </section>
  );
}

function PriorityGroupBox({ priority, cards, ...props }: ListProps & { priority: PriorityGroup; cards: BoardCard[] }) {
  const { setNodeRef, isOver } = useDroppable({ id: dropTargetId({ kind: "group", priority }), data: { priority } });
  const label = PRIORITY_GROUP_LABEL[priority];
  const headingId = `triage-group-${priority}`;
  return (
    <div
      ref={setNodeRef}
      role="group"
      aria-labelledby={headingId}
      data-group={priority}
      className={`rounded-md border p-1.5 ${isOver ? "border-accent-600 bg-accent-50 ring-2 ring-accent-600/40" : "border-dashed border-zinc-300"}`}
    >
      <h3 id={headingId} className="flex items-center gap-2 px-1 pb-1 text-xs font-semibold text-zinc-800">
        <span aria-hidden="true" className={`inline-block h-2.5 w-2.5 rounded-full ${PRIORITY_DOT[priority]}`} />
        <span>{label}</span>{" "}
        <Count n={cards.length} className="ml-auto font-medium tabular-nums text-zinc-700" />
      </h3>
      <CardList listKey={`CONFIRMED:${priority}`} cards={cards} label={`Confirmed ${label}`} empty={`Drop here: confirmed${priority === "NONE" ? "" : `, ${label}`}.`} {...props} />
    </div>
  );
}

const CardList = memo(function CardList({
  listKey,
  cards,
  label,
  empty,
  bashId,
  canTriage,
  selection,
  limits,
  onShowMore,
  onToggleSelect,
}: ListProps & { listKey: string; cards: BoardCard[]; label: string; empty: string }) {
  const limit = limits[listKey] ?? PAGE_SIZE;
  const shown = cards.length > limit ? cards.slice(0, limit) : cards;
  const hidden = cards.length - shown.length;
  if (cards.length === 0) return <p className="flex min-h-14 items-center justify-center px-2 text-center text-xs text-zinc-700">{empty}</p>;
  return (
    <>
      <ul className="space-y-2" aria-label={label}>
        {shown.map((c) =>
          canTriage ? (
            <DraggableCard key={c.id} card={c} bashId={bashId} selected={Boolean(selection[c.id])} onToggleSelect={onToggleSelect} />
          ) : (
            <StaticCard key={c.id} card={c} bashId={bashId} />
          ),
        )}
      </ul>
      {hidden > 0 ? (
        <button
          type="button"
          onClick={() => onShowMore(listKey)}
          className="mt-2 min-h-10 w-full rounded-md border border-zinc-300 bg-white px-3 text-sm font-medium text-zinc-800 hover:bg-zinc-50"
        >
          Show {Math.min(PAGE_SIZE, hidden)} more <span className="text-zinc-700">({hidden} hidden)</span>
        </button>
      ) : null}
    </>
  );
});
