import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { beforeEach, describe, expect, it } from "vitest";
import { createDemoBash } from "@/lib/demo/create-demo";
import type { Actor } from "@/lib/policy";
import {
  BUG_COLUMNS,
  FEATURE_COLUMNS,
  FEATURES_HEADER_ROW,
  IDS_BASH_SHEET,
  IDS_FORMAT,
  IDS_HEADERS,
  MOBILE_COLUMNS,
  PREREQ_TITLE,
  SHEET,
  STATUS_LABELS,
  TEMPLATE_SHEETS,
  WEB_COLUMNS,
  type IdsParticipantData,
  type IdsReportData,
} from "@/lib/xlsx/columns";
import { exportBashWorkbook, type ExportMode } from "@/lib/xlsx/export";
import { makeUser } from "../factories/users";
import { db, resetDb } from "./db";

beforeEach(resetDb);

const BASE = "https://bashboard.example.com";
const col = (field: string) => BUG_COLUMNS.findIndex((c) => c.field === field) + 1;

async function exportToBuffer(actor: Actor, bashId: string, mode?: ExportMode) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => out.on("end", resolve));
  const result = await exportBashWorkbook(db(), actor, bashId, out, { baseUrl: `${BASE}/`, mode });
  await ended;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return { result, wb };
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`sheet "${name}" is missing`);
  return ws;
}

/** Text of each cell of a row, columns 1..n. */
function rowTexts(ws: ExcelJS.Worksheet, row: number, n: number): string[] {
  return Array.from({ length: n }, (_, i) => ws.getCell(row, i + 1).text);
}

/** Data rows below the header: rows with a value in any of the first n columns. */
function dataRows(ws: ExcelJS.Worksheet, headerRow: number, n: number): number[] {
  const rows: number[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) if (rowTexts(ws, r, n).some((t) => t !== "")) rows.push(r);
  return rows;
}

function findBugRow(ws: ExcelJS.Worksheet, title: string): number {
  for (let r = 2; r <= ws.rowCount; r++) if (ws.getCell(r, col("description")).text.startsWith(title)) return r;
  throw new Error(`no Bug_Sheet row for "${title}"`);
}

async function actorByEmail(email: string): Promise<Actor> {
  const u = await db().user.findUniqueOrThrow({ where: { email } });
  return { id: u.id, name: u.name, email: u.email, isAdmin: u.isAdmin };
}

/** The demo bash plus a hostile mobile report with two attachments and a member without a device. */
async function seed() {
  const facilitator = await makeUser(db(), { name: "Facilitator" });
  const bashId = await createDemoBash(db(), facilitator);
  const aiko = await db().user.findUniqueOrThrow({ where: { email: "aiko.demo@bashboard.local" } });
  const hostile = await db().report.create({
    data: {
      bashId,
      number: 41,
      clientId: "hostile-1",
      title: '=HYPERLINK("http://evil")',
      description: "Click me",
      steps: "@SUM(1+1)",
      remarks: "+1 me too",
      priority: "P1",
      status: "NEEDS_INFO",
      deviceKind: "MOBILE",
      os: "iOS",
      osVersion: "18.1",
      phoneName: "iPhone 15",
      reporterId: aiko.id,
      reporterName: "Aiko Tanaka",
    },
  });
  const a1 = await db().attachment.create({
    data: { bashId, reportId: hostile.id, storageKey: "k1", fileName: "a.png", contentType: "image/png", size: 10, createdAt: new Date(Date.now() - 1000) },
  });
  const a2 = await db().attachment.create({ data: { bashId, reportId: hostile.id, storageKey: "k2", fileName: "b.png", contentType: "image/png", size: 10 } });
  const deviceless = await makeUser(db(), { name: "No Device Person" });
  await db().membership.create({ data: { bashId, userId: deviceless.id, role: "PARTICIPANT", designation: "Intern" } });
  return { facilitator, bashId, hostile, attachments: [a1.id, a2.id] };
}

describe("xlsx export", () => {
  it("writes the template's sheets, headers and one row per feature, device and report", async () => {
    const { facilitator, bashId } = await seed();
    const { result, wb } = await exportToBuffer(facilitator, bashId);
    const reports = await db().report.count({ where: { bashId } });
    expect(reports).toBe(41);
    expect(result).toEqual({ reports });

    expect(wb.worksheets.map((w) => w.name)).toEqual([...TEMPLATE_SHEETS, SHEET.ids]);
    expect(wb.worksheets.map((w) => w.state)).toEqual(["visible", "visible", "visible", "visible", "visible", "hidden"]);

    const prereq = sheet(wb, SHEET.prerequisites);
    const bash = await db().bash.findUniqueOrThrow({ where: { id: bashId } });
    expect(rowTexts(prereq, 1, 1)).toEqual([PREREQ_TITLE]);
    expect(prereq.getCell("A1").font?.bold).toBe(true);
    expect(rowTexts(prereq, 2, 2)).toEqual(["For Website", bash.prerequisitesWeb]);
    expect(rowTexts(prereq, 3, 2)).toEqual(["For Mobile App", bash.prerequisitesMobile]);

    // Headers exactly as columns.ts, bold, frozen and filterable.
    const tables = [
      { ws: sheet(wb, SHEET.features), row: FEATURES_HEADER_ROW, cols: FEATURE_COLUMNS, filter: `A3:B3` },
      { ws: sheet(wb, SHEET.mobile), row: 1, cols: MOBILE_COLUMNS, filter: "A1:F1" },
      { ws: sheet(wb, SHEET.web), row: 1, cols: WEB_COLUMNS, filter: "A1:G1" },
      { ws: sheet(wb, SHEET.bugs), row: 1, cols: BUG_COLUMNS, filter: "A1:O1" },
    ];
    for (const t of tables) {
      expect(rowTexts(t.ws, t.row, t.cols.length + 1), t.ws.name).toEqual([...t.cols.map((c) => c.header), ""]);
      expect(t.ws.getCell(t.row, 1).font?.bold, t.ws.name).toBe(true);
      expect(t.ws.views[0], t.ws.name).toMatchObject({ state: "frozen", ySplit: t.row });
      expect(t.ws.autoFilter, t.ws.name).toBe(t.filter);
      expect(t.ws.columns.slice(0, t.cols.length).map((c) => c.width), t.ws.name).toEqual(t.cols.map((c) => c.width));
    }
    expect(sheet(wb, SHEET.features).model.merges).toEqual(expect.arrayContaining(["A1:C1", "A2:C2"]));

    // Features in position order from row 4.
    const features = await db().feature.findMany({ where: { bashId }, orderBy: { position: "asc" } });
    const fs = sheet(wb, SHEET.features);
    expect(dataRows(fs, FEATURES_HEADER_ROW, 2)).toEqual(features.map((_, i) => FEATURES_HEADER_ROW + 1 + i));
    expect(features.map((_, i) => rowTexts(fs, 4 + i, 2))).toEqual(features.map((f) => [f.menuName, f.description]));

    // Participants: one row per device, plus one web row for the member without a device.
    const devices = await db().device.findMany({ where: { membership: { bashId } } });
    // The facilitator who loaded the demo and "No Device Person" have no device.
    const deviceless = await db().membership.count({ where: { bashId, devices: { none: {} } } });
    expect(deviceless).toBe(2);
    const mobile = sheet(wb, SHEET.mobile);
    const web = sheet(wb, SHEET.web);
    const mobileRows = dataRows(mobile, 1, MOBILE_COLUMNS.length);
    const webRows = dataRows(web, 1, WEB_COLUMNS.length);
    expect(mobileRows).toHaveLength(devices.filter((d) => d.kind === "MOBILE").length);
    expect(webRows).toHaveLength(devices.filter((d) => d.kind === "WEB").length + deviceless);
    expect(mobileRows.length + webRows.length).toBe(devices.length + deviceless);
    expect(mobileRows.map((r) => mobile.getCell(r, 1).value)).toEqual(mobileRows.map((_, i) => i + 1));
    expect(webRows.map((r) => web.getCell(r, 1).value)).toEqual(webRows.map((_, i) => i + 1));
    const aikoRow = mobileRows.find((r) => mobile.getCell(r, 2).text === "Aiko Tanaka");
    expect(aikoRow && typeof mobile.getCell(aikoRow, 1).value).toBe("number");
    expect(aikoRow && rowTexts(mobile, aikoRow, 6).slice(1)).toEqual(["Aiko Tanaka", "Product Designer", "iOS", "18.1", "iPhone 15"]);
    const tomRow = webRows.find((r) => web.getCell(r, 2).text === "Tom Becker");
    expect(tomRow && rowTexts(web, tomRow, 7).slice(1)).toEqual(["Tom Becker", "Backend Developer", "Windows", "11", "Edge", "131"]);
    const lonelyRow = webRows.find((r) => web.getCell(r, 2).text === "No Device Person");
    expect(lonelyRow && rowTexts(web, lonelyRow, 7).slice(1)).toEqual(["No Device Person", "Intern", "", "", "", ""]);

    // Bug_Sheet: every report, in number order.
    const bugs = sheet(wb, SHEET.bugs);
    const bugRows = dataRows(bugs, 1, BUG_COLUMNS.length);
    expect(bugRows).toEqual(Array.from({ length: reports }, (_, i) => i + 2));
    const byNumber = await db().report.findMany({ where: { bashId }, orderBy: { number: "asc" }, select: { title: true } });
    expect(bugRows.map((r) => bugs.getCell(r, col("description")).text.split("\n")[0])).toEqual(
      byNumber.map((r) => (r.title.startsWith("=") ? `'${r.title}` : r.title)),
    );
  });

  it("a report's cells: menu, description, steps, device columns, priority and status label", async () => {
    const { facilitator, bashId, attachments } = await seed();
    const { wb } = await exportToBuffer(facilitator, bashId);
    const bugs = sheet(wb, SHEET.bugs);
    const title = "Promo code SAVE10 applied twice";
    const report = await db().report.findFirstOrThrow({ where: { bashId, title } });
    const row = findBugRow(bugs, title);
    const cells = Object.fromEntries(BUG_COLUMNS.map((c, i) => [c.field, bugs.getCell(row, i + 1).text]));
    expect(cells).toEqual({
      menuName: "Cart",
      description: `${title}\n\n${report.description}`,
      steps: "1. Add an item\n2. Apply SAVE10\n3. Apply SAVE10 again",
      screenshots: "",
      reporterName: "Noah Williams",
      browser: "Firefox",
      browserVersion: "133",
      os: "Windows",
      osVersion: "10",
      phoneName: "",
      mobileOs: "",
      mobileOsVersion: "",
      priority: "P4",
      status: "Duplicate",
      remarks: "",
    });
    expect(report).toMatchObject({ priority: "P4", status: "DUPLICATE" });

    // The hostile mobile report: neutralised text, mobile columns, attachment links one per line.
    const h = findBugRow(bugs, "'=HYPERLINK");
    const hostile = Object.fromEntries(BUG_COLUMNS.map((c, i) => [c.field, bugs.getCell(h, i + 1).text]));
    expect(hostile).toMatchObject({
      description: `'=HYPERLINK("http://evil")\n\nClick me`,
      steps: "'@SUM(1+1)",
      remarks: "'+1 me too",
      screenshots: attachments.map((id) => `${BASE}/api/attachments/${id}`).join("\n"),
      browser: "",
      os: "",
      phoneName: "iPhone 15",
      mobileOs: "iOS",
      mobileOsVersion: "18.1",
      priority: "P1",
      status: STATUS_LABELS.NEEDS_INFO,
    });
    expect(bugs.getCell(h, col("description")).value).toBe(`'=HYPERLINK("http://evil")\n\nClick me`);
    expect(bugs.getCell(h, col("description")).formula).toBeUndefined();
    expect(bugs.getCell(h, col("description")).alignment?.wrapText).toBe(true);

    // Untriaged report: empty priority.
    const open = await db().report.findFirstOrThrow({ where: { bashId, status: "OPEN" }, orderBy: { number: "asc" } });
    expect(open.priority).toBeNull();
    expect(bugs.getCell(findBugRow(bugs, open.title), col("priority")).value).toBeNull();
    expect(bugs.getCell(findBugRow(bugs, open.title), col("status")).text).toBe("Open");
  });

  it("Priority and Status lists cover row 2, the last data row and row 1000", async () => {
    const { facilitator, bashId } = await seed();
    const { wb } = await exportToBuffer(facilitator, bashId);
    const bugs = sheet(wb, SHEET.bugs);
    const last = 1 + (await db().report.count({ where: { bashId } }));
    for (const row of [2, last, last + 1, 1000]) {
      expect(bugs.getCell(row, col("priority")).dataValidation, `priority on row ${row}`).toMatchObject({
        type: "list",
        allowBlank: true,
        formulae: ['"P1,P2,P3,P4"'],
        showErrorMessage: true,
        error: "Choose P1, P2, P3 or P4.",
      });
      expect(bugs.getCell(row, col("status")).dataValidation, `status on row ${row}`).toMatchObject({
        type: "list",
        formulae: [`"${Object.values(STATUS_LABELS).join(",")}"`],
        showErrorMessage: true,
      });
    }
    const model = (bugs as unknown as { dataValidations: { model: Record<string, unknown> } }).dataValidations.model;
    expect(model.M1001).toBeUndefined();
    expect(model.M1).toBeUndefined();
    expect(Object.keys(model).filter((k) => k.startsWith("M"))).toHaveLength(999);
  });

  it("more than one page of reports: every report, in order, with validations down to the last row", async () => {
    const facilitator = await makeUser(db());
    const bashId = await createDemoBash(db(), facilitator);
    const extra = 1_100;
    await db().report.createMany({
      data: Array.from({ length: extra }, (_, i) => ({
        bashId,
        number: 41 + i,
        clientId: `bulk-${i}`,
        title: `Bulk report ${41 + i}`,
        priority: i % 2 ? ("P2" as const) : null,
        status: "CONFIRMED" as const,
      })),
    });
    const { result, wb } = await exportToBuffer(facilitator, bashId);
    const total = 40 + extra;
    expect(result.reports).toBe(total);
    const bugs = sheet(wb, SHEET.bugs);
    const last = total + 1;
    expect(bugs.getCell(last, col("description")).text).toBe(`Bulk report ${total}`);
    expect(bugs.getCell(last + 1, col("description")).text).toBe("");
    // Across the page boundary (rows 1001 and 1002 hold reports 1000 and 1001).
    expect(bugs.getCell(1001, col("description")).text).toBe("Bulk report 1000");
    expect(bugs.getCell(1002, col("description")).text).toBe("Bulk report 1001");
    expect(bugs.getCell(last, col("status")).text).toBe("Confirmed");
    for (const row of [2, 1000, 1001, last]) {
      expect(bugs.getCell(row, col("priority")).dataValidation?.formulae, `row ${row}`).toEqual(['"P1,P2,P3,P4"']);
      expect(bugs.getCell(row, col("status")).dataValidation?.type, `row ${row}`).toBe("list");
    }
    expect(bugs.getCell(last + 1, col("priority")).dataValidation).toBeUndefined();
    const hidden = sheet(wb, SHEET.ids);
    const reportIds = dataRows(hidden, 1, 4).filter((r) => hidden.getCell(r, 1).text === SHEET.bugs);
    expect(reportIds).toHaveLength(total);
    const lastId = reportIds[reportIds.length - 1];
    expect(hidden.getCell(lastId, 2).value).toBe(last);
    expect(hidden.getCell(lastId, 3).text).toBe(`bulk-${extra - 1}`);
  });

  it("the hidden _bashboard sheet holds ids and the fields the template has no column for", async () => {
    const { facilitator, bashId, hostile } = await seed();
    const { wb } = await exportToBuffer(facilitator, bashId);
    const hidden = sheet(wb, SHEET.ids);
    expect(hidden.state).toBe("hidden");
    expect(rowTexts(hidden, 1, 5)).toEqual([...IDS_HEADERS, ""]);
    const rows = dataRows(hidden, 1, 4).map((r) => ({
      sheet: hidden.getCell(r, 1).text,
      row: hidden.getCell(r, 2).value,
      id: hidden.getCell(r, 3).text,
      data: JSON.parse(hidden.getCell(r, 4).text) as Record<string, unknown>,
    }));
    const bash = await db().bash.findUniqueOrThrow({ where: { id: bashId } });
    expect(rows[0]).toEqual({
      sheet: IDS_BASH_SHEET,
      row: 0,
      id: bashId,
      data: { format: IDS_FORMAT, version: 1, title: bash.title, product: bash.product, release: bash.release, label: bash.label },
    });

    const features = await db().feature.findMany({ where: { bashId }, orderBy: { position: "asc" } });
    expect(rows.filter((r) => r.sheet === SHEET.features)).toEqual(features.map((f, i) => ({ sheet: SHEET.features, row: 4 + i, id: f.id, data: { position: f.position } })));

    const people = rows.filter((r) => r.sheet === SHEET.mobile || r.sheet === SHEET.web);
    const devices = await db().device.count({ where: { membership: { bashId } } });
    const deviceless = await db().membership.count({ where: { bashId, devices: { none: {} } } });
    expect(people).toHaveLength(devices + deviceless);
    const aikoMembership = await db().membership.findFirstOrThrow({ where: { bashId, user: { email: "aiko.demo@bashboard.local" } }, include: { devices: true } });
    const aiko = people.find((p) => p.id === `${aikoMembership.id}:${aikoMembership.devices[0].id}`);
    expect(aiko).toMatchObject({ sheet: SHEET.mobile });
    expect(aiko?.data).toEqual({
      name: "Aiko Tanaka",
      email: "aiko.demo@bashboard.local",
      role: "PARTICIPANT",
      rsvp: "GOING",
      designation: "Product Designer",
      isPlaceholder: false,
      device: { kind: "MOBILE", os: "iOS", osVersion: "18.1", browser: "", browserVersion: "", phoneName: "iPhone 15" },
    } satisfies IdsParticipantData);
    expect(sheet(wb, SHEET.mobile).getCell(aiko!.row as number, 2).text).toBe("Aiko Tanaka");
    const lonely = people.find((p) => (p.data as IdsParticipantData).name === "No Device Person");
    expect(lonely).toMatchObject({ sheet: SHEET.web, data: { device: null, designation: "Intern" } });
    expect(lonely?.id).not.toContain(":");

    const reportRows = rows.filter((r) => r.sheet === SHEET.bugs);
    const reports = await db().report.findMany({ where: { bashId }, orderBy: { number: "asc" }, include: { environment: true, duplicateOf: true } });
    expect(reportRows.map((r) => r.id)).toEqual(reports.map((r) => r.clientId));
    expect(reportRows.map((r) => r.row)).toEqual(reports.map((_, i) => i + 2));
    const bugs = sheet(wb, SHEET.bugs);
    for (const [i, r] of reports.entries()) {
      const d = reportRows[i].data as IdsReportData;
      expect(d.number).toBe(r.number);
      expect(d.title).toBe(r.title);
      expect(bugs.getCell(reportRows[i].row as number, col("description")).text.split("\n")[0]).toBe(r.title.startsWith("=") ? `'${r.title}` : r.title);
    }
    const dup = reports.find((r) => r.duplicateOf)!;
    expect(reportRows[reports.indexOf(dup)].data).toEqual({
      number: dup.number,
      title: dup.title,
      description: dup.description,
      expected: dup.expected,
      actual: dup.actual,
      severity: dup.severity,
      priority: dup.priority,
      status: "DUPLICATE",
      environment: dup.environment?.name ?? "",
      deviceKind: dup.deviceKind,
      os: dup.os,
      osVersion: dup.osVersion,
      browser: dup.browser,
      browserVersion: dup.browserVersion,
      phoneName: dup.phoneName,
      reporterName: dup.reporterName,
      createdAt: dup.createdAt.toISOString(),
      sprint: dup.sprint,
      sprintName: dup.sprintName,
      duplicateOf: dup.duplicateOf?.number ?? null,
    } satisfies IdsReportData);
    // The raw title stays raw in the JSON (the cell starts with "{", which no spreadsheet evaluates).
    const h = reportRows.find((r) => r.id === hostile.clientId)!;
    expect(hidden.getCell(rows.indexOf(h) + 2, 3).text).toBe(hostile.clientId);
    expect(hidden.getCell(rows.indexOf(h) + 2, 4).text.startsWith("{")).toBe(true);
    expect((h.data as IdsReportData).title).toBe('=HYPERLINK("http://evil")');
    expect((h.data as IdsReportData).environment).toBe("");
  });

  it("template mode: brief and features, no people and no bugs, validations kept", async () => {
    const { facilitator, bashId } = await seed();
    const { result, wb } = await exportToBuffer(facilitator, bashId, "template");
    expect(result).toEqual({ reports: 0 });
    expect(wb.worksheets.map((w) => w.name)).toEqual([...TEMPLATE_SHEETS, SHEET.ids]);
    const bash = await db().bash.findUniqueOrThrow({ where: { id: bashId } });
    expect(sheet(wb, SHEET.prerequisites).getCell("B2").text).toBe(bash.prerequisitesWeb);
    expect(dataRows(sheet(wb, SHEET.features), FEATURES_HEADER_ROW, 2)).toHaveLength(5);
    expect(dataRows(sheet(wb, SHEET.mobile), 1, MOBILE_COLUMNS.length)).toEqual([]);
    expect(dataRows(sheet(wb, SHEET.web), 1, WEB_COLUMNS.length)).toEqual([]);
    const bugs = sheet(wb, SHEET.bugs);
    expect(dataRows(bugs, 1, BUG_COLUMNS.length)).toEqual([]);
    expect(rowTexts(bugs, 1, BUG_COLUMNS.length)).toEqual(BUG_COLUMNS.map((c) => c.header));
    expect(bugs.getCell(2, col("priority")).dataValidation?.type).toBe("list");
    expect(bugs.getCell(1000, col("status")).dataValidation?.type).toBe("list");
    const hidden = sheet(wb, SHEET.ids);
    expect(dataRows(hidden, 1, 4).map((r) => [hidden.getCell(r, 1).text, hidden.getCell(r, 3).text])).toEqual([[IDS_BASH_SHEET, bashId]]);
  });

  it("a download closed half-way fails the export instead of leaving it waiting", async () => {
    const { facilitator, bashId } = await seed();
    const out = new PassThrough();
    out.on("error", () => {});
    out.once("data", () => out.destroy());
    await expect(exportBashWorkbook(db(), facilitator, bashId, out, { baseUrl: BASE })).rejects.toThrow(/closed before the workbook was complete/);
  });

  it("participants and observers are FORBIDDEN, outsiders NOT_FOUND, triagers may export; nothing is written when refused", async () => {
    const { bashId } = await seed();
    const outsider = await makeUser(db());
    const cases: [Actor, string][] = [
      [await actorByEmail("tom.demo@bashboard.local"), "FORBIDDEN"],
      [await actorByEmail("grace.demo@bashboard.local"), "FORBIDDEN"],
      [outsider, "NOT_FOUND"],
    ];
    for (const [actor, code] of cases) {
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on("data", (c: Buffer) => chunks.push(c));
      await expect(exportBashWorkbook(db(), actor, bashId, out, { baseUrl: BASE }), actor.email).rejects.toMatchObject({ code });
      expect(chunks, actor.email).toEqual([]);
      expect(out.writableEnded).toBe(false);
    }
    await expect(exportBashWorkbook(db(), outsider, "no-such-bash", new PassThrough(), { baseUrl: BASE })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const { result } = await exportToBuffer(await actorByEmail("lucas.demo@bashboard.local"), bashId);
    expect(result.reports).toBe(41);
  });
});
