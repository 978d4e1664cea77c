#!/usr/bin/env node
// `npm test`: unit + integration tests (Vitest, real Postgres) and end-to-end tests (Playwright,
// real Chromium), then one line: "N passed, N failed".
//   --unit   only Vitest        --e2e   only Playwright
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { prepareTestDatabases } from "./lib/test-db.mjs";

/**
 * Run a command and wait for it without blocking this process: the embedded test Postgres writes its
 * log to pipes this process reads, and a blocked event loop (spawnSync) would let them fill until a
 * Postgres backend stalls mid-query.
 */
function run(command, args, options) {
  return new Promise((resolve) => {
    const child = spawn(command, args, options);
    child.once("error", (error) => resolve({ status: 1, error }));
    child.once("close", (status, signal) => resolve({ status: status ?? (signal ? 1 : 0) }));
  });
}

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
process.chdir(root);
const args = process.argv.slice(2);
const runUnit = !args.includes("--e2e");
const runE2e = !args.includes("--unit");
// Anything else filters the Playwright files (`npm run test:e2e -- plan`).
const e2eFilters = args.filter((a) => !a.startsWith("--"));
const outDir = path.join(root, "test-results");
fs.mkdirSync(outDir, { recursive: true });
fs.rmSync(path.join(outDir, "summary.txt"), { force: true });

export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].filter(Boolean);
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

let passed = 0;
let failed = 0;

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

async function main() {
  const chromium = runE2e ? findChromium() : null;
  if (runE2e && !chromium) {
    console.error(
      "No Chromium found for the end-to-end tests: install it (Debian/Ubuntu: `sudo apt-get install -y chromium`; macOS: `brew install --cask chromium`) or set CHROMIUM_PATH to a Chrome or Chromium binary.",
    );
    fs.writeFileSync(path.join(outDir, "summary.txt"), "0 passed, 1 failed\n");
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
  const t0 = Date.now();
  const dbs = await prepareTestDatabases(root);
  const [intUrl, e2eUrl] = dbs.urls;
  console.log(`Test databases ready in ${Date.now() - t0} ms.`);
  const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" };
  let exit = 0;
  try {
    if (runUnit) {
      console.log("Linting (ESLint, max 0 warnings)…");
      const lint = await run(process.execPath, ["node_modules/eslint/bin/eslint.js", ".", "--max-warnings=0"], { stdio: "inherit", env: baseEnv });
      if (lint.status === 0) passed += 1;
      else {
        failed += 1;
        exit = 1;
      }
      const file = path.join(outDir, "vitest.json");
      fs.rmSync(file, { force: true });
      const r = await run(
        process.execPath,
        ["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${file}`],
        { stdio: "inherit", env: { ...baseEnv, DATABASE_URL: intUrl, TEST_DB_URL: intUrl, BCRYPT_ROUNDS: "4" } },
      );
      const j = readJson(file);
      if (j) {
        passed += j.numPassedTests;
        failed += j.numFailedTests;
        // A file that failed to load has no failed tests of its own: count it once.
        if (r.status !== 0 && j.numFailedTests === 0) failed += Math.max(1, j.numFailedTestSuites ?? 0);
      } else failed += 1;
      if (r.status !== 0) exit = 1;
    }
    if (runE2e) {
      console.log("Building the app for the end-to-end tests…");
      const b = await run(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", env: baseEnv });
      if (b.status !== 0) {
        failed += 1;
        exit = 1;
      } else {
        const file = path.join(outDir, "playwright.json");
        fs.rmSync(file, { force: true });
        const r = await run(process.execPath, ["node_modules/@playwright/test/cli.js", "test", ...e2eFilters], {
          stdio: "inherit",
          env: {
            ...baseEnv,
            CHROMIUM_PATH: chromium,
            E2E_DATABASE_URL: e2eUrl,
            E2E_SECRET: crypto.randomBytes(24).toString("hex"),
            PLAYWRIGHT_JSON_OUTPUT_NAME: file,
          },
        });
        const j = readJson(file);
        if (j?.stats) {
          passed += j.stats.expected + (j.stats.flaky ?? 0);
          failed += j.stats.unexpected;
        } else failed += 1;
        if (r.status !== 0) exit = 1;
      }
    }
  } finally {
    await dbs.stop();
  }
  if (failed > 0) exit = 1;
  const summary = `${passed} passed, ${failed} failed`;
  fs.writeFileSync(path.join(outDir, "summary.txt"), summary + "\n");
  console.log(`\n${summary}`);
  process.exit(exit);
}

main().catch((e) => {
  console.error(e?.message ?? e);
  const summary = `${passed} passed, ${failed + 1} failed`;
  fs.writeFileSync(path.join(outDir, "summary.txt"), summary + "\n");
  console.log(summary);
  process.exit(1);
});
