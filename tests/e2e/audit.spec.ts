import crypto from "node:crypto";
import fs from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { insertUser, withDb } from "./db";
import { checkPage, signInAs } from "./helpers";

// A facilitator decides on a report, then finds the decision in the bash's audit log (and its CSV),
// finds the report through the header's search box, and archives the closed bash.
test.describe.configure({ mode: "serial" });

const stamp = Date.now();
const fay = { name: "Fay Auditor", email: `fay-audit-${stamp}@example.com`, password: "facilitator password 1" };
const ann = { name: "Ann Filer", email: `ann-audit-${stamp}@example.com`, password: "participant password 1" };
const title = `Audit bash ${stamp}`;
const reportTitle = `Coupon total is wrong ${stamp}`;
let bashId = "";

test.beforeAll(async () => {
  for (const u of [fay, ann]) await insertUser(u);
  await withDb(async (c) => {
    const ids = await c.query<{ id: string; email: string }>(`select id, email from "User" where email = any($1)`, [[fay.email, ann.email]]);
    const id = (email: string) => ids.rows.find((r) => r.email === email)!.id;
    bashId = crypto.randomUUID();
    await c.query(`insert into "Bash" (id, title, status, "reportCounter", "updatedAt") values ($1, $2, 'ENDED', 1, now())`, [bashId, title]);
    for (const [email, role] of [
      [fay.email, "FACILITATOR"],
      [ann.email, "PARTICIPANT"],
    ]) {
      await c.query(`insert into "Membership" (id, "bashId", "userId", role, "updatedAt") values ($1, $2, $3, $4, now())`, [crypto.randomUUID(), bashId, id(email), role]);
    }
    await c.query(
      `insert into "Report" (id, "bashId", number, "clientId", title, steps, "reporterId", "reporterName", "updatedAt") values ($1, $2, 1, 'seed-audit-1', $3, '1. Apply the coupon SAVE10', $4, $5, now())`,
      [crypto.randomUUID(), bashId, reportTitle, id(ann.email), ann.name],
    );
  });
});

async function signedIn(page: Page) {
  await signInAs(page, fay);
}

test("the audit log shows a triage decision", async ({ page }) => {
  await signedIn(page);
  await page.goto(`/bashes/${bashId}/reports/1`);
  await page.getByRole("button", { name: "Bug P1" }).click();
  await expect(page.locator("header").getByText("Confirmed").first()).toBeVisible();

  await page.goto(`/bashes/${bashId}/plan`);
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  const entries = page.getByRole("list", { name: "Audit log entries, newest first" });
  await expect(entries.getByText("moved #1 to Confirmed · P1")).toBeVisible();
  await expect(entries.getByRole("listitem").first()).toContainText("Fay Auditor moved #1 to Confirmed · P1");

  // Filter to triage decisions only.
  await page.getByLabel("Kind").selectOption("triage");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/category=triage/);
  await expect(entries.getByRole("listitem")).toHaveCount(1);
  await checkPage(page, "audit");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/-audit-log\.csv$/);
  const csv = await fs.readFile((await download.path())!, "utf8");
  const lines = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(lines[0]).toBe("Time (UTC),Actor,Actor email,Bash,Action,Details");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`Fay Auditor,${fay.email},${title},report.updated,Fay Auditor moved #1 to Confirmed · P1`);
});

test("the header's search box finds the report", async ({ page }) => {
  await signedIn(page);
  const box = page.getByRole("searchbox", { name: "Search reports" });
  await box.fill(`coupon total is wrong ${stamp}`);
  await box.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=/);
  await expect(page.getByRole("heading", { name: "1 report" })).toBeVisible();
  await checkPage(page, "search");
  await page.getByRole("link", { name: new RegExp(`#1 ${reportTitle}`) }).click();
  await expect(page).toHaveURL(new RegExp(`/bashes/${bashId}/reports/1$`));
});

test("a closed bash is archived: read-only banner, and found in the archived list", async ({ page }) => {
  await withDb((c) => c.query(`update "Bash" set status = 'CLOSED', "closedAt" = now() where id = $1`, [bashId]));
  await signedIn(page);
  await page.goto(`/bashes/${bashId}/plan#archive`);
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Archive", exact: true }).click();
  await expect
    .poll(() => withDb(async (c) => (await c.query<{ a: Date | null }>(`select "archivedAt" as a from "Bash" where id = $1`, [bashId])).rows[0]?.a ?? null))
    .not.toBeNull();

  await page.goto(`/bashes/${bashId}`);
  await expect(page.getByRole("heading", { name: "Archived — read-only" })).toBeVisible();

  await page.goto("/");
  await expect(page.getByRole("link", { name: title })).toHaveCount(0);
  await page.getByRole("link", { name: /Archived bashes \(\d+\)/ }).click();
  await expect(page.getByRole("heading", { name: "Archived bashes" })).toBeVisible();
  await page.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { name: "Archived — read-only" })).toBeVisible();
});
