import crypto from "node:crypto";
import pg from "pg";
import { expect, test, type Page } from "@playwright/test";
import { insertUser, withDb } from "./db";
import { checkPage, signInAs } from "./helpers";

// The facilitator's projector view at the start of a bash: title, time left, scope, what to test,
// where to test (with build QR codes) and how to report. Participants who follow the link land on
// the bash page instead.
test.describe.configure({ mode: "serial" });

const stamp = Date.now();
const facilitator = { name: "Kim Kickoff", email: `kim-${stamp}@example.com`, password: "kickoff password 1" };
const participant = { name: "Pia Phone", email: `pia-${stamp}@example.com`, password: "participant password 1" };

const bashes = { live: "", scheduled: "", ended: "" };

// Timestamps are "timestamp without time zone" holding UTC, as Prisma writes them: compute them in
// SQL from the database's clock in UTC, so neither this machine's zone nor its clock matters.
const UTC_NOW = `(now() at time zone 'utc')`;

/** A bash with the facilitator and the participant (both going); `times` maps columns to SQL expressions. */
async function seedBash(
  c: pg.Client,
  users: { fac: string; part: string },
  b: { title: string; status: "SCHEDULED" | "LIVE" | "ENDED"; scope?: string; times: Record<string, string> },
): Promise<string> {
  const id = crypto.randomUUID();
  const cols = Object.keys(b.times).map((k) => `, "${k}"`).join("");
  const values = Object.values(b.times).map((v) => `, ${v}`).join("");
  await c.query(
    `insert into "Bash" (id, title, product, release, scope, status, "durationMinutes", location, "updatedAt"${cols})
     values ($1, $2, 'Shopfront', '3.0-rc1', $3, $4, 50, 'Room 4', now()${values})`,
    [id, b.title, b.scope ?? "", b.status],
  );
  for (const [userId, role] of [
    [users.fac, "FACILITATOR"],
    [users.part, "PARTICIPANT"],
  ]) {
    await c.query(`insert into "Membership" (id, "bashId", "userId", role, rsvp, "updatedAt") values ($1, $2, $3, $4, 'GOING', now())`, [crypto.randomUUID(), id, userId, role]);
  }
  return id;
}

test.beforeAll(async () => {
  await insertUser(facilitator);
  await insertUser(participant);
  await withDb(async (c) => {
    const ids = await c.query<{ id: string; email: string }>(`select id, email from "User" where email = any($1)`, [[facilitator.email, participant.email]]);
    const users = { fac: ids.rows.find((r) => r.email === facilitator.email)!.id, part: ids.rows.find((r) => r.email === participant.email)!.id };

    // Live for 60 more minutes: 50 planned, 10 added by an extension.
    bashes.live = await seedBash(c, users, {
      title: "Shopfront 3.0 kickoff",
      status: "LIVE",
      scope: "Focus on **checkout** and search.\n\n- Saved cards\n- Typos\n\n<script>alert(1)</script>",
      times: { startedAt: UTC_NOW, endsAt: `${UTC_NOW} + interval '60 minutes'`, extendedAt: UTC_NOW, extendedMinutes: "10" },
    });
    const env = (name: string, position: number, more: { url?: string; notes?: string; ios?: string; android?: string; isUp?: boolean }) =>
      c.query(
        `insert into "Environment" (id, "bashId", name, url, "testDataNotes", "iosBuildUrl", "androidBuildUrl", position, "isUp", "updatedAt")
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())`,
        [crypto.randomUUID(), bashes.live, name, more.url ?? "", more.notes ?? "", more.ios ?? "", more.android ?? "", position, more.isUp ?? false],
      );
    await env("UAT", 1, { url: "https://uat.shop.example" });
    await env("Staging", 0, {
      url: "https://staging.shop.example/a/very/long/path/that/must/wrap/on/a/phone/without/scrolling/sideways",
      notes: "Card 4242 4242 4242 4242, any CVC",
      ios: "https://testflight.apple.com/join/abc123",
      android: "https://builds.shop.example/app-3.0.apk",
      isUp: true,
    });
    for (const [menuName, description, position] of [
      ["Search", "Typo tolerance", 1],
      ["Checkout", "Saved cards", 0],
    ] as const) {
      await c.query(`insert into "Feature" (id, "bashId", "menuName", description, position) values ($1, $2, $3, $4, $5)`, [crypto.randomUUID(), bashes.live, menuName, description, position]);
    }

    bashes.scheduled = await seedBash(c, users, { title: "Next week's bash", status: "SCHEDULED", times: { scheduledStart: `${UTC_NOW} + interval '2 days'` } });
    bashes.ended = await seedBash(c, users, {
      title: "Last week's bash",
      status: "ENDED",
      times: {
        startedAt: `${UTC_NOW} - interval '7 days'`,
        endsAt: `${UTC_NOW} - interval '7 days' + interval '50 minutes'`,
        endedAt: `${UTC_NOW} - interval '7 days' + interval '50 minutes'`,
      },
    });
  });
});

async function noSidewaysScroll(page: Page, label: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `kickoff scrolls sideways at ${label}`).toBeLessThanOrEqual(0);
}

test("the facilitator projects the kickoff: title, time left, scope, features, environments with build QR codes, how to report", async ({ page }) => {
  await signInAs(page, facilitator);
  await page.goto(`/bashes/${bashes.live}/kickoff`);

  await expect(page).toHaveTitle(/^Kickoff/);
  await expect(page.getByRole("heading", { name: "Shopfront 3.0 kickoff", level: 1 })).toBeVisible();
  await expect(page.getByText("Shopfront · 3.0-rc1")).toBeVisible();

  // Time left, counted down from the server's clock; the extension is named.
  const countdown = page.getByTestId("countdown");
  await expect(countdown).toContainText("Time left");
  await expect(countdown).toContainText(/\d+ min \d{2} s|1 h 0 min/);
  await expect(page.getByTestId("extended")).toContainText("Extended by 10 min");
  await expect(page.getByTestId("kickoff-counts")).toContainText("2 people going");
  await expect(page.getByTestId("kickoff-counts")).toContainText("0 reports filed");

  // Scope as sanitised markdown.
  await expect(page.getByRole("heading", { name: "Scope" })).toBeVisible();
  await expect(page.locator("strong", { hasText: "checkout" })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "Saved cards" }).first()).toBeVisible();
  expect(await page.content()).not.toContain("<script>alert(1)</script>");

  // Features and environments in the plan's order.
  await expect(page.getByTestId("kickoff-features").getByRole("listitem")).toHaveText([/Checkout\s*Saved cards/, /Search\s*Typo tolerance/]);
  const envs = page.getByTestId("kickoff-environment");
  await expect(envs).toHaveCount(2);
  await expect(envs.first().getByRole("heading", { name: "Staging" })).toBeVisible();
  await expect(envs.first()).toContainText("✓ Up");
  await expect(envs.first()).toContainText("Card 4242 4242 4242 4242, any CVC");
  await expect(envs.first().getByRole("link", { name: /^https:\/\/staging\.shop\.example/ })).toBeVisible();
  await expect(envs.nth(1).getByRole("heading", { name: "UAT" })).toBeVisible();
  await expect(envs.nth(1)).toContainText("Not checked yet");

  // Build QR codes are images with names; the links under them go to the builds.
  await expect(page.getByRole("img", { name: "iOS build for Staging" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Android build for Staging" })).toBeVisible();
  await expect(page.getByRole("img", { name: "iOS build for Staging" }).locator("svg")).toHaveCount(1);
  await expect(page.getByRole("link", { name: "Open the iOS build" })).toHaveAttribute("href", "https://testflight.apple.com/join/abc123");
  await expect(page.getByRole("link", { name: "Open the Android build" })).toHaveAttribute("href", "https://builds.shop.example/app-3.0.apk");
  await expect(envs.nth(1).getByRole("img")).toHaveCount(0);

  // How to report: the bash page as a QR code and an address, then the steps.
  const howTo = page.getByTestId("how-to-report");
  await expect(howTo.getByRole("heading", { name: "How to report" })).toBeVisible();
  await expect(howTo.getByRole("img", { name: "Scan to open the bash on your phone" })).toBeVisible();
  await expect(howTo.getByTestId("bash-url")).toHaveText(new RegExp(`^https?://[^/]+/bashes/${bashes.live}$`));
  await expect(howTo).toContainText("Report a bug");
  await expect(howTo).toContainText("Paste a screenshot");
  await expect(howTo).toContainText("I'm blocked");

  await expect(page.getByRole("link", { name: "Back to the plan" })).toHaveAttribute("href", `/bashes/${bashes.live}/plan`);

  await checkPage(page, "kickoff");
  // The room's screen is often wider than a laptop's.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await noSidewaysScroll(page, "1920 px");
  await page.screenshot({ path: "test-results/screens/kickoff-1920.png", fullPage: true });
});

test("before the bash the kickoff counts down to the start; after it, time is up", async ({ page }) => {
  await signInAs(page, facilitator);

  await page.goto(`/bashes/${bashes.scheduled}/kickoff`);
  await expect(page.getByRole("heading", { name: "Next week's bash", level: 1 })).toBeVisible();
  await expect(page.getByTestId("countdown")).toContainText("Starts in");
  await expect(page.getByTestId("countdown")).toContainText(/[12] d/);
  await expect(page.getByTestId("time-left")).toContainText("then 50 minutes of testing");
  await expect(page.getByText("No environment yet.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Write it on the plan" })).toHaveAttribute("href", `/bashes/${bashes.scheduled}/plan#details`);
  await noSidewaysScroll(page, "the default width");

  await page.goto(`/bashes/${bashes.ended}/kickoff`);
  await expect(page.getByRole("heading", { name: "Last week's bash", level: 1 })).toBeVisible();
  await expect(page.getByTestId("time-up")).toContainText("Time is up — thank you!");
  await expect(page.getByTestId("countdown")).toHaveCount(0);
});

test("a participant who opens the kickoff link lands on the bash page", async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  await signInAs(page, participant);
  await page.goto(`/bashes/${bashes.live}/kickoff`);
  await expect(page).toHaveURL(new RegExp(`/bashes/${bashes.live}$`));
  await expect(page.getByRole("heading", { name: "Shopfront 3.0 kickoff", level: 1 })).toBeVisible();
  await ctx.close();
});
