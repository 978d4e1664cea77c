import crypto from "node:crypto";
import pg from "pg";
import sharp from "sharp";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { insertUser, withDb } from "./db";
import { checkPage, PHONE, signInAs } from "./helpers";

// During the bash, with three people: the facilitator runs the live console on a laptop; Ann files a
// report with a pasted screenshot from her phone; Ben raises his hand. Everything reaches the others
// without a reload.
test.describe.configure({ mode: "serial" });

const stamp = Date.now();
const fac = { name: "Fay Facilitator", email: `fay-${stamp}@example.com`, password: "facilitator password 1" };
const ann = { name: "Ann Android", email: `ann-${stamp}@example.com`, password: "participant password 1" };
const ben = { name: "Ben Builder", email: `ben-${stamp}@example.com`, password: "participant password 2" };
const ANDROID_UA = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const ids = { scheduled: "", live: "" };

async function seedBash(c: pg.Client, users: Record<string, string>, title: string, status: "SCHEDULED" | "LIVE") {
  const id = crypto.randomUUID();
  const live = status === "LIVE" ? `, (now() at time zone 'utc'), (now() at time zone 'utc') + interval '60 minutes'` : ", null, null";
  await c.query(
    `insert into "Bash" (id, title, status, "durationMinutes", "scheduledStart", "updatedAt", "startedAt", "endsAt")
     values ($1, $2, $3, 60, (now() at time zone 'utc'), now()${live})`,
    [id, title, status],
  );
  for (const [userId, role] of [
    [users.fac, "FACILITATOR"],
    [users.ann, "PARTICIPANT"],
    [users.ben, "PARTICIPANT"],
  ]) {
    await c.query(`insert into "Membership" (id, "bashId", "userId", role, rsvp, "updatedAt") values ($1, $2, $3, $4, 'GOING', now())`, [crypto.randomUUID(), id, userId, role]);
  }
  await c.query(`insert into "Feature" (id, "bashId", "menuName", position) values ($1, $2, 'Checkout', 0), ($3, $2, 'Search', 1)`, [crypto.randomUUID(), id, crypto.randomUUID()]);
  await c.query(`insert into "Environment" (id, "bashId", name, url, position, "isUp", "updatedAt") values ($1, $2, 'Staging', 'https://staging.example', 0, true, now())`, [crypto.randomUUID(), id]);
  await c.query(`insert into "CoverageTarget" (id, "bashId", kind, os, position) values ($1, $2, 'MOBILE', 'Android', 0), ($3, $2, 'WEB', 'Windows', 1)`, [
    crypto.randomUUID(),
    id,
    crypto.randomUUID(),
  ]);
  return id;
}

test.beforeAll(async () => {
  for (const u of [fac, ann, ben]) await insertUser(u);
  await withDb(async (c) => {
    const rows = await c.query<{ id: string; email: string }>(`select id, email from "User" where email = any($1)`, [[fac.email, ann.email, ben.email]]);
    const id = (email: string) => rows.rows.find((r) => r.email === email)!.id;
    const users = { fac: id(fac.email), ann: id(ann.email), ben: id(ben.email) };
    ids.scheduled = await seedBash(c, users, "Shopfront 3.0 bash", "SCHEDULED");
    ids.live = await seedBash(c, users, "Search bash", "LIVE");
    // Ben already reported a search crash in the second bash: Ann's similar report should find it.
    await c.query(
      `insert into "Report" (id, "bashId", number, "clientId", title, "reporterId", "reporterName", "updatedAt") values ($1, $2, 1, 'seed-1', 'Search crashes on an empty query', $3, 'Ben Builder', now())`,
      [crypto.randomUUID(), ids.live, users.ben],
    );
    await c.query(`update "Bash" set "reportCounter" = 1 where id = $1`, [ids.live]);
  });
});

async function person(browser: Browser, who: { email: string; password: string }, opts: { phone?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext(opts.phone ? { viewport: PHONE, userAgent: ANDROID_UA, hasTouch: true, isMobile: true } : {});
  const page = await context.newPage();
  await signInAs(page, who);
  return page;
}

/** Paste an image into the page as a browser does for Ctrl/Cmd+V (a paste event carrying a file). */
async function pasteImage(page: Page, name: string) {
  await sendImage(page, name, "paste");
}

/** Drop an image file on the report form, as dragging it from the desktop does. */
async function dropImage(page: Page, name: string) {
  await sendImage(page, name, "drop");
}

async function sendImage(page: Page, name: string, how: "paste" | "drop") {
  const png = await sharp({ create: { width: 320, height: 200, channels: 3, background: "#d33" } }).png().toBuffer();
  await page.evaluate(
    ({ b64, name, how }) => {
      const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name, { type: "image/png" }));
      if (how === "paste") {
        window.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
        return;
      }
      const form = document.querySelector('form[aria-label="Report a bug"]')!;
      form.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true }));
      form.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    { b64: png.toString("base64"), name, how },
  );
}

const minutesLeft = async (page: Page) => {
  const text = (await page.getByTestId("countdown").first().textContent()) ?? "";
  const h = text.match(/(\d+) h (\d+) min/);
  if (h) return Number(h[1]) * 60 + Number(h[2]);
  return Number(text.match(/(\d+) min/)?.[1] ?? NaN);
};

test("three people, one bash: start, report with a pasted screenshot, raised hand, nudge, extend, end", async ({ browser }) => {
  const facPage = await person(browser, fac);
  const annPage = await person(browser, ann, { phone: true });
  const benPage = await person(browser, ben, { phone: true });
  const bashUrl = `/bashes/${ids.scheduled}`;
  await annPage.goto(bashUrl);
  await benPage.goto(bashUrl);
  await facPage.goto(`${bashUrl}/live`);
  await expect(facPage.getByRole("heading", { name: "Live console" })).toBeVisible();

  // The facilitator starts; both phones switch to the live view by themselves.
  facPage.on("dialog", (d) => void d.accept());
  await facPage.getByRole("button", { name: "Start the bash" }).click();
  await expect(facPage.getByTestId("countdown")).toContainText(/Time left (59|60) min/);
  for (const p of [annPage, benPage]) await expect(p.getByRole("heading", { name: "The bash is on" })).toBeVisible();
  await expect(annPage.getByTestId("countdown").first()).toContainText(/Time left (59|60) min/);

  // Ann files a report from her phone with a pasted screenshot, submitting from the keyboard.
  await annPage.getByRole("link", { name: "Report a bug" }).click();
  await expect(annPage.getByRole("heading", { name: "Report a bug" })).toBeVisible();
  await annPage.getByLabel("Feature").selectOption({ label: "Checkout" });
  await annPage.getByLabel(/^Title/).fill("Pay button does nothing");
  await annPage.getByLabel("Steps to reproduce").fill("1. Add a hat to the cart\n2. Tap Pay");
  await pasteImage(annPage, "pasted.png");
  await expect(annPage.getByRole("img", { name: "pasted.png" })).toBeVisible();
  await checkPage(annPage, "report-form");
  await annPage.getByLabel(/^Title/).press("Control+Enter");
  await expect(annPage.getByRole("status").filter({ hasText: "Report #1 filed." })).toBeVisible();
  const filedAt = Date.now();

  // Ben is blocked.
  await benPage.getByText("I'm blocked").click();
  await benPage.getByLabel("What blocks you?").fill("The Android build will not install");
  await benPage.getByRole("button", { name: "Raise my hand" }).click();
  await expect(benPage.getByText("Your hand is raised")).toBeVisible();
  const raisedAt = Date.now();

  // The console shows both without a reload, within a second of each.
  const feed = facPage.getByTestId("feed-item").filter({ hasText: "#1 Pay button does nothing" });
  await expect(feed).toBeVisible({ timeout: Math.max(200, 1_000 - (Date.now() - filedAt)) });
  await expect(facPage.getByRole("region", { name: /Help queue/ }).getByText("The Android build will not install")).toBeVisible({ timeout: Math.max(200, 1_000 - (Date.now() - raisedAt)) });
  await expect(feed.getByRole("img", { name: "Screenshot for #1" })).toBeVisible();
  await expect(feed).toContainText("No expected/actual");
  await expect(facPage.getByRole("list", { name: "People" }).getByRole("listitem").filter({ hasText: ben.name })).toContainText("Blocked");

  // The help request moves through its states and Ben sees each.
  await facPage.getByRole("button", { name: `On my way to ${ben.name}` }).click();
  await expect(benPage.getByText(`${fac.name} is on the way`)).toBeVisible();
  await facPage.getByRole("button", { name: `Resolved ${ben.name}` }).click();
  await expect(benPage.getByText("I'm blocked")).toBeVisible();
  await expect(facPage.getByText("Nobody is blocked.")).toBeVisible();

  // A nudge for the thin report reaches Ann at once.
  await annPage.goto(bashUrl);
  await expect(annPage.getByRole("list", { name: "My reports" })).toContainText("Pay button does nothing");
  await facPage.getByRole("button", { name: "Request details for #1" }).click();
  await expect(annPage.getByRole("alert").filter({ hasText: "More details wanted for #1" })).toBeVisible();
  await expect(facPage.getByText("Details requested")).toBeVisible();
  await checkPage(facPage, "live-console");
  await checkPage(annPage, "bash-live");

  // Extend by 10 minutes: every countdown moves and everyone sees the banner.
  const before = await minutesLeft(annPage);
  await facPage.getByRole("button", { name: "Extend by 10 minutes" }).click();
  for (const p of [annPage, benPage]) await expect(p.getByText(/Extended by 10 min/)).toBeVisible();
  await expect.poll(() => minutesLeft(annPage)).toBeGreaterThanOrEqual(before + 9);
  await expect.poll(() => minutesLeft(benPage)).toBeGreaterThanOrEqual(before + 9);
  await expect.poll(() => minutesLeft(facPage)).toBeGreaterThanOrEqual(before + 9);

  // End: reporting stops and each participant gets a thank-you with their own reports.
  await facPage.getByRole("button", { name: "End the bash" }).click();
  await expect(annPage.getByRole("heading", { name: `Thank you, ${ann.name}!` })).toBeVisible();
  await expect(annPage.getByRole("list", { name: "My reports" })).toContainText("Pay button does nothing");
  await expect(benPage.getByRole("heading", { name: `Thank you, ${ben.name}!` })).toBeVisible();
  await expect(benPage.getByText("You did not file a report this time")).toBeVisible();
  await checkPage(annPage, "bash-thank-you");
  await annPage.goto(`${bashUrl}/report`);
  await expect(annPage.getByRole("status").filter({ hasText: "reporting is closed" })).toBeVisible();
  await expect(annPage.getByRole("button", { name: "Submit report" })).toBeDisabled();
});

test("the draft survives a reload and a failed submit; a similar report gets a +1 instead", async ({ browser }) => {
  const page = await person(browser, ann, { phone: true });
  const url = `/bashes/${ids.live}/report`;
  await page.goto(url);
  await page.getByLabel(/^Title/).fill("Results page is empty");
  await page.getByLabel("Steps to reproduce").fill("1. Search for 'hat'");
  await page.getByLabel("Expected result").fill("Hats");
  await dropImage(page, "dropped.png");
  await expect(page.getByRole("img", { name: "dropped.png" })).toBeVisible();
  await page.reload();
  await expect(page.getByText("Your unfinished report was restored")).toBeVisible();
  await expect(page.getByLabel(/^Title/)).toHaveValue("Results page is empty");
  await expect(page.getByLabel("Steps to reproduce")).toHaveValue("1. Search for 'hat'");
  await expect(page.getByLabel("Expected result")).toHaveValue("Hats");
  await expect(page.getByRole("img", { name: "dropped.png" })).toBeVisible();

  // Offline: the submit fails, everything stays, and it goes through by itself once back online.
  await page.context().setOffline(true);
  await page.getByRole("button", { name: "Submit report" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Could not reach Bashboard" })).toBeVisible();
  await expect(page.getByLabel(/^Title/)).toHaveValue("Results page is empty");
  await page.context().setOffline(false);
  await expect(page.getByRole("status").filter({ hasText: "Report #2 filed." })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByLabel(/^Title/)).toHaveValue("");
  const count = await withDb((c) =>
    c.query(`select count(*)::int as n, (select count(*)::int from "Attachment" a where a."reportId" = min(r.id)) as files from "Report" r where "bashId" = $1 and title = 'Results page is empty'`, [ids.live]),
  );
  expect(count.rows[0]).toEqual({ n: 1, files: 1 });

  // Typing something Ben already reported suggests his report; Ann adds her +1 instead.
  await page.getByLabel(/^Title/).fill("Search crashes with an empty query");
  const similar = page.getByRole("region", { name: "Similar reports" });
  await expect(similar).toContainText("#1 Search crashes on an empty query");
  await similar.getByRole("button", { name: "Same problem — add my note instead" }).click();
  await similar.getByLabel(/Your note for #1/).fill("Also on my Pixel");
  await similar.getByRole("button", { name: "Add my +1 to #1" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your +1 was added to #1." })).toBeVisible();
  const metoo = await withDb((c) => c.query(`select note from "MeToo" m join "Report" r on r.id = m."reportId" where r."bashId" = $1`, [ids.live]));
  expect(metoo.rows).toEqual([{ note: "Also on my Pixel" }]);
});

test("a crowd on the console: people summed up by state, those who need a look listed, everyone on request", async ({ browser }) => {
  // 60 participants: 2 away, 3 idle (here, quiet), 40 active, 15 not here yet.
  const crowdId = crypto.randomUUID();
  const names: Record<string, string[]> = { away: [], idle: [], active: [], "not-joined": [] };
  await withDb(async (c) => {
    const facId = (await c.query<{ id: string }>(`select id from "User" where email = $1`, [fac.email])).rows[0].id;
    await c.query(
      `insert into "Bash" (id, title, status, "durationMinutes", "scheduledStart", "updatedAt", "startedAt", "endsAt")
       values ($1, 'Crowd bash', 'LIVE', 60, (now() at time zone 'utc'), now(), (now() at time zone 'utc') - interval '20 minutes', (now() at time zone 'utc') + interval '40 minutes')`,
      [crowdId],
    );
    await c.query(`insert into "Membership" (id, "bashId", "userId", role, rsvp, "updatedAt", "lastActiveAt") values ($1, $2, $3, 'FACILITATOR', 'GOING', now(), now())`, [
      crypto.randomUUID(),
      crowdId,
      facId,
    ]);
    const states = [...Array(2).fill("away"), ...Array(3).fill("idle"), ...Array(40).fill("active"), ...Array(15).fill("not-joined")] as string[];
    for (const [i, state] of states.entries()) {
      const userId = crypto.randomUUID();
      const name = `Crowd ${state} ${String(i).padStart(2, "0")} ${stamp}`;
      names[state].push(name);
      await c.query(`insert into "User" (id, email, name, "updatedAt") values ($1, $2, $3, now())`, [userId, `crowd-${i}-${stamp}@example.com`, name]);
      const seen = state === "away" ? "now() - interval '10 minutes'" : state === "not-joined" ? "null" : "now()";
      const active = state === "active" ? "now()" : "null";
      await c.query(
        `insert into "Membership" (id, "bashId", "userId", role, rsvp, "updatedAt", "lastSeenAt", "lastActiveAt") values ($1, $2, $3, 'PARTICIPANT', 'GOING', now(), ${seen}, ${active})`,
        [crypto.randomUUID(), crowdId, userId],
      );
    }
  });
  const page = await person(browser, fac);
  await page.goto(`/bashes/${crowdId}/live`);
  await expect(page.getByRole("heading", { name: "People (61)" })).toBeVisible();
  const byState = page.getByTestId("people-by-state");
  for (const t of ["Idle 3", "Away 2", "Active 41", "Not here yet 15"]) await expect(byState).toContainText(t);
  const list = page.getByRole("list", { name: "People" });
  // Only who needs a look: the idle first, then the away.
  await expect(list.getByRole("listitem")).toHaveCount(5);
  await expect(list.getByRole("listitem").first()).toContainText(names.idle[0]);
  await expect(list).toContainText(names.away[1]);
  await expect(list).not.toContainText(names.active[0]);
  await checkPage(page, "live-console-crowd");

  await page.getByRole("link", { name: "Show everyone (61)" }).click();
  await expect(list.getByRole("listitem")).toHaveCount(61);
  await expect(list).toContainText(names.active[39]);
  await expect(list).toContainText(names["not-joined"][14]);
  await page.getByRole("link", { name: "Show only who needs a look" }).click();
  await expect(list.getByRole("listitem")).toHaveCount(5);
  await page.context().close();
});

test("a console in a background tab does not refresh; shown again, it catches up at once", async ({ browser }) => {
  const page = await person(browser, fac);
  await page.goto(`/bashes/${ids.live}/live`);
  await expect(page.getByRole("heading", { name: "Live console" })).toBeVisible();
  let refreshes = 0;
  page.on("request", (r) => {
    if (r.url().includes(`/bashes/${ids.live}/live`) && r.headers()["rsc"] === "1") refreshes += 1;
  });
  const setVisibility = (state: "hidden" | "visible") =>
    page.evaluate((s) => {
      Object.defineProperty(document, "visibilityState", { configurable: true, get: () => s });
      Object.defineProperty(document, "hidden", { configurable: true, get: () => s === "hidden" });
      document.dispatchEvent(new Event("visibilitychange"));
    }, state);
  await setVisibility("hidden");

  const annPage = await person(browser, ann, { phone: true });
  const title = `Filed while the console was hidden ${stamp}`;
  const res = await annPage.request.post(`/api/bashes/${ids.live}/reports`, { data: { clientId: `hidden-tab-${stamp}`, title } });
  expect(res.status()).toBe(201);
  await page.waitForTimeout(1500); // a visible console would have refreshed 300 ms after the event
  expect(refreshes).toBe(0);
  await expect(page.getByTestId("feed-item").filter({ hasText: title })).toHaveCount(0);

  await setVisibility("visible");
  await expect(page.getByTestId("feed-item").filter({ hasText: title })).toBeVisible({ timeout: 2_000 });
  expect(refreshes).toBe(1);
  await page.context().close();
  await annPage.context().close();
});
