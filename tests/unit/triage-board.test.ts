import { describe, expect, it } from "vitest";
import {
  activeFilterCount,
  applyOverlays,
  boardQueryString,
  describePatch,
  describePlace,
  describeTarget,
  deviceOptions,
  dropIntent,
  dropTargetId,
  EMPTY_FILTERS,
  filterCards,
  groupCards,
  isNoop,
  isTypingTarget,
  navigate,
  neighbour,
  nextFocusAfterMove,
  packCards,
  parseBoardQuery,
  parseDropTarget,
  pruneOverlays,
  reporterOptions,
  shortcutFor,
  sortCards,
  unpackCards,
  visibleColumns,
  type BoardFilters,
} from "@/lib/triage/board";
import type { BoardCard } from "@/lib/triage/queries";

let seq = 0;
function card(over: Partial<BoardCard> = {}): BoardCard {
  const number = over.number ?? ++seq;
  const title = over.title ?? `Report ${number}`;
  return {
    id: `r${number}`,
    number,
    version: 1,
    title,
    status: "OPEN",
    priority: null,
    severity: null,
    sprint: null,
    featureId: null,
    featureName: null,
    reporterId: "u1",
    reporterName: "Ann",
    deviceKind: "WEB",
    os: "Windows",
    browser: "Chrome",
    phoneName: "",
    device: "Windows 11 · Chrome 131",
    hasScreenshot: false,
    thumbUrl: null,
    plusOnes: 0,
    comments: 0,
    duplicateOfNumber: null,
    missing: [],
    text: title.toLowerCase(),
    createdAt: new Date(Date.UTC(2026, 0, 1, 10, number)).toISOString(),
    updatedAt: new Date(Date.UTC(2026, 0, 1, 10, number)).toISOString(),
    ...over,
  };
}
const f = (over: Partial<BoardFilters>): BoardFilters => ({ ...EMPTY_FILTERS, ...over });

describe("packed cards (the page's data)", () => {
  it("carry every field of a card but the search text, which comes on demand, and unpack to the same cards", () => {
    const cards = [card({ number: 41, priority: "P2", missing: ["steps", "device"], duplicateOfNumber: 3, thumbUrl: "/t.webp" }), card({ number: 42, featureId: null })];
    const packed = packCards(cards);
    expect(packed.rows).toHaveLength(2);
    expect(packed.rows[0]).toHaveLength(packed.fields.length);
    expect(JSON.stringify(packed)).not.toContain("Windows 11 · Chrome 131\",\"hasScreenshot"); // values only, no field names per card
    expect(unpackCards(JSON.parse(JSON.stringify(packed)))).toEqual(cards.map((c) => ({ ...c, text: undefined })));
  });
});

describe("filters in the URL", () => {
  it("round-trips filters and view through the query string", () => {
    const filters = f({ feature: "feat1", reporter: "name:Bo Baker", device: "os:Windows", severity: "MAJOR", priority: "P2", shot: "yes", q: "pay button" });
    const qs = boardQueryString(filters, "list");
    expect(qs.startsWith("?view=list&")).toBe(true);
    expect(parseBoardQuery(new URLSearchParams(qs.slice(1)))).toEqual({ filters, view: "list" });
  });

  it("leaves defaults out of the URL and ignores unknown values", () => {
    expect(boardQueryString(EMPTY_FILTERS, "board")).toBe("");
    expect(boardQueryString(f({ q: "   " }), "board")).toBe("");
    const parsed = parseBoardQuery(new URLSearchParams("view=grid&priority=P9&severity=HUGE&shot=maybe"));
    expect(parsed).toEqual({ filters: EMPTY_FILTERS, view: "board" });
    expect(parseBoardQuery(new URLSearchParams("priority=none&severity=none")).filters).toMatchObject({ priority: "none", severity: "none" });
  });

  it("counts active filters", () => {
    expect(activeFilterCount(EMPTY_FILTERS)).toBe(0);
    expect(activeFilterCount(f({ q: " x ", shot: "no" }))).toBe(2);
  });
});

describe("filterCards", () => {
  const cards = [
    card({ number: 1, title: "Pay button does nothing", featureId: "f1", featureName: "Checkout", severity: "MAJOR", priority: "P1", hasScreenshot: true }),
    card({ number: 2, title: "Search is slow", featureId: "f2", reporterId: "u2", reporterName: "Bo", os: "macOS", browser: "Safari" }),
    card({ number: 3, title: "Logo blurry", reporterId: null, reporterName: "Imported Ivy", deviceKind: "MOBILE", os: "Android", browser: "", phoneName: "Pixel 8" }),
    card({ number: 12, title: "Cart total wrong", featureId: "f1", severity: "MINOR", priority: "P3", text: "cart total wrong\nsteps: add two hats" }),
  ];
  const numbers = (fl: BoardFilters) => filterCards(cards, fl).map((c) => c.number);

  it("returns the same array when nothing is filtered", () => {
    expect(filterCards(cards, EMPTY_FILTERS)).toBe(cards);
  });
  it("filters by feature, including reports without one", () => {
    expect(numbers(f({ feature: "f1" }))).toEqual([1, 12]);
    expect(numbers(f({ feature: "none" }))).toEqual([3]);
  });
  it("filters by reporter account or, for imported reports, by name", () => {
    expect(numbers(f({ reporter: "u2" }))).toEqual([2]);
    expect(numbers(f({ reporter: "name:Imported Ivy" }))).toEqual([3]);
  });
  it("filters by one device value: OS, browser or phone", () => {
    expect(numbers(f({ device: "os:Windows" }))).toEqual([1, 12]);
    expect(numbers(f({ device: "browser:Safari" }))).toEqual([2]);
    expect(numbers(f({ device: "phone:Pixel 8" }))).toEqual([3]);
  });
  it("filters by severity, priority and screenshot", () => {
    expect(numbers(f({ severity: "MAJOR" }))).toEqual([1]);
    expect(numbers(f({ severity: "none" }))).toEqual([2, 3]);
    expect(numbers(f({ priority: "P3" }))).toEqual([12]);
    expect(numbers(f({ priority: "none" }))).toEqual([2, 3]);
    expect(numbers(f({ shot: "yes" }))).toEqual([1]);
    expect(numbers(f({ shot: "no" }))).toEqual([2, 3, 12]);
  });
  it("searches a card's title and reporter until its full text is loaded, then the full text", () => {
    const c = { ...card({ number: 3, title: "Cart total wrong" }), text: undefined };
    const f = { ...EMPTY_FILTERS, q: "hats" };
    expect(filterCards([c], { ...EMPTY_FILTERS, q: "cart" })).toEqual([c]);
    expect(filterCards([c], f)).toEqual([]);
    expect(filterCards([c], f, () => "cart total wrong\nsteps: add two hats")).toEqual([c]);
  });

  it("matches free text word by word, case-insensitively, and #number", () => {
    expect(numbers(f({ q: "PAY nothing" }))).toEqual([1]);
    expect(numbers(f({ q: "hats" }))).toEqual([12]);
    expect(numbers(f({ q: "#12" }))).toEqual([12]);
    expect(numbers(f({ q: "pay slow" }))).toEqual([]);
  });
  it("combines filters", () => {
    expect(numbers(f({ feature: "f1", priority: "P1" }))).toEqual([1]);
  });
});

describe("filter options", () => {
  const cards = [
    card({ os: "Windows", browser: "Chrome" }),
    card({ os: "Windows", browser: "Firefox", reporterId: "u2", reporterName: "bo" }),
    card({ os: "Android", browser: "", phoneName: "Pixel 8", reporterId: null, reporterName: "Ivy" }),
  ];
  it("builds one device select from the values present, with counts", () => {
    expect(deviceOptions(cards)).toEqual([
      {
        group: "Operating system",
        options: [
          { value: "os:Android", label: "Android", count: 1 },
          { value: "os:Windows", label: "Windows", count: 2 },
        ],
      },
      {
        group: "Browser",
        options: [
          { value: "browser:Chrome", label: "Chrome", count: 1 },
          { value: "browser:Firefox", label: "Firefox", count: 1 },
        ],
      },
      { group: "Phone", options: [{ value: "phone:Pixel 8", label: "Pixel 8", count: 1 }] },
    ]);
  });
  it("lists reporters once each, sorted by name", () => {
    expect(reporterOptions(cards)).toEqual([
      { value: "u1", label: "Ann", count: 1 },
      { value: "u2", label: "bo", count: 1 },
      { value: "name:Ivy", label: "Ivy", count: 1 },
    ]);
  });
});

describe("groupCards", () => {
  it("puts cards in their columns and Confirmed cards in priority groups, in number order", () => {
    const cards = [
      card({ number: 5, status: "CONFIRMED", priority: "P2" }),
      card({ number: 2, status: "CONFIRMED", priority: null }),
      card({ number: 3, status: "OPEN" }),
      card({ number: 4, status: "CONFIRMED", priority: "P2" }),
      card({ number: 1, status: "DUPLICATE" }),
      card({ number: 6, status: "SOMETHING_ELSE" }),
    ];
    const g = groupCards(cards);
    expect(g.columns.OPEN.map((c) => c.number)).toEqual([3, 6]);
    expect(g.columns.CONFIRMED.map((c) => c.number)).toEqual([2, 4, 5]);
    expect(g.confirmed.P2.map((c) => c.number)).toEqual([4, 5]);
    expect(g.confirmed.NONE.map((c) => c.number)).toEqual([2]);
    expect(g.confirmed.P1).toEqual([]);
    expect(g.columns.DUPLICATE.map((c) => c.number)).toEqual([1]);
    expect(g.columns.DONE).toEqual([]);
  });

  it("lists visible cards in reading order, Confirmed by priority, capped per column", () => {
    const g = groupCards([
      card({ number: 1 }),
      card({ number: 2 }),
      card({ number: 3 }),
      card({ number: 4, status: "CONFIRMED", priority: null }),
      card({ number: 5, status: "CONFIRMED", priority: "P1" }),
    ]);
    const cols = visibleColumns(g, (s) => (s === "OPEN" ? 2 : 200));
    expect(cols.map((c) => c.status)).toEqual(["OPEN", "NEEDS_INFO", "CONFIRMED", "NOT_A_BUG", "DUPLICATE", "IN_PROGRESS", "DONE"]);
    expect(cols[0].ids).toEqual(["r1", "r2"]);
    expect(cols[2].ids).toEqual(["r5", "r4"]);
  });
});

describe("keyboard navigation", () => {
  const cols = [{ ids: ["a", "b", "c"] }, { ids: [] }, { ids: ["d", "e"] }, { ids: ["f"] }];
  it("walks down a column and on into the next one with j/k", () => {
    expect(navigate(cols, "a", "next")).toBe("b");
    expect(navigate(cols, "c", "next")).toBe("d");
    expect(navigate(cols, "d", "prev")).toBe("c");
    expect(navigate(cols, "a", "prev")).toBeNull();
    expect(navigate(cols, "f", "next")).toBeNull();
  });
  it("jumps to the neighbouring non-empty column at the same position with ←/→", () => {
    expect(navigate(cols, "c", "right")).toBe("e");
    expect(navigate(cols, "e", "right")).toBe("f");
    expect(navigate(cols, "d", "left")).toBe("a");
    expect(navigate(cols, "a", "left")).toBeNull();
  });
  it("starts at the first card when the focused one is gone", () => {
    expect(navigate(cols, "zzz", "next")).toBe("a");
  });
  it("moves through a flat list and picks the next card after a move", () => {
    expect(neighbour(["a", "b"], "a", 1)).toBe("b");
    expect(neighbour(["a", "b"], "a", -1)).toBeNull();
    expect(nextFocusAfterMove(["a", "b", "c"], "b")).toBe("c");
    expect(nextFocusAfterMove(["a", "b", "c"], "c")).toBe("b");
    expect(nextFocusAfterMove(["a"], "a")).toBeNull();
  });
});

describe("sortCards", () => {
  const cards = [
    card({ number: 1, priority: null, severity: "MINOR", title: "b" }),
    card({ number: 2, priority: "P3", severity: null, title: "A" }),
    card({ number: 3, priority: "P1", severity: "CRITICAL", title: "c" }),
    card({ number: 4, priority: "P3", severity: "MAJOR", title: "a2" }),
  ];
  const n = (cs: BoardCard[]) => cs.map((c) => c.number);
  it("sorts by priority with P1 first and no priority last, ties by number", () => {
    expect(n(sortCards(cards, "priority"))).toEqual([3, 2, 4, 1]);
    expect(n(sortCards(cards, "priority", true))).toEqual([1, 4, 2, 3]);
  });
  it("sorts by severity, title (natural, case-insensitive) and number", () => {
    expect(n(sortCards(cards, "severity"))).toEqual([3, 4, 1, 2]);
    expect(n(sortCards(cards, "title"))).toEqual([2, 4, 1, 3]);
    expect(n(sortCards(cards, "number", true))).toEqual([4, 3, 2, 1]);
  });
  it("does not change the input", () => {
    sortCards(cards, "priority");
    expect(n(cards)).toEqual([1, 2, 3, 4]);
  });
});

describe("drops and shortcuts → changes", () => {
  it("names and parses drop targets", () => {
    expect(parseDropTarget(dropTargetId({ kind: "group", priority: "P1" }))).toEqual({ kind: "group", priority: "P1" });
    expect(parseDropTarget(dropTargetId({ kind: "column", status: "NOT_A_BUG" }))).toEqual({ kind: "column", status: "NOT_A_BUG" });
    expect(parseDropTarget("column:NOPE")).toBeNull();
    expect(parseDropTarget("r12")).toBeNull();
    expect(parseDropTarget(12)).toBeNull();
    expect(parseDropTarget(null)).toBeNull();
    expect(describeTarget({ kind: "group", priority: "P1" })).toBe("Confirmed › P1");
    expect(describeTarget({ kind: "group", priority: "NONE" })).toBe("Confirmed › No priority");
    expect(describeTarget({ kind: "column", status: "OPEN" })).toBe("New");
    expect(describePlace({ status: "CONFIRMED", priority: "P4" })).toBe("Confirmed › P4");
    expect(describePlace({ status: "NEEDS_INFO", priority: "P4" })).toBe("Needs info");
  });

  it("a drop into a priority group confirms with that priority; Duplicate and Needs info open dialogs", () => {
    expect(dropIntent({ kind: "group", priority: "P2" })).toEqual({ kind: "update", patch: { status: "CONFIRMED", priority: "P2" } });
    expect(dropIntent({ kind: "group", priority: "NONE" })).toEqual({ kind: "update", patch: { status: "CONFIRMED", priority: null } });
    expect(dropIntent({ kind: "column", status: "CONFIRMED" })).toEqual({ kind: "update", patch: { status: "CONFIRMED" } });
    expect(dropIntent({ kind: "column", status: "NOT_A_BUG" })).toEqual({ kind: "update", patch: { status: "NOT_A_BUG" } });
    expect(dropIntent({ kind: "column", status: "DUPLICATE" })).toEqual({ kind: "duplicate" });
    expect(dropIntent({ kind: "column", status: "NEEDS_INFO" })).toEqual({ kind: "ask" });
  });

  it("maps keys to shortcuts", () => {
    expect(shortcutFor({ key: "2" })).toEqual({ kind: "intent", intent: { kind: "update", patch: { status: "CONFIRMED", priority: "P2" } } });
    expect(shortcutFor({ key: "n" })).toEqual({ kind: "intent", intent: { kind: "update", patch: { status: "NOT_A_BUG" } } });
    expect(shortcutFor({ key: "u" })).toEqual({ kind: "intent", intent: { kind: "update", patch: { status: "OPEN" } } });
    expect(shortcutFor({ key: "d" })).toEqual({ kind: "intent", intent: { kind: "duplicate" } });
    expect(shortcutFor({ key: "i" })).toEqual({ kind: "intent", intent: { kind: "ask" } });
    expect(shortcutFor({ key: "x" })).toEqual({ kind: "select" });
    expect(shortcutFor({ key: "?" })).toEqual({ kind: "help" });
    expect(shortcutFor({ key: "j" })).toEqual({ kind: "nav", dir: "next" });
    expect(shortcutFor({ key: "ArrowUp" })).toEqual({ kind: "nav", dir: "prev" });
    expect(shortcutFor({ key: "ArrowRight" })).toEqual({ kind: "nav", dir: "right" });
    expect(shortcutFor({ key: "5" })).toBeNull();
    expect(shortcutFor({ key: "Enter" })).toBeNull();
    expect(shortcutFor({ key: "2", ctrlKey: true })).toBeNull();
    expect(shortcutFor({ key: "n", metaKey: true })).toBeNull();
  });

  it("never treats typing in a field as a shortcut", () => {
    expect(isTypingTarget({ tagName: "INPUT", type: "text" })).toBe(true);
    expect(isTypingTarget({ tagName: "input", type: "search" })).toBe(true);
    expect(isTypingTarget({ tagName: "INPUT" })).toBe(true);
    expect(isTypingTarget({ tagName: "TEXTAREA" })).toBe(true);
    expect(isTypingTarget({ tagName: "SELECT" })).toBe(true);
    expect(isTypingTarget({ tagName: "DIV", isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: "INPUT", type: "checkbox" })).toBe(false);
    expect(isTypingTarget({ tagName: "A" })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });

  it("recognises a change that changes nothing", () => {
    const c = { status: "CONFIRMED", priority: "P2", sprint: null };
    expect(isNoop(c, { status: "CONFIRMED", priority: "P2" })).toBe(true);
    expect(isNoop(c, { status: "CONFIRMED" })).toBe(true);
    expect(isNoop(c, { status: "CONFIRMED", priority: "P1" })).toBe(false);
    expect(isNoop(c, { sprint: "LATER" })).toBe(false);
    expect(isNoop(c, { sprint: null })).toBe(true);
  });

  it("describes a change in plain words", () => {
    expect(describePatch({ status: "CONFIRMED", priority: "P2" })).toBe("Confirmed › P2");
    expect(describePatch({ status: "NOT_A_BUG" })).toBe("Not a bug");
    expect(describePatch({ priority: "P4", sprint: "LATER" })).toBe("P4, Later sprint");
    expect(describePatch({ priority: null })).toBe("no priority");
  });
});

describe("optimistic overlays", () => {
  const a = card({ number: 1, version: 3 });
  const b = card({ number: 2, version: 1 });

  it("applies an overlay while the server still has the version it was made on", () => {
    const out = applyOverlays([a, b], { r1: { base: 3, patch: { status: "CONFIRMED", priority: "P1" } } });
    expect(out[0]).toMatchObject({ id: "r1", status: "CONFIRMED", priority: "P1", version: 3 });
    expect(out[1]).toBe(b);
  });

  it("lets fresher props win and keeps identity when nothing applies", () => {
    const cards = [a, b];
    expect(applyOverlays(cards, { r1: { base: 2, patch: { status: "DONE" } } })).toBe(cards);
    expect(applyOverlays(cards, {})).toBe(cards);
  });

  it("carries the saved version so the next change is made on it", () => {
    const out = applyOverlays([a], { r1: { base: 3, patch: { status: "NOT_A_BUG", version: 4 } } });
    expect(out[0].version).toBe(4);
  });

  it("prunes overlays the server has overtaken", () => {
    expect(
      pruneOverlays([a, b], {
        r1: { base: 3, patch: { status: "DONE" } },
        r2: { base: 0, patch: { status: "DONE" } },
        gone: { base: 1, patch: { status: "DONE" } },
      }),
    ).toEqual({ r1: { base: 3, patch: { status: "DONE" } } });
  });
});
