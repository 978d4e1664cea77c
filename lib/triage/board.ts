// The triage board's pure logic: filters (kept in the URL), grouping into columns and priority groups,
// sorting, drop targets and keyboard shortcuts → the change they make. No React, no database: the
// board component calls these and unit tests cover them.
import type { BoardCard } from "@/lib/triage/queries";
import { PRIORITIES, STATUS_LABEL, TRIAGE_COLUMNS, type TriageStatus } from "@/lib/triage/schema";

export type Priority = (typeof PRIORITIES)[number];
/** The Confirmed column is split by priority; NONE is "No priority". */
export type PriorityGroup = Priority | "NONE";
export const PRIORITY_GROUPS: readonly PriorityGroup[] = ["P1", "P2", "P3", "P4", "NONE"];
export const PRIORITY_GROUP_LABEL: Record<PriorityGroup, string> = { P1: "P1", P2: "P2", P3: "P3", P4: "P4", NONE: "No priority" };

export const SEVERITY_SHORT: Record<string, string> = { CRITICAL: "Critical", MAJOR: "Major", MINOR: "Minor", TRIVIAL: "Trivial" };
export const MISSING_LABEL: Record<string, string> = { steps: "No steps", screenshot: "No screenshot", device: "No device", "expected/actual": "No expected/actual" };
export const SPRINT_LABEL: Record<string, string> = { CURRENT: "Current sprint", LATER: "Later sprint" };

/** Statuses a bulk change may set (duplicates need an original each). */
export const BULK_STATUSES: readonly TriageStatus[] = TRIAGE_COLUMNS.filter((s) => s !== "DUPLICATE");

/** How many cards a column renders before a "Show more" button (the page stays light at 2 000 reports). */
export const PAGE_SIZE = 50;
/** How many rows the list renders before a "Show more" button. */
export const LIST_PAGE_SIZE = 100;

/** The card fields in the order a packed card carries them (see packCards). */
export const CARD_FIELDS = [
  "id", "number", "version", "title", "status", "priority", "severity", "sprint", "featureId", "featureName", "reporterId", "reporterName",
  "deviceKind", "os", "browser", "phoneName", "device", "hasScreenshot", "thumbUrl", "plusOnes", "comments", "duplicateOfNumber", "missing",
  "createdAt", "updatedAt",
] as const satisfies readonly (keyof BoardCard)[];

/** Cards as the page sends them: one array of values per card, in CARD_FIELDS order. */
export type PackedCards = { fields: readonly string[]; rows: unknown[][] };

/**
 * Cards for the page's data: the same values without 2 000 copies of every field name (about a
 * third of the board's data at 2 000 reports; the page's render time follows its data's size).
 */
export function packCards(cards: readonly BoardCard[]): PackedCards {
  return { fields: CARD_FIELDS, rows: cards.map((c) => CARD_FIELDS.map((f) => c[f])) };
}

/** The cards again, from packCards's output (any field it does not carry stays undefined). */
export function unpackCards(packed: PackedCards): BoardCard[] {
  return packed.rows.map((row) => {
    const card: Record<string, unknown> = {};
    packed.fields.forEach((f, i) => (card[f] = row[i]));
    return card as BoardCard;
  });
}

// ---------------------------------------------------------------------------------------------
// Filters and view, kept in the URL so a link shares the view.

export type BoardView = "board" | "list";
export type ShotFilter = "" | "yes" | "no";
export type BoardFilters = {
  /** Feature id, "none" for reports without a feature, "" for any. */
  feature: string;
  /** A reporterKey(), "" for any. */
  reporter: string;
  /** A device value such as "os:Windows", "browser:Chrome" or "phone:Pixel 8"; "" for any. */
  device: string;
  /** CRITICAL…TRIVIAL, "none", or "". */
  severity: string;
  /** P1…P4, "none", or "". */
  priority: string;
  shot: ShotFilter;
  /** Free text, matched against the card's lower-cased text. */
  q: string;
};

export const EMPTY_FILTERS: BoardFilters = { feature: "", reporter: "", device: "", severity: "", priority: "", shot: "", q: "" };
const FILTER_KEYS = ["feature", "reporter", "device", "severity", "priority", "shot", "q"] as const;

/** Read filters and view from a query string (unknown values are ignored, never an error). */
export function parseBoardQuery(params: { get(name: string): string | null }): { filters: BoardFilters; view: BoardView } {
  const get = (k: string) => (params.get(k) ?? "").slice(0, 200);
  const shot = get("shot");
  const priority = get("priority");
  const severity = get("severity");
  return {
    view: get("view") === "list" ? "list" : "board",
    filters: {
      feature: get("feature"),
      reporter: get("reporter"),
      device: get("device"),
      severity: severity === "none" || severity in SEVERITY_SHORT ? severity : "",
      priority: priority === "none" || (PRIORITIES as readonly string[]).includes(priority) ? priority : "",
      shot: shot === "yes" || shot === "no" ? shot : "",
      q: get("q"),
    },
  };
}

/** The query string for filters and view ("" when everything is at its default). */
export function boardQueryString(filters: BoardFilters, view: BoardView): string {
  const p = new URLSearchParams();
  if (view === "list") p.set("view", "list");
  for (const k of FILTER_KEYS) {
    const v = k === "q" ? filters.q.trim() : filters[k];
    if (v) p.set(k, v);
  }
  const s = p.toString();
  return s ? `?${s}` : "";
}

export function activeFilterCount(f: BoardFilters): number {
  return FILTER_KEYS.filter((k) => (k === "q" ? f.q.trim() : f[k]) !== "").length;
}

/** Reporters are matched by account when there is one, by name for imported reports. */
export function reporterKey(card: Pick<BoardCard, "reporterId" | "reporterName">): string {
  return card.reporterId ?? `name:${card.reporterName}`;
}

/** The device values one card matches: its OS, its browser and its phone. */
export function deviceValues(card: Pick<BoardCard, "os" | "browser" | "phoneName">): string[] {
  const out: string[] = [];
  if (card.os.trim()) out.push(`os:${card.os.trim()}`);
  if (card.browser.trim()) out.push(`browser:${card.browser.trim()}`);
  if (card.phoneName.trim()) out.push(`phone:${card.phoneName.trim()}`);
  return out;
}

export type Option = { value: string; label: string; count: number };

const byLabel = (a: Option, b: Option) => a.label.localeCompare(b.label, "en", { sensitivity: "base" });

/** One "device" select built from the values present, grouped as OS, browser and phone. */
export function deviceOptions(cards: readonly BoardCard[]): { group: string; options: Option[] }[] {
  const counts = new Map<string, number>();
  for (const c of cards) for (const v of deviceValues(c)) counts.set(v, (counts.get(v) ?? 0) + 1);
  const groups: [string, string][] = [
    ["os", "Operating system"],
    ["browser", "Browser"],
    ["phone", "Phone"],
  ];
  return groups
    .map(([prefix, group]) => ({
      group,
      options: [...counts]
        .filter(([v]) => v.startsWith(`${prefix}:`))
        .map(([value, count]) => ({ value, label: value.slice(prefix.length + 1), count }))
        .sort(byLabel),
    }))
    .filter((g) => g.options.length > 0);
}

export function reporterOptions(cards: readonly BoardCard[]): Option[] {
  const m = new Map<string, Option>();
  for (const c of cards) {
    const key = reporterKey(c);
    const o = m.get(key);
    if (o) o.count++;
    else m.set(key, { value: key, label: c.reporterName || "Unknown reporter", count: 1 });
  }
  return [...m.values()].sort(byLabel);
}

/** The text a card is searched by: its full search text when loaded, else its title and reporter. */
export const cardText = (card: BoardCard): string => card.text ?? `${card.title}\n${card.reporterName}`.toLowerCase();

/** Does one card pass the filters? `q` is expected lower-cased and trimmed (see filterCards). */
export function matchesFilters(card: BoardCard, f: BoardFilters, q = f.q.trim().toLowerCase(), textOf: (card: BoardCard) => string = cardText): boolean {
  if (f.feature && (f.feature === "none" ? card.featureId !== null : card.featureId !== f.feature)) return false;
  if (f.reporter && reporterKey(card) !== f.reporter) return false;
  if (f.device && !deviceValues(card).includes(f.device)) return false;
  if (f.severity && (f.severity === "none" ? card.severity !== null : card.severity !== f.severity)) return false;
  if (f.priority && (f.priority === "none" ? card.priority !== null : card.priority !== f.priority)) return false;
  if (f.shot && card.hasScreenshot !== (f.shot === "yes")) return false;
  if (q) {
    // "#12" finds report 12; every other word must appear in the text.
    for (const word of q.split(/\s+/)) {
      const n = /^#(\d+)$/.exec(word);
      if (n ? card.number !== Number(n[1]) : !textOf(card).includes(word)) return false;
    }
  }
  return true;
}

export function filterCards(cards: readonly BoardCard[], f: BoardFilters, textOf: (card: BoardCard) => string = cardText): BoardCard[] {
  if (activeFilterCount(f) === 0) return cards as BoardCard[];
  const q = f.q.trim().toLowerCase();
  return cards.filter((c) => matchesFilters(c, f, q, textOf));
}

// ---------------------------------------------------------------------------------------------
// Columns and priority groups.

export type Grouped = {
  columns: Record<TriageStatus, BoardCard[]>;
  /** The Confirmed column's cards by priority (the same cards as columns.CONFIRMED). */
  confirmed: Record<PriorityGroup, BoardCard[]>;
};

export function isTriageStatus(s: string): s is TriageStatus {
  return (TRIAGE_COLUMNS as readonly string[]).includes(s);
}

export function priorityGroupOf(card: Pick<BoardCard, "priority">): PriorityGroup {
  return card.priority && (PRIORITIES as readonly string[]).includes(card.priority) ? (card.priority as Priority) : "NONE";
}

/** Cards into columns (in number order); an unknown status lands in New rather than vanishing. */
export function groupCards(cards: readonly BoardCard[]): Grouped {
  const columns = Object.fromEntries(TRIAGE_COLUMNS.map((s) => [s, [] as BoardCard[]])) as Record<TriageStatus, BoardCard[]>;
  const confirmed = Object.fromEntries(PRIORITY_GROUPS.map((p) => [p, [] as BoardCard[]])) as Record<PriorityGroup, BoardCard[]>;
  const sorted = isSortedByNumber(cards) ? cards : [...cards].sort((a, b) => a.number - b.number);
  for (const c of sorted) {
    const status = isTriageStatus(c.status) ? c.status : "OPEN";
    columns[status].push(c);
    if (status === "CONFIRMED") confirmed[priorityGroupOf(c)].push(c);
  }
  return { columns, confirmed };
}

function isSortedByNumber(cards: readonly BoardCard[]) {
  for (let i = 1; i < cards.length; i++) if (cards[i - 1].number > cards[i].number) return false;
  return true;
}

/** The board's cards in visual order, one list per column (Confirmed: P1 … No priority), capped at `limit(status)`. */
export function visibleColumns(g: Grouped, limit: (status: TriageStatus) => number): { status: TriageStatus; ids: string[] }[] {
  return TRIAGE_COLUMNS.map((status) => {
    const cards = status === "CONFIRMED" ? PRIORITY_GROUPS.flatMap((p) => g.confirmed[p]) : g.columns[status];
    return { status, ids: cards.slice(0, limit(status)).map((c) => c.id) };
  });
}

/**
 * Where keyboard navigation goes from `id`: next/prev walks the board in reading order (down a column,
 * then on to the next); left/right jump to the neighbouring non-empty column at the same position.
 */
export function navigate(columns: { ids: string[] }[], id: string, dir: "next" | "prev" | "left" | "right"): string | null {
  const ci = columns.findIndex((c) => c.ids.includes(id));
  if (ci < 0) return columns.find((c) => c.ids.length)?.ids[0] ?? null;
  const idx = columns[ci].ids.indexOf(id);
  if (dir === "next" || dir === "prev") {
    const flat = columns.flatMap((c) => c.ids);
    const at = flat.indexOf(id) + (dir === "next" ? 1 : -1);
    return flat[at] ?? null;
  }
  const step = dir === "right" ? 1 : -1;
  for (let j = ci + step; j >= 0 && j < columns.length; j += step) {
    const ids = columns[j].ids;
    if (ids.length) return ids[Math.min(idx, ids.length - 1)];
  }
  return null;
}

/** In a flat list (the list view): the next or previous id. */
export function neighbour(order: readonly string[], id: string, delta: 1 | -1): string | null {
  const i = order.indexOf(id);
  if (i < 0) return order[0] ?? null;
  return order[i + delta] ?? null;
}

/** After a card leaves its place, the card to focus next: the one after it, else the one before. */
export function nextFocusAfterMove(order: readonly string[], id: string): string | null {
  const i = order.indexOf(id);
  if (i < 0) return null;
  return order[i + 1] ?? order[i - 1] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Sorting (the list view).

export const PRIORITY_RANK: Record<string, number> = { P1: 1, P2: 2, P3: 3, P4: 4 };
export const SEVERITY_RANK: Record<string, number> = { CRITICAL: 1, MAJOR: 2, MINOR: 3, TRIVIAL: 4 };
/** Ranks for sorting: a missing priority or severity ranks after P4 / Trivial (last when ascending). */
export const priorityRank = (p: string | null) => (p ? (PRIORITY_RANK[p] ?? 9) : 9);
export const severityRank = (s: string | null) => (s ? (SEVERITY_RANK[s] ?? 9) : 9);
export const statusRank = (s: string) => {
  const i = (TRIAGE_COLUMNS as readonly string[]).indexOf(s);
  return i < 0 ? 99 : i;
};

export type SortKey = "number" | "title" | "status" | "priority" | "severity" | "feature" | "reporter" | "device" | "plusOnes" | "createdAt";

const text = (a: string, b: string) => a.localeCompare(b, "en", { sensitivity: "base", numeric: true });

/** Ascending comparators; ties fall back to the report number so the order is stable. */
export const COMPARE: Record<SortKey, (a: BoardCard, b: BoardCard) => number> = {
  number: (a, b) => a.number - b.number,
  title: (a, b) => text(a.title, b.title) || a.number - b.number,
  status: (a, b) => statusRank(a.status) - statusRank(b.status) || a.number - b.number,
  priority: (a, b) => priorityRank(a.priority) - priorityRank(b.priority) || a.number - b.number,
  severity: (a, b) => severityRank(a.severity) - severityRank(b.severity) || a.number - b.number,
  feature: (a, b) => text(a.featureName ?? "\uffff", b.featureName ?? "\uffff") || a.number - b.number,
  reporter: (a, b) => text(a.reporterName, b.reporterName) || a.number - b.number,
  device: (a, b) => text(a.device || "\uffff", b.device || "\uffff") || a.number - b.number,
  plusOnes: (a, b) => a.plusOnes - b.plusOnes || a.number - b.number,
  createdAt: (a, b) => a.createdAt.localeCompare(b.createdAt) || a.number - b.number,
};

export function sortCards(cards: readonly BoardCard[], key: SortKey, desc = false): BoardCard[] {
  const cmp = COMPARE[key];
  return [...cards].sort((a, b) => (desc ? -cmp(a, b) : cmp(a, b)));
}

// ---------------------------------------------------------------------------------------------
// Changes: drop targets, shortcuts, optimistic overlays.

/** What a triage change may set on the board (the fields the board shows). */
export type Patch = { status?: TriageStatus; priority?: Priority | null; sprint?: "CURRENT" | "LATER" | null };

/** What a drop or a key asks for: a change, or a dialog that completes it. */
export type Intent = { kind: "update"; patch: Patch } | { kind: "duplicate" } | { kind: "ask" };

export type DropTarget = { kind: "column"; status: TriageStatus } | { kind: "group"; priority: PriorityGroup };

export function dropTargetId(t: DropTarget): string {
  return t.kind === "column" ? `column:${t.status}` : `group:${t.priority}`;
}

export function parseDropTarget(id: string | number | null | undefined): DropTarget | null {
  if (typeof id !== "string") return null;
  const [kind, value] = id.split(":");
  if (kind === "column" && value && isTriageStatus(value)) return { kind: "column", status: value };
  if (kind === "group" && (PRIORITY_GROUPS as readonly string[]).includes(value)) return { kind: "group", priority: value as PriorityGroup };
  return null;
}

/** "Confirmed › P1", "Needs info": how a drop target is named on screen and to screen readers. */
export function describeTarget(t: DropTarget): string {
  return t.kind === "column" ? STATUS_LABEL[t.status] : `${STATUS_LABEL.CONFIRMED} › ${PRIORITY_GROUP_LABEL[t.priority]}`;
}

/** Where a card currently sits, named the same way. */
export function describePlace(card: Pick<BoardCard, "status" | "priority">): string {
  if (card.status === "CONFIRMED") return describeTarget({ kind: "group", priority: priorityGroupOf(card) });
  return isTriageStatus(card.status) ? STATUS_LABEL[card.status] : card.status;
}

/**
 * A drop: a priority group confirms with that priority ("No priority" clears it); the Confirmed column
 * outside a group confirms and keeps the priority; Duplicate and Needs info open their dialogs.
 */
export function dropIntent(t: DropTarget): Intent {
  if (t.kind === "group") return { kind: "update", patch: { status: "CONFIRMED", priority: t.priority === "NONE" ? null : t.priority } };
  if (t.status === "DUPLICATE") return { kind: "duplicate" };
  if (t.status === "NEEDS_INFO") return { kind: "ask" };
  return { kind: "update", patch: { status: t.status } };
}

export type Shortcut =
  | { kind: "nav"; dir: "next" | "prev" | "left" | "right" }
  | { kind: "select" }
  | { kind: "help" }
  | ({ kind: "intent" } & { intent: Intent });

/** The keys a triager can press on a focused card (see the "Keyboard shortcuts" dialog). */
export const SHORTCUTS: { keys: string[]; does: string; changes: boolean }[] = [
  { keys: ["j", "↓"], does: "Next card", changes: false },
  { keys: ["k", "↑"], does: "Previous card", changes: false },
  { keys: ["←", "→"], does: "Card in the previous / next column", changes: false },
  { keys: ["Enter"], does: "Open the report", changes: false },
  { keys: ["1", "2", "3", "4"], does: "Confirm as P1, P2, P3 or P4", changes: true },
  { keys: ["n"], does: "Not a bug", changes: true },
  { keys: ["d"], does: "Duplicate of… (choose the original)", changes: true },
  { keys: ["i"], does: "Needs info: ask the reporter", changes: true },
  { keys: ["u"], does: "Back to New", changes: true },
  { keys: ["x"], does: "Select for a bulk change", changes: true },
  { keys: ["Space"], does: "Pick up to move with the arrow keys; Space again drops, Escape cancels", changes: true },
  { keys: ["?"], does: "Show these shortcuts", changes: false },
];

/** A key pressed on a focused card → what it does; null when it is not a shortcut. */
export function shortcutFor(e: { key: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean }): Shortcut | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (e.key) {
    case "j":
    case "ArrowDown":
      return { kind: "nav", dir: "next" };
    case "k":
    case "ArrowUp":
      return { kind: "nav", dir: "prev" };
    case "ArrowLeft":
      return { kind: "nav", dir: "left" };
    case "ArrowRight":
      return { kind: "nav", dir: "right" };
    case "1":
    case "2":
    case "3":
    case "4":
      return { kind: "intent", intent: { kind: "update", patch: { status: "CONFIRMED", priority: `P${e.key}` as Priority } } };
    case "n":
      return { kind: "intent", intent: { kind: "update", patch: { status: "NOT_A_BUG" } } };
    case "u":
      return { kind: "intent", intent: { kind: "update", patch: { status: "OPEN" } } };
    case "d":
      return { kind: "intent", intent: { kind: "duplicate" } };
    case "i":
      return { kind: "intent", intent: { kind: "ask" } };
    case "x":
      return { kind: "select" };
    case "?":
      return { kind: "help" };
    default:
      return null;
  }
}

/** Keys typed into a field are text, never shortcuts. */
export function isTypingTarget(el: { tagName?: string; isContentEditable?: boolean; type?: string } | null | undefined): boolean {
  if (!el) return false;
  if (el.isContentEditable) return true;
  const tag = (el.tagName ?? "").toUpperCase();
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  return !["checkbox", "radio", "button", "submit", "reset", "range", "color", "file", "image"].includes((el.type ?? "text").toLowerCase());
}

/** Would this change leave the card as it is? (Then nothing is sent.) */
export function isNoop(card: Pick<BoardCard, "status" | "priority" | "sprint">, patch: Patch): boolean {
  return (
    (patch.status === undefined || patch.status === card.status) &&
    (patch.priority === undefined || patch.priority === card.priority) &&
    (patch.sprint === undefined || patch.sprint === card.sprint)
  );
}

/** Plain words for a change, for the status line: "Confirmed › P2", "Not a bug", "Later sprint". */
export function describePatch(patch: Patch): string {
  const parts: string[] = [];
  if (patch.status === "CONFIRMED" && patch.priority !== undefined) parts.push(describeTarget({ kind: "group", priority: patch.priority ?? "NONE" }));
  else {
    if (patch.status) parts.push(STATUS_LABEL[patch.status]);
    if (patch.priority !== undefined) parts.push(patch.priority ?? "no priority");
  }
  if (patch.sprint !== undefined) parts.push(patch.sprint ? SPRINT_LABEL[patch.sprint] : "no sprint");
  return parts.join(", ");
}

/**
 * A change shown before the server confirms it. It applies only while the server's card still has the
 * version it was made on (`base`): fresher props (someone's move, or our own saved change) win.
 */
export type Overlay = { base: number; patch: Partial<Pick<BoardCard, "status" | "priority" | "sprint" | "version" | "duplicateOfNumber">> };

/** Cards with their overlays applied; untouched cards keep their identity (cheap re-renders). */
export function applyOverlays(cards: readonly BoardCard[], overlays: Readonly<Record<string, Overlay>>): BoardCard[] {
  const ids = Object.keys(overlays);
  if (ids.length === 0) return cards as BoardCard[];
  let changed = false;
  const out = cards.map((c) => {
    const o = overlays[c.id];
    if (!o || o.base !== c.version) return c;
    changed = true;
    return { ...c, ...o.patch };
  });
  return changed ? out : (cards as BoardCard[]);
}

/** Drop overlays the server has overtaken (its card has moved past the overlay's base version). */
export function pruneOverlays(cards: readonly BoardCard[], overlays: Readonly<Record<string, Overlay>>): Record<string, Overlay> {
  const version = new Map(cards.map((c) => [c.id, c.version]));
  const out: Record<string, Overlay> = {};
  for (const [id, o] of Object.entries(overlays)) if (version.get(id) === o.base) out[id] = o;
  return out;
}
