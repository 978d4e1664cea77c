import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json"]],
  outputDir: "test-results/playwright",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  // The first-run story needs an empty database, so it runs before every other file (whose names
  // would otherwise decide the order).
  projects: [
    { name: "first-run", testMatch: /foundation\.spec\.ts/, use: { ...devices["Desktop Chrome"], channel: undefined } },
    { name: "chromium", testIgnore: /foundation\.spec\.ts/, dependencies: ["first-run"], use: { ...devices["Desktop Chrome"], channel: undefined } },
  ],
  webServer: {
    command: `node node_modules/next/dist/bin/next start -p ${port}`,
    url: `${baseURL}/signin`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? "",
      NEXTAUTH_SECRET: process.env.E2E_SECRET ?? "e2e-secret-not-for-production",
      NEXTAUTH_URL: baseURL,
      LOGIN_MAX_FAILURES: "5",
      LOGIN_MAX_FAILURES_PER_IP: "50",
      BCRYPT_ROUNDS: "4",
      // The chat-webhook spec posts to a plain-http server it starts on this machine.
      CHAT_WEBHOOK_ALLOW_HTTP: "1",
    },
  },
});
