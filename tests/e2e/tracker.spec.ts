import crypto from "node:crypto";
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { insertUser, withDb } from "./db";
import { checkPage, signInAs } from "./helpers";
import { parseCsv } from "../factories/csv";

// Export to the team's tracker: a triager keeps Confirmed, narrows to P1 and P2, downloads the Jira
// CSV, and the file has Jira's columns and exactly those reports; a second look counts them as
// exported. A participant cannot open the page.
test.describe.configure({ mode: "serial" });

const stamp = Date.now();
const triager = { name: "Tess Triager", email: `tess-${stamp}@example.com`, password: "tracker password 1" };
const participant = { name: "Pat Participant", email: `pat-${stamp}@example.com`, password: "tracker password 2" };
let bashId = "";
const reportIds: Record<number, string> = {};
let attachmentId = "";

test.beforeAll(async () => {
  await insertUser(triager);
  await insertUser(participant);
  await withDb(async (c) => {
    const ids = await c.query<{ id: string; email: string }>(`select id, email from "User" where email = any($1)`, [[triager.email, participant.email]]);
    const userId = (email: string) => ids.rows.find((r) => r.email === email)!.id;
    bashId = crypto.randomUUID();
    await c.query(`insert into "Bash" (id, title, status, label, "updatedAt") values ($1, 'Tracker export bash', 'ENDED', 'bug bash', now())`, [bashId]);
    for (const [email, role] of [
      [triager.email, "TRIAGER"],
      [participant.email, "PARTICIPANT"],
    ]) {
      await c.query(`insert into "Membership" (id, "bashId", "userId", role, rsvp, "updatedAt") values ($1, $2, $3, $4, 'GOING', now())`, [crypto.randomUUID(), bashId, userId(email), role]);
    }
    const envId = crypto.randomUUID();
    await c.query(`insert into "Environment" (id, "bashId", name, url, position, "updatedAt") values ($1, $2, 'Staging', 'https://staging.shop.example', 0, now())`, [envId, bashId]);

    // #1 Confirmed P1 (current sprint, full details), #2 Confirmed P2, #3 Confirmed P3, #4 Confirmed
    // without priority, #5 New P1: only #1 and #2 are Confirmed P1–P2.
    const reports: { n: number; title: string; status: string; priority: string | null; extra?: Record<string, string> }[] = [
      {
        n: 1,
        title: "Pay button does nothing, twice",
        status: "CONFIRMED",
        priority: "P1",
        extra: { steps: "1. Add to cart\n2. Press Pay", expected: "A receipt", actual: "Nothing", sprint: "CURRENT", sprintName: "Sprint 7", deviceKind: "WEB", os: "Windows", osVersion: "11", browser: "Chrome", browserVersion: "131" },
      },
      { n: 2, title: '=HYPERLINK("http://evil.example","x")', status: "CONFIRMED", priority: "P2" },
      { n: 3, title: "Slow search", status: "CONFIRMED", priority: "P3" },
      { n: 4, title: "Odd spacing", status: "CONFIRMED", priority: null },
      { n: 5, title: "Not triaged yet", status: "OPEN", priority: "P1" },
    ];
    for (const r of reports) {
      const id = crypto.randomUUID();
      reportIds[r.n] = id;
      const extra = r.extra ?? {};
      const cols = Object.keys(extra).map((k) => `, "${k}"`).join("");
      const params = Object.values(extra);
      const placeholders = params.map((_, i) => `, $${i + 8}`).join("");
      await c.query(
        `insert into "Report" (id, "bashId", number, "clientId", title, status, priority, "environmentId", "reporterName", "updatedAt"${cols})
         values ($1, $2, $3, $4, $5, $6, $7, ${r.n === 1 ? `'${envId}'` : "null"}, 'Pat Participant', now()${placeholders})`,
        [id, bashId, r.n, `client-${r.n}-${stamp}`, r.title, r.status, r.priority, ...params],
      );
    }
    attachmentId = crypto.randomUUID();
    await c.query(
      `insert into "Attachment" (id, "bashId", "reportId", "storageKey", "fileName", "contentType", size) values ($1, $2, $3, $4, 'receipt.png', 'image/png', 10)`,
      [attachmentId, bashId, reportIds[1], `e2e-tracker-${attachmentId}`],
    );
  });
});

test("a triager downloads Confirmed P1–P2 as a Jira CSV with Jira's columns", async ({ page }) => {
  await signInAs(page, triager);
  await page.goto(`/bashes/${bashId}/tracker`);
  await expect(page).toHaveTitle(/^Export to tracker/);
  await expect(page.getByRole("heading", { name: "Export to tracker", level: 1 })).toBeVisible();

  // Defaults: Confirmed, every priority, any sprint.
  await expect(page.getByLabel("Confirmed", { exact: true })).toBeChecked();
  await expect(page.getByLabel("New", { exact: true })).not.toBeChecked();
  await expect(page.getByLabel("P1", { exact: true })).toBeChecked();
  await expect(page.getByTestId("tracker-count")).toContainText("4 reports match");

  // Keep Confirmed + P1 and P2.
  for (const p of ["P3", "P4", "No priority"]) await page.getByLabel(p, { exact: true }).uncheck();
  await page.getByRole("button", { name: "Update count" }).click();
  await expect(page.getByTestId("tracker-count")).toContainText("2 reports match");
  await expect(page.getByLabel("P2", { exact: true })).toBeChecked();
  await expect(page.getByLabel("P3", { exact: true })).not.toBeChecked();
  await expect(page.getByLabel("Confirmed", { exact: true })).toBeChecked();

  // GitHub is not configured in the e2e server: the button is off and the page says what to set.
  await expect(page.getByRole("button", { name: "Create GitHub issues" })).toBeDisabled();
  await expect(page.getByTestId("github-not-configured")).toContainText("GITHUB_TOKEN");
  await expect(page.getByTestId("github-not-configured")).toContainText("GITHUB_REPO");

  await checkPage(page, "tracker");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download Jira CSV" }).click()]);
  expect(download.suggestedFilename()).toBe("tracker-export-bash-jira.csv");
  const text = fs.readFileSync((await download.path())!, "utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const rows = parseCsv(text.slice(1));
  expect(rows[0]).toEqual(["Summary", "Issue Type", "Priority", "Labels", "Description", "Reporter", "Sprint", "External ID"]);
  expect(rows).toHaveLength(3);
  for (const r of rows) expect(r).toHaveLength(8);
  const [, one, two] = rows;
  expect(one.slice(0, 4)).toEqual(["Pay button does nothing, twice", "Bug", "Highest", "bug-bash"]);
  expect(one[5]).toBe("Pat Participant");
  expect(one[6]).toBe("Sprint 7");
  expect(one[7]).toBe(`bashboard:${reportIds[1]}`);
  expect(one[4]).toContain("h3. Steps to reproduce\n1. Add to cart\n2. Press Pay");
  expect(one[4]).toContain("h3. Expected result\nA receipt");
  expect(one[4]).toContain("h3. Actual result\nNothing");
  expect(one[4]).toContain("h3. Device\nWeb · Windows 11 · Chrome 131");
  expect(one[4]).toContain("h3. Environment\nStaging — https://staging.shop.example");
  expect(one[4]).toMatch(new RegExp(`\\* \\[receipt\\.png\\|https?://[^/]+/api/bashes/${bashId}/attachments/${attachmentId}\\]`));
  // A formula in a title is neutralised.
  expect(two.slice(0, 4)).toEqual(['\'=HYPERLINK("http://evil.example","x")', "Bug", "High", "bug-bash"]);
  expect(two[6]).toBe("");
  expect(two[7]).toBe(`bashboard:${reportIds[2]}`);

  // Remembered: the two are exported, with their External ID as key; the next count leaves them out.
  const stored = await withDb((c) =>
    c.query<{ number: number; exported: boolean; externalKey: string | null }>(
      `select number, "exportedAt" is not null as exported, "externalKey" from "Report" where "bashId" = $1 order by number`,
      [bashId],
    ),
  );
  expect(stored.rows.map((r) => [r.number, r.exported, r.externalKey])).toEqual([
    [1, true, `bashboard:${reportIds[1]}`],
    [2, true, `bashboard:${reportIds[2]}`],
    [3, false, null],
    [4, false, null],
    [5, false, null],
  ]);
  await page.reload();
  await expect(page.getByTestId("tracker-count")).toContainText("0 reports match");
  await expect(page.getByTestId("tracker-count")).toContainText("2 more were exported before");
  await page.getByLabel("Include reports exported before").check();
  await page.getByRole("button", { name: "Update count" }).click();
  await expect(page.getByTestId("tracker-count")).toContainText("2 reports match");
});

test("a participant cannot open the tracker page or download", async ({ page }) => {
  await signInAs(page, participant);
  await page.goto(`/bashes/${bashId}/tracker`);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  const res = await page.request.post(`/api/bashes/${bashId}/tracker-export`, { form: { format: "jira" } });
  expect(res.status()).toBe(403);
});
