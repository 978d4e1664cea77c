// Workbooks for the import tests, built by code so a fresh clone without ../shared tests every shape.
// exceljs writes them; what exceljs cannot produce (numbers stored as "11.0", a formula without a
// saved result, damaged parts) is patched into the sheet XML inside the zip afterwards.
import zlib from "node:zlib";
import ExcelJS from "exceljs";
import {
  BUG_COLUMNS,
  FEATURES_NOTE,
  FEATURES_TITLE,
  IDS_BASH_SHEET,
  IDS_FORMAT,
  IDS_HEADERS,
  IDS_VERSION,
  PREREQ_TITLE,
  SHEET,
} from "@/lib/xlsx/columns";
import { buildZip, crc32, inflateEntry, openZip, storedPart, type ZipPart } from "@/lib/xlsx/zip";

const NO_LIMITS = { maxBytes: Number.MAX_SAFE_INTEGER, maxUncompressedBytes: Number.MAX_SAFE_INTEGER, maxEntries: Number.MAX_SAFE_INTEGER };

export const TEMPLATE_WEB_GUIDE =
  "1. Does this website require specific OS to be installed?\n2. Does user need to download any specific browser/browser tools?\n3. Any other speicific tools that need to be downloaded and installed?";
export const TEMPLATE_MOBILE_GUIDE =
  "1. How does user install the apk/ipa in his mobile phone?\n2. Does user need any proxy settings to be enabled on his device?";

export const BUG_HEADERS = BUG_COLUMNS.map((c) => c.header);

export async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function deflatedPart(name: string, data: Buffer): ZipPart {
  const compressed = zlib.deflateRawSync(data);
  return { name, method: 8, crc32: crc32(data), compressedSize: compressed.length, uncompressedSize: data.length, data: compressed };
}

/**
 * Rebuild a zip with some parts changed: `edit` gets each part's name and content and returns the
 * new content (string or Buffer), undefined to keep it, or null to drop it. `add` appends parts.
 */
export function rezip(buf: Buffer, edit: (name: string, data: Buffer) => Buffer | string | null | undefined, add: Record<string, Buffer | string> = {}): Buffer {
  const zip = openZip(buf, NO_LIMITS);
  const parts: ZipPart[] = [];
  for (const e of zip.entries) {
    const data = inflateEntry(zip, e);
    const next = edit(e.name, data);
    if (next === null) continue;
    parts.push(deflatedPart(e.name, next === undefined ? data : Buffer.from(next)));
  }
  for (const [name, data] of Object.entries(add)) parts.push(deflatedPart(name, Buffer.from(data)));
  return buildZip(parts);
}

/** Replace the stored value of one numeric cell, e.g. 11 → "11.0" (what Google Sheets and the template store). */
export function rawNumber(xml: string, ref: string, raw: string): string {
  const re = new RegExp(`(<c r="${ref}"[^>]*>(?:<f[^>]*(?:/>|>[^<]*</f>))?<v>)[^<]*(</v>)`);
  if (!re.test(xml)) throw new Error(`No numeric cell ${ref} to patch.`);
  return xml.replace(re, `$1${raw}$2`);
}

/** The worksheet part of the n-th sheet exceljs wrote (it numbers them sheet1.xml … in order). */
export const sheetPart = (n: number) => `xl/worksheets/sheet${n}.xml`;

function patchSheets(buf: Buffer, patches: Record<number, (xml: string) => string>): Buffer {
  return rezip(buf, (name, data) => {
    const n = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(name)?.[1];
    const patch = n ? patches[Number(n)] : undefined;
    return patch ? patch(data.toString("utf8")) : undefined;
  });
}

const EMPTY_STYLE: Partial<ExcelJS.Style> = { border: { bottom: { style: "thin" } }, alignment: { vertical: "top", wrapText: true } };

function header(ws: ExcelJS.Worksheet, row: number, values: string[]) {
  ws.getRow(row).values = values;
  ws.getRow(row).font = { bold: true };
}

/** Empty cells with a style (what templates have below their data). */
function emptyStyledRows(ws: ExcelJS.Worksheet, from: number, to: number, columns: number) {
  for (let r = from; r <= to; r++) {
    const row = ws.getRow(r);
    for (let c = 1; c <= columns; c++) row.getCell(c).style = EMPTY_STYLE;
  }
}

function prerequisites(wb: ExcelJS.Workbook, web = TEMPLATE_WEB_GUIDE, mobile = TEMPLATE_MOBILE_GUIDE) {
  const ws = wb.addWorksheet(SHEET.prerequisites);
  ws.getCell("A1").value = PREREQ_TITLE;
  ws.getCell("A2").value = "For Website";
  ws.getCell("B2").value = web;
  ws.getCell("A3").value = "For Mobile App";
  ws.getCell("B3").value = mobile;
  return ws;
}

function features(wb: ExcelJS.Workbook, rows: [string, string][], headerRow = 3) {
  const ws = wb.addWorksheet(SHEET.features);
  ws.getCell("A1").value = FEATURES_TITLE;
  ws.mergeCells("A1:C1");
  if (headerRow > 2) {
    ws.getCell("A2").value = FEATURES_NOTE;
    ws.mergeCells("A2:C2");
  }
  header(ws, headerRow, ["Menu Name", "Feature"]);
  rows.forEach((r, i) => (ws.getRow(headerRow + 1 + i).values = r));
  return ws;
}

function bugSheet(wb: ExcelJS.Workbook, rows: (string | number | null | ExcelJS.CellValue)[][] = [], emptyTo = 0) {
  const ws = wb.addWorksheet(SHEET.bugs);
  header(ws, 1, BUG_HEADERS);
  rows.forEach((r, i) => (ws.getRow(2 + i).values = r as ExcelJS.CellValue[]));
  if (emptyTo) emptyStyledRows(ws, 2 + rows.length, emptyTo, 27);
  const validations = (ws as unknown as { dataValidations: { add(a: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  validations.add("M2:M3", { type: "list", allowBlank: true, formulae: ['"P1,P2,P3,P4"'] });
  validations.add("N2:N3", { type: "list", allowBlank: true, formulae: ['"Open,Duplicate,In Progress,Done,Not a Bug"'] });
  return ws;
}

/** A Bug_Sheet row from field values (the template's column order). */
export function bug(values: Partial<Record<(typeof BUG_COLUMNS)[number]["field"], string>>): string[] {
  return BUG_COLUMNS.map((c) => values[c.field] ?? "");
}

/**
 * The community template in shape: Pre-Requisite with the guiding questions, one feature under
 * merged title rows, 2 mobile and 3 web participants (versions stored as 11.0 / 94.0, a 4th web row
 * with only a shared-formula Sr. No.), and an empty Bug_Sheet with ~999 styled rows.
 */
export async function templateWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  prerequisites(wb);
  features(wb, [
    [
      "Registration/Sign up",
      "1. User should be able to registre himself in the application successsfully.\n2. After Registration, user should be auto logged-in in the application.",
    ],
  ]);
  const mobile = wb.addWorksheet(SHEET.mobile);
  header(mobile, 1, ["Sr. No.", "Name", "Designation", "Mobile Phone OS", "OS Version", "Mobile Phone Name"]);
  mobile.addRow([1, "John Doe", "QA", "Android", 11, "Samsung Galaxy S10"]);
  mobile.addRow([2, "Jack Doe", "Sr. QA", "iOS", 14, "iPhone 11"]);
  const web = wb.addWorksheet(SHEET.web);
  header(web, 1, ["Sr. No.", "Name", "Designation", "OS", "OS Version", "Browser Name", "Browser Version"]);
  web.addRow([1, "John Doe", "QA", "Windows", "10", "Chrome", 94]);
  web.addRow([null, "Jack Doe", "Sr. QA", "macOS - Big Sur", "11.0.1", "Firefox", 68]);
  web.addRow([null, "Jane Doe", "BA", "Windows", "10", "Microsoft Edge", 94]);
  web.getCell("A3").value = { formula: "A2+1", result: 2, shareType: "shared", ref: "A3:A5" } as unknown as ExcelJS.CellFormulaValue;
  web.getCell("A4").value = { sharedFormula: "A3", result: 3 };
  web.getCell("A5").value = { sharedFormula: "A3", result: 4 };
  emptyStyledRows(web, 5, 14, 7);
  bugSheet(wb, [], 1000);
  const buf = await toBuffer(wb);
  return patchSheets(buf, {
    3: (x) => rawNumber(rawNumber(x, "E2", "11.0"), "E3", "14.0"),
    4: (x) => rawNumber(rawNumber(rawNumber(x, "G2", "94.0"), "G3", "68.0"), "G4", "94.0"),
  });
}

/** Headers in another order, other case and spacing, aliases, an extra column; features' header on row 2. */
export async function shuffledWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  features(wb, [["Checkout", "Pay with a card"], ["  search ", "Find products"]], 2);
  const mobile = wb.addWorksheet("list of participants - mobile");
  header(mobile, 1, ["NAME", "MOBILE OS", "os-version", "Phone", "sr no", "Team"]);
  mobile.addRow(["Ann Lee", "Android", "13", "Pixel 7", 1, "Payments"]);
  const web = wb.addWorksheet("LIST OF PARTICIPANTS WEB");
  header(web, 1, ["Browser Version", "browser", "Operating System", "Version", "Designation", "  name  "]);
  web.addRow(["120.0", "Chrome", "Windows", "11", "Dev", "ann lee"]);
  web.addRow(["17", "Safari", "macOS", "14.2", "PM", "Bob Stone"]);
  const bugs = wb.addWorksheet("bug sheet");
  header(bugs, 1, ["Status", "priority", "Reporter", "DESCRIPTION", "menu", "Steps", "Browser", "Foo"]);
  bugs.addRow(["in progress", "p2", "Bob Stone", "Card form rejects valid cards\nVisa 4242 is refused.", "checkout", "1. Pay", "Chrome", "x"]);
  bugs.addRow(["", "", "Ann Lee", "Search shows nothing for 'shoes'", "Search", "", "", ""]);
  return toBuffer(wb);
}

/**
 * Formulas with saved results, rich text, hyperlinks, dates, booleans, an error value, merged cells,
 * a formula without a saved result (patched in) and 500 empty styled rows after the data.
 */
export async function richWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  features(wb, [["Checkout", "Paying"]]);
  const ws = bugSheet(wb);
  const col = (field: string) => BUG_COLUMNS.findIndex((c) => c.field === field) + 1;
  const cell = (row: number, field: string) => ws.getRow(row).getCell(col(field));
  cell(2, "menuName").value = "Checkout";
  cell(2, "description").value = { richText: [{ text: "Pay button " }, { text: "does nothing", font: { bold: true } }, { text: "\nOn the last step." }] };
  cell(2, "steps").value = { text: "See the wiki", hyperlink: "https://wiki.example.com/pay" };
  cell(2, "screenshots").value = { text: "screenshot", hyperlink: "https://img.example.com/pay.png" };
  cell(2, "reporterName").value = "Ann Lee";
  cell(2, "browser").value = "Chrome";
  cell(2, "browserVersion").value = { formula: '"12"&".0"', result: "12.0" };
  cell(2, "os").value = "Windows";
  cell(2, "osVersion").value = 10;
  cell(2, "priority").value = { formula: '"P"&2', result: "P2" };
  cell(2, "status").value = "Open";
  cell(2, "remarks").value = new Date(Date.UTC(2024, 2, 5));
  cell(2, "remarks").numFmt = "yyyy-mm-dd";

  cell(3, "description").value = "  Login button misaligned  ";
  cell(3, "steps").value = "Open login\r\nLook at the button";
  ws.mergeCells(3, col("steps"), 3, col("screenshots"));
  cell(3, "phoneName").value = "Pixel 7";
  cell(3, "mobileOs").value = "Android";
  cell(3, "mobileOsVersion").value = 14;
  cell(3, "remarks").value = new Date(Date.UTC(2024, 2, 5, 14, 30));
  cell(3, "remarks").numFmt = "yyyy-mm-dd hh:mm";
  cell(3, "priority").value = { error: "#N/A" };

  cell(4, "description").value = "Total is wrong";
  cell(4, "remarks").value = true;
  cell(4, "browserVersion").value = { formula: "1+1", result: 2 }; // patched below to have no result
  emptyStyledRows(ws, 5, 504, 15);
  const buf = await toBuffer(wb);
  return patchSheets(buf, {
    2: (x) => x.replace(/(<c r="G4"[^>]*>)<f>1\+1<\/f><v>2<\/v>(<\/c>)/, "$1<f>1+1</f>$2"),
  });
}

/** Priorities High/Low/Soon (Soon has no suggestion), statuses Fixed/Blah, and a reporter nobody knows. */
export async function unknownValuesWorkbook(opts: { withUnknownSuggestion?: boolean } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const web = wb.addWorksheet(SHEET.web);
  header(web, 1, ["Sr. No.", "Name", "Designation", "OS", "OS Version", "Browser Name", "Browser Version"]);
  web.addRow([1, "Ann Lee", "QA", "Windows", "11", "Chrome", "120"]);
  bugSheet(wb, [
    bug({ description: "Crash on save", priority: "High", status: "Fixed", reporterName: "Ann Lee" }),
    bug({ description: "Typo on home page", priority: "Low", status: "Open", reporterName: "Zed Unknown" }),
    bug({ description: "Slow search", priority: "high", status: "New", reporterName: "ann lee" }),
    ...(opts.withUnknownSuggestion ? [bug({ description: "Odd colours", priority: "Soon", status: "Blah" })] : []),
  ]);
  return toBuffer(wb);
}

/** A team's own file: only Bug_Sheet. */
export async function bugSheetOnlyWorkbook(count = 3): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  bugSheet(
    wb,
    Array.from({ length: count }, (_, i) =>
      bug({ description: `Bug number ${i + 1}\nDetails of bug ${i + 1}`, priority: `P${(i % 4) + 1}`, status: i % 2 ? "Done" : "Open", browser: "Firefox", browserVersion: "115.0", os: "Linux" }),
    ),
  );
  return toBuffer(wb);
}

/** A big Bug_Sheet (for the row limit and the timing check). */
export async function manyBugsWorkbook(count: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(SHEET.bugs);
  header(ws, 1, BUG_HEADERS);
  for (let i = 0; i < count; i++) {
    ws.addRow(
      bug({
        menuName: `Menu ${i % 10}`,
        description: `Bug ${i + 1}: something is wrong on page ${i % 50}\nMore details about bug ${i + 1}.`,
        steps: `1. Open page ${i % 50}\n2. Click`,
        reporterName: `Person ${i % 20}`,
        browser: "Chrome",
        browserVersion: "120.0",
        os: "Windows",
        osVersion: "11",
        priority: `P${(i % 4) + 1}`,
        status: "Open",
      }),
    );
  }
  return toBuffer(wb);
}

/** Our own export's shape: visible sheets plus the hidden _bashboard sheet with the extra fields. */
export async function ownExportWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  prerequisites(wb, "Use Chrome or Firefox.", "Install the build from TestFlight.");
  features(wb, [["Checkout", "Pay"]]);
  const mobile = wb.addWorksheet(SHEET.mobile);
  header(mobile, 1, ["Sr. No.", "Name", "Designation", "Mobile Phone OS", "OS Version", "Mobile Phone Name"]);
  mobile.addRow([1, "Tia Triager", "QA lead", "iOS", "17.1", "iPhone 15"]);
  const web = wb.addWorksheet(SHEET.web);
  header(web, 1, ["Sr. No.", "Name", "Designation", "OS", "OS Version", "Browser Name", "Browser Version"]);
  bugSheet(wb, [
    bug({
      menuName: "Checkout",
      description: "'=Total shows NaN\n\nThe basket total reads NaN after removing an item.",
      reporterName: "Tia Triager",
      phoneName: "iPhone 15",
      mobileOs: "iOS",
      mobileOsVersion: "17.1",
      priority: "P2",
      status: "Needs Info",
    }),
    bug({ description: "Edited outside Bashboard", reporterName: "Tia Triager", status: "Open" }),
  ]);
  const ids = wb.addWorksheet(SHEET.ids, { state: "hidden" });
  header(ids, 1, [...IDS_HEADERS]);
  ids.addRow([IDS_BASH_SHEET, 0, "bash-1", JSON.stringify({ format: IDS_FORMAT, version: IDS_VERSION, title: "Old bash", product: "", release: "", label: "bug-bash" })]);
  ids.addRow([
    SHEET.mobile,
    2,
    "m1:d1",
    JSON.stringify({
      name: "Tia Triager",
      email: "tia@example.com",
      role: "TRIAGER",
      rsvp: "GOING",
      designation: "QA lead",
      isPlaceholder: false,
      device: { kind: "MOBILE", os: "iOS", osVersion: "17.1", browser: "Safari", browserVersion: "17", phoneName: "iPhone 15" },
    }),
  ]);
  ids.addRow([
    SHEET.bugs,
    2,
    "web:original-client-id",
    JSON.stringify({
      number: 7,
      title: "=Total shows NaN",
      description: "The basket total reads NaN after removing an item.",
      expected: "A number",
      actual: "NaN",
      severity: "MAJOR",
      priority: "P2",
      status: "NEEDS_INFO",
      environment: "Staging",
      deviceKind: "MOBILE",
      os: "iOS",
      osVersion: "17.1",
      browser: "Safari",
      browserVersion: "17",
      phoneName: "iPhone 15",
      reporterName: "Tia Triager",
      createdAt: "2024-03-05T10:00:00.000Z",
      sprint: "CURRENT",
      sprintName: "Sprint 9",
      duplicateOf: null,
    }),
  ]);
  ids.addRow([SHEET.bugs, 3, "web:edited", JSON.stringify({ number: 8, title: "Original title", description: "", expected: "x", actual: "y", severity: "MINOR", priority: null, status: "OPEN" })]);
  return toBuffer(wb);
}

// ---------------------------------------------------------------------------------------------
// Malformed files

/** A 1×1 PNG. */
export const PNG_BYTES = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

const OLE_HEADER = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** A legacy .xls: an OLE compound file (header and padding are enough for the check). */
export function legacyXls(): Buffer {
  return Buffer.concat([OLE_HEADER, Buffer.alloc(1024 - 8, 0), Buffer.from("Workbook", "utf16le"), Buffer.alloc(512)]);
}

/** A password-protected .xlsx: Excel saves it as an OLE file with EncryptionInfo/EncryptedPackage streams. */
export function encryptedXlsx(): Buffer {
  return Buffer.concat([OLE_HEADER, Buffer.alloc(1016), Buffer.from("EncryptionInfo", "utf16le"), Buffer.alloc(64), Buffer.from("EncryptedPackage", "utf16le"), Buffer.alloc(512)]);
}

/** A .docx renamed to .xlsx: a zip with word/document.xml and no xl/workbook.xml. */
export function renamedDocx(): Buffer {
  return buildZip([
    storedPart("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    storedPart("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'),
    storedPart("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>'),
  ]);
}

/** The smallest workbook the reader accepts: one sheet (default Bug_Sheet) whose XML part is given. */
export function minimalWorkbook(sheet: Omit<ZipPart, "name"> | string, sheetName: string = SHEET.bugs): Buffer {
  const part: ZipPart = typeof sheet === "string" ? storedPart("xl/worksheets/sheet1.xml", sheet) : { ...sheet, name: "xl/worksheets/sheet1.xml" };
  return buildZip([
    storedPart(
      "[Content_Types].xml",
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
    ),
    storedPart(
      "_rels/.rels",
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    storedPart(
      "xl/workbook.xml",
      `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${sheetName}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    storedPart(
      "xl/_rels/workbook.xml.rels",
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
    part,
  ]);
}

/** Deflated zeros: `megabytes` MB that compress to about 1 KB per MB (streamed, never all in memory). */
async function deflatedZeros(megabytes: number): Promise<Buffer> {
  const mb = Buffer.alloc(1024 * 1024);
  const chunks: Buffer[] = [];
  const stream = zlib.createDeflateRaw({ level: 9 });
  stream.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    stream.on("end", resolve);
    stream.on("error", reject);
  });
  for (let i = 0; i < megabytes; i++) {
    if (!stream.write(mb)) await new Promise((r) => stream.once("drain", r));
  }
  stream.end();
  await done;
  return Buffer.concat(chunks);
}

/**
 * A zip bomb: a workbook whose sheet part is `megabytes` MB of zeros. With `declaredBytes` the
 * central directory lies about the size (a bomb that hides its real size).
 */
export async function zipBomb(megabytes: number, declaredBytes?: number): Promise<Buffer> {
  const data = await deflatedZeros(megabytes);
  // The CRC is not checked by anyone before the size checks refuse the file.
  return minimalWorkbook({ method: 8, crc32: 0, compressedSize: data.length, uncompressedSize: declaredBytes ?? megabytes * 1024 * 1024, data });
}

/** A valid-looking workbook with more zip entries than the limit. */
export function tooManyEntries(entries: number): Buffer {
  const base = minimalWorkbook('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>');
  const extra: Record<string, string> = {};
  for (let i = 0; i < entries; i++) extra[`xl/media/pad${i}.txt`] = "x";
  return rezip(base, () => undefined, extra);
}
