// The plain-sheet reader (lib/xlsx/read.ts plainSheetRows) must give exactly what exceljs's streaming
// reader gives for the sheets it takes, and leave every other sheet to exceljs.
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { BUG_COLUMNS, IDS_HEADERS, SHEET, XLSX_LIMITS } from "@/lib/xlsx/columns";
import { plainSheetRows, readWorkbook, scanSheetXml } from "@/lib/xlsx/read";
import { inflateEntry, openZip } from "@/lib/xlsx/zip";
import {
  bugSheetOnlyWorkbook,
  manyBugsWorkbook,
  ownExportWorkbook,
  richWorkbook,
  shuffledWorkbook,
  templateWorkbook,
  unknownValuesWorkbook,
} from "../factories/xlsx";

const WRAP: Partial<ExcelJS.Style> = { alignment: { vertical: "top", wrapText: true } };

/** A workbook written as Bashboard writes one: exceljs's streaming writer, no shared strings. */
async function streamed(build: (wb: ExcelJS.stream.xlsx.WorkbookWriter) => void): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve) => out.on("end", () => resolve()));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  build(wb);
  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}

const TRICKY = ["a &amp; b", "&lt;tag&gt; stays", "5 < 6 & 7 > 3", `"quoted" and 'single'`, "tab\there\nnew line", "emoji 🐞 日本語", "  spaced  ", "&#38; literal"];

async function exportShaped(): Promise<Buffer> {
  return streamed((wb) => {
    const bugs = wb.addWorksheet(SHEET.bugs);
    bugs.columns = BUG_COLUMNS.map((c, i) => ({ width: 20, ...(i === 1 || i === 2 ? { style: WRAP } : {}) }));
    bugs.addRow(BUG_COLUMNS.map((c) => c.header)).commit();
    TRICKY.forEach((text, i) => {
      const row = bugs.addRow(BUG_COLUMNS.map((_, c) => (c === 0 ? `Feature ${i}` : c === 1 ? text : c === 4 ? "Tester" : c === 12 ? "P2" : c === 5 ? "" : null)));
      row.getCell(2).style = WRAP;
      row.getCell(3).style = WRAP;
      row.commit();
    });
    const link = bugs.addRow(["Links", "Has a screenshot link"]);
    link.getCell(4).value = { text: "screenshot", hyperlink: "https://example.com/a?b=1&c=2" };
    link.commit();
    bugs.mergeCells("A20:B21");
    bugs.getCell("A20").value = "Merged";
    bugs.commit();
    const ids = wb.addWorksheet(SHEET.ids, { state: "hidden" });
    ids.addRow([...IDS_HEADERS]).commit();
    TRICKY.forEach((text, i) => ids.addRow([SHEET.bugs, i + 2, `client-${i}`, JSON.stringify({ title: text, n: i })]).commit());
    ids.addRow([SHEET.bugs, 94.1, "decimal", 0]).commit();
    ids.addRow([SHEET.bugs, -3, "negative", 1e21]).commit();
    ids.commit();
  });
}

/** The inflated XML of every worksheet, in zip order. */
function sheetXmls(buf: Buffer): Buffer[] {
  const zip = openZip(buf, XLSX_LIMITS);
  return zip.entries.filter((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name)).map((e) => inflateEntry(zip, e));
}

async function bothWays(buf: Buffer) {
  const plain = await readWorkbook(buf);
  const exceljs = await readWorkbook(buf, XLSX_LIMITS, { plainSheets: false });
  return { plain, exceljs };
}

describe("plain sheets", () => {
  it("reads a Bashboard-shaped workbook without exceljs, cell for cell as exceljs reads it", async () => {
    const buf = await exportShaped();
    for (const xml of sheetXmls(buf)) expect(plainSheetRows(xml, scanSheetXml(xml, new Map()))).not.toBeNull();
    const { plain, exceljs } = await bothWays(buf);
    expect(plain).toEqual(exceljs);
    const bugs = plain.sheets[SHEET.bugs];
    expect(bugs.rows.map((r) => r.cells[1])).toEqual(expect.arrayContaining(["a &amp; b", `"quoted" and 'single'`, "emoji 🐞 日本語", "Has a screenshot link"]));
    expect(bugs.rows.find((r) => r.cells[0] === "Links")?.cells[3]).toBe("https://example.com/a?b=1&c=2");
    const ids = plain.sheets[SHEET.ids];
    expect(ids.rows.map((r) => r.cells[1])).toEqual(expect.arrayContaining(["94.1", "-3"]));
  });

  it("keeps text that looks like a character reference as it was typed, read either way", async () => {
    const buf = await exportShaped();
    const { plain, exceljs } = await bothWays(buf);
    for (const wb of [plain, exceljs]) {
      const texts = wb.sheets[SHEET.bugs].rows.map((r) => r.cells[1]);
      expect(texts).toContain("a &amp; b");
      expect(texts).toContain("&lt;tag&gt; stays");
      expect(texts).toContain("&#38; literal");
      expect(texts).toContain("5 < 6 & 7 > 3");
    }
  });

  it("leaves sheets with shared strings, formulas, styled numbers or rich text to exceljs", async () => {
    const styledNumber = await streamed((wb) => {
      const ws = wb.addWorksheet(SHEET.bugs);
      ws.addRow(BUG_COLUMNS.map((c) => c.header)).commit();
      const row = ws.addRow(["Checkout", "A bug"]);
      row.getCell(3).value = 45000;
      row.getCell(3).numFmt = "yyyy-mm-dd";
      row.commit();
      ws.commit();
    });
    const formula = await streamed((wb) => {
      const ws = wb.addWorksheet(SHEET.bugs);
      ws.addRow(BUG_COLUMNS.map((c) => c.header)).commit();
      ws.addRow(["Checkout", { formula: "UPPER(\"x\")", result: "X" }]).commit();
      ws.commit();
    });
    for (const buf of [styledNumber, formula, await templateWorkbook(), await richWorkbook()]) {
      const xmls = sheetXmls(buf);
      expect(xmls.some((xml) => plainSheetRows(xml, scanSheetXml(xml, new Map())) === null)).toBe(true);
      const { plain, exceljs } = await bothWays(buf);
      expect(plain).toEqual(exceljs);
    }
    expect((await readWorkbook(styledNumber)).sheets[SHEET.bugs].rows[1].cells[2]).toBe("2023-03-15");
  });

  it("gives the same result as exceljs for every workbook shape the import tests use", async () => {
    const shapes = [
      await templateWorkbook(),
      await shuffledWorkbook(),
      await richWorkbook(),
      await unknownValuesWorkbook(),
      await bugSheetOnlyWorkbook(5),
      await manyBugsWorkbook(50),
      await ownExportWorkbook(),
    ];
    for (const buf of shapes) {
      const { plain, exceljs } = await bothWays(buf);
      expect(plain).toEqual(exceljs);
    }
  });
});
