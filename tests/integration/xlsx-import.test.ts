import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { beforeEach, describe, expect, it } from "vitest";
import { createBash } from "@/lib/bashes/commands";
import type { BashRole } from "@/lib/policy";
import { SHEET, XLSX_LIMITS } from "@/lib/xlsx/columns";
import { commitImport, previewImport } from "@/lib/xlsx/import";
import { readWorkbook } from "@/lib/xlsx/read";
import {
  bug,
  bugSheetOnlyWorkbook,
  BUG_HEADERS,
  encryptedXlsx,
  legacyXls,
  manyBugsWorkbook,
  ownExportWorkbook,
  PNG_BYTES,
  renamedDocx,
  rezip,
  richWorkbook,
  shuffledWorkbook,
  templateWorkbook,
  toBuffer,
  tooManyEntries,
  unknownValuesWorkbook,
  zipBomb,
} from "../factories/xlsx";
import { makeUser } from "../factories/users";
import { db, resetDb } from "./db";

beforeEach(resetDb);

const FIXTURE = path.resolve(import.meta.dirname, "../../../shared/fixtures/Bugbash_Template.xlsx");

type User = Awaited<ReturnType<typeof makeUser>>;

async function setup() {
  const fac = await makeUser(db(), { name: "Fay Facilitator" });
  const bash = await createBash(db(), fac, { title: "RC bash" });
  const facMembership = await db().membership.findUniqueOrThrow({ where: { bashId_userId: { bashId: bash.id, userId: fac.id } } });
  return { fac, bash, facMembershipId: facMembership.id };
}

async function member(bashId: string, role: BashRole, name?: string, email?: string): Promise<User & { membershipId: string }> {
  const u = await makeUser(db(), { name, email });
  const m = await db().membership.create({ data: { bashId, userId: u.id, role } });
  return { ...u, membershipId: m.id };
}

/** Everything an import could write. */
async function snapshot() {
  const d = db();
  const bashes = await d.bash.findMany({ select: { id: true, reportCounter: true, prerequisitesWeb: true, prerequisitesMobile: true }, orderBy: { id: "asc" } });
  return {
    users: await d.user.count(),
    memberships: await d.membership.count(),
    devices: await d.device.count(),
    features: await d.feature.count(),
    reports: await d.report.count(),
    imports: await d.activity.count({ where: { type: "xlsx.imported" } }),
    bashes,
  };
}

const reportsOf = (bashId: string) =>
  db().report.findMany({ where: { bashId }, orderBy: { number: "asc" }, include: { feature: { select: { menuName: true } } } });

async function membersOf(bashId: string) {
  const ms = await db().membership.findMany({
    where: { bashId },
    include: { user: true, devices: { orderBy: [{ kind: "asc" }, { os: "asc" }] } },
    orderBy: { createdAt: "asc" },
  });
  return new Map(ms.map((m) => [m.user.name, m]));
}

describe("preview and commit of good workbooks", () => {
  it("template shape: 1 feature, 3 participants with 5 devices; guiding questions are not a brief; versions kept as typed", async () => {
    const { fac, bash } = await setup();
    const buf = await templateWorkbook();
    const preview = await previewImport(db(), fac, bash.id, buf);
    expect(preview.counts).toEqual({ prerequisites: 0, features: 1, newFeatures: 1, participants: 3, devices: 5, reports: 0, alreadyImported: 0 });
    expect(preview.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(preview.canCommit).toBe(true);
    expect(preview.sheets.map((s) => [s.name, s.found, s.dataRows])).toEqual([
      ["Pre-Requisite", true, 2],
      ["FunctionalityFeature", true, 1],
      ["List of Participants_Mobile", true, 2],
      ["List of Participants_Web", true, 3],
      ["Bug_Sheet", true, 0],
    ]);
    expect(preview.mappings.people.map((p) => [p.name, p.sheets.length, p.matchMembershipId])).toEqual([
      ["John Doe", 2, null],
      ["Jack Doe", 2, null],
      ["Jane Doe", 1, null],
    ]);
    expect(preview.members).toEqual([{ membershipId: expect.any(String), name: "Fay Facilitator" }]);

    const before = await snapshot();
    const result = await commitImport(db(), fac, bash.id, buf, {});
    expect(result).toEqual({ features: 1, participants: 3, placeholders: 3, devices: 5, reports: 0, skippedExisting: 0, prerequisites: 0 });
    const after = await snapshot();
    expect(after.users - before.users).toBe(3);
    expect(after.memberships - before.memberships).toBe(3);
    expect(after.devices - before.devices).toBe(5);
    expect(after.imports).toBe(1);

    const features = await db().feature.findMany({ where: { bashId: bash.id } });
    expect(features.map((f) => f.menuName)).toEqual(["Registration/Sign up"]);
    expect(features[0].description).toMatch(/^1\. User should be able to registre himself/);
    const b = await db().bash.findUniqueOrThrow({ where: { id: bash.id } });
    expect([b.prerequisitesWeb, b.prerequisitesMobile]).toEqual(["", ""]);

    const people = await membersOf(bash.id);
    const john = people.get("John Doe")!;
    expect(john).toMatchObject({ role: "PARTICIPANT", designation: "QA", isPlaceholder: true });
    expect(john.user.email).toMatch(/^placeholder\+[0-9a-f]+@bashboard\.invalid$/);
    expect(john.user.passwordHash).toBeNull();
    expect(john.devices.map((d) => [d.kind, d.os, d.osVersion, d.browser, d.browserVersion, d.phoneName])).toEqual([
      ["WEB", "Windows", "10", "Chrome", "94.0", ""],
      ["MOBILE", "Android", "11.0", "", "", "Samsung Galaxy S10"],
    ]);
    expect(john.devices.every((d) => d.userId === john.userId)).toBe(true);
    expect(people.get("Jack Doe")!.devices.map((d) => [d.kind, d.os, d.osVersion, d.browserVersion])).toEqual([
      ["WEB", "macOS - Big Sur", "11.0.1", "68.0"],
      ["MOBILE", "iOS", "14.0", ""],
    ]);
    expect(people.get("Jane Doe")).toMatchObject({ designation: "BA" });
    expect(people.get("Fay Facilitator")).toMatchObject({ role: "FACILITATOR", isPlaceholder: false });
    const activity = await db().activity.findFirstOrThrow({ where: { type: "xlsx.imported" } });
    expect(activity).toMatchObject({ bashId: bash.id, actorId: fac.id, data: result });
  });

  // Skips on purpose when ../shared/fixtures is not checked out next to the repository (a clean clone
  // elsewhere, as in CI): the project's own fixtures in tests/factories/xlsx.ts cover the same shapes.
  it.skipIf(!fs.existsSync(FIXTURE))(
    "the community template (../shared/fixtures/Bugbash_Template.xlsx; skipped when the shared fixtures are not checked out)",
    async () => {
      const { fac, bash } = await setup();
      const buf = fs.readFileSync(FIXTURE);
      const preview = await previewImport(db(), fac, bash.id, buf);
      expect(preview.counts).toMatchObject({ features: 1, participants: 3, devices: 5, reports: 0, prerequisites: 0 });
      expect(preview.mappings.people.map((p) => p.name).sort()).toEqual(["Jack Doe", "Jane Doe", "John Doe"]);
      expect(preview.problems.filter((p) => p.severity === "error")).toEqual([]);
      expect(preview.canCommit).toBe(true);

      await commitImport(db(), fac, bash.id, buf, {});
      const john = (await membersOf(bash.id)).get("John Doe")!;
      expect(john.devices).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: "MOBILE", os: "Android", osVersion: "11.0", phoneName: "Samsung Galaxy S10" }),
          expect.objectContaining({ kind: "WEB", os: "Windows", osVersion: "10", browser: "Chrome", browserVersion: "94.0" }),
        ]),
      );
      expect(john.devices).toHaveLength(2);
    },
  );

  it("headers in another order, case and spacing, aliases and an extra column; names merged across sheets; an existing member matched", async () => {
    const { fac, bash } = await setup();
    const bob = await member(bash.id, "PARTICIPANT", "Bob Stone");
    await db().feature.create({ data: { bashId: bash.id, menuName: "CHECKOUT", position: 0 } });
    await db().bash.update({ where: { id: bash.id }, data: { reportCounter: 5 } });
    const buf = await shuffledWorkbook();

    const preview = await previewImport(db(), fac, bash.id, buf);
    expect(preview.canCommit).toBe(true);
    expect(preview.problems).toEqual(
      expect.arrayContaining([
        { sheet: "list of participants - mobile", row: 1, column: "Team", severity: "info", message: "Column “Team” is not part of the template; it was ignored." },
        { sheet: "bug sheet", row: 1, column: "Foo", severity: "info", message: "Column “Foo” is not part of the template; it was ignored." },
        { sheet: "Pre-Requisite", row: null, column: null, severity: "info", message: "The sheet “Pre-Requisite” is not in the file; nothing was imported from it." },
      ]),
    );
    expect(preview.sheets.find((s) => s.name === "bug sheet")).toMatchObject({ found: true, dataRows: 2, extraColumns: ["Foo"] });
    expect(preview.counts).toEqual({ prerequisites: 0, features: 2, newFeatures: 1, participants: 2, devices: 3, reports: 2, alreadyImported: 0 });
    expect(preview.mappings.people).toEqual([
      { name: "Ann Lee", sheets: ["list of participants - mobile", "LIST OF PARTICIPANTS WEB", "bug sheet"], matchMembershipId: null },
      { name: "Bob Stone", sheets: ["LIST OF PARTICIPANTS WEB", "bug sheet"], matchMembershipId: bob.membershipId },
    ]);
    expect(preview.mappings.priorities).toEqual([]);
    expect(preview.mappings.statuses).toEqual([]);

    const result = await commitImport(db(), fac, bash.id, buf, {});
    expect(result).toEqual({ features: 1, participants: 2, placeholders: 1, devices: 3, reports: 2, skippedExisting: 0, prerequisites: 0 });
    const reports = await reportsOf(bash.id);
    expect(reports.map((r) => [r.number, r.title, r.description, r.status, r.priority, r.feature?.menuName, r.reporterName])).toEqual([
      [6, "Card form rejects valid cards", "Visa 4242 is refused.", "IN_PROGRESS", "P2", "CHECKOUT", "Bob Stone"],
      [7, "Search shows nothing for 'shoes'", "", "OPEN", null, "search", "Ann Lee"],
    ]);
    expect(reports[0]).toMatchObject({ reporterId: bob.id, deviceKind: "WEB", browser: "Chrome", steps: "1. Pay" });
    expect(reports[1].deviceKind).toBeNull();
    expect(reports[0].clientId).toMatch(/^xlsx:[0-9a-f]{64}$/);
    expect((await db().bash.findUniqueOrThrow({ where: { id: bash.id } })).reportCounter).toBe(7);

    const people = await membersOf(bash.id);
    expect(people.get("Bob Stone")).toMatchObject({ isPlaceholder: false, designation: "PM", role: "PARTICIPANT" });
    expect(people.get("Bob Stone")!.devices.map((d) => [d.os, d.osVersion, d.browser, d.browserVersion])).toEqual([["macOS", "14.2", "Safari", "17"]]);
    const ann = people.get("Ann Lee")!;
    expect(ann).toMatchObject({ isPlaceholder: true, designation: "Dev" });
    expect(ann.devices.map((d) => [d.kind, d.os, d.osVersion, d.browser, d.browserVersion, d.phoneName])).toEqual([
      ["WEB", "Windows", "11", "Chrome", "120.0", ""],
      ["MOBILE", "Android", "13", "", "", "Pixel 7"],
    ]);
    expect(reports[1].reporterId).toBe(ann.userId);
  });

  it("formulas (saved results), rich text, hyperlinks, dates, booleans, errors, merged cells and empty styled rows", async () => {
    const { fac, bash } = await setup();
    const buf = await richWorkbook();
    const preview = await previewImport(db(), fac, bash.id, buf);
    expect(preview.canCommit).toBe(true);
    expect(preview.counts.reports).toBe(3);
    expect(preview.sheets.find((s) => s.name === SHEET.bugs)?.dataRows).toBe(3);
    expect(preview.problems).toContainEqual({
      sheet: SHEET.bugs,
      row: 4,
      column: "Browser Version",
      severity: "info",
      message: "The formula in G4 has no saved result (the file was saved without calculating it), so the cell was read as empty.",
    });
    await commitImport(db(), fac, bash.id, buf, {});
    const [pay, login, total] = await reportsOf(bash.id);
    expect(pay).toMatchObject({
      title: "Pay button does nothing",
      description: "On the last step.\n\nScreenshots:\nhttps://img.example.com/pay.png",
      steps: "See the wiki",
      browser: "Chrome",
      browserVersion: "12.0",
      os: "Windows",
      osVersion: "10",
      deviceKind: "WEB",
      priority: "P2",
      status: "OPEN",
      remarks: "2024-03-05",
      reporterName: "Ann Lee",
    });
    expect(pay.feature?.menuName).toBe("Checkout");
    expect(login).toMatchObject({
      title: "Login button misaligned",
      description: "",
      steps: "Open login\nLook at the button",
      deviceKind: "MOBILE",
      phoneName: "Pixel 7",
      os: "Android",
      osVersion: "14",
      priority: null,
      remarks: "2024-03-05 14:30",
      reporterId: null,
    });
    expect(total).toMatchObject({ title: "Total is wrong", remarks: "TRUE", browserVersion: "", deviceKind: null });
    expect(await db().feature.count({ where: { bashId: bash.id } })).toBe(1);
  });

  it("a Bug_Sheet-only file: the other sheets are reported as absent (info), the bugs are imported", async () => {
    const { fac, bash } = await setup();
    const buf = await bugSheetOnlyWorkbook(3);
    const preview = await previewImport(db(), fac, bash.id, buf);
    expect(preview.canCommit).toBe(true);
    expect(preview.problems.filter((p) => p.severity === "info").map((p) => p.sheet)).toEqual([
      "Pre-Requisite",
      "FunctionalityFeature",
      "List of Participants_Mobile",
      "List of Participants_Web",
    ]);
    expect(preview.sheets.filter((s) => !s.found)).toHaveLength(4);
    expect(preview.counts).toMatchObject({ reports: 3, participants: 0, features: 0 });
    const result = await commitImport(db(), fac, bash.id, buf, {});
    expect(result).toMatchObject({ reports: 3, placeholders: 0 });
    const reports = await reportsOf(bash.id);
    expect(reports.map((r) => [r.number, r.title, r.description, r.priority, r.status, r.browserVersion])).toEqual([
      [1, "Bug number 1", "Details of bug 1", "P1", "OPEN", "115.0"],
      [2, "Bug number 2", "Details of bug 2", "P2", "DONE", "115.0"],
      [3, "Bug number 3", "Details of bug 3", "P3", "OPEN", "115.0"],
    ]);
  });

  it("importing the same file twice never duplicates: the second time everything is skipped", async () => {
    const { fac, bash } = await setup();
    const wb = new ExcelJS.Workbook();
    const web = wb.addWorksheet(SHEET.web);
    web.addRow(["Sr. No.", "Name", "Designation", "OS", "OS Version", "Browser Name", "Browser Version"]);
    web.addRow([1, "Ann Lee", "QA", "Windows", "11", "Chrome", "120"]);
    const bugs = wb.addWorksheet(SHEET.bugs);
    bugs.addRow(BUG_HEADERS);
    bugs.addRow(bug({ description: "Same text", reporterName: "Ann Lee", menuName: "Home" }));
    bugs.addRow(bug({ description: "Same text", reporterName: "Ann Lee", menuName: "Home" }));
    bugs.addRow(bug({ description: "Other text", reporterName: "Ann Lee" }));
    const buf = await toBuffer(wb);

    const first = await commitImport(db(), fac, bash.id, buf, {});
    expect(first).toMatchObject({ reports: 3, skippedExisting: 0, placeholders: 1, devices: 1, features: 1 });
    const ids = (await reportsOf(bash.id)).map((r) => r.clientId);
    expect(new Set(ids).size).toBe(3);

    const preview = await previewImport(db(), fac, bash.id, buf);
    expect(preview.counts).toMatchObject({ reports: 0, alreadyImported: 3, newFeatures: 0 });
    expect(preview.mappings.people[0].matchMembershipId).not.toBeNull();
    const before = await snapshot();
    const second = await commitImport(db(), fac, bash.id, buf, {});
    expect(second).toEqual({ features: 0, participants: 1, placeholders: 0, devices: 0, reports: 0, skippedExisting: 3, prerequisites: 0 });
    const after = await snapshot();
    expect({ ...after, imports: 0 }).toEqual({ ...before, imports: 0 });
    expect(after.imports).toBe(before.imports + 1);
  });

  it("our own export: the hidden _bashboard sheet restores what the template has no column for", async () => {
    const { fac, bash } = await setup();
    const staging = await db().environment.create({ data: { bashId: bash.id, name: "staging" } });
    const tia = await member(bash.id, "OBSERVER", "T. Triager", "tia@example.com");
    const buf = await ownExportWorkbook();
    const preview = await previewImport(db(), fac, bash.id, buf);
    expect(preview.canCommit).toBe(true);
    expect(preview.mappings.people).toEqual([{ name: "Tia Triager", sheets: [SHEET.mobile, SHEET.bugs], matchMembershipId: tia.membershipId }]);
    expect(preview.counts).toMatchObject({ prerequisites: 2, reports: 2 });

    await commitImport(db(), fac, bash.id, buf, {});
    const [restored, edited] = await reportsOf(bash.id);
    expect(restored).toMatchObject({
      clientId: "web:original-client-id",
      title: "=Total shows NaN",
      description: "The basket total reads NaN after removing an item.",
      expected: "A number",
      actual: "NaN",
      severity: "MAJOR",
      priority: "P2",
      status: "NEEDS_INFO",
      environmentId: staging.id,
      sprint: "CURRENT",
      sprintName: "Sprint 9",
      deviceKind: "MOBILE",
      os: "iOS",
      osVersion: "17.1",
      browser: "Safari",
      phoneName: "iPhone 15",
      reporterId: tia.id,
      reporterName: "T. Triager",
    });
    // The visible row no longer matches what was exported: it is a new report, read from the cells.
    expect(edited).toMatchObject({ title: "Edited outside Bashboard", severity: null, expected: "" });
    expect(edited.clientId).toMatch(/^xlsx:/);
    const b = await db().bash.findUniqueOrThrow({ where: { id: bash.id } });
    expect([b.prerequisitesWeb, b.prerequisitesMobile]).toEqual(["Use Chrome or Firefox.", "Install the build from TestFlight."]);
    const t = (await membersOf(bash.id)).get("T. Triager")!;
    expect(t).toMatchObject({ role: "OBSERVER", designation: "QA lead" });
    expect(t.devices.map((d) => [d.kind, d.os, d.osVersion, d.browser, d.phoneName])).toEqual([["MOBILE", "iOS", "17.1", "Safari", "iPhone 15"]]);
  });

  it("hidden-sheet text PostgreSQL cannot store (a NUL, a lone surrogate) is cleaned, not a failed import", async () => {
    const { fac, bash } = await setup();
    // In the hidden sheet's JSON text: "A number" → "A\u0000num\ud800ber" (JSON escapes, as a
    // tool could write them; JSON.parse turns them into the characters).
    const buf = rezip(await ownExportWorkbook(), (name, data) =>
      name.startsWith("xl/") && data.includes("A number") ? data.toString("utf8").replace("A number", "A\\u0000num\\ud800ber") : undefined,
    );
    expect((await commitImport(db(), fac, bash.id, buf, {})).reports).toBe(2);
    const [restored] = await reportsOf(bash.id);
    expect(restored.expected).toBe("Anum\uFFFDber");
  });

  it("round trip through lib/xlsx/export.ts: an exported bash imports into another bash losslessly, and not twice into itself", async () => {
    // Imported here so a problem in the export module fails this test only.
    const { exportBashWorkbook } = await import("@/lib/xlsx/export");
    const { PassThrough } = await import("node:stream");
    const { fac, bash: src } = await setup();
    const env = await db().environment.create({ data: { bashId: src.id, name: "Staging" } });
    const feature = await db().feature.create({ data: { bashId: src.id, menuName: "Checkout", description: "Pay", position: 0 } });
    const pat = await member(src.id, "TRIAGER", "Pat Part");
    await db().membership.update({ where: { id: pat.membershipId }, data: { designation: "QA" } });
    await db().device.createMany({
      data: [
        { userId: pat.id, membershipId: pat.membershipId, kind: "MOBILE", os: "Android", osVersion: "14.0", phoneName: "Pixel 8" },
        { userId: pat.id, membershipId: pat.membershipId, kind: "WEB", os: "Windows", osVersion: "11", browser: "Chrome", browserVersion: "120.0" },
      ],
    });
    const original = {
      title: "=Total NaN",
      description: "Basket shows NaN",
      expected: "A number",
      actual: "NaN",
      steps: "-1 then +2",
      remarks: "@here",
      severity: "MAJOR",
      priority: "P2",
      status: "NEEDS_INFO",
      deviceKind: "MOBILE",
      os: "Android",
      osVersion: "14.0",
      phoneName: "Pixel 8",
      reporterName: "Pat Part",
    } as const;
    await db().report.create({ data: { ...original, bashId: src.id, number: 1, clientId: "c-1", featureId: feature.id, environmentId: env.id, reporterId: pat.id } });
    await db().report.create({ data: { bashId: src.id, number: 2, clientId: "c-2", title: "Only a title" } });
    await db().bash.update({ where: { id: src.id }, data: { reportCounter: 2 } });
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (c: Buffer) => chunks.push(c));
    await exportBashWorkbook(db(), fac, src.id, out, { baseUrl: "https://bashboard.example.com" });
    const buf = Buffer.concat(chunks);

    const again = await previewImport(db(), fac, src.id, buf);
    expect(again.counts).toMatchObject({ reports: 0, alreadyImported: 2, newFeatures: 0 });
    expect(again.problems).toEqual([]);

    const dst = await createBash(db(), fac, { title: "Next bash" });
    const staging = await db().environment.create({ data: { bashId: dst.id, name: "staging" } });
    const result = await commitImport(db(), fac, dst.id, buf, {});
    expect(result).toMatchObject({ reports: 2, features: 1, placeholders: 1, devices: 2 });
    const [first, second] = await reportsOf(dst.id);
    expect(first).toMatchObject({ ...original, clientId: "c-1", environmentId: staging.id, number: 1 });
    expect(first.feature?.menuName).toBe("Checkout");
    expect(second).toMatchObject({ clientId: "c-2", title: "Only a title", description: "", deviceKind: null, status: "OPEN" });
    const p = (await membersOf(dst.id)).get("Pat Part")!;
    expect(p).toMatchObject({ role: "TRIAGER", designation: "QA", isPlaceholder: true });
    expect(p.devices.map((d) => [d.kind, d.os, d.osVersion, d.browser, d.browserVersion, d.phoneName])).toEqual([
      ["WEB", "Windows", "11", "Chrome", "120.0", ""],
      ["MOBILE", "Android", "14.0", "", "", "Pixel 8"],
    ]);
  });

  it("our own export into a bash without that person: a placeholder with the exported role", async () => {
    const { fac, bash } = await setup();
    await commitImport(db(), fac, bash.id, await ownExportWorkbook(), {});
    const t = (await membersOf(bash.id)).get("Tia Triager")!;
    expect(t).toMatchObject({ role: "TRIAGER", isPlaceholder: true, designation: "QA lead" });
    expect(t.user.email).not.toBe("tia@example.com");
    expect((await reportsOf(bash.id))[0]).toMatchObject({ environmentId: null, reporterName: "Tia Triager" });
  });
});

describe("mappings", () => {
  it("unknown priorities and statuses get suggestions; choices and a person mapped to a member are applied", async () => {
    const { fac, bash, facMembershipId } = await setup();
    const buf = await unknownValuesWorkbook();
    const preview = await previewImport(db(), fac, bash.id, buf);
    expect(preview.canCommit).toBe(true);
    expect(preview.mappings.priorities).toEqual([
      { value: "High", rows: [2, 4], suggestion: "P2" },
      { value: "Low", rows: [3], suggestion: "P4" },
    ]);
    expect(preview.mappings.statuses).toEqual([{ value: "Fixed", rows: [2], suggestion: "DONE" }]);
    expect(preview.mappings.people).toEqual([
      { name: "Ann Lee", sheets: [SHEET.web, SHEET.bugs], matchMembershipId: null },
      { name: "Zed Unknown", sheets: [SHEET.bugs], matchMembershipId: null },
    ]);
    expect(preview.problems).toEqual(
      expect.arrayContaining([
        {
          sheet: SHEET.bugs,
          row: 2,
          column: "Priority",
          severity: "mapping",
          message: "Priority “High” (rows 2 and 4) is not one of P1–P4; it will be read as P2 unless you choose otherwise.",
        },
        {
          sheet: SHEET.bugs,
          row: 3,
          column: "Reporter Name",
          severity: "mapping",
          message: "“Zed Unknown” is not a member of this bash; a placeholder participant will be created unless you choose a member.",
        },
      ]),
    );

    const result = await commitImport(db(), fac, bash.id, buf, { priority: { High: "P2", low: "" }, people: { "Zed Unknown": facMembershipId } });
    expect(result).toMatchObject({ reports: 3, placeholders: 1 });
    const reports = await reportsOf(bash.id);
    expect(reports.map((r) => [r.title, r.priority, r.status, r.reporterName])).toEqual([
      ["Crash on save", "P2", "DONE", "Ann Lee"],
      ["Typo on home page", null, "OPEN", "Fay Facilitator"],
      ["Slow search", "P2", "OPEN", "Ann Lee"],
    ]);
    expect(reports[1].reporterId).toBe(fac.id);
    const people = await membersOf(bash.id);
    expect(people.has("Zed Unknown")).toBe(false);
    expect(people.get("Ann Lee")).toMatchObject({ isPlaceholder: true });
  });

  it("a value without a suggestion and without a choice is INVALID; nothing is written", async () => {
    const { fac, bash } = await setup();
    const buf = await unknownValuesWorkbook({ withUnknownSuggestion: true });
    const preview = await previewImport(db(), fac, bash.id, buf);
    expect(preview.canCommit).toBe(true);
    expect(preview.mappings.priorities).toContainEqual({ value: "Soon", rows: [5], suggestion: null });
    expect(preview.mappings.statuses).toContainEqual({ value: "Blah", rows: [5], suggestion: null });
    const before = await snapshot();
    await expect(commitImport(db(), fac, bash.id, buf, {})).rejects.toMatchObject({ code: "INVALID", message: "Choose what “Soon” means (row 5, Priority)." });
    await expect(commitImport(db(), fac, bash.id, buf, { priority: { Soon: "P3" } })).rejects.toMatchObject({
      code: "INVALID",
      message: "Choose what “Blah” means (row 5, Status).",
    });
    await expect(commitImport(db(), fac, bash.id, buf, { priority: { Soon: "P9" } })).rejects.toMatchObject({ code: "INVALID" });
    expect(await snapshot()).toEqual(before);
    await commitImport(db(), fac, bash.id, buf, { priority: { Soon: "P3" }, status: { Blah: "CONFIRMED" } });
    expect((await reportsOf(bash.id))[3]).toMatchObject({ priority: "P3", status: "CONFIRMED" });
  });

  it("a person mapped to a membership of another bash (or anything else) is INVALID before anything is written", async () => {
    const { fac, bash } = await setup();
    const other = await createBash(db(), fac, { title: "Other bash" });
    const stranger = await member(other.id, "PARTICIPANT", "Zed Unknown");
    const buf = await unknownValuesWorkbook();
    const before = await snapshot();
    await expect(commitImport(db(), fac, bash.id, buf, { people: { "Zed Unknown": stranger.membershipId } })).rejects.toMatchObject({
      code: "INVALID",
      message: "“Zed Unknown” is mapped to someone who is not a member of this bash; choose a member or “new”.",
    });
    await expect(commitImport(db(), fac, bash.id, buf, { people: { "Ann Lee": "nobody" } })).rejects.toMatchObject({ code: "INVALID" });
    await expect(commitImport(db(), fac, bash.id, buf, { people: 42 })).rejects.toMatchObject({ code: "INVALID" });
    expect(await snapshot()).toEqual(before);
  });
});

describe("all or nothing", () => {
  it("a database failure on the last report rolls back features, people, devices and reports", async () => {
    const { fac, bash } = await setup();
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet(SHEET.features).addRows([["Menu Name", "Feature"], ["Checkout", "Pay"]]);
    const web = wb.addWorksheet(SHEET.web);
    web.addRow(["Sr. No.", "Name", "Designation", "OS", "OS Version", "Browser Name", "Browser Version"]);
    web.addRow([1, "Ann Lee", "QA", "Windows", "11", "Chrome", "120"]);
    const bugs = wb.addWorksheet(SHEET.bugs);
    bugs.addRow(BUG_HEADERS);
    bugs.addRow(bug({ description: "First", reporterName: "Ann Lee", menuName: "Checkout" }));
    bugs.addRow(bug({ description: "Boom", reporterName: "Ann Lee" }));
    const buf = await toBuffer(wb);
    const before = await snapshot();
    // A trigger stands in for any failure inside the transaction (disk full, a constraint, a lost connection).
    await db().$executeRawUnsafe(`create or replace function bb_test_import_fail() returns trigger as $$
      begin if new.title = 'Boom' then raise exception 'simulated failure'; end if; return new; end $$ language plpgsql`);
    await db().$executeRawUnsafe(`create trigger bb_test_import_fail before insert on "Report" for each row execute function bb_test_import_fail()`);
    try {
      await expect(commitImport(db(), fac, bash.id, buf, {})).rejects.toThrow(/simulated failure/);
    } finally {
      await db().$executeRawUnsafe(`drop trigger if exists bb_test_import_fail on "Report"`);
      await db().$executeRawUnsafe(`drop function if exists bb_test_import_fail()`);
    }
    expect(await snapshot()).toEqual(before);
    // The same file commits once the failure is gone.
    expect(await commitImport(db(), fac, bash.id, buf, {})).toMatchObject({ reports: 2, features: 1, placeholders: 1, devices: 1 });
  });
});

describe("who may import", () => {
  it("facilitators only: participant, triager and observer are FORBIDDEN, an outsider gets NOT_FOUND", async () => {
    const { bash } = await setup();
    const buf = await bugSheetOnlyWorkbook(1);
    const before = await snapshot();
    for (const role of ["PARTICIPANT", "TRIAGER", "OBSERVER"] as const) {
      const m = await member(bash.id, role);
      await expect(previewImport(db(), m, bash.id, buf)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(commitImport(db(), m, bash.id, buf, {})).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const outsider = await makeUser(db());
    await expect(previewImport(db(), outsider, bash.id, buf)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(commitImport(db(), outsider, bash.id, buf, {})).rejects.toMatchObject({ code: "NOT_FOUND" });
    const after = await snapshot();
    expect({ ...after, users: 0, memberships: 0 }).toEqual({ ...before, users: 0, memberships: 0 });
    expect(after.reports).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Malformed files: each has its message, and nothing is written.

const LOW = (l: Partial<typeof XLSX_LIMITS>) => ({ ...XLSX_LIMITS, ...l });

async function workbookWith(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return toBuffer(wb);
}

type Bad = { name: string; file: () => Promise<Buffer> | Buffer; message: string | RegExp; limits?: typeof XLSX_LIMITS; inPreview?: boolean };

const MALFORMED: Bad[] = [
  {
    name: "plain text (a CSV)",
    file: () => Buffer.from("Description of Bug,Priority\nCrash,P1\n"),
    message: "This is not an .xlsx file (it is not a zip archive). Save it as Excel Workbook (.xlsx) and try again.",
  },
  { name: "an empty file", file: () => Buffer.alloc(0), message: "The file is empty (0 bytes). Choose the workbook again and try again." },
  {
    name: "PNG bytes renamed .xlsx",
    file: () => PNG_BYTES,
    message: "This is not an .xlsx file (it is not a zip archive). Save it as Excel Workbook (.xlsx) and try again.",
  },
  {
    name: "a renamed .docx",
    file: renamedDocx,
    message: "This is a zip file but not an Excel workbook: it looks like a Word document (.docx). Save the data as Excel Workbook (.xlsx) and try again.",
  },
  {
    name: "a legacy .xls (OLE header)",
    file: legacyXls,
    message: "This is an old-style Excel 97–2003 workbook (.xls). Open it in Excel, save it as Excel Workbook (.xlsx) and try again.",
  },
  {
    name: "a password-protected workbook (OLE with EncryptionInfo)",
    file: encryptedXlsx,
    message:
      "This workbook is protected with a password, so it cannot be read. Open it in Excel, remove the password (File → Info → Protect Workbook → Encrypt with Password, then clear it), save it and try again.",
  },
  {
    name: "a zip bomb (210 MB of zeros in a 0.2 MB file)",
    file: () => zipBomb(210),
    message: "The file expands to more than 200 MB, which looks like a zip bomb; nothing was read.",
  },
  {
    name: "a zip bomb that lies about its size in the central directory",
    file: () => zipBomb(5, 1000),
    message: "A part of the file expands to more than the size it declares, which looks like a zip bomb; nothing was read.",
  },
  {
    name: "too many zip entries",
    file: () => tooManyEntries(2001),
    message: "The file holds more than 2,000 parts, which looks like a zip bomb; nothing was read.",
  },
  {
    name: "too many rows (limit lowered to 20)",
    file: () => manyBugsWorkbook(30),
    limits: LOW({ maxRows: 20 }),
    message: "The workbook has more than 20 rows; split it and import the parts.",
  },
  { name: "over the size limit (lowered to 2 KB)", file: bugSheetOnlyWorkbook, limits: LOW({ maxBytes: 2048 }), message: /^The file is \d+(\.\d)? KB; the limit is 2 KB\.$/ },
  {
    name: "a truncated zip (cut in half)",
    file: async () => {
      const b = await bugSheetOnlyWorkbook();
      return b.subarray(0, b.length >> 1);
    },
    message: "The file could not be read: it is damaged or incomplete (the end of the zip archive is missing). Download or save it again and try again.",
  },
  {
    name: "a corrupted sheet XML",
    file: async () =>
      rezip(await bugSheetOnlyWorkbook(), (name, data) => (name === "xl/worksheets/sheet1.xml" ? `${data.toString().slice(0, 700)}<<< garbage &&& </nope>` : undefined)),
    message: "The sheet “Bug_Sheet” could not be read: the file is damaged. Open it in Excel, save it again and try again.",
  },
  {
    name: "none of the template's sheets",
    file: () =>
      workbookWith((wb) => {
        wb.addWorksheet("Sheet1").addRow(["Bug", "Who"]);
        wb.addWorksheet("Notes");
      }),
    inPreview: true,
    message:
      "None of the template's sheets were found (Pre-Requisite, FunctionalityFeature, List of Participants_Mobile, List of Participants_Web, Bug_Sheet). The file has: Sheet1, Notes.",
  },
  {
    name: "Bug_Sheet without the Description of Bug column",
    file: () => workbookWith((wb) => wb.addWorksheet(SHEET.bugs).addRows([["Menu Name", "Steps to Reproduce", "Priority"], ["Home", "Click", "P1"]])),
    inPreview: true,
    message: "Bug_Sheet row 1: The column “Description of Bug” is missing; it is required.",
  },
  {
    name: "a bug row without a description but other cells filled",
    file: () => workbookWith((wb) => wb.addWorksheet(SHEET.bugs).addRows([BUG_HEADERS, bug({ description: "Fine" }), bug({ steps: "Click save", priority: "P1" })])),
    inPreview: true,
    message: "Bug_Sheet row 3: Description of Bug is empty.",
  },
  {
    name: "a participant row with a device but no name",
    file: () =>
      workbookWith((wb) =>
        wb.addWorksheet(SHEET.web).addRows([
          ["Sr. No.", "Name", "Designation", "OS", "OS Version", "Browser Name", "Browser Version"],
          [1, "Ann Lee", "QA", "Windows", "11", "Chrome", "120"],
          [2, "", "", "macOS", "14", "Safari", "17"],
        ]),
      ),
    inPreview: true,
    message: "List of Participants_Web row 3: Name is empty; every row needs the participant's name.",
  },
  {
    name: "a feature row with Feature text but no Menu Name",
    file: () =>
      workbookWith((wb) => {
        const ws = wb.addWorksheet(SHEET.features);
        ws.getCell("A1").value = "Describe the features";
        ws.addRows([[], ["Menu Name", "Feature"], ["Checkout", "Pay"], ["", "Orphan feature text"]]);
      }),
    inPreview: true,
    message: "FunctionalityFeature row 5: Menu Name is empty; every feature needs one.",
  },
  {
    name: "a table whose header row cannot be found",
    file: () => workbookWith((wb) => wb.addWorksheet(SHEET.bugs).addRows([["What", "Who"], ["Crash", "Ann"]])),
    inPreview: true,
    message: "Bug_Sheet: No header row was found in the first 10 rows of “Bug_Sheet”; expected columns such as “Menu Name”, “Description of Bug”, “Steps to Reproduce”.",
  },
];

describe("malformed files", () => {
  it("has at least 15 of them", () => expect(MALFORMED.length).toBeGreaterThanOrEqual(15));

  for (const bad of MALFORMED) {
    it(`${bad.name}: INVALID with a clear message; nothing written`, async () => {
      const { fac, bash } = await setup();
      const buf = await bad.file();
      const before = await snapshot();
      if (bad.inPreview) {
        const preview = await previewImport(db(), fac, bash.id, buf, bad.limits);
        expect(preview.canCommit).toBe(false);
        expect(preview.problems.filter((p) => p.severity === "error").length).toBeGreaterThan(0);
      } else {
        await expect(previewImport(db(), fac, bash.id, buf, bad.limits)).rejects.toMatchObject({ code: "INVALID", message: bad.message });
      }
      const error = await commitImport(db(), fac, bash.id, buf, {}, bad.limits).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: "INVALID", message: bad.message });
      if (bad.inPreview) expect(Object.keys((error as { fieldErrors?: object }).fieldErrors ?? {}).length).toBeGreaterThan(0);
      expect(await snapshot()).toEqual(before);
    });
  }

  it("a formula without a saved result is an info problem, not a failure", async () => {
    const { fac, bash } = await setup();
    const buf = rezip(await bugSheetOnlyWorkbook(1), (name, data) =>
      name === "xl/worksheets/sheet1.xml" ? data.toString().replace(/(<c r="O2"[^>]*)\/>|(<c r="O2"[^>]*>)[\s\S]*?<\/c>/, '<c r="O2"><f>NOW()</f></c>') : undefined,
    );
    const wb = await readWorkbook(buf);
    expect(wb.notes).toHaveLength(1);
    const preview = await previewImport(db(), fac, bash.id, buf);
    expect(preview.canCommit).toBe(true);
    expect(preview.problems).toContainEqual(expect.objectContaining({ severity: "info", row: 2, column: "Remarks" }));
    expect(await commitImport(db(), fac, bash.id, buf, {})).toMatchObject({ reports: 1 });
  });
});

describe("speed", () => {
  it("10 000 reports commit within about twice the time exceljs needs to read them", async () => {
    const { fac, bash } = await setup();
    const buf = await manyBugsWorkbook(10_000);
    let t = performance.now();
    const wb = await readWorkbook(buf);
    const readMs = performance.now() - t;
    expect(wb.sheets[SHEET.bugs].dataRows).toBe(10_000);
    t = performance.now();
    const result = await commitImport(db(), fac, bash.id, buf, {});
    const commitMs = performance.now() - t;
    expect(result).toMatchObject({ reports: 10_000, placeholders: 20, features: 10 });
    expect(await db().report.count({ where: { bashId: bash.id } })).toBe(10_000);
    expect((await db().bash.findUniqueOrThrow({ where: { id: bash.id } })).reportCounter).toBe(10_000);
    console.info(`xlsx import speed: read ${Math.round(readMs)} ms, commit (read + check + write) ${Math.round(commitMs)} ms`);
    // Commit = the same read again + checks + writes: about twice the read (slack for a cold database).
    expect(commitMs).toBeLessThan(readMs * 2.5 + 1000);
  }, 120_000);
});

