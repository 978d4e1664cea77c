import { expect, test } from "@playwright/test";
import { checkPage, formAlert, PHONE } from "./helpers";

// One story on an empty database: first run → admin → empty state → demo → sign out/in → limits.
test.describe.configure({ mode: "serial" });

const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct horse battery" };

test("first visitor is sent to setup and creates the admin account", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Bashboard" })).toBeVisible();
  await checkPage(page, "setup");

  await page.setViewportSize(PHONE);
  await page.getByLabel("Your name").fill(admin.name);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(formAlert(page)).toContainText("at least 10 characters");

  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByRole("heading", { name: "My bashes" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "No bashes yet" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Create a bash" })).toBeVisible();
  await checkPage(page, "home-empty");

  // Setup is closed once an admin exists.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/signin|\/$/);
});

test("signing out, a wrong password and signing in again", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
  await checkPage(page, "signin");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(formAlert(page)).toHaveText("That email and password do not match. Check them and try again.");

  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "My bashes" })).toBeVisible();

  await page.getByLabel(`Account menu for ${admin.name}`).click();
  await expect(page.getByText("Admin", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
});

test("load demo data: the demo bash is visible with its reports", async ({ page }) => {
  await signIn(page);
  await page.getByRole("button", { name: "Load demo data" }).click();
  await expect(page.getByRole("heading", { name: "Shopfront 2.4 checkout bug bash" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Reports \(40\)/ })).toBeVisible();
  await expect(page.getByText("Double-clicking Pay creates two orders")).toBeVisible();
  await expect(page.getByRole("heading", { name: /People \(9\)/ })).toBeVisible();
  await checkPage(page, "bash-demo");

  await page.getByRole("link", { name: "My bashes" }).first().click();
  const past = page.getByRole("region", { name: /Past/ });
  await expect(past.getByRole("link", { name: /Shopfront 2.4 checkout bug bash/ })).toBeVisible();
  await expect(past).toContainText("40 reports");
  await checkPage(page, "home-with-bash");
});

test("create a bash at phone width", async ({ page }) => {
  await signIn(page);
  await page.setViewportSize(PHONE);
  await page.goto("/bashes/new");
  await checkPage(page, "bash-new");
  await page.setViewportSize(PHONE);
  await page.getByLabel("Duration (minutes)").fill("500");
  await page.getByRole("button", { name: "Create bash" }).click();
  await expect(formAlert(page)).toHaveText("Give the bash a title.");
  await page.getByLabel("Title", { exact: true }).fill("Mobile app 3.1 bash");
  await page.getByRole("button", { name: "Create bash" }).click();
  await expect(page.getByText("A bash lasts at most 240 minutes (4 hours).").first()).toBeVisible();
  await page.getByLabel("Duration (minutes)").fill("90");
  await page.getByLabel("Product").fill("Shopfront iOS");
  await page.getByLabel("Starts at").fill("2030-03-02T14:00");
  await page.getByRole("button", { name: "Create bash" }).click();
  await expect(page.getByRole("heading", { name: "Plan: Mobile app 3.1 bash" })).toBeVisible();
  await expect(page.getByText("90 min")).toBeVisible();
  await page.goto("/");
  await expect(page.getByRole("region", { name: /Upcoming/ })).toContainText("Mobile app 3.1 bash");
});

test("a bash id from elsewhere is not found", async ({ page }) => {
  await signIn(page);
  const res = await page.goto("/bashes/does-not-exist");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});

test("repeated wrong passwords hit the sign-in rate limit with a clear message", async ({ page }) => {
  await page.goto("/signin");
  const email = "mallory@example.com";
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`guess-${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(formAlert(page)).toHaveText("That email and password do not match. Check them and try again.");
  }
  await page.getByLabel("Password").fill("guess-again");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(formAlert(page)).toContainText("Too many failed sign-in attempts. Wait 15 minutes and try again");
});

async function signIn(page: import("@playwright/test").Page) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "My bashes" })).toBeVisible();
}
