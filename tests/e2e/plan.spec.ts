import fs from "node:fs";
import ICAL from "ical.js";
import { expect, test } from "@playwright/test";
import { insertUser } from "./db";
import { checkPage, formAlert, signInAs } from "./helpers";

// Before the bash, with two people: a facilitator on a laptop plans and invites; a participant on a
// phone accepts, answers, adds a device, claims a test account and takes the calendar invite.
test.describe.configure({ mode: "serial" });

const facilitator = { name: "Fran Facilitator", email: `fran-${Date.now()}@example.com`, password: "facilitator password 1" };
const participant = { name: "Pat Phone", email: `pat-${Date.now()}@example.com`, password: "participant password 1" };
const ANDROID_UA = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

let planUrl = "";
let inviteUrl = "";

test.beforeAll(async () => {
  // This file brings its own facilitator, so it does not depend on the first-run test.
  await insertUser(facilitator);
});


test("a facilitator plans a bash: environments, features, test accounts, coverage, invite link", async ({ page }) => {
  await signInAs(page, facilitator);
  await page.goto("/bashes/new");
  await page.getByLabel("Title", { exact: true }).fill("Shopfront 3.0 bash");
  await page.getByLabel("Product").fill("Shopfront");
  await page.getByLabel("Release").fill("3.0-rc1");
  await page.getByLabel("Starts at").fill("2030-05-06T14:00");
  await page.getByLabel("Time zone").selectOption("Europe/Berlin");
  await page.getByLabel("Duration (minutes)").fill("90");
  await page.getByRole("button", { name: "Create bash" }).click();
  await expect(page.getByRole("heading", { name: "Plan: Shopfront 3.0 bash" })).toBeVisible();
  planUrl = page.url();
  await expect(page.getByRole("progressbar", { name: "Readiness" })).toHaveAttribute("aria-valuetext", /of 6 ready/);

  // Two environments.
  const addEnv = page.getByRole("form", { name: "Add environment" });
  await addEnv.getByLabel("Name").fill("Staging");
  await addEnv.getByLabel("URL").fill("not a link");
  await addEnv.getByRole("button", { name: "Add environment" }).click();
  await expect(addEnv.getByText("Enter a link that starts with https://").first()).toBeVisible();
  await addEnv.getByLabel("URL").fill("https://staging.shop.example");
  await addEnv.getByLabel("Test data notes").fill("Card 4242 4242 4242 4242, any CVC");
  await addEnv.getByLabel("iOS build link").fill("https://testflight.apple.com/join/abc123");
  await addEnv.getByLabel("Android build link").fill("https://builds.shop.example/app-3.0.apk");
  await addEnv.getByLabel("Environment is up").check();
  await addEnv.getByRole("button", { name: "Add environment" }).click();
  await expect(page.getByTestId("environment")).toHaveCount(1);
  await page.getByText("Add an environment").click();
  await addEnv.getByLabel("Name").fill("UAT");
  await addEnv.getByLabel("URL").fill("https://uat.shop.example");
  await addEnv.getByRole("button", { name: "Add environment" }).click();
  await expect(page.getByTestId("environment")).toHaveCount(2);

  // Three features, then reorder.
  const addFeature = page.getByRole("form", { name: "Add feature" });
  for (const [menu, what] of [
    ["Checkout", "Saved cards"],
    ["Search", "Typo tolerance"],
    ["Account", "Delete my account"],
  ]) {
    await addFeature.getByLabel("Menu name").fill(menu);
    await addFeature.getByLabel("What is released").fill(what);
    await addFeature.getByRole("button", { name: "Add feature" }).click();
    await expect(page.getByTestId("feature").filter({ hasText: menu })).toBeVisible();
  }
  await page.getByRole("button", { name: "Move Account up" }).click();
  await expect(page.getByTestId("feature").nth(1)).toContainText("Account");

  // Test accounts for Staging.
  const staging = page.getByTestId("environment").filter({ hasText: "Staging" });
  await staging.getByText("Test accounts for Staging").click();
  const paste = page.getByRole("form", { name: "Add test accounts to Staging" });
  await paste.getByLabel("Paste accounts").fill("onlyusername");
  await paste.getByRole("button", { name: "Add accounts" }).click();
  await expect(paste.getByRole("alert")).toContainText("no password");
  await paste.getByLabel("Paste accounts").fill("tester1@shop.example\tSecret-One\ntester2@shop.example\tSecret-Two");
  await paste.getByRole("button", { name: "Add accounts" }).click();
  await expect(paste.getByText("2 added.")).toBeVisible();

  // Coverage: an Android phone and an iPhone must be covered; nobody going has either yet.
  const cov = page.getByRole("form", { name: "Add coverage" });
  await cov.getByLabel("Kind").selectOption("MOBILE");
  await cov.getByLabel("OS", { exact: true }).fill("Android");
  await cov.getByLabel("OS version (optional)").fill("14");
  await cov.getByRole("button", { name: "Add to coverage" }).click();
  await expect(page.getByTestId("coverage-row")).toHaveCount(1);
  await cov.getByLabel("Kind").selectOption("MOBILE");
  await cov.getByLabel("OS", { exact: true }).fill("iOS");
  await cov.getByRole("button", { name: "Add to coverage" }).click();
  await expect(page.getByTestId("coverage-summary")).toHaveText("2 of 2 combinations not covered yet.");

  // Scope and prerequisites render as markdown on the participant page.
  const details = page.getByRole("form", { name: "Bash details" });
  await details.getByLabel("Scope").fill("Focus on **checkout**.\n\n<script>alert(1)</script>");
  await details.getByRole("button", { name: "Save details" }).click();
  await expect(details.getByText("Saved.")).toBeVisible();
  const pre = page.getByRole("form", { name: "Prerequisites" });
  await pre.getByLabel("For the mobile app").fill("Install the APK from the Android build link.");
  await pre.getByRole("button", { name: "Save prerequisites" }).click();
  await expect(pre.getByText("Saved.")).toBeVisible();

  // An invite link for participants.
  const inv = page.getByRole("form", { name: "Create invite link" });
  await inv.getByLabel("Max uses").fill("20");
  await inv.getByRole("button", { name: "Create invite link" }).click();
  const linkBox = page.getByLabel("Invite link", { exact: true });
  await expect(linkBox).toHaveValue(/\/invite\/[A-Za-z0-9_-]{20,}$/);
  inviteUrl = await linkBox.inputValue();

  // Invites by email wait in the outbox (no SMTP here).
  const byEmail = page.getByRole("form", { name: "Invite by email" });
  await byEmail.getByLabel("Email addresses").fill("dana@shop.example, not-an-email");
  await byEmail.getByRole("button", { name: "Send invites" }).click();
  await expect(byEmail.getByRole("alert")).toContainText("not-an-email");
  await byEmail.getByLabel("Email addresses").fill("dana@shop.example\nelias@shop.example");
  await byEmail.getByRole("button", { name: "Send invites" }).click();
  await expect(byEmail.getByText("2 invited: 2 in the outbox to send by hand.")).toBeVisible();

  await expect(page.getByTestId("rsvp-GOING")).toHaveText("1");
  await checkPage(page, "plan");

  await page.getByRole("link", { name: /Outbox/ }).first().click();
  await expect(page.getByRole("heading", { name: "Outbox" })).toBeVisible();
  await expect(page.getByTestId("outbox-message")).toHaveCount(2);
  await expect(page.getByTestId("outbox-message").first()).toContainText("/invite/");
  await checkPage(page, "outbox");
});

test("a participant on a phone accepts the invite, answers, adds a device, claims an account and gets the .ics", async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, userAgent: ANDROID_UA, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  await page.goto(inviteUrl);
  await expect(page.getByRole("heading", { name: "Shopfront 3.0 bash" })).toBeVisible();
  await expect(page.getByText("invites you as a participant")).toBeVisible();
  await checkPage(page, "invite");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByLabel("Your name").fill(participant.name);
  await page.getByLabel("Email").fill(participant.email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(formAlert(page)).toContainText("at least 10 characters");
  await page.getByLabel("Password").fill(participant.password);
  await page.getByRole("button", { name: "Create account and join" }).click();

  await expect(page.getByRole("heading", { name: "Shopfront 3.0 bash", level: 1 })).toBeVisible();
  await expect(page.getByText("You: Participant")).toBeVisible();
  await expect(page.getByTestId("countdown")).toContainText("Starts in");
  // Scope is rendered markdown; the script tag is not.
  await expect(page.locator("strong", { hasText: "checkout" })).toBeVisible();
  expect(await page.content()).not.toContain("<script>alert(1)</script>");
  await expect(page.getByRole("img", { name: "Android build for Staging" })).toBeVisible();

  await page.getByRole("button", { name: "Going", exact: true }).click();
  await expect(page.getByRole("button", { name: "Going (your answer)" })).toBeVisible();

  // The device is pre-filled from the phone's user agent.
  const deviceForm = page.getByRole("form", { name: "Add a device" });
  await expect(deviceForm.getByLabel("Phone or tablet")).toBeChecked();
  await expect(deviceForm.getByLabel("Mobile OS")).toHaveValue("Android");
  await expect(deviceForm.getByLabel("OS version")).toHaveValue("14");
  await expect(deviceForm.getByRole("textbox", { name: "Phone" })).toHaveValue(/Pixel 8/);
  await deviceForm.getByRole("button", { name: "Add device" }).click();
  await expect(page.getByText(/Pixel 8 · Android 14/).first()).toBeVisible();

  // Claim a test account in Staging.
  await page.getByRole("button", { name: "Claim a test account" }).click();
  await expect(page.getByTestId("claim").getByText("tester1@shop.example")).toBeVisible();
  await expect(page.getByTestId("claim").getByText("Secret-One")).toBeVisible();

  await page.getByRole("button", { name: "I have access to the environment, builds and data" }).click();
  await expect(page.getByText("You have access to the environment, builds and data.")).toBeVisible();
  await checkPage(page, "bash-participant");

  // The calendar invite, parsed by an independent parser.
  await page.setViewportSize({ width: 390, height: 844 });
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Add to calendar (.ics)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.ics$/);
  const text = fs.readFileSync((await download.path())!, "utf8");
  const vevent = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent("vevent")!;
  const ev = new ICAL.Event(vevent);
  expect(ev.summary).toContain("Shopfront 3.0 bash");
  expect(ev.startDate.toJSDate().toISOString()).toBe("2030-05-06T12:00:00.000Z");
  expect(ev.endDate.toJSDate().toISOString()).toBe("2030-05-06T13:30:00.000Z");
  expect(ev.description).toContain("https://staging.shop.example");
  expect(ev.description).toContain("Card 4242 4242 4242 4242");
  expect(ev.description).toContain("Install the APK");
  expect(String(vevent.getFirstPropertyValue("url"))).toMatch(/\/bashes\//);

  // A participant cannot open the plan: they land on the bash page.
  await page.goto(planUrl);
  await expect(page).not.toHaveURL(/\/plan$/);
  await ctx.close();
});

test("the facilitator's plan shows the new RSVP, the closed coverage gap and the claimed account", async ({ page }) => {
  await signInAs(page, facilitator);
  await page.goto(planUrl);
  await expect(page.getByTestId("rsvp-GOING")).toHaveText("2");
  await expect(page.getByTestId("coverage-summary")).toHaveText("1 of 2 combinations not covered yet.");
  await expect(page.getByTestId("coverage-row").filter({ hasText: "Android" })).toContainText(`Covered by ${participant.name}`);
  await expect(page.getByTestId("coverage-row").filter({ hasText: "iOS" })).toContainText("Gap");
  const staging = page.getByTestId("environment").filter({ hasText: "Staging" });
  await expect(staging).toContainText("2 test accounts (1 free)");
});

const dana = { name: "Dana Designer", password: "dana password 123" };

test("an emailed invite from the outbox: Dana joins and asks for access; the facilitator reminds and resolves", async ({ page, browser }) => {
  await signInAs(page, facilitator);
  await page.goto(`${planUrl}/outbox`);
  const msg = page.getByTestId("outbox-message").filter({ hasText: "dana@shop.example" });
  const link = await msg.getByRole("link", { name: /\/invite\// }).textContent();
  await msg.getByRole("button", { name: "Mark as sent" }).click();
  await expect(msg).toContainText("Sent");

  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const phone = await ctx.newPage();
  await phone.goto(link!);
  await expect(phone.getByLabel("Email")).toHaveValue("dana@shop.example");
  await phone.getByLabel("Your name").fill(dana.name);
  await phone.getByLabel("Password").fill(dana.password);
  await phone.getByRole("button", { name: "Create account and join" }).click();
  await expect(phone.getByText("You: Participant")).toBeVisible();
  await phone.getByRole("button", { name: "Maybe", exact: true }).click();
  await expect(phone.getByRole("button", { name: "Maybe (your answer)" })).toBeVisible();
  // The facilitator has the plan open; what Dana does next appears there without a reload.
  await page.goto(planUrl);
  await expect(page.getByTestId("rsvp-MAYBE")).toHaveText("1");
  await expect(page.getByText("Open access requests")).toHaveCount(0);

  await phone.getByText("I still need access to …").click();
  await phone.getByRole("button", { name: "Ask the facilitator" }).click();
  await expect(phone.getByRole("form", { name: "Access request" }).getByRole("alert")).toContainText("Say what you still need");
  await phone.getByLabel("What do you still need?").fill("A login for UAT");
  await phone.getByRole("button", { name: "Ask the facilitator" }).click();
  await expect(phone.getByText("Waiting for a facilitator: A login for UAT.")).toBeVisible();

  // The facilitator sees the open request live, and who is still missing; reminds, then resolves.
  await expect(page.getByText("Open access requests (1)")).toBeVisible({ timeout: 5_000 });
  await expect(page.getByText(`Waiting on 1: ${dana.name}.`)).toBeVisible();
  await page.getByRole("button", { name: "Remind them" }).click();
  await expect(page.getByText("Reminded", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: `Mark ${dana.name}'s request resolved` }).click();
  await expect(page.getByText("Open access requests")).toHaveCount(0);
  await expect(page.getByText("Everyone has answered and confirmed access.")).toBeVisible();

  // Dana's open page shows it at once, and she is told in the app.
  await expect(phone.getByText("A facilitator sorted out: A login for UAT.")).toBeVisible({ timeout: 5_000 });
  await phone.goto("/");
  await expect(phone.getByRole("link", { name: /Notifications, 2 unread/ })).toBeVisible();
  await phone.getByRole("link", { name: /Notifications/ }).click();
  await expect(phone.getByRole("heading", { name: "Notifications" })).toBeVisible();
  await expect(phone.getByText('Access sorted for "Shopfront 3.0 bash"')).toBeVisible();
  await checkPage(phone, "notifications");
  await phone.getByText('Access sorted for "Shopfront 3.0 bash"').click();
  await expect(phone.getByText("A facilitator sorted out: A login for UAT.")).toBeVisible();
  await expect(phone.getByRole("link", { name: "Notifications, 1 unread" })).toBeVisible();
  await ctx.close();
});

test("copy from a past bash starts a new plan with the brief but without people or accounts", async ({ page }) => {
  await signInAs(page, facilitator);
  await page.goto("/bashes/new");
  const copy = page.getByRole("form", { name: "Copy from a past bash" });
  await expect(copy.getByLabel("Copy the plan of")).toContainText("Shopfront 3.0 bash");
  await copy.getByRole("button", { name: "Copy plan" }).click();
  await expect(copy.getByRole("alert")).toHaveText("Give the bash a title.");
  await copy.getByLabel("Title of the new bash").fill("Shopfront 3.1 bash");
  await copy.getByRole("button", { name: "Copy plan" }).click();
  await expect(page.getByRole("heading", { name: "Plan: Shopfront 3.1 bash" })).toBeVisible();
  await expect(page.getByTestId("environment")).toHaveCount(2);
  await expect(page.getByTestId("feature")).toHaveCount(3);
  await expect(page.getByTestId("feature").nth(1)).toContainText("Account");
  await expect(page.getByTestId("coverage-row")).toHaveCount(2);
  await expect(page.getByTestId("environment").filter({ hasText: "Staging" })).toContainText("0 test accounts");
  await expect(page.getByRole("heading", { name: "People (1)" })).toBeVisible();
  await expect(page.getByText("No start time yet")).toBeVisible();
});
