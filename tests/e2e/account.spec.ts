import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { insertUser, withDb } from "./db";
import { checkPage, signInAs } from "./helpers";

// My account: a participant saves a phone on their profile once, then adds it to a bash with one tap.
// And a one-time password link (as an admin would hand out) sets a new password.
const pat = { name: "Sam Saved", email: `sam-saved-${Date.now()}@example.com`, password: "participant password 1" };
test.describe.configure({ mode: "serial" });

let bashId = "";
let membershipId = "";
let userId = "";

test.beforeAll(async () => {
  await insertUser(pat);
  await withDb(async (c) => {
    userId = (await c.query<{ id: string }>(`select id from "User" where email = $1`, [pat.email])).rows[0].id;
    bashId = crypto.randomUUID();
    membershipId = crypto.randomUUID();
    await c.query(
      `insert into "Bash" (id, title, status, "durationMinutes", "scheduledStart", "updatedAt")
       values ($1, 'Saved devices bash', 'SCHEDULED', 60, (now() at time zone 'utc') + interval '2 days', now())`,
      [bashId],
    );
    await c.query(`insert into "Membership" (id, "bashId", "userId", role, rsvp, "updatedAt") values ($1, $2, $3, 'PARTICIPANT', 'GOING', now())`, [
      membershipId,
      bashId,
      userId,
    ]);
  });
});

test("pick a saved device during RSVP", async ({ page }) => {
  await signInAs(page, pat);
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "My account" })).toBeVisible();

  // Save a phone on the profile.
  const form = page.getByRole("form", { name: "Add a device" });
  await form.getByLabel("Phone or tablet").check();
  await form.getByLabel("Phone", { exact: true }).fill("Pixel 8");
  await form.getByLabel("Mobile OS").fill("Android");
  await form.getByLabel("OS version").fill("14");
  await form.getByRole("button", { name: "Add device" }).click();
  const saved = page.getByRole("list", { name: "Saved devices" });
  await expect(saved).toContainText("Pixel 8 · Android 14");
  await checkPage(page, "account");

  // On the bash: one tap adds a copy to this bash.
  await page.goto(`/bashes/${bashId}`);
  const picker = page.getByTestId("saved-devices");
  await expect(picker.getByRole("heading", { name: "From my saved devices" })).toBeVisible();
  await picker.getByRole("button", { name: "Add Pixel 8 · Android 14" }).click();
  await expect(page.getByRole("button", { name: "Remove Pixel 8 · Android 14" })).toBeVisible();
  await expect(picker.getByText("already on this bash")).toBeAttached();
  await expect(picker.getByRole("button", { name: "Add Pixel 8 · Android 14" })).toHaveCount(0);

  const rows = await withDb((c) =>
    c.query<{ phoneName: string; os: string; osVersion: string; userId: string }>(`select "phoneName", os, "osVersion", "userId" from "Device" where "membershipId" = $1`, [membershipId]),
  );
  expect(rows.rows).toEqual([{ phoneName: "Pixel 8", os: "Android", osVersion: "14", userId }]);
  // The saved one stays on the profile.
  const profile = await withDb((c) => c.query(`select id from "Device" where "userId" = $1 and "membershipId" is null`, [userId]));
  expect(profile.rowCount).toBe(1);
});

test("a one-time link sets a new password and leads to sign-in", async ({ page }) => {
  const token = crypto.randomBytes(32).toString("base64url");
  await withDb((c) =>
    c.query(`insert into "PasswordResetToken" (id, "userId", "tokenHash", purpose, "expiresAt") values ($1, $2, $3, 'RESET', (now() at time zone 'utc') + interval '1 hour')`, [
      crypto.randomUUID(),
      userId,
      crypto.createHash("sha256").update(token).digest("hex"),
    ]),
  );
  await page.goto(`/reset/${token}`);
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await expect(page.getByText(pat.email)).toBeVisible();
  await page.getByLabel("New password", { exact: true }).fill("a fresh password 2");
  await page.getByLabel("Confirm new password").fill("a fresh password 2");
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page).toHaveURL(/\/signin\?reset=1$/);
  await expect(page.getByText("Password set. Sign in with your new password.")).toBeVisible();
  await signInAs(page, { email: pat.email, password: "a fresh password 2" });
  pat.password = "a fresh password 2";

  // The link works once.
  await page.goto(`/reset/${token}`);
  await expect(page.getByRole("heading", { name: "This link has already been used" })).toBeVisible();
});

test("changing my password signs out every session, and the new password works", async ({ page, browser }) => {
  await signInAs(page, pat);
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signInAs(otherPage, pat);

  await page.goto("/account");
  const form = page.getByRole("form", { name: "Change password" });
  await form.getByLabel("Current password").fill(pat.password);
  await form.getByLabel("New password", { exact: true }).fill("a brand new password 2");
  await form.getByLabel("Confirm new password").fill("a brand new password 2");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed, and every device was signed out.")).toBeVisible();

  // The other browser's session is over too.
  await otherPage.goto("/account");
  await expect(otherPage).toHaveURL(/\/signin/);
  await other.close();

  pat.password = "a brand new password 2";
  await signInAs(page, pat);
});
