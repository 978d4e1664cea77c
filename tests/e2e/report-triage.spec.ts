import crypto from "node:crypto";
import sharp from "sharp";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { insertUser, withDb } from "./db";
import { checkPage, formAlert, PHONE, signInAs } from "./helpers";

// After the bash, on a report's page: a triager decides (Bug P1), asks the reporter — who answers from
// another browser, which returns the report to New — marks a duplicate, sees the history, opens the
// screenshot full size, and a stale change is refused with who made the newer one.
test.describe.configure({ mode: "serial" });

const stamp = Date.now();
const tia = { name: "Tia Triager", email: `tia-${stamp}@example.com`, password: "triager password 1" };
const ann = { name: "Ann Reporter", email: `ann-r-${stamp}@example.com`, password: "reporter password 1" };
const tom = { name: "Tom Other", email: `tom-${stamp}@example.com`, password: "triager password 2" };
let bashId = "";
const userIds: Record<string, string> = {};

test.beforeAll(async () => {
  for (const u of [tia, ann, tom]) await insertUser(u);
  await withDb(async (c) => {
    const rows = await c.query<{ id: string; email: string }>(`select id, email from "User" where email = any($1)`, [[tia.email, ann.email, tom.email]]);
    for (const r of rows.rows) userIds[r.email] = r.id;
    bashId = crypto.randomUUID();
    await c.query(`insert into "Bash" (id, title, status, "reportCounter", "updatedAt") values ($1, 'Triage bash', 'ENDED', 2, now())`, [bashId]);
    for (const [email, role] of [
      [tia.email, "TRIAGER"],
      [ann.email, "PARTICIPANT"],
      [tom.email, "TRIAGER"],
    ]) {
      await c.query(`insert into "Membership" (id, "bashId", "userId", role, "updatedAt") values ($1, $2, $3, $4, now())`, [crypto.randomUUID(), bashId, userIds[email], role]);
    }
    const report = (n: number, title: string) =>
      c.query(`insert into "Report" (id, "bashId", number, "clientId", title, steps, "reporterId", "reporterName", "updatedAt") values ($1, $2, $3, $4, $5, '1. Open search', $6, $7, now())`, [
        crypto.randomUUID(),
        bashId,
        n,
        `seed-${n}`,
        title,
        userIds[ann.email],
        ann.name,
      ]);
    await report(1, "Search crashes on an empty query");
    await report(2, "Empty search query crashes the app");
  });
});

async function person(browser: Browser, who: { email: string; password: string }, phone = false): Promise<Page> {
  const context = await browser.newContext(phone ? { viewport: PHONE } : {});
  const page = await context.newPage();
  await signInAs(page, who);
  return page;
}

test("decide, ask the reporter, get the answer, mark a duplicate, see the history and the screenshot", async ({ browser }) => {
  const triager = await person(browser, tia);
  const reporter = await person(browser, ann, true);

  // A screenshot on #1, uploaded by its reporter through the attachments route.
  const png = await sharp({ create: { width: 640, height: 400, channels: 3, background: "#36c" } }).png().toBuffer();
  const up = await reporter.request.post(`/api/bashes/${bashId}/attachments`, { data: png, headers: { "X-File-Name": "crash.png", "Content-Type": "application/octet-stream" } });
  expect(up.status()).toBe(201);
  const { id: attachmentId } = (await up.json()) as { id: string };
  await withDb((c) => c.query(`update "Attachment" set "reportId" = (select id from "Report" where "bashId" = $1 and number = 1) where id = $2`, [bashId, attachmentId]));

  await triager.goto(`/bashes/${bashId}/reports/1`);
  await expect(triager.getByRole("heading", { name: /#1 Search crashes/ })).toBeVisible();
  await triager.getByRole("button", { name: "Bug P1" }).click();
  await expect(triager.getByRole("banner").or(triager.locator("header")).getByText("Confirmed").first()).toBeVisible();
  await expect(triager.getByRole("region", { name: "History" }).getByText("New")).toBeVisible();

  // Ask the reporter: Needs info; the reporter answers from her phone and the report is back in New.
  await triager.getByText("Ask the reporter").click();
  await triager.getByLabel("Your question").fill("Which **keyboard** were you using?");
  await triager.getByRole("button", { name: "Ask and move to Needs info" }).click();
  await expect(triager.locator("header").getByText("Needs info")).toBeVisible();

  await reporter.goto("/notifications");
  await reporter.getByRole("link", { name: /Tia Triager has a question about #1/ }).click();
  await expect(reporter.getByText("A triager has a question for you")).toBeVisible();
  await expect(reporter.getByRole("region", { name: /Conversation/ }).locator("strong").getByText("keyboard")).toBeVisible();
  await reporter.getByLabel("Your answer").fill("The on-screen keyboard of a Pixel 8");
  await reporter.getByRole("button", { name: "Send my answer" }).click();
  await expect(reporter.locator("header").getByText("New", { exact: true })).toBeVisible();
  // The triager's page follows without a reload.
  await expect(triager.locator("header").getByText("New", { exact: true })).toBeVisible();
  await expect(triager.getByText("The on-screen keyboard of a Pixel 8")).toBeVisible();

  // The screenshot opens full size.
  await triager.getByRole("button", { name: "Open crash.png" }).click();
  const box = triager.getByRole("dialog", { name: "crash.png" });
  await expect(box.getByRole("img", { name: "crash.png" })).toBeVisible();
  await checkPage(triager, "report-triage");
  await box.getByRole("button", { name: "Close" }).click();

  // #2 is the same problem: mark it a duplicate from the look-alikes.
  await triager.goto(`/bashes/${bashId}/reports/2`);
  await triager.locator("summary", { hasText: "Mark as duplicate" }).click();
  await triager.getByRole("button", { name: "Duplicate of #1" }).click();
  await expect(triager.getByText("Duplicate of #1 Search crashes on an empty query")).toBeVisible();
  await triager.goto(`/bashes/${bashId}/reports/1`);
  await expect(triager.getByText("Also seen by (1)")).toBeVisible();

  // A stale change: Tom changed #1 meanwhile; Tia's click is refused with his name and not applied.
  await withDb(async (c) => {
    const r = await c.query<{ id: string }>(`update "Report" set version = version + 1, priority = 'P3' where "bashId" = $1 and number = 1 returning id`, [bashId]);
    await c.query(`insert into "Activity" ("bashId", "actorId", type, "entityType", "entityId", data) values ($1, $2, 'report.updated', 'report', $3, '{}')`, [bashId, userIds[tom.email], r.rows[0].id]);
  });
  await triager.getByRole("button", { name: "Not a bug" }).click();
  await expect(formAlert(triager).filter({ hasText: "was changed by Tom Other" })).toBeVisible();
  const row = await withDb((c) => c.query(`select status, priority from "Report" where "bashId" = $1 and number = 1`, [bashId]));
  expect(row.rows[0]).toEqual({ status: "OPEN", priority: "P3" });
});
