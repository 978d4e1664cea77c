"use client";

// One report on the triage board. Cheap on purpose (a board can hold 2 000): plain markup, a lazy
// thumbnail, no hooks in the body. The card is a link to the report page (Enter or a click opens it);
// for triagers it is also draggable (Space picks it up) and has a checkbox for bulk changes.
import { useDraggable } from "@dnd-kit/core";
import Link from "next/link";
import { memo } from "react";
import { PriorityChip } from "@/components/bashes/status-chip";
import { describePlace, MISSING_LABEL, SEVERITY_SHORT, SPRINT_LABEL } from "@/lib/triage/board";
import type { BoardCard } from "@/lib/triage/queries";

export const CARD_LINK_CLASS =
  "block rounded-md border border-zinc-200 bg-white p-2.5 text-left shadow-sm outline-none hover:border-zinc-400 focus-visible:ring-2 focus-visible:ring-accent-600 focus-visible:ring-offset-2";

/** What a card shows. Memoised: it re-renders only when its card object changes. */
export const CardBody = memo(function CardBody({ card }: { card: BoardCard }) {
  const meta = [card.featureName, card.reporterName, card.device].filter(Boolean).join(" · ");
  return (
    <span className="flex gap-2">
      <span className="min-w-0 flex-1 space-y-1">
        <span className="flex items-center gap-2 text-xs">
          <span className="font-semibold tabular-nums text-zinc-700">#{card.number}</span>
          <PriorityChip priority={card.priority} />
          {card.severity ? <span className="text-zinc-700">{SEVERITY_SHORT[card.severity] ?? card.severity}</span> : null}
          {card.sprint ? <span className="text-zinc-700">{SPRINT_LABEL[card.sprint] ?? card.sprint}</span> : null}
        </span>
        <span className="line-clamp-2 block break-words text-sm font-medium leading-snug text-zinc-900">{card.title}</span>
        {meta ? <span className="block truncate text-xs text-zinc-700">{meta}</span> : null}
        <span className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-zinc-700">
          {card.plusOnes ? <span title="Others saw the same problem">+{card.plusOnes}</span> : null}
          {card.comments ? (
            <span>
              {card.comments} comment{card.comments === 1 ? "" : "s"}
            </span>
          ) : null}
          {card.duplicateOfNumber ? <span>Duplicate of #{card.duplicateOfNumber}</span> : null}
          {card.missing.map((m) => (
            <span key={m} className="rounded bg-amber-100 px-1 font-medium text-amber-950">
              <span aria-hidden="true">⚠ </span>
              {MISSING_LABEL[m] ?? m}
            </span>
          ))}
        </span>
      </span>
      {card.thumbUrl ? (
        // eslint-disable-next-line @next/next/no-img-element -- our own authorised thumbnail route
        <img
          src={card.thumbUrl}
          alt={`Screenshot for #${card.number}`}
          width={56}
          height={42}
          loading="lazy"
          decoding="async"
          draggable={false}
          className="h-[42px] w-14 shrink-0 rounded border border-zinc-200 object-cover"
        />
      ) : card.hasScreenshot ? (
        <span className="flex h-[42px] w-14 shrink-0 items-center justify-center rounded border border-zinc-200 text-[11px] text-zinc-700">file</span>
      ) : null}
    </span>
  );
});

const href = (bashId: string, card: BoardCard) => `/bashes/${bashId}/reports/${card.number}`;

/** Read-only card (observers): a plain link. */
export const StaticCard = memo(function StaticCard({ card, bashId }: { card: BoardCard; bashId: string }) {
  return (
    <li>
      <Link href={href(bashId, card)} prefetch={false} className={CARD_LINK_CLASS} data-card-id={card.id} data-number={card.number}>
        <CardBody card={card} />
      </Link>
    </li>
  );
});

/** A triager's card: draggable with the pointer or the keyboard (Space), selectable for bulk changes. */
export const DraggableCard = memo(function DraggableCard({
  card,
  bashId,
  selected,
  onToggleSelect,
}: {
  card: BoardCard;
  bashId: string;
  selected: boolean;
  onToggleSelect: (id: string) => void;
}) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: card.id,
    data: { number: card.number, title: card.title, place: describePlace(card) },
    attributes: { role: "link", roleDescription: "draggable report" },
  });
  return (
    <li className="relative">
      <Link
        href={href(bashId, card)}
        prefetch={false}
        ref={setNodeRef}
        {...attributes}
        {...listeners}
        draggable={false}
        data-card-id={card.id}
        data-number={card.number}
        data-version={card.version}
        className={`${CARD_LINK_CLASS} touch-manipulation pr-8 ${selected ? "border-accent-600 bg-accent-50 ring-1 ring-accent-600" : ""} ${isDragging ? "opacity-40" : ""}`}
      >
        <CardBody card={card} />
      </Link>
      <input
        type="checkbox"
        checked={selected}
        onChange={() => onToggleSelect(card.id)}
        aria-label={`Select #${card.number}`}
        className="absolute bottom-2 right-2 h-4 w-4 cursor-pointer accent-accent-600"
      />
    </li>
  );
});
