import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { insertUser } from "./db";
import { checkPage, signInAs } from "./helpers";

// A facilitator connects the bash to a team chat: saves an incoming-webhook URL (a plain-http server
// this spec starts; the app runs with CHAT_WEBHOOK_ALLOW_HTTP=1), sends a test message, sees a
// refusal with its reason, and retries it.
test.describe.configure({ mode: "serial" });

const facilitator = { name: "Chao Chat", email: `chao-${Date.now()}@example.com`, password: "chat facilitator password" };
const SECRET_PATH = "/services/T0E2E/B0E2E/e2eWebhookSecret123";

type Received = { method: string; path: string; contentType: string; body: string };
const received: Received[] = [];
let answer = 200;
let server: http.Server;
let webhookUrl = "";

test.beforeAll(async () => {
  await insertUser(facilitator);
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ method: req.method ?? "", path: req.url ?? "", contentType: String(req.headers["content-type"] ?? ""), body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(answer, { "Content-Type": "text/plain" });
      res.end(answer < 300 ? "ok" : "channel_is_archived");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${SECRET_PATH}`;
});

test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test("a facilitator saves a chat webhook, sends a test message, and retries a refused one", async ({ page }) => {
  await signInAs(page, facilitator);
  await page.goto("/bashes/new");
  await page.getByLabel("Title", { exact: true }).fill("Chat <3> bash");
  await page.getByRole("button", { name: "Create bash" }).click();
  await expect(page.getByRole("heading", { name: "Plan: Chat <3> bash" })).toBeVisible();

  const form = page.getByRole("form", { name: "Team chat webhook" });
  await expect(page.getByTestId("chat-webhook-state")).toContainText("No webhook yet");
  await expect(page.getByRole("button", { name: "Send a test message" })).toHaveCount(0);

  // Not a URL: the field says what is wrong; nothing is saved.
  await form.getByLabel("Webhook URL").fill("hooks.slack.com/services/nope");
  await form.getByRole("button", { name: "Save webhook" }).click();
  await expect(form.getByRole("alert")).toContainText("it starts with https://");

  await form.getByLabel("Webhook URL").fill(webhookUrl);
  await form.getByRole("button", { name: "Save webhook" }).click();
  await expect(form.getByText("Saved.")).toBeVisible();
  // Only the host is shown from now on: the URL is a secret and never comes back to the browser.
  const host = new URL(webhookUrl).host;
  await expect(page.getByTestId("chat-webhook-state")).toContainText(`Posting to ${host}`);
  await expect(form.getByLabel("Webhook URL")).toHaveValue("");
  await expect(form.getByLabel("Webhook URL")).toHaveAttribute("placeholder", `${host}/••••••••`);
  await page.reload();
  expect(await page.content()).not.toContain("e2eWebhookSecret123");

  // The test message reaches the server as Slack-style JSON.
  await page.getByRole("button", { name: "Send a test message" }).click();
  await expect(page.getByText("Test message posted. Check the channel.")).toBeVisible();
  expect(received).toHaveLength(1);
  expect(received[0].method).toBe("POST");
  expect(received[0].path).toBe(SECRET_PATH);
  expect(received[0].contentType).toMatch(/^application\/json\b/);
  const payload = JSON.parse(received[0].body) as { text: string };
  expect(Object.keys(payload)).toEqual(["text"]);
  expect(payload.text).toContain("Test message from Bashboard");
  // The title is escaped for Slack, and linked to the bash.
  expect(payload.text).toMatch(/<http:\/\/localhost:\d+\/bashes\/[^|>]+\|Chat &lt;3&gt; bash>/);
  const first = page.getByTestId("chat-post").first();
  await expect(first).toContainText("Test");
  await expect(first).toContainText("Posted");

  // The chat refuses the next one: the facilitator sees why, and retries once it is fixed.
  answer = 500;
  await page.getByRole("button", { name: "Send a test message" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The chat did not take the test message" })).toContainText("HTTP 500");
  expect(received).toHaveLength(2);
  const failed = page.getByTestId("chat-post").first();
  await expect(failed).toContainText("Failed");
  await expect(failed).toContainText("channel_is_archived");
  await expect(page.getByTestId("chat-post")).toHaveCount(2);
  await checkPage(page, "plan-chat");

  answer = 200;
  await failed.getByRole("button", { name: "Retry the test message" }).click();
  await expect(page.getByTestId("chat-post").first()).toContainText("Posted");
  await expect(page.getByRole("button", { name: "Retry the test message" })).toHaveCount(0);
  expect(received).toHaveLength(3);
  expect(JSON.parse(received[2].body)).toEqual(JSON.parse(received[1].body));

  // Remove: nothing is posted any more.
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Remove webhook" }).click();
  await expect(page.getByTestId("chat-webhook-state")).toContainText("No webhook yet");
  await expect(page.getByRole("button", { name: "Send a test message" })).toHaveCount(0);
});
