import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { SHEET, XLSX_LIMITS } from "@/lib/xlsx/columns";
import { findHeaderRow, matchHeaders, sheetKeyOf } from "@/lib/xlsx/layout";
import { readWorkbook, scanSheetXml } from "@/lib/xlsx/read";
import {
  cleanText,
  dateText,
  hyperlinkFormulaUrl,
  isDateFormat,
  numberText,
  personKey,
  readPriority,
  readStatus,
  rowsText,
  splitTitle,
  unneutralise,
  xmlDecode,
} from "@/lib/xlsx/values";
import { buildZip, checkFileBytes, crc32, formatSize, inflateEntry, openZip, storedPart } from "@/lib/xlsx/zip";
import { bug, BUG_HEADERS, minimalWorkbook, richWorkbook, templateWorkbook, toBuffer, zipBomb } from "../factories/xlsx";

describe("values", () => {
  it("numbers keep the text they were typed with in version columns", () => {
    expect(numberText(11, "version", "11.0")).toBe("11.0");
    expect(numberText(94, "version", "94.0")).toBe("94.0");
    expect(numberText(10, "version")).toBe("10");
    expect(numberText(10.1, "version", "10.10")).toBe("10.10");
    expect(numberText(11, "version", undefined, "0.0")).toBe("11.0");
    expect(numberText(11, "version", "1.1E1")).toBe("11");
    expect(numberText(11, "text", "11.0")).toBe("11");
    expect(numberText(3, "serial", "3.0")).toBe("3");
    expect(numberText(2.9999999999, "serial")).toBe("3");
    expect(numberText(Number.NaN, "text")).toBe("");
  });

  it("text is trimmed, CR/LF normalised, control characters dropped, inner newlines kept", () => {
    expect(cleanText("  a\r\nb\rc\u0000\u0007 ")).toBe("a\nb\nc");
    expect(unneutralise("'=SUM(1)")).toBe("=SUM(1)");
    expect(unneutralise("'quoted")).toBe("'quoted");
    expect(xmlDecode("a &amp; b &lt;c&gt; &#233;&#x41;")).toBe("a & b <c> éA");
    // Each entity once, with or without numeric references: "&amp;lt;" is the text "&lt;".
    for (const tail of ["", " &#65;"]) {
      expect(xmlDecode(`&amp;lt; &amp;amp; &quot;q&quot; &apos;a&apos; &lt;&gt;${tail}`)).toBe(`&lt; &amp; "q" 'a' <>${tail ? " A" : ""}`);
    }
  });

  it("dates as ISO text, with the time when there is one", () => {
    expect(dateText(new Date(Date.UTC(2024, 2, 5)))).toBe("2024-03-05");
    expect(dateText(new Date(Date.UTC(2024, 2, 5, 14, 30)))).toBe("2024-03-05 14:30");
    expect(dateText(new Date(Date.UTC(2024, 2, 5, 14, 30, 15)))).toBe("2024-03-05 14:30:15");
    expect(isDateFormat("yyyy-mm-dd")).toBe(true);
    expect(isDateFormat("0.0")).toBe(false);
    expect(isDateFormat('"Build" 0')).toBe(false);
  });

  it("priority: P1–P4 exact; numbers and words suggested; unknown → null", () => {
    expect(readPriority("")).toEqual({ kind: "empty" });
    expect(readPriority("P1")).toEqual({ kind: "exact", value: "P1" });
    expect(readPriority(" p3 ")).toEqual({ kind: "exact", value: "P3" });
    expect(readPriority("1")).toEqual({ kind: "suggest", value: "P1" });
    expect(readPriority("P1 - Critical")).toEqual({ kind: "suggest", value: "P1" });
    for (const [v, p] of [
      ["Critical", "P1"],
      ["Blocker", "P1"],
      ["Highest", "P1"],
      ["High", "P2"],
      ["Medium", "P3"],
      ["Normal", "P3"],
      ["Low", "P4"],
      ["Lowest", "P4"],
      ["Trivial", "P4"],
    ]) {
      expect(readPriority(v)).toEqual({ kind: "suggest", value: p });
    }
    expect(readPriority("Soon")).toEqual({ kind: "suggest", value: null });
    expect(readPriority("12")).toEqual({ kind: "suggest", value: null });
  });

  it("status: labels ignoring case and spaces; synonyms suggested; unknown → null", () => {
    expect(readStatus("")).toEqual({ kind: "empty" });
    expect(readStatus("in progress")).toEqual({ kind: "exact", value: "IN_PROGRESS" });
    expect(readStatus("InProgress")).toEqual({ kind: "exact", value: "IN_PROGRESS" });
    expect(readStatus("not a bug")).toEqual({ kind: "exact", value: "NOT_A_BUG" });
    expect(readStatus("New")).toEqual({ kind: "exact", value: "OPEN" });
    expect(readStatus("Needs info")).toEqual({ kind: "exact", value: "NEEDS_INFO" });
    for (const [v, s] of [
      ["Fixed", "DONE"],
      ["Closed", "DONE"],
      ["Resolved", "DONE"],
      ["Won't fix", "NOT_A_BUG"],
      ["Invalid", "NOT_A_BUG"],
      ["Dup", "DUPLICATE"],
      ["Reopened", "OPEN"],
    ]) {
      expect(readStatus(v)).toEqual({ kind: "suggest", value: s });
    }
    expect(readStatus("Blah")).toEqual({ kind: "suggest", value: null });
  });

  it("title = first line, cut at a word to 200 characters; the rest is the description", () => {
    expect(splitTitle("Crash on save\nSteps below\n\nmore")).toEqual({ title: "Crash on save", description: "Steps below\n\nmore" });
    expect(splitTitle("Only a title")).toEqual({ title: "Only a title", description: "" });
    const long = `${"word ".repeat(60)}end`;
    const { title, description } = splitTitle(long);
    expect(title.length).toBeLessThanOrEqual(200);
    expect(title).toMatch(/^word( word)*…$/);
    expect(description).toBe(long);
    expect(splitTitle("x".repeat(300)).title).toBe(`${"x".repeat(199)}…`);
  });

  it("names, row lists and HYPERLINK formulas", () => {
    expect(personKey("  John   DOE ")).toBe("john doe");
    expect(rowsText([5])).toBe("row 5");
    expect(rowsText([5, 7])).toBe("rows 5 and 7");
    expect(rowsText([1, 2, 3, 4, 5, 6, 7])).toBe("rows 1, 2, 3, 4, 5 and 2 more");
    expect(hyperlinkFormulaUrl('HYPERLINK("https://x.example/a.png","shot")')).toBe("https://x.example/a.png");
    expect(hyperlinkFormulaUrl("A1+1")).toBeNull();
  });
});

describe("layout", () => {
  it("finds sheets by name ignoring case, spaces and punctuation", () => {
    expect(sheetKeyOf("bug sheet")).toBe("bugs");
    expect(sheetKeyOf("BUG_SHEET")).toBe("bugs");
    expect(sheetKeyOf("List of Participants - Mobile")).toBe("mobile");
    expect(sheetKeyOf("Sheet1")).toBeNull();
  });

  it("matches headers by text or alias in any order; extra and missing columns are reported", () => {
    const m = matchHeaders(
      [
        { header: "Name", field: "name", kind: "text", width: 1, required: true },
        { header: "OS Version", field: "osVersion", kind: "version", width: 1, aliases: ["version"] },
        { header: "Browser", field: "browser", kind: "text", width: 1 },
      ],
      ["Version", "  NAME ", "Team", ""],
    );
    expect([...m.indexOf]).toEqual([
      ["name", 1],
      ["osVersion", 0],
    ]);
    expect(m.extra).toEqual([{ index: 2, header: "Team" }]);
    expect(m.missing.map((c) => c.header)).toEqual(["Browser"]);
  });

  it("finds a shifted header row in the first 10 rows", () => {
    const rows = [
      { rowNumber: 1, cells: ["Describe the features"] },
      { rowNumber: 4, cells: ["menu", "what is released"] },
      { rowNumber: 5, cells: ["Login", "Sign in"] },
    ];
    expect(findHeaderRow("features", rows)?.rowNumber).toBe(4);
    expect(findHeaderRow("features", [{ rowNumber: 11, cells: ["Menu Name", "Feature"] }])).toBeNull();
  });
});

describe("zip checks", () => {
  const limits = XLSX_LIMITS;

  it("reads the central directory and inflates parts at their declared size", async () => {
    const buf = await templateWorkbook();
    const zip = openZip(buf, limits);
    expect(zip.byName.has("xl/workbook.xml")).toBe(true);
    const wb = inflateEntry(zip, zip.byName.get("xl/workbook.xml")!);
    expect(wb.toString()).toContain(SHEET.bugs);
  });

  it("builds a zip exceljs can read back, with correct CRCs", async () => {
    const part = storedPart("hello.txt", "hello");
    expect(part.crc32).toBe(0x3610a686);
    expect(crc32(Buffer.from("The quick brown fox jumps over the lazy dog"))).toBe(0x414fa339);
    const zip = openZip(buildZip([storedPart("[Content_Types].xml", "<Types/>"), storedPart("xl/workbook.xml", "<workbook/>"), part]), limits);
    expect(inflateEntry(zip, zip.byName.get("hello.txt")!).toString()).toBe("hello");
  });

  it("refuses by the bytes before looking inside", () => {
    expect(() => checkFileBytes(Buffer.alloc(11 * 1024 * 1024 + 300 * 1024), limits)).toThrow("The file is 11.3 MB; the limit is 10 MB.");
    expect(() => checkFileBytes(Buffer.from("hello"), limits)).toThrow("it is not a zip archive");
    expect(formatSize(1536)).toBe("1.5 KB");
  });

  it("a zip bomb is refused from the central directory (declared sizes), a lying one while inflating", async () => {
    const honest = await zipBomb(3);
    expect(() => openZip(honest, { ...limits, maxUncompressedBytes: 2 * 1024 * 1024 })).toThrow(
      "The file expands to more than 2 MB, which looks like a zip bomb; nothing was read.",
    );
    const liar = await zipBomb(3, 100);
    const zip = openZip(liar, limits);
    expect(() => inflateEntry(zip, zip.byName.get("xl/worksheets/sheet1.xml")!)).toThrow("expands to more than the size it declares");
  });
});

describe("readWorkbook", () => {
  it("the template shape: versions as typed, formula-numbered empty rows skipped, guiding text kept as text", async () => {
    const wb = await readWorkbook(await templateWorkbook());
    expect(Object.keys(wb.sheets)).toEqual([SHEET.prerequisites, SHEET.features, SHEET.mobile, SHEET.web, SHEET.bugs]);
    expect(wb.sheets[SHEET.mobile].rows.map((r) => r.cells[4])).toEqual(["OS Version", "11.0", "14.0"]);
    expect(wb.sheets[SHEET.web].rows.map((r) => [r.rowNumber, r.cells[0], r.cells[6]])).toEqual([
      [1, "Sr. No.", "Browser Version"],
      [2, "1", "94.0"],
      [3, "2", "68.0"],
      [4, "3", "94.0"],
    ]);
    expect(wb.sheets[SHEET.features]).toMatchObject({ headerRow: 3, dataRows: 1 });
    // Merged title rows: the text is in A1 only.
    expect(wb.sheets[SHEET.features].rows[0].cells).toHaveLength(1);
    expect(wb.sheets[SHEET.bugs]).toMatchObject({ headerRow: 1, dataRows: 0 });
    expect(wb.notes).toEqual([]);
  });

  it("rich text, hyperlinks (the URL in Screenshot), formula results, dates, merged cells, a missing formula result", async () => {
    const wb = await readWorkbook(await richWorkbook());
    const rows = wb.sheets[SHEET.bugs].rows;
    expect(rows.map((r) => r.rowNumber)).toEqual([1, 2, 3, 4]);
    expect(rows[1].cells).toEqual([
      "Checkout",
      "Pay button does nothing\nOn the last step.",
      "See the wiki",
      "https://img.example.com/pay.png",
      "Ann Lee",
      "Chrome",
      "12.0",
      "Windows",
      "10",
      "",
      "",
      "",
      "P2",
      "Open",
      "2024-03-05",
    ]);
    expect(rows[2].cells.slice(1, 4)).toEqual(["Login button misaligned", "Open login\nLook at the button", ""]);
    expect(rows[3].cells[14]).toBe("TRUE");
    expect(wb.notes).toEqual([{ sheet: SHEET.bugs, row: 4, column: 7, message: expect.stringContaining("has no saved result") }]);
  });

  it("inline strings with several runs, no sharedStrings.xml, numbers stored as typed, an error value, an ISO date cell", async () => {
    const xml = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
      <row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c><c r="B1" t="inlineStr"><is><t>OS Version</t></is></c></row>
      <row r="2"><c r="A2" t="inlineStr"><is><r><t>Ann </t></r><r><rPr><b/></rPr><t>Lee</t></r></is></c><c r="B2"><v>17.10</v></c></row>
      <row r="3"><c r="A3" t="e"><v>#N/A</v></c></row>
      <row r="4"><c r="A4" t="inlineStr"><is><t>Bo</t></is></c><c r="B4" t="d"><v>2024-03-05T14:30:00</v></c></row>
    </sheetData></worksheet>`;
    const wb = await readWorkbook(minimalWorkbook(xml, SHEET.web));
    expect(wb.sheets[SHEET.web].rows.map((r) => r.cells)).toEqual([
      ["Name", "OS Version"],
      ["Ann Lee", "17.10"],
      ["Bo", "2024-03-05 14:30"],
    ]);
  });

  it("hundreds of empty styled rows cost nothing and are not data", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(SHEET.bugs);
    ws.addRow(BUG_HEADERS);
    ws.addRow(bug({ description: "One bug" }));
    for (let r = 3; r < 800; r++) for (let c = 1; c <= 15; c++) ws.getRow(r).getCell(c).border = { bottom: { style: "thin" } };
    const parsed = await readWorkbook(await toBuffer(wb));
    expect(parsed.sheets[SHEET.bugs].dataRows).toBe(1);
  });

  it("the sheet XML scan finds raw numbers, hyperlinks and merged areas", () => {
    const scan = scanSheetXml(
      `<worksheet><sheetData><row r="1"><c r="A1" s="1"><v>11.0</v></c><c r="B1"><v>12</v></c><c r="C1" t="s"><v>3</v></c><c r="D1" s="2"/></row></sheetData>
       <mergeCells count="1"><mergeCell ref="A2:C3"/></mergeCells><hyperlinks><hyperlink ref="C1" r:id="rId1"/></hyperlinks></worksheet>`,
      new Map([["rId1", { target: "https://x.example/?a=1&b=2", external: true }]]),
    );
    expect([...scan.raw]).toEqual([["A1", "11.0"]]);
    expect([...scan.links]).toEqual([["C1", "https://x.example/?a=1&b=2"]]);
    expect([...scan.mergedAway].sort()).toEqual(["A3", "B2", "B3", "C2", "C3"]);
  });

  it("the scan reads a cell's type and reference in any attribute order and spacing", () => {
    const scan = scanSheetXml(
      `<worksheet><sheetData><row r="1">` +
        `<c t = "n"  r = "A1"><v>11.0</v></c>` +
        `<c s="3" r="B1"><v>94.10</v></c>` +
        `<c xt="s" r="C1"><v>1E3</v></c>` +
        `<c r="D1" t="s"><v>07</v></c>` +
        `<c r="E1" t=""><v>5.0</v></c>` +
        `<c\tr="F1"\nt="d"><v>2024-03-05T14:30:00Z</v></c>` +
        `<c r="" t="n"><v>1.50</v></c>` +
        `</row></sheetData></worksheet>`,
      new Map(),
    );
    expect([...scan.raw]).toEqual([
      ["A1", "11.0"],
      ["B1", "94.10"],
      ["C1", "1E3"],
    ]);
    expect([...scan.text]).toEqual([["F1", "2024-03-05 14:30"]]);
  });

  it("the scan joins the runs of inline rich text only in cells that have runs, prefixed or not, in any script", () => {
    const xml =
      `<worksheet><sheetData><row r="1">` +
      `<c r="A1" t="inlineStr"><x:is><x:t>plain “quoted” ünïcode</x:t></x:is></c>` +
      `<c r="B1" t="inlineStr"><x:is><x:r><x:rPr><x:b/></x:rPr><x:t>Ünï</x:t></x:r><x:r><x:t xml:space="preserve"> 日本 &amp; more</x:t></x:r></x:is></c>` +
      `<c r="C1" t="inlineStr"><x:is><x:t>Pr&gt; and r&gt; in text</x:t></x:is></c>` +
      `</row><row r="2">` +
      `<c r="A2" t="inlineStr"><x:is><x:t>no runs here</x:t></x:is></c>` +
      `<c r="B2" t="d"><x:v>2024-03-05</x:v></c>` +
      `<c r="C2" t="inlineStr"><is><r><t>two</t></r><r><t> runs</t></r></is></c>` +
      `</row></sheetData></worksheet>`;
    for (const input of [xml, Buffer.from(xml, "utf8")]) {
      const scan = scanSheetXml(input, new Map());
      expect([...scan.text]).toEqual([
        ["B1", "Ünï 日本 & more"],
        ["B2", "2024-03-05"],
        ["C2", "two runs"],
      ]);
    }
  });
});
