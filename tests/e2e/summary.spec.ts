import crypto from "node:crypto";
import pg from "pg";
import { expect, test, type Page } from "@playwright/test";
import { insertUser, withDb } from "./db";
import { checkPage, PHONE, signInAs } from "./helpers";

// The summary after a bash: counts by status, priority, feature, device and reporter; the fair
// leaderboard (confirmed bugs only, weighted by priority), which the facilitator may hide; print to PDF.
test.describe.configure({ mode: "serial" });

const stamp = Date.now();
const fac = { name: "Sam Summary", email: `sam-${stamp}@example.com`, password: "facilitator password 1" };
const pat = { name: "Pat Phone", email: `pat-${stamp}@example.com`, password: "participant password 1" };
const quinn = { name: "Quinn Quality", email: `quinn-${stamp}@example.com`, password: "participant password 2" };
const ids = { bash: "", empty: "" };

const UTC_NOW = `(now() at time zone 'utc')`;

async function seedBash(c: pg.Client, users: Record<string, string>, title: string): Promise<string> {
  const id = crypto.randomUUID();
  await c.query(
    `insert into "Bash" (id, title, product, release, status, "durationMinutes", "updatedAt", "startedAt", "endsAt", "endedAt")
     values ($1, $2, 'Shopfront', '3.0-rc1', 'ENDED', 60, now(), ${UTC_NOW} - interval '2 hours', ${UTC_NOW} - interval '1 hour', ${UTC_NOW} - interval '1 hour')`,
    [id, title],
  );
  for (const [userId, role] of [
    [users.fac, "FACILITATOR"],
    [users.pat, "PARTICIPANT"],
    [users.quinn, "PARTICIPANT"],
  ]) {
    await c.query(`insert into "Membership" (id, "bashId", "userId", role, rsvp, "updatedAt") values ($1, $2, $3, $4, 'GOING', now())`, [crypto.randomUUID(), id, userId, role]);
  }
  return id;
}

type Row = {
  who: "pat" | "quinn";
  status: string;
  priority: string | null;
  feature: "Checkout" | "Search" | null;
  kind: "WEB" | "MOBILE";
  os: string;
  browser?: string;
  phone?: string;
};

// 7 reports: 3 confirmed bugs (Confirmed ×2, Done), 1 of them P1. Pat: P1 + P2 bugs (12 points) and a
// P1 duplicate that scores nothing; Quinn: one P3 bug (2 points), a P1 not-a-bug, a new and a
// needs-info report that score nothing.
const REPORTS: Row[] = [
  { who: "pat", status: "CONFIRMED", priority: "P1", feature: "Checkout", kind: "WEB", os: "Windows", browser: "Chrome" },
  { who: "pat", status: "CONFIRMED", priority: "P2", feature: "Checkout", kind: "WEB", os: "Windows", browser: "Chrome" },
  { who: "pat", status: "DUPLICATE", priority: "P1", feature: "Search", kind: "WEB", os: "macOS", browser: "Safari" },
  { who: "quinn", status: "DONE", priority: "P3", feature: "Search", kind: "MOBILE", os: "Android", phone: "Pixel 8" },
  { who: "quinn", status: "NOT_A_BUG", priority: "P1", feature: "Checkout", kind: "MOBILE", os: "iOS", phone: "iPhone 15" },
  { who: "quinn", status: "OPEN", priority: null, feature: "Search", kind: "WEB", os: "Windows", browser: "Firefox" },
  { who: "quinn", status: "NEEDS_INFO", priority: "P2", feature: null, kind: "MOBILE", os: "Android", phone: "Pixel 8" },
];

test.beforeAll(async () => {
  for (const u of [fac, pat, quinn]) await insertUser(u);
  await withDb(async (c) => {
    const rows = await c.query<{ id: string; email: string }>(`select id, email from "User" where email = any($1)`, [[fac.email, pat.email, quinn.email]]);
    const id = (email: string) => rows.rows.find((r) => r.email === email)!.id;
    const users = { fac: id(fac.email), pat: id(pat.email), quinn: id(quinn.email) };
    const names = { pat: pat.name, quinn: quinn.name };

    ids.bash = await seedBash(c, users, "Shopfront 3.0 bash");
    const features = { Checkout: crypto.randomUUID(), Search: crypto.randomUUID() };
    await c.query(`insert into "Feature" (id, "bashId", "menuName", position) values ($1, $3, 'Checkout', 0), ($2, $3, 'Search', 1)`, [features.Checkout, features.Search, ids.bash]);
    const reportIds: string[] = [];
    for (const [i, r] of REPORTS.entries()) {
      const reportId = crypto.randomUUID();
      reportIds.push(reportId);
      await c.query(
        `insert into "Report" (id, "bashId", number, "clientId", title, status, priority, "featureId", "reporterId", "reporterName", "deviceKind", os, browser, "phoneName", "updatedAt")
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, now())`,
        [
          reportId,
          ids.bash,
          i + 1,
          `seed-summary-${i + 1}`,
          `Seeded report ${i + 1}`,
          r.status,
          r.priority,
          r.feature ? features[r.feature] : null,
          users[r.who],
          names[r.who],
          r.kind,
          r.os,
          r.browser ?? "",
          r.phone ?? "",
        ],
      );
    }
    await c.query(`update "Bash" set "reportCounter" = $2 where id = $1`, [ids.bash, REPORTS.length]);
    // The facilitator +1'd Pat's P1.
    await c.query(`insert into "MeToo" (id, "reportId", "userId") values ($1, $2, $3)`, [crypto.randomUUID(), reportIds[0], users.fac]);

    ids.empty = await seedBash(c, users, "Quiet bash");
  });
});

/** The bars of one chart, top to bottom: labels and the counts written next to them. */
async function expectBars(page: Page, chart: string, bars: [string, number][]) {
  const c = page.getByTestId(`chart-${chart}`);
  await expect(c.getByTestId("bar-label")).toHaveText(bars.map(([label]) => label));
  await expect(c.getByTestId("bar-value")).toHaveText(bars.map(([, n]) => String(n)));
}

test("the facilitator reads the summary, prints it and hides the leaderboard", async ({ page }) => {
  await signInAs(page, fac);
  await page.goto(`/bashes/${ids.bash}/summary`);

  await expect(page).toHaveTitle(/^Summary/);
  await expect(page.getByRole("heading", { name: "Shopfront 3.0 bash", level: 1 })).toBeVisible();
  await expect(page.getByText("Shopfront · 3.0-rc1")).toBeVisible();

  // Headline numbers.
  await expect(page.getByTestId("headline-reports").locator("dd")).toHaveText("7");
  await expect(page.getByTestId("headline-bugs").locator("dd")).toHaveText("3");
  await expect(page.getByTestId("headline-p1").locator("dd")).toHaveText("1");
  await expect(page.getByTestId("headline-reporters").locator("dd")).toHaveText("2");
  await expect(page.getByTestId("participation")).toContainText("2 people filed at least one report");
  await expect(page.getByTestId("participation")).toContainText("1 +1 given by 1 person");

  // Every dimension matches the seed; colour is never alone: each bar has its label and count.
  await expectBars(page, "status", [
    ["New", 1],
    ["Needs info", 1],
    ["Confirmed", 2],
    ["Not a bug", 1],
    ["Duplicate", 1],
    ["In progress", 0],
    ["Done", 1],
  ]);
  await expectBars(page, "priority", [
    ["P1", 3],
    ["P2", 2],
    ["P3", 1],
    ["P4", 0],
    ["No priority", 1],
  ]);
  await expectBars(page, "bug-priority", [
    ["P1", 1],
    ["P2", 1],
    ["P3", 1],
    ["P4", 0],
    ["No priority", 0],
  ]);
  await expectBars(page, "feature", [
    ["Checkout", 3],
    ["Search", 3],
    ["No feature", 1],
  ]);
  await expectBars(page, "os", [
    ["Windows", 3],
    ["macOS", 1],
  ]);
  await expectBars(page, "browser", [
    ["Chrome", 2],
    ["Firefox", 1],
    ["Safari", 1],
  ]);
  await expectBars(page, "phone", [
    ["Pixel 8", 2],
    ["iPhone 15", 1],
  ]);
  await expectBars(page, "mobile-os", [
    ["Android", 2],
    ["iOS", 1],
  ]);
  await expectBars(page, "reporter", [
    ["Quinn Quality", 4],
    ["Pat Phone", 3],
  ]);
  await expect(page.getByTestId("chart-status").getByTestId("bar-count").first()).toContainText("(14%)");
  await expect(page.getByTestId("device-kinds")).toContainText("4 reports from the web, 3 from phones");

  // The leaderboard: confirmed bugs only, weighted; the weights are written out.
  const board = page.getByTestId("leaderboard");
  await expect(board.getByRole("heading", { name: "Leaderboard" })).toBeVisible();
  await expect(board.getByTestId("leaderboard-weights")).toContainText("P1 = 8 points, P2 = 4, P3 = 2, P4 = 1");
  await expect(board.getByTestId("leaderboard-weights")).toContainText("Not a bug and Duplicate reports score nothing");
  const rows = board.getByTestId("leaderboard-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).getByRole("rowheader")).toHaveText("Pat Phone");
  await expect(rows.nth(0).getByTestId("leaderboard-points")).toHaveText("12");
  await expect(rows.nth(0).getByTestId("leaderboard-bugs")).toHaveText("2");
  await expect(rows.nth(0)).toContainText("P1 × 1");
  await expect(rows.nth(0)).toContainText("P2 × 1");
  await expect(rows.nth(1).getByRole("rowheader")).toHaveText("Quinn Quality");
  await expect(rows.nth(1).getByTestId("leaderboard-points")).toHaveText("2");
  await expect(rows.nth(1)).toContainText("P3 × 1");

  await checkPage(page, "summary");

  // "Print or save as PDF" opens the browser's print dialog (stubbed here: headless has none).
  await page.evaluate(() => {
    (window as unknown as { __printed: number }).__printed = 0;
    window.print = () => {
      (window as unknown as { __printed: number }).__printed += 1;
    };
  });
  await page.getByRole("button", { name: "Print or save as PDF" }).click();
  expect(await page.evaluate(() => (window as unknown as { __printed: number }).__printed)).toBe(1);

  // Printed: no app header, navigation or buttons; the numbers and the leaderboard remain.
  await page.emulateMedia({ media: "print" });
  await expect(page.locator('nav[aria-label="Main"]')).toBeHidden();
  await expect(page.locator('nav[aria-label="Breadcrumb"]')).toBeHidden();
  await expect(page.locator("button", { hasText: "Print or save as PDF" })).toBeHidden();
  await expect(page.locator("button", { hasText: "Hide leaderboard" })).toBeHidden();
  await expect(page.getByRole("heading", { name: "Shopfront 3.0 bash", level: 1 })).toBeVisible();
  await expect(page.getByTestId("chart-status")).toBeVisible();
  await expect(board).toBeVisible();
  const colours = await page.evaluate(() => {
    const h1 = getComputedStyle(document.querySelector("h1")!);
    return { text: h1.color, page: getComputedStyle(document.body).backgroundColor };
  });
  expect(colours.text).toBe("rgb(0, 0, 0)");
  expect(colours.page).toBe("rgb(255, 255, 255)");
  await page.screenshot({ path: "test-results/screens/summary-print.png", fullPage: true });
  await page.emulateMedia({ media: "screen" });

  // Hide the leaderboard: the facilitator still sees it, marked, and can show it again.
  await board.getByRole("button", { name: "Hide leaderboard" }).click();
  await expect(board.getByRole("button", { name: "Show leaderboard" })).toBeVisible();
  await expect(board.getByTestId("leaderboard-hidden")).toContainText("Hidden from others");
  await expect(rows).toHaveCount(2);
  const stored = await withDb((c) => c.query<{ leaderboardHidden: boolean }>(`select "leaderboardHidden" from "Bash" where id = $1`, [ids.bash]));
  expect(stored.rows[0].leaderboardHidden).toBe(true);
  // A hidden leaderboard stays out of the printed PDF.
  await page.emulateMedia({ media: "print" });
  await expect(board).toBeHidden();
  await page.emulateMedia({ media: "screen" });
});

test("a participant on a phone sees the numbers but not the hidden leaderboard", async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  await signInAs(page, pat);
  await page.goto(`/bashes/${ids.bash}/summary`);
  await expect(page.getByRole("heading", { name: "Shopfront 3.0 bash", level: 1 })).toBeVisible();
  await expect(page.getByTestId("headline-reports").locator("dd")).toHaveText("7");
  await expect(page.getByTestId("headline-bugs").locator("dd")).toHaveText("3");
  await expectBars(page, "reporter", [
    ["Quinn Quality", 4],
    ["Pat Phone", 3],
  ]);
  await expect(page.getByTestId("leaderboard")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Leaderboard" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /leaderboard/i })).toHaveCount(0);

  // At phone width the label sits on its own line above its bar and count.
  const bar = page.getByTestId("chart-reporter").getByTestId("bar").first();
  const label = await bar.getByTestId("bar-label").boundingBox();
  const count = await bar.getByTestId("bar-count").boundingBox();
  expect(label && count && count.y >= label.y + label.height - 1).toBe(true);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "summary scrolls sideways on a phone").toBeLessThanOrEqual(0);
  await page.screenshot({ path: "test-results/screens/summary-participant-phone.png", fullPage: true });
  await ctx.close();
});

test("a bash without reports says so and teaches what will appear", async ({ page }) => {
  await signInAs(page, fac);
  await page.goto(`/bashes/${ids.empty}/summary`);
  await expect(page.getByRole("heading", { name: "Quiet bash", level: 1 })).toBeVisible();
  await expect(page.getByTestId("summary-empty")).toContainText("No reports yet");
  await expect(page.getByTestId("headline-reports").locator("dd")).toHaveText("0");
  await expect(page.getByTestId("chart-status")).toHaveCount(0);
});

test("the summary's counts match the triage board's columns", async ({ page }) => {
  await signInAs(page, fac);
  await page.goto(`/bashes/${ids.bash}/triage`);
  const board: [string, number][] = [];
  for (const status of ["OPEN", "NEEDS_INFO", "CONFIRMED", "NOT_A_BUG", "DUPLICATE", "IN_PROGRESS", "DONE"]) {
    const column = page.locator(`[data-column="${status}"]`);
    const label = (await column.locator("h2 > span").first().textContent()) ?? "";
    const count = Number(((await column.locator("h2 > span").nth(1).textContent()) ?? "").match(/\d+/)?.[0]);
    board.push([label.trim(), count]);
  }
  expect(board.reduce((n, [, c]) => n + c, 0)).toBe(7);
  await page.goto(`/bashes/${ids.bash}/summary`);
  await expectBars(page, "status", board);
});
