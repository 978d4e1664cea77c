import crypto from "node:crypto";
import { expect, test, type Browser, type Locator, type Page, type Route } from "@playwright/test";
import { insertUser, withDb } from "./db";
import { checkPage, signInAs } from "./helpers";

// The day after the bash: two triagers go through the reports on the board, with the mouse and
// without it, see each other's moves live, and get a plain message (never a silent overwrite) when
// they move a card someone else has just changed. Then the list view, bulk changes and filters.
test.describe.configure({ mode: "serial" });

const stamp = Date.now();
const tia = { name: "Tia Triager", email: `tia-${stamp}@example.com`, password: "triager password 1" };
const tom = { name: "Tom Triager", email: `tom-${stamp}@example.com`, password: "triager password 2" };
const rita = { name: "Rita Reporter", email: `rita-${stamp}@example.com`, password: "reporter password 1" };
const olive = { name: "Olive Observer", email: `olive-${stamp}@example.com`, password: "observer password 1" };

const ids = { bash: "", checkout: "", search: "", reports: {} as Record<number, string> };

type Seed = {
  title: string;
  feature?: "checkout" | "search";
  status?: string;
  priority?: string;
  severity?: string;
  os?: string;
  browser?: string;
  phone?: string;
  steps?: string;
};
const REPORTS: Seed[] = [
  { title: "Pay button does nothing", feature: "checkout", severity: "MAJOR", os: "Windows", browser: "Chrome", steps: "1. Add a hat\n2. Pay" },
  { title: "Coupon field rejects a valid code", feature: "checkout", os: "Windows", browser: "Firefox" },
  { title: "Search results empty for hats", feature: "search", severity: "MINOR", os: "macOS", browser: "Safari" },
  { title: "Logo blurry on retina screens", os: "macOS", browser: "Chrome" },
  { title: "Cart total rounding error", feature: "checkout", status: "CONFIRMED", priority: "P3", severity: "MAJOR", os: "Windows", browser: "Edge" },
  { title: "Checkout button misaligned on iPhone", feature: "checkout", status: "CONFIRMED", priority: "P1", os: "iOS", phone: "iPhone 15" },
  { title: "Search crashes on an empty query", feature: "search", severity: "CRITICAL", os: "Android", phone: "Pixel 8" },
  { title: "Typo in the footer", status: "NOT_A_BUG", priority: "P4", os: "Linux", browser: "Firefox" },
];

test.beforeAll(async () => {
  for (const u of [tia, tom, rita, olive]) await insertUser(u);
  await withDb(async (c) => {
    const rows = await c.query<{ id: string; email: string }>(`select id, email from "User" where email = any($1)`, [[tia.email, tom.email, rita.email, olive.email]]);
    const user = (email: string) => rows.rows.find((r) => r.email === email)!.id;
    ids.bash = crypto.randomUUID();
    await c.query(
      `insert into "Bash" (id, title, status, "durationMinutes", "scheduledStart", "startedAt", "endedAt", "updatedAt")
       values ($1, $2, 'ENDED', 60, (now() at time zone 'utc') - interval '1 day', (now() at time zone 'utc') - interval '1 day', (now() at time zone 'utc') - interval '23 hours', now())`,
      [ids.bash, "Shopfront 3.0 triage"],
    );
    for (const [email, role] of [
      [tia.email, "TRIAGER"],
      [tom.email, "TRIAGER"],
      [rita.email, "PARTICIPANT"],
      [olive.email, "OBSERVER"],
    ]) {
      await c.query(`insert into "Membership" (id, "bashId", "userId", role, rsvp, "updatedAt") values ($1, $2, $3, $4, 'GOING', now())`, [crypto.randomUUID(), ids.bash, user(email), role]);
    }
    ids.checkout = crypto.randomUUID();
    ids.search = crypto.randomUUID();
    await c.query(`insert into "Feature" (id, "bashId", "menuName", position) values ($1, $3, 'Checkout', 0), ($2, $3, 'Search', 1)`, [ids.checkout, ids.search, ids.bash]);
    for (const [i, r] of REPORTS.entries()) {
      const number = i + 1;
      const id = crypto.randomUUID();
      ids.reports[number] = id;
      await c.query(
        `insert into "Report" (id, "bashId", number, "clientId", title, "featureId", status, priority, severity, "deviceKind", os, browser, "phoneName", steps,
                               "reporterId", "reporterName", "createdAt", "updatedAt")
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, (now() at time zone 'utc') - make_interval(mins => $17::int), now())`,
        [
          id,
          ids.bash,
          number,
          `seed-${number}`,
          r.title,
          r.feature ? ids[r.feature] : null,
          r.status ?? "OPEN",
          r.priority ?? null,
          r.severity ?? null,
          r.phone ? "MOBILE" : "WEB",
          r.os ?? "",
          r.browser ?? "",
          r.phone ?? "",
          r.steps ?? "",
          user(rita.email),
          rita.name,
          100 - number,
        ],
      );
    }
    await c.query(`update "Bash" set "reportCounter" = $2 where id = $1`, [ids.bash, REPORTS.length]);
  });
});

async function person(browser: Browser, who: { email: string; password: string }): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, who);
  return page;
}

const boardUrl = () => `/bashes/${ids.bash}/triage`;

/**
 * Someone else changes report #n just as `page`'s next triage request (a server action whose body
 * contains `marker`) leaves: its copy is then stale for sure. Bumping the row before the click instead
 * could reach the board through a live refresh first. Returns a function that stops watching and
 * says whether the bump happened.
 */
async function bumpWhenSent(page: Page, n: number, marker: string): Promise<() => Promise<boolean>> {
  let bumped = false;
  const onTriage = (url: URL) => url.pathname.endsWith("/triage");
  const handler = async (route: Route) => {
    const req = route.request();
    if (!bumped && req.method() === "POST" && req.headers()["next-action"] && req.postData()?.includes(marker)) {
      bumped = true;
      await withDb((c) => c.query(`update "Report" set version = version + 1 where "bashId" = $1 and number = $2`, [ids.bash, n]));
    }
    await route.continue();
  };
  await page.route(onTriage, handler);
  return async () => {
    await page.unroute(onTriage, handler);
    return bumped;
  };
}
/** A card on the board (the link carries data-number; the overlay that follows a drag does not). */
const card = (page: Page, n: number, where = "") => page.locator(`${where} a[data-number="${n}"]`.trim());
const column = (page: Page, status: string) => page.locator(`[data-column="${status}"]`);
const group = (page: Page, priority: string) => page.locator(`[data-column="CONFIRMED"] [data-group="${priority}"]`);
/** dnd-kit's live region: what a screen reader hears while a card is dragged with the keyboard. */
const announcer = (page: Page) => page.locator('[id^="DndLiveRegion"]');

async function dbReport(number: number) {
  return withDb(async (c) => {
    const r = await c.query<{ status: string; priority: string | null; sprint: string | null; sprintName: string; version: number }>(
      `select status::text, priority::text, sprint::text, "sprintName", version from "Report" where "bashId" = $1 and number = $2`,
      [ids.bash, number],
    );
    return r.rows[0];
  });
}

/** Drag with real pointer movement: past dnd-kit's activation distance, then on to the target in steps. */
async function dragWithMouse(page: Page, source: Locator, target: Locator) {
  await source.scrollIntoViewIfNeeded();
  const from = (await source.boundingBox())!;
  const to = (await target.boundingBox())!;
  const start = { x: from.x + from.width / 2, y: from.y + from.height / 2 };
  const end = { x: to.x + to.width / 2, y: to.y + Math.min(to.height / 2, 40) };
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + 12, start.y + 4, { steps: 4 });
  await page.mouse.move(end.x, end.y, { steps: 20 });
  await page.mouse.move(end.x + 2, end.y + 2, { steps: 2 });
  await page.mouse.up();
}

test("the board shows every report in its column, with what a triager needs on each card", async ({ browser }) => {
  const page = await person(browser, tia);
  await page.goto(boardUrl());
  await expect(page).toHaveTitle(/Triage/);
  await expect(page.getByRole("heading", { name: "Triage", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: /Shopfront 3\.0 triage/ })).toHaveAttribute("href", `/bashes/${ids.bash}`);
  for (const name of ["New", "Needs info", "Confirmed", "Not a bug", "Duplicate", "In progress", "Done"]) {
    await expect(page.getByRole("heading", { name: new RegExp(`^${name}\\b`), level: 2 })).toBeVisible();
  }
  await expect(column(page, "OPEN").locator("a[data-number]")).toHaveCount(5);
  await expect(card(page, 6, '[data-group="P1"]')).toBeVisible();
  await expect(card(page, 5, '[data-group="P3"]')).toBeVisible();
  await expect(card(page, 8, '[data-column="NOT_A_BUG"]')).toBeVisible();
  const first = card(page, 1);
  await expect(first).toContainText("#1");
  await expect(first).toContainText("Pay button does nothing");
  await expect(first).toContainText("Checkout");
  await expect(first).toContainText(rita.name);
  await expect(first).toContainText("Windows");
  await expect(first).toContainText("No screenshot");
  await expect(first).toHaveAttribute("href", `/bashes/${ids.bash}/reports/1`);
  await page.context().close();
});

test("a triager drags a New report into Confirmed › P1 with the mouse", async ({ browser }) => {
  const page = await person(browser, tia);
  await page.goto(boardUrl());
  await dragWithMouse(page, card(page, 1), group(page, "P1"));
  await expect(card(page, 1, '[data-group="P1"]')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/bashes/${ids.bash}/triage`)); // the drop did not open the card
  await expect.poll(async () => (await dbReport(1))?.status).toBe("CONFIRMED");
  expect((await dbReport(1)).priority).toBe("P1");
  // The move is saved: it survives a reload.
  await page.reload();
  await expect(card(page, 1, '[data-group="P1"]')).toBeVisible();
  await page.context().close();
});

test("keyboard only: pick a card up with Space, move it with the arrows, drop it; then a shortcut", async ({ browser }) => {
  const page = await person(browser, tia);
  await page.goto(boardUrl());
  const two = card(page, 2);
  await two.focus();
  await page.keyboard.press("Space");
  await expect(announcer(page)).toContainText("Picked up #2");
  await page.keyboard.press("ArrowRight");
  await expect(announcer(page)).toContainText("#2 is over Needs info");
  await page.keyboard.press("ArrowRight");
  await expect(announcer(page)).toContainText("#2 is over Confirmed");
  await page.keyboard.press("Space");
  await expect(announcer(page)).toContainText("#2 dropped in Confirmed");
  await expect(card(page, 2, '[data-column="CONFIRMED"]')).toBeVisible();
  await expect(card(page, 2, '[data-column="OPEN"]')).toHaveCount(0);
  await expect.poll(async () => (await dbReport(2))?.status).toBe("CONFIRMED");

  // "2" on a focused card confirms it as P2.
  await card(page, 3).focus();
  await page.keyboard.press("2");
  await expect(card(page, 3, '[data-group="P2"]')).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "#3 moved to Confirmed › P2" })).toBeVisible();
  await expect.poll(async () => (await dbReport(3))?.priority).toBe("P2");
  expect((await dbReport(3)).status).toBe("CONFIRMED");

  // j/k move the focus; shortcuts never fire while typing in a field.
  await card(page, 4).focus();
  await page.keyboard.press("j");
  await expect(card(page, 7)).toBeFocused();
  await page.keyboard.press("k");
  await expect(card(page, 4)).toBeFocused();
  const search = page.getByLabel("Search", { exact: true });
  await search.focus();
  await page.keyboard.press("n");
  await expect(search).toHaveValue("n");
  await expect(card(page, 4, '[data-column="OPEN"]')).toBeVisible();
  await search.fill("");

  // "?" lists the shortcuts.
  await card(page, 4).focus();
  await page.keyboard.press("?");
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Confirm as P1, P2, P3 or P4");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  expect((await dbReport(4)).status).toBe("OPEN");
  await page.context().close();
});

test("two triagers: one's move appears on the other's board; a move on a stale copy is refused and snaps back", async ({ browser }) => {
  const tiaPage = await person(browser, tia);
  const tomPage = await person(browser, tom);
  await tiaPage.goto(boardUrl());
  await tomPage.goto(boardUrl());
  await expect(card(tomPage, 4, '[data-column="OPEN"]')).toBeVisible();

  // Tia decides #4 is not a bug; Tom's board follows without a reload.
  await card(tiaPage, 4).focus();
  await tiaPage.keyboard.press("n");
  await expect(card(tiaPage, 4, '[data-column="NOT_A_BUG"]')).toBeVisible();
  await expect(card(tomPage, 4, '[data-column="NOT_A_BUG"]')).toBeVisible();
  await expect.poll(async () => (await dbReport(4))?.status).toBe("NOT_A_BUG");

  // Someone changes #4 again behind Tom's back (no event: his copy is now stale for sure).
  const bumped = await bumpWhenSent(tomPage, 4, '"OPEN"');
  await card(tomPage, 4).focus();
  await tomPage.keyboard.press("u");
  const alert = tomPage.getByRole("alert").filter({ hasText: "was changed by" });
  await expect(alert).toBeVisible();
  expect(await bumped()).toBe(true);
  await expect(alert).toContainText("#4");
  await expect(alert).toContainText("Your change was not applied");
  await expect(card(tomPage, 4, '[data-column="NOT_A_BUG"]')).toBeVisible();
  await expect(card(tomPage, 4, '[data-column="OPEN"]')).toHaveCount(0);
  expect((await dbReport(4)).status).toBe("NOT_A_BUG");

  // The refused move fetched the fresh copy; with it, Tom's next move goes through.
  const fresh = (await dbReport(4)).version;
  await expect(card(tomPage, 4)).toHaveAttribute("data-version", String(fresh));
  await alert.getByRole("button", { name: "Dismiss" }).click();
  await card(tomPage, 4).focus();
  await tomPage.keyboard.press("u");
  await expect(card(tomPage, 4, '[data-column="OPEN"]')).toBeVisible();
  await expect.poll(async () => (await dbReport(4))?.status).toBe("OPEN");
  await expect(card(tiaPage, 4, '[data-column="OPEN"]')).toBeVisible();
  await tiaPage.context().close();
  await tomPage.context().close();
});

test("a drop into Duplicate asks for the original; a drop into Needs info asks the reporter", async ({ browser }) => {
  const page = await person(browser, tia);
  await page.goto(boardUrl());

  // "d" opens the duplicate picker; the original is typed by number.
  await card(page, 7).focus();
  await page.keyboard.press("d");
  const dup = page.getByRole("dialog", { name: "Mark #7 as a duplicate" });
  await expect(dup).toBeVisible();
  await dup.getByLabel("Duplicate of #").fill("7");
  await dup.getByRole("button", { name: "Mark as duplicate" }).click();
  await expect(dup.getByRole("alert")).toContainText("cannot be a duplicate of itself");
  await dup.getByLabel("Duplicate of #").fill("3");
  await dup.getByRole("button", { name: "Mark as duplicate" }).click();
  await expect(dup).toBeHidden();
  await expect(card(page, 7, '[data-column="DUPLICATE"]')).toContainText("Duplicate of #3");
  await expect.poll(async () => (await dbReport(7))?.status).toBe("DUPLICATE");

  // Dragging into Needs info opens "Ask the reporter".
  await dragWithMouse(page, card(page, 4), column(page, "NEEDS_INFO"));
  const ask = page.getByRole("dialog", { name: "Ask the reporter about #4" });
  await expect(ask).toBeVisible();
  await ask.getByLabel(`Question for ${rita.name}`).fill("Which screen size were you using?");
  await ask.getByRole("button", { name: "Send question" }).click();
  await expect(ask).toBeHidden();
  await expect(card(page, 4, '[data-column="NEEDS_INFO"]')).toBeVisible();
  await expect.poll(async () => (await dbReport(4))?.status).toBe("NEEDS_INFO");
  const question = await withDb((c) => c.query(`select body from "Comment" where "reportId" = $1 and kind = 'QUESTION'`, [ids.reports[4]]));
  expect(question.rows[0]?.body).toBe("Which screen size were you using?");
  await page.context().close();
});

test("the list view sorts by priority, and a bulk change puts two reports in a later sprint", async ({ browser }) => {
  const page = await person(browser, tia);
  await page.goto(boardUrl());
  await page.getByRole("button", { name: "List", exact: true }).click();
  await expect(page).toHaveURL(/view=list/);
  const table = page.getByTestId("report-list");
  await expect(table.locator("tbody tr")).toHaveCount(REPORTS.length);

  await table.getByRole("button", { name: "Priority" }).click();
  await expect(table.getByRole("columnheader", { name: "Priority" })).toHaveAttribute("aria-sort", "ascending");
  // Columns: select, #, title, status, priority…
  const priorities = (await table.locator("tbody tr td:nth-child(5)").allInnerTexts()).map((t) => t.trim());
  const rank = (p: string) => ({ P1: 1, P2: 2, P3: 3, P4: 4 })[p] ?? 9;
  expect(priorities[0]).toBe("P1");
  expect(priorities.map(rank)).toEqual([...priorities.map(rank)].sort((a, b) => a - b));
  await table.getByRole("button", { name: "Priority" }).click();
  await expect(table.getByRole("columnheader", { name: "Priority" })).toHaveAttribute("aria-sort", "descending");

  await table.getByRole("checkbox", { name: "Select #5" }).check();
  await table.getByRole("checkbox", { name: "Select #8" }).check();
  const bulk = page.getByRole("form", { name: "Bulk change" });
  await expect(bulk).toContainText("2 selected");
  await bulk.getByLabel("Sprint", { exact: true }).selectOption("LATER");
  await bulk.getByLabel("Sprint name (optional)").fill("2026.02");
  await bulk.getByRole("button", { name: "Apply to 2 reports" }).click();
  await expect(bulk).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "2 reports changed: Later sprint" })).toBeVisible();
  for (const n of [5, 8]) {
    await expect.poll(async () => (await dbReport(n))?.sprint).toBe("LATER");
    expect((await dbReport(n)).sprintName).toBe("2026.02");
  }
  await expect(table.locator("tbody tr").filter({ hasText: "Cart total rounding error" })).toContainText("Later sprint");
  expect((await dbReport(1)).sprint).toBeNull();

  // Duplicates are not offered for bulk changes (each needs its original).
  await table.getByRole("checkbox", { name: "Select #1" }).check();
  await expect(bulk.getByLabel("Set status").locator("option", { hasText: "Duplicate" })).toHaveCount(0);

  // A bulk change on a stale copy is all or nothing: #6 is changed by someone else as it is sent.
  await table.getByRole("checkbox", { name: "Select #6" }).check();
  const bumped = await bumpWhenSent(page, 6, '"P2"');
  await bulk.getByLabel("Set priority").selectOption("P2");
  await bulk.getByRole("button", { name: "Apply to 2 reports" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "#6 was changed by" })).toBeVisible();
  expect(await bumped()).toBe(true);
  expect((await dbReport(1)).priority).toBe("P1");
  expect((await dbReport(6)).priority).toBe("P1");
  await page.getByRole("button", { name: "Clear selection" }).click();

  await checkPage(page, "triage-list");
  await page.context().close();
});

test("filters narrow the board, counts follow, and the URL shares the view", async ({ browser }) => {
  const page = await person(browser, tia);
  await page.goto(boardUrl());
  await expect(page.getByTestId("shown-count")).toHaveText(`${REPORTS.length} reports`);

  await page.getByLabel("Device").selectOption({ label: "Pixel 8 (1)" });
  await expect(page.getByTestId("shown-count")).toHaveText(`Showing 1 of ${REPORTS.length} reports`);
  await expect(page.locator("a[data-number]")).toHaveCount(1);
  await expect(card(page, 7)).toBeVisible();
  await expect(page).toHaveURL(/device=phone%3APixel\+8/);
  // Counts per column follow the filters.
  await expect(column(page, "DUPLICATE").getByRole("heading", { level: 2 })).toHaveText(/^Duplicate\s*1 report$/);
  await expect(column(page, "OPEN").getByRole("heading", { level: 2 })).toHaveText(/^New\s*0 reports$/);

  await page.getByRole("button", { name: /Clear filters/ }).first().click();
  await expect(page.getByTestId("shown-count")).toHaveText(`${REPORTS.length} reports`);
  await page.getByLabel("Feature").selectOption({ label: "Checkout" });
  await page.getByLabel("Priority", { exact: true }).selectOption("P1");
  const checkoutP1 = await withDb(async (c) => {
    const r = await c.query<{ number: number }>(`select number from "Report" where "bashId" = $1 and "featureId" = $2 and priority = 'P1' order by number`, [ids.bash, ids.checkout]);
    return r.rows.map((x) => x.number);
  });
  expect(checkoutP1).toEqual(expect.arrayContaining([1, 6]));
  await expect(page.locator("a[data-number]")).toHaveCount(checkoutP1.length);
  for (const n of checkoutP1) await expect(card(page, n)).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`feature=${ids.checkout}.*priority=P1`));

  await page.getByRole("button", { name: /Clear filters/ }).first().click();
  await page.getByLabel("Search", { exact: true }).fill("rounding");
  await expect(page.locator("a[data-number]")).toHaveCount(1);
  await expect(card(page, 5)).toBeVisible();
  // Words from the steps, not the title: the full search text is fetched once a search is typed.
  await page.getByLabel("Search", { exact: true }).fill("add a hat");
  await expect(page.locator("a[data-number]")).toHaveCount(1);
  await expect(card(page, 1)).toBeVisible();
  await page.getByLabel("Search", { exact: true }).fill("rounding");
  await expect(card(page, 5)).toBeVisible();
  await page.getByLabel("Screenshot").selectOption("yes");
  await expect(page.locator("a[data-number]")).toHaveCount(0);
  await expect(page.getByText("No reports match these filters.")).toBeVisible();

  // A shared link opens the same view.
  await page.goto(`${boardUrl()}?feature=${ids.search}&severity=CRITICAL`);
  await expect(page.getByLabel("Feature")).toHaveValue(ids.search);
  await expect(page.getByLabel("Severity")).toHaveValue("CRITICAL");
  await expect(page.locator("a[data-number]")).toHaveCount(1);
  await expect(card(page, 7)).toBeVisible();
  await page.goto(`${boardUrl()}?q=${encodeURIComponent("add a hat")}`);
  await expect(page.getByLabel("Search", { exact: true })).toHaveValue("add a hat");
  await expect(page.locator("a[data-number]")).toHaveCount(1);
  await expect(card(page, 1)).toBeVisible();
  await page.context().close();
});

test("an observer reads the board but cannot change it", async ({ browser }) => {
  const page = await person(browser, olive);
  await page.goto(boardUrl());
  await expect(page.getByText("You can read this board")).toBeVisible();
  await expect(page.getByRole("checkbox")).toHaveCount(0);
  const before = await dbReport(2);
  await card(page, 2).focus();
  await page.keyboard.press("n");
  await page.keyboard.press("Space");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Space");
  await expect(card(page, 2, '[data-column="CONFIRMED"]')).toBeVisible();
  expect(await dbReport(2)).toEqual(before);
  await page.context().close();
});

test("the board passes the page checks at phone and desktop width", async ({ browser }) => {
  const page = await person(browser, tia);
  await page.goto(boardUrl());
  await expect(card(page, 1)).toBeVisible();
  await checkPage(page, "triage-board");
  await page.context().close();
});
