import { expect, test, type Page } from "@playwright/test";
import { insertUser } from "./db";
import { checkPage, formAlert, signInAs } from "./helpers";

// The users admin: a reset link handed over by an admin, and deactivation. Each test seeds its own
// people with unique emails, so the file does not depend on any other spec.
const run = Date.now();

async function findUser(page: Page, email: string) {
  await page.goto("/admin/users");
  await page.getByLabel("Name or email").fill(email);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=/);
  const row = page.getByRole("list", { name: "Users" }).getByRole("listitem").filter({ hasText: email });
  await expect(row).toHaveCount(1);
  return row;
}

async function signInExpectingError(page: Page, who: { email: string; password: string }, message: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(formAlert(page)).toHaveText(message);
}

test("reset a password through the admin link", async ({ page, browser }) => {
  const admin = { name: "Ara Admin", email: `ara-${run}@example.com`, password: "admin password 1234", isAdmin: true };
  const user = { name: "Uma User", email: `uma-${run}@example.com`, password: "old password 1234" };
  await insertUser(admin);
  await insertUser(user);

  await signInAs(page, admin);
  const row = await findUser(page, user.email);
  await checkPage(page, "admin-users");
  await expect(page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Users" })).toHaveAttribute("aria-current", "page");

  await row.getByRole("button", { name: `Generate reset link for ${user.name}` }).click();
  const linkBox = row.getByLabel(`Reset link for ${user.name}`, { exact: true });
  await expect(linkBox).toBeVisible();
  const link = await linkBox.inputValue();
  expect(link).toMatch(/\/reset\/[A-Za-z0-9_-]{20,}$/);

  // The person opens the link in their own browser and chooses a new password.
  const other = await browser.newContext();
  const theirs = await other.newPage();
  await theirs.goto(new URL(link).pathname);
  await theirs.getByLabel("New password", { exact: true }).fill("brand new password 99");
  await theirs.getByLabel("Confirm new password").fill("brand new password 99");
  await theirs.getByRole("button", { name: "Set password" }).click();
  await expect(theirs).toHaveURL(/\/signin\?reset=1/);

  await signInExpectingError(theirs, user, "That email and password do not match. Check them and try again.");
  await signInAs(theirs, { email: user.email, password: "brand new password 99" });

  // The link worked once.
  const third = await browser.newContext();
  const again = await third.newPage();
  await again.goto(new URL(link).pathname);
  await expect(again.getByRole("heading", { name: "This link has already been used" })).toBeVisible();
  await expect(again.getByRole("button", { name: "Set password" })).toHaveCount(0);
  await other.close();
  await third.close();
});

test("an admin deactivates a user who then cannot sign in", async ({ page, browser }) => {
  const admin = { name: "Dee Admin", email: `dee-${run}@example.com`, password: "admin password 5678", isAdmin: true };
  const user = { name: "Leo Leaving", email: `leo-${run}@example.com`, password: "leos password 1234" };
  await insertUser(admin);
  await insertUser(user);

  await signInAs(page, admin);
  const row = await findUser(page, user.email);
  page.once("dialog", (d) => d.accept());
  await row.getByRole("button", { name: `Deactivate ${user.name}` }).click();
  await expect(row.getByText("Deactivated", { exact: true })).toBeVisible();
  await expect(row.getByRole("button", { name: `Reactivate ${user.name}` })).toBeVisible();

  const other = await browser.newContext();
  const theirs = await other.newPage();
  await signInExpectingError(theirs, user, "This account has been deactivated. Ask an admin of this Bashboard.");
  await other.close();

  // The settings page, while we are here as an admin: read-only environment, no secrets.
  await page.goto("/admin/settings");
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  await expect(page.getByLabel("Default duration (minutes)")).toBeVisible();
  await expect(page.getByRole("heading", { name: "From the environment" })).toBeVisible();
  await checkPage(page, "admin-settings");
});

test("a non-admin cannot open the admin pages", async ({ page }) => {
  const user = { name: "Nia Normal", email: `nia-${run}@example.com`, password: "nias password 1234" };
  await insertUser(user);
  await signInAs(page, user);
  for (const path of ["/admin/users", "/admin/settings"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    await expect(page.getByRole("heading", { name: /Users|Settings/ })).toHaveCount(0);
  }
});
