import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { uploadAttachment, linkAttachments } from "@/lib/attachments/commands";
import { describeActivity, sentence } from "@/lib/audit/describe";
import { exportAuditCsv, listAudit } from "@/lib/audit/queries";
import { categoryOf } from "@/lib/audit/schema";
import { archiveBash, deleteBash, listArchivedBashes, countArchivedBashes, unarchiveBash } from "@/lib/bashes/archive";
import { createBash, updateBash } from "@/lib/bashes/commands";
import { getBashOverview, listMyBashes } from "@/lib/bashes/queries";
import type { BashStatus } from "@/lib/generated/prisma/enums";
import type { Actor } from "@/lib/policy";
import { setMemberRole } from "@/lib/participants/commands";
import { createReport } from "@/lib/reports/commands";
import { searchReports } from "@/lib/search/queries";
import { setStorageForTests } from "@/lib/storage/index";
import { updateReport } from "@/lib/triage/commands";
import { parseCsv } from "../factories/csv";
import { makeMember, makeUser } from "../factories/users";
import { db, resetDb } from "./db";

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth", () => ({ getActor: async () => session.actor, requireActor: async () => session.actor }));

let storageDir = "";
const savedEnv = { STORAGE_DIR: process.env.STORAGE_DIR, S3_BUCKET: process.env.S3_BUCKET };

beforeAll(async () => {
  storageDir = await fs.mkdtemp(path.join(os.tmpdir(), "bashboard-audit-"));
  process.env.STORAGE_DIR = storageDir;
  delete process.env.S3_BUCKET;
  setStorageForTests(null);
});

afterAll(async () => {
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  setStorageForTests(null);
  await fs.rm(storageDir, { recursive: true, force: true });
});

beforeEach(async () => {
  await resetDb();
  session.actor = null;
});

const setStatus = (bashId: string, status: BashStatus) => db().bash.update({ where: { id: bashId }, data: { status } });

let clientSeq = 0;
async function file(actor: Actor, bashId: string, fields: Record<string, string> = {}) {
  clientSeq += 1;
  return createReport(db(), actor, bashId, { clientId: `client-${clientSeq}-xxxxxxxx`, title: "Pay button does nothing", ...fields });
}

async function setup() {
  const fay = await makeUser(db(), { name: "Fay Facilitator" });
  const bash = await createBash(db(), fay, { title: "Checkout v2" });
  const ann = await makeMember(db(), bash.id, "PARTICIPANT", { name: "Ann Lima" });
  const tia = await makeMember(db(), bash.id, "TRIAGER", { name: "Tia Triager" });
  const admin = await makeUser(db(), { name: "Ada Admin", isAdmin: true });
  await setStatus(bash.id, "LIVE");
  return { fay, bash, ann, tia, admin };
}

describe("audit log", () => {
  it("is for facilitators of the bash and admins; participants and strangers are refused", async () => {
    const { fay, bash, ann, tia, admin } = await setup();
    const other = await makeUser(db(), { name: "Otto Other" });
    const otherBash = await createBash(db(), other, { title: "Someone else's bash" });

    await expect(listAudit(db(), ann, { bashId: bash.id }, {})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(listAudit(db(), tia, { bashId: bash.id }, {})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(listAudit(db(), other, { bashId: bash.id }, {})).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(listAudit(db(), fay, { install: true }, {})).rejects.toMatchObject({ code: "FORBIDDEN" });

    const mine = await listAudit(db(), fay, { bashId: bash.id }, {});
    expect(mine.entries.map((e) => e.sentence)).toContain("Fay Facilitator created the bash “Checkout v2”");
    expect(mine.entries.every((e) => e.bashId === bash.id)).toBe(true);
    await expect(listAudit(db(), fay, { bashId: otherBash.id }, {})).rejects.toMatchObject({ code: "NOT_FOUND" });

    // Admins: any bash as outsiders, and the whole install including bash-less events.
    expect((await listAudit(db(), admin, { bashId: otherBash.id }, {})).entries).toHaveLength(1);
    await db().activity.create({ data: { actorId: admin.id, type: "user.deactivated", entityType: "user", entityId: other.id } });
    const all = await listAudit(db(), admin, { install: true }, {});
    const sentences = all.entries.map((e) => e.sentence);
    expect(sentences).toContain("Ada Admin deactivated Otto Other");
    expect(sentences).toContain("Otto Other created the bash “Someone else's bash”");
    expect(all.entries.find((e) => e.type === "user.deactivated")).toMatchObject({ bashId: null, category: "admin" });
  });

  it("shows a triage decision as a sentence, and people changes by name", async () => {
    const { fay, bash, ann, tia } = await setup();
    const r = await file(ann, bash.id);
    await updateReport(db(), tia, bash.id, { reportId: r.id, version: 1, status: "CONFIRMED", priority: "P1" });
    const m = await db().membership.findFirstOrThrow({ where: { bashId: bash.id, userId: ann.id } });
    await setMemberRole(db(), fay, bash.id, { membershipId: m.id, role: "TRIAGER" });

    const page = await listAudit(db(), fay, { bashId: bash.id }, {});
    const triage = page.entries.find((e) => e.type === "report.updated")!;
    expect(triage.sentence).toBe(`Tia Triager moved #${r.number} to Confirmed · P1`);
    expect(triage.category).toBe("triage");
    expect(triage.href).toBe(`/bashes/${bash.id}/reports/${r.number}`);
    expect(page.entries.map((e) => e.sentence)).toContain("Fay Facilitator changed Ann Lima's role from Participant to Triager");
    expect(page.entries.map((e) => e.sentence)).toContain(`Ann Lima filed #${r.number}`);
  });

  it("filters by person, kind, date and text, and pages by id", async () => {
    const { fay, bash, ann, tia } = await setup();
    for (let i = 0; i < 5; i++) await file(ann, bash.id, { title: `Report ${i}` });
    const r = await file(tia, bash.id, { title: "Tia's own" });
    await updateReport(db(), tia, bash.id, { reportId: r.id, version: 1, status: "NOT_A_BUG" });

    const byAnn = await listAudit(db(), fay, { bashId: bash.id }, { actor: ann.id });
    expect(byAnn.entries).toHaveLength(5);
    expect(byAnn.entries.every((e) => e.actorId === ann.id)).toBe(true);

    const triage = await listAudit(db(), fay, { bashId: bash.id }, { category: "triage" });
    expect(triage.entries.map((e) => e.type)).toEqual(["report.updated"]);
    const reports = await listAudit(db(), fay, { bashId: bash.id }, { category: "reports" });
    expect(reports.entries.every((e) => e.type === "report.created")).toBe(true);
    expect(reports.entries).toHaveLength(6);
    const edits = await listAudit(db(), fay, { bashId: bash.id }, { category: "bash" });
    expect(edits.entries.map((e) => e.type)).toEqual(["bash.created"]);

    expect((await listAudit(db(), fay, { bashId: bash.id }, { q: "tia triager" })).entries).toHaveLength(2);
    expect((await listAudit(db(), fay, { bashId: bash.id }, { q: `#${r.number}` })).entries.map((e) => e.type).sort()).toEqual(["report.created", "report.updated"]);
    expect((await listAudit(db(), fay, { bashId: bash.id }, { q: "100%_" })).entries).toHaveLength(0);

    await db().activity.updateMany({ where: { bashId: bash.id, type: "bash.created" }, data: { createdAt: new Date("2020-01-15T10:00:00Z") } });
    const old = await listAudit(db(), fay, { bashId: bash.id }, { from: "2020-01-15", to: "2020-01-15" });
    expect(old.entries.map((e) => e.type)).toEqual(["bash.created"]);
    expect((await listAudit(db(), fay, { bashId: bash.id }, { to: "2020-01-14" })).entries).toHaveLength(0);
    await expect(listAudit(db(), fay, { bashId: bash.id }, { from: "15/01/2020" })).rejects.toMatchObject({ code: "INVALID" });

    // Keyset pages of 3: newest first, no overlap, no gap.
    const seen: string[] = [];
    let before: string | undefined;
    for (;;) {
      const p = await listAudit(db(), fay, { bashId: bash.id }, before ? { before } : {}, 3);
      seen.push(...p.entries.map((e) => e.id));
      if (!p.olderBefore) break;
      before = p.olderBefore;
    }
    const all = await db().activity.findMany({ where: { bashId: bash.id }, orderBy: { id: "desc" }, select: { id: true } });
    expect(seen).toEqual(all.map((a) => a.id.toString()));
  });

  it("exports the filtered log as CSV with formula-safe cells", async () => {
    const fay = await makeUser(db(), { name: "=HYPERLINK(\"http://evil\")" });
    const bash = await createBash(db(), fay, { title: "=1+1 bash" });
    const { body, fileName, count } = await exportAuditCsv(db(), fay, { bashId: bash.id }, { before: "1" });
    expect(count).toBe(1); // the page cursor is ignored
    expect(fileName).toBe("1-1-bash-audit-log.csv");
    const rows = parseCsv(body.replace(/^\uFEFF/, ""));
    expect(rows[0]).toEqual(["Time (UTC)", "Actor", "Actor email", "Bash", "Action", "Details"]);
    expect(rows[1][0]).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(rows[1][1]).toBe("'=HYPERLINK(\"http://evil\")");
    expect(rows[1][2]).toBe(fay.email);
    expect(rows[1][3]).toBe("'=1+1 bash");
    expect(rows[1][4]).toBe("bash.created");
    expect(rows[1][5]).toBe("'=HYPERLINK(\"http://evil\") created the bash “=1+1 bash”");
    const participant = await makeMember(db(), bash.id, "PARTICIPANT");
    await expect(exportAuditCsv(db(), participant, { bashId: bash.id }, {})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(exportAuditCsv(db(), fay, { install: true }, {})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("serves the CSV from the route handler", async () => {
    const { fay, bash, ann } = await setup();
    const { GET } = await import("@/app/api/audit/route");
    session.actor = ann;
    expect((await GET(new Request(`http://x/api/audit?bashId=${bash.id}`))).status).toBe(403);
    session.actor = fay;
    const res = await GET(new Request(`http://x/api/audit?bashId=${bash.id}&category=bash`));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("checkout-v2-audit-log.csv");
    const rows = parseCsv((await res.text()).replace(/^\uFEFF/, ""));
    expect(rows.slice(1).map((r) => r[4])).toEqual(["bash.created"]);
    session.actor = null;
    expect((await GET(new Request(`http://x/api/audit`))).status).toBe(401);
  });

  it("has a sentence and a category for every type the app logs", () => {
    const base = { bashId: "b", actorId: "u", actorName: "Ana Lima", entityType: "report", entityId: "r" };
    const cases: [string, unknown, string][] = [
      ["report.updated", { number: 12, changes: { status: ["OPEN", "CONFIRMED"], priority: [null, "P1"] } }, "Ana Lima moved #12 to Confirmed · P1"],
      ["report.updated", { number: 3, changes: { status: ["OPEN", "DUPLICATE"], duplicateOfId: [null, "#1"] } }, "Ana Lima marked #3 as a duplicate of #1"],
      ["report.updated", { number: 3, changes: { priority: ["P2", "P1"] } }, "Ana Lima set #3 to P1"],
      ["report.updated", { number: 3, changes: { title: ["a", "b"], steps: ["", "x"] } }, "Ana Lima edited title and steps on #3"],
      ["xlsx.imported", { reports: 120, fileName: "Bugbash.xlsx" }, "Ana Lima imported 120 reports from Bugbash.xlsx"],
      ["report.exported", { format: "jira", count: 30 }, "Ana Lima exported 30 reports as Jira CSV"],
      ["report.exported", { format: "github", created: 2, failed: 1, repo: "acme/shop" }, "Ana Lima created 2 GitHub issues in acme/shop (1 failed)"],
      ["bash.deleted", { title: "Checkout v2", reports: 3, attachments: 1 }, "Ana Lima deleted the bash “Checkout v2” with 3 reports and 1 attachment"],
      ["bash.status", { from: "LIVE", to: "ENDED" }, "Ana Lima ended the bash"],
      ["some.new_thing", {}, "Ana Lima some new thing"],
    ];
    for (const [type, data, text] of cases) expect(sentence(describeActivity({ ...base, type, data }))).toBe(text);
    expect(describeActivity({ ...base, actorId: null, actorName: null, type: "bash.created", data: {} }).actor).toBe("Bashboard");
    expect(categoryOf("report.exported")).toBe("transfer");
    expect(categoryOf("bash.more_time")).toBe("people");
    expect(categoryOf("credential.claimed")).toBe("people");
    expect(categoryOf("credentials.added")).toBe("bash");
    expect(categoryOf("bash.deleted")).toBe("lifecycle");
    expect(categoryOf("whatever", true)).toBe("admin");
  });
});

describe("archive and delete", () => {
  it("archives only a closed bash; an archived bash refuses writes but can be read", async () => {
    const { fay, bash, ann, admin } = await setup();
    const r = await file(ann, bash.id);
    await expect(archiveBash(db(), fay, bash.id)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/Only a closed bash/) });
    await expect(archiveBash(db(), ann, bash.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await setStatus(bash.id, "CLOSED");
    await archiveBash(db(), fay, bash.id);

    await expect(createReport(db(), ann, bash.id, { clientId: "client-archived-1", title: "Too late" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/archived and read-only/),
    });
    await expect(updateBash(db(), fay, bash.id, { title: "New title" }, { baseUrl: "http://x" })).rejects.toMatchObject({ code: "CONFLICT" });
    const overview = await getBashOverview(db(), ann, bash.id);
    expect(overview.reports.map((x) => x.id)).toEqual([r.id]);

    // Gone from "My bashes", listed as archived for members and admins.
    expect((await listMyBashes(db(), fay)).total).toBe(0);
    expect((await listArchivedBashes(db(), ann)).map((b) => b.id)).toEqual([bash.id]);
    expect(await countArchivedBashes(db(), admin)).toBe(1);
    expect(await countArchivedBashes(db(), await makeUser(db()))).toBe(0);

    await unarchiveBash(db(), admin, bash.id);
    expect((await listMyBashes(db(), fay)).total).toBe(1);
    const log = await listAudit(db(), fay, { bashId: bash.id }, { category: "lifecycle" });
    expect(log.entries.map((e) => e.sentence)).toEqual(["Ada Admin unarchived the bash “Checkout v2”", "Fay Facilitator archived the bash “Checkout v2”"]);
  });

  it("deletes only for admins who type the exact title, removes the files and logs the deletion", async () => {
    const { fay, bash, ann, admin } = await setup();
    const png = await sharp({ create: { width: 320, height: 200, channels: 3, background: { r: 10, g: 120, b: 200 } } }).png().toBuffer();
    const up = await uploadAttachment(db(), ann, bash.id, { fileName: "shot.png", bytes: png });
    const r = await file(ann, bash.id);
    await linkAttachments(db(), { bashId: bash.id, uploaderId: ann.id, reportId: r.id, attachmentIds: [up.id] });
    const stored = async () => (await fs.readdir(storageDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length;
    expect(await stored()).toBe(2); // the image and its thumbnail

    await expect(deleteBash(db(), fay, bash.id, { confirmTitle: "Checkout v2" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(deleteBash(db(), admin, bash.id, { confirmTitle: "checkout v2" })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { confirmTitle: "Type the bash's title exactly to confirm." },
    });
    expect(await db().bash.count()).toBe(1);

    const result = await deleteBash(db(), admin, bash.id, { confirmTitle: "Checkout v2" });
    expect(result).toMatchObject({ title: "Checkout v2", reports: 1, attachments: 1, filesRemoved: 2, fileFailures: 0 });
    expect(await db().bash.count()).toBe(0);
    expect(await db().report.count()).toBe(0);
    expect(await stored()).toBe(0);

    const log = await listAudit(db(), admin, { install: true }, { category: "lifecycle" });
    expect(log.entries).toHaveLength(1);
    expect(log.entries[0]).toMatchObject({ bashId: null, bashTitle: "Checkout v2 (deleted)", sentence: "Ada Admin deleted the bash “Checkout v2” with 1 report and 1 attachment" });
    const row = await db().activity.findFirstOrThrow({ where: { type: "bash.deleted" } });
    expect(row.data).toEqual({ bashId: bash.id, title: "Checkout v2", reports: 1, attachments: 1 });
  });

  it("lets an admin delete an archived bash, and a storage failure does not undo it", async () => {
    const { bash, ann, admin } = await setup();
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 1, g: 2, b: 3 } } }).png().toBuffer();
    await uploadAttachment(db(), ann, bash.id, { fileName: "a.png", bytes: png });
    await setStatus(bash.id, "CLOSED");
    await archiveBash(db(), admin, bash.id);
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    setStorageForTests({ put: async () => undefined, get: async () => null, delete: async () => Promise.reject(new Error("disk on fire")) });
    try {
      const res = await deleteBash(db(), admin, bash.id, { confirmTitle: "Checkout v2" });
      expect(res).toMatchObject({ filesRemoved: 0, fileFailures: 2 });
      expect(await db().bash.count()).toBe(0);
      expect(errors).toHaveBeenCalled();
    } finally {
      setStorageForTests(null);
      errors.mockRestore();
    }
  });
});

describe("search", () => {
  it("finds reports by each field, filters by bash and status, and never shows another bash's reports", async () => {
    const { fay, bash, ann, tia, admin } = await setup();
    const feature = await db().feature.create({ data: { bashId: bash.id, menuName: "Wishlist" } });
    const a = await file(ann, bash.id, { title: "Pay button does nothing", description: "After the 2nd click the spinner stays", steps: "1. Open cart\n2. Tap Pay_now" });
    const b = await file(tia, bash.id, { title: "Heart icon misaligned", featureId: feature.id });
    await updateReport(db(), tia, bash.id, { reportId: b.id, version: 1, status: "CONFIRMED" });

    const secret = await createBash(db(), admin, { title: "Secret bash" });
    await setStatus(secret.id, "LIVE");
    await file(admin, secret.id, { title: "Pay button secret", description: "spinner" });

    const titles = async (actor: Actor, raw: Record<string, string>) => (await searchReports(db(), actor, raw)).hits.map((h) => h.title).sort();
    expect(await titles(ann, { q: "PAY BUTTON" })).toEqual(["Pay button does nothing"]);
    expect(await titles(ann, { q: "spinner" })).toEqual(["Pay button does nothing"]);
    expect(await titles(ann, { q: "pay_now" })).toEqual(["Pay button does nothing"]);
    expect(await titles(ann, { q: "Tia Tri" })).toEqual(["Heart icon misaligned"]);
    expect(await titles(ann, { q: "wishlist" })).toEqual(["Heart icon misaligned"]);
    expect(await titles(ann, { q: "%" })).toEqual([]);
    expect(await titles(ann, { q: "_" })).toEqual(["Pay button does nothing"]);
    expect(await titles(ann, { q: "i", status: "CONFIRMED" })).toEqual(["Heart icon misaligned"]);

    // Another bash's id in the filter returns nothing, not its reports.
    const leak = await searchReports(db(), ann, { q: "pay", bash: secret.id });
    expect(leak.hits).toEqual([]);
    expect(leak.bashes.map((x) => x.id)).toEqual([bash.id]);
    // A stranger sees nothing; an admin sees every bash.
    expect(await titles(await makeUser(db()), { q: "pay" })).toEqual([]);
    expect(await titles(admin, { q: "pay" })).toEqual(["Pay button does nothing", "Pay button secret"]);
    expect(await titles(admin, { q: "pay", bash: bash.id })).toEqual(["Pay button does nothing"]);

    const res = await searchReports(db(), fay, { q: "spinner" });
    expect(res.total).toBe(1);
    expect(res.hits[0]).toMatchObject({ number: a.number, bashTitle: "Checkout v2", reporterName: "Ann Lima", href: `/bashes/${bash.id}/reports/${a.number}` });
    expect(res.hits[0].snippet).toMatchObject({ field: "Description", match: "spinner" });
    await expect(searchReports(db(), fay, { q: "x".repeat(201) })).rejects.toMatchObject({ code: "INVALID" });
  });

  it("caps the list at 50 and still counts every match", async () => {
    const { bash, ann } = await setup();
    await db().report.createMany({
      data: Array.from({ length: 60 }, (_, i) => ({ bashId: bash.id, number: 100 + i, clientId: `bulk-${i}`, title: `Crash number ${i}` })),
    });
    const res = await searchReports(db(), ann, { q: "crash" });
    expect(res.hits).toHaveLength(50);
    expect(res.total).toBe(60);
  });
});
