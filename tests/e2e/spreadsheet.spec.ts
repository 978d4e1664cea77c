import ExcelJS from "exceljs";
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { BUG_COLUMNS, FEATURE_COLUMNS, FEATURES_HEADER_ROW, MOBILE_COLUMNS, SHEET, TEMPLATE_SHEETS, WEB_COLUMNS } from "../../lib/xlsx/columns";
import { insertUser } from "./db";
import { checkPage, signInAs } from "./helpers";

// Spreadsheet round trip in the browser: upload a filled template → preview flags a row → choose a
// mapping → import → the reports appear → export downloads a workbook in the same layout.
test.describe.configure({ mode: "serial" });

const fac = { name: "Sam Sheets", email: `sam-${Date.now()}@example.com`, password: "spreadsheet password" };

async function filledTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const pre = wb.addWorksheet(SHEET.prerequisites);
  pre.getCell("A1").value = "Describe the Pre-Requisite in this sheet.";
  pre.getCell("A2").value = "For Website";
  pre.getCell("B2").value = "Use Chrome or Firefox; VPN on.";
  pre.getCell("A3").value = "For Mobile App";
  pre.getCell("B3").value = "Install the APK from the build link.";
  const feat = wb.addWorksheet(SHEET.features);
  feat.getCell("A1").value = "Describe the features that are projected to be released as a part of this release.";
  feat.getRow(FEATURES_HEADER_ROW).values = FEATURE_COLUMNS.map((c) => c.header);
  feat.addRow(["Checkout", "Saved cards"]);
  feat.addRow(["Search", "Typo tolerance"]);
  const mob = wb.addWorksheet(SHEET.mobile);
  mob.addRow(MOBILE_COLUMNS.map((c) => c.header));
  mob.addRow([1, "John Doe", "QA", "Android", 14, "Pixel 8"]);
  const web = wb.addWorksheet(SHEET.web);
  web.addRow(WEB_COLUMNS.map((c) => c.header));
  web.addRow([1, "Jane Doe", "BA", "Windows", "11", "Chrome", 131]);
  const bugs = wb.addWorksheet(SHEET.bugs);
  bugs.addRow(BUG_COLUMNS.map((c) => c.header));
  const row = (o: Record<string, string>) => BUG_COLUMNS.map((c) => o[c.field] ?? "");
  bugs.addRow(row({ menuName: "Checkout", description: "Pay button does nothing on second click", steps: "1. Add to cart\n2. Pay twice", reporterName: "Jane Doe", browser: "Chrome", os: "Windows", priority: "P1", status: "Open" }));
  bugs.addRow(row({ menuName: "Search", description: "Typo search returns nothing for 'shoos'", reporterName: "John Doe", phoneName: "Pixel 8", mobileOs: "Android", mobileOsVersion: "14", priority: "Somewhat urgent", status: "Open" }));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test.beforeAll(async () => {
  await insertUser(fac);
});

test("import a filled template: preview, a flagged priority, a mapping, commit; then export it back", async ({ page }) => {
  await signInAs(page, fac);
  await page.goto("/bashes/new");
  await page.getByLabel("Title", { exact: true }).fill("Sheets round trip");
  await page.getByRole("button", { name: "Create bash" }).click();
  await expect(page.getByRole("heading", { name: "Plan: Sheets round trip" })).toBeVisible();
  await page.getByRole("link", { name: "Spreadsheet" }).click();
  await expect(page.getByRole("heading", { name: "Spreadsheet", level: 1 })).toBeVisible();

  // Something that is not a workbook is refused with a reason.
  await page.getByLabel("Choose an .xlsx file").setInputFiles({ name: "notes.xlsx", mimeType: "application/octet-stream", buffer: Buffer.from("just some text") });
  await expect(page.locator('[role="alert"]:not(#__next-route-announcer__)')).toContainText("not an .xlsx file");

  await page.getByLabel("Choose an .xlsx file").setInputFiles({ name: "bash.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: await filledTemplate() });
  await expect(page.getByTestId("import-counts")).toContainText("2 new features");
  await expect(page.getByTestId("import-counts")).toContainText("2 participants with 2 devices");
  await expect(page.getByTestId("import-counts")).toContainText("2 reports");
  const mapping = page.getByLabel(/Priority “Somewhat urgent” \(row 3\)/);
  await expect(mapping).toBeVisible();
  await expect(page.getByRole("button", { name: "Import", exact: true })).toBeDisabled();
  await checkPage(page, "spreadsheet-preview");
  await mapping.selectOption("P2");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByTestId("import-result")).toContainText("2 features, 2 participants (2 new), 2 devices and 2 reports");

  await page.getByRole("link", { name: "Open the bash" }).click();
  await expect(page.getByText("Pay button does nothing on second click")).toBeVisible();
  await expect(page.getByText("Typo search returns nothing for 'shoos'")).toBeVisible();

  // Export: the downloaded workbook has the template's sheets and headers and the imported reports.
  await page.getByRole("link", { name: "Spreadsheet" }).click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download workbook/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync((await download.path())!) as unknown as ArrayBuffer);
  expect(wb.worksheets.filter((w) => w.state !== "hidden").map((w) => w.name)).toEqual([...TEMPLATE_SHEETS]);
  const bugSheet = wb.getWorksheet(SHEET.bugs)!;
  expect((bugSheet.getRow(1).values as unknown[]).slice(1)).toEqual(BUG_COLUMNS.map((c) => c.header));
  const rows = [2, 3].map((r) => bugSheet.getRow(r));
  const byTitle = (t: string) => rows.find((r) => String(r.getCell(2).value).startsWith(t))!;
  expect(byTitle("Typo search").getCell(13).value).toBe("P2");
  expect(byTitle("Pay button").getCell(13).value).toBe("P1");
  expect(byTitle("Pay button").getCell(14).value).toBe("Open");
  expect(byTitle("Pay button").getCell(5).value).toBe("Jane Doe");
  const features = wb.getWorksheet(SHEET.features)!;
  expect(features.getRow(FEATURES_HEADER_ROW + 1).getCell(1).value).toBe("Checkout");
  const webSheet = wb.getWorksheet(SHEET.web)!;
  expect((webSheet.getRow(1).values as unknown[]).slice(1)).toEqual(WEB_COLUMNS.map((c) => c.header));
  await checkPage(page, "spreadsheet");
});
