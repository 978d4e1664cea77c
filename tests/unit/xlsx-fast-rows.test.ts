import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { FastRows, xmlEncode, type FastCell } from "@/lib/xlsx/fast-rows";

const WRAP: Partial<ExcelJS.Style> = Object.freeze({ alignment: Object.freeze({ vertical: "top", wrapText: true }) as Partial<ExcelJS.Alignment> });
const PLAIN: Partial<ExcelJS.Style> = Object.freeze({});
const STYLES = [PLAIN, WRAP, PLAIN, WRAP, PLAIN];

const ROWS: FastCell[][] = [
  ["plain", "wrapped text\nwith a newline", 3, null, "Tester 1"],
  [`quotes " and ' & <tags> >`, "", 0, "tab\there\r\nCRLF", null],
  ["controls \u0001\u0008\u000b\u000c\u000e\u001f\u007f kept out", "emoji 🐞 and 日本語", 12345, "=SUM(A1) stays text here", "\u00a0nbsp"],
  [null, null, null, null, null],
  ["x".repeat(5000), "ünïcödé", -7, "'quoted", "end"],
];

async function sheetXml(write: (wb: ExcelJS.stream.xlsx.WorkbookWriter, ws: ExcelJS.Worksheet) => void): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => out.on("end", () => resolve()));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet("Sheet");
  ws.columns = STYLES.map((style) => ({ width: 20, ...(style === WRAP ? { style } : {}) }));
  const header = ws.addRow(["A", "B", "C", "D", "E"]);
  header.eachCell((c) => (c.font = { bold: true }));
  header.commit();
  write(wb, ws);
  ws.commit();
  await wb.commit();
  await done;
  const zip = await JSZip.loadAsync(Buffer.concat(chunks));
  return zip.file("xl/worksheets/sheet1.xml")!.async("string");
}

/** The rows as exceljs writes them: one Row per values, every cell given its column's shared style. */
function viaExceljs(ws: ExcelJS.Worksheet, rows: readonly FastCell[][]): number[] {
  return rows.map((values) => {
    const row = ws.addRow(values.map((v) => (v === "" ? null : v)));
    for (let i = 0; i < values.length; i++) row.getCell(i + 1).style = STYLES[i];
    const n = row.number;
    row.commit();
    return n;
  });
}

describe("FastRows", () => {
  it("writes the same sheet XML as exceljs's streaming writer for text, numbers and empty cells", async () => {
    let numbers: number[] = [];
    const reference = await sheetXml((_wb, ws) => {
      numbers = viaExceljs(ws, ROWS);
    });
    let fastNumbers: number[] = [];
    const fast = await sheetXml((wb, ws) => {
      const rows = new FastRows(wb, ws, STYLES);
      fastNumbers = ROWS.map((values) => rows.add(values));
      rows.flush();
    });
    expect(fastNumbers).toEqual(numbers);
    expect(numbers).toEqual([2, 3, 4, 5, 6]);
    expect(fast).toBe(reference);
    expect(fast).toContain(`<c r="D3" s="1" t="str"><v>tab\there\r\nCRLF</v></c>`);
    expect(fast).not.toMatch(/[\u0001\u0008\u000b\u000c\u000e\u001f\u007f]/);
  });

  it("lets exceljs go on numbering rows after the flushed fast rows", async () => {
    const reference = await sheetXml((_wb, ws) => {
      viaExceljs(ws, ROWS.slice(0, 3));
    });
    const mixed = await sheetXml((wb, ws) => {
      const rows = new FastRows(wb, ws, STYLES);
      rows.add(ROWS[0]);
      rows.add(ROWS[1]);
      rows.flush();
      expect(viaExceljs(ws, [ROWS[2]])).toEqual([4]);
    });
    expect(mixed).toBe(reference);
  });

  it("refuses a sheet whose header is not committed, or rows exceljs still holds", async () => {
    let refused: unknown = null;
    await sheetXml((wb, ws) => {
      ws.addRow(["pending"]);
      try {
        new FastRows(wb, ws, STYLES);
      } catch (e) {
        refused = e;
      }
    });
    expect(String(refused)).toMatch(/header/);
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: new PassThrough(), useStyles: true });
    const fresh = wb.addWorksheet("Fresh");
    expect(() => new FastRows(wb, fresh, STYLES)).toThrow(/header/);
  });

  it("tells whether a worksheet is the streaming writer it knows (the export writes exceljs rows otherwise)", () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: new PassThrough(), useStyles: true });
    expect(FastRows.supports(wb, wb.addWorksheet("Streaming"))).toBe(true);
    const other = new ExcelJS.Workbook();
    expect(FastRows.supports(wb, other.addWorksheet("Not streaming"))).toBe(false);
    expect(() => new FastRows(wb, other.addWorksheet("Neither"), STYLES)).toThrow(/exceljs version/);
  });

  it("encodes XML as exceljs does", () => {
    expect(xmlEncode(`a&b<c>"d'`)).toBe("a&amp;b&lt;c&gt;&quot;d&apos;");
    expect(xmlEncode("keep\t\n\r drop\u0000\u0007\u000b\u007f")).toBe("keep\t\n\r drop");
    expect(xmlEncode("nothing to do")).toBe("nothing to do");
  });
});
