// Triage against a real Postgres: every board move, decisions, the stale-version conflict, duplicate
// merges, questions to the reporter and their answers, the history.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createBash, setBashStatus } from "@/lib/bashes/commands";
import type { BashRole } from "@/lib/policy";
import { addReportDetails, createReport } from "@/lib/reports/commands";
import { addComment, askReporter, bulkUpdateReports, updateReport } from "@/lib/triage/commands";
import { getBoard, getBoardSearchText, getTriageDetail } from "@/lib/triage/queries";
import { TRIAGE_COLUMNS } from "@/lib/triage/schema";
import { closeSmtpServers, startSmtp } from "../factories/smtp";
import { makeMember, makeUser } from "../factories/users";
import { db, resetDb } from "./db";

beforeEach(resetDb);

type User = Awaited<ReturnType<typeof makeUser>>;
const member = (bashId: string, role: BashRole, name?: string): Promise<User> => makeMember(db(), bashId, role, { name });

async function setup() {
  const fac = await makeUser(db(), { name: "Fay Facilitator" });
  const bash = await createBash(db(), fac, { title: "RC bash", scheduledStart: "2030-03-01T10:00", timeZone: "UTC" });
  const tri = await member(bash.id, "TRIAGER", "Tia Triager");
  const tri2 = await member(bash.id, "TRIAGER", "Tom Triager");
  const ann = await member(bash.id, "PARTICIPANT", "Ann Reporter");
  const ben = await member(bash.id, "PARTICIPANT", "Ben Reporter");
  await setBashStatus(db(), fac, bash.id, { status: "SCHEDULED" });
  await setBashStatus(db(), fac, bash.id, { status: "LIVE" });
  const file = async (who: User, title: string) => {
    const r = await createReport(db(), who, bash.id, { clientId: `c-${Math.random().toString(36).slice(2, 12)}`, title });
    return db().report.findUniqueOrThrow({ where: { id: r.id } });
  };
  return { fac, bash, tri, tri2, ann, ben, file };
}

describe("moves and decisions", () => {
  it("every column can be reached from New and back, each move bumping the version and recorded in the history", async () => {
    const { bash, tri, ann, file } = await setup();
    const r = await file(ann, "Pay button does nothing");
    const original = await file(ann, "Original");
    let version = r.version;
    for (const status of TRIAGE_COLUMNS.filter((s) => s !== "OPEN")) {
      const out = await updateReport(db(), tri, bash.id, { reportId: r.id, version, status, ...(status === "DUPLICATE" ? { duplicateOfId: original.id } : {}) });
      expect(out).toMatchObject({ status, changed: true, version: version + 1 });
      version = out.version;
      const back = await updateReport(db(), tri, bash.id, { reportId: r.id, version, status: "OPEN" });
      expect(back.status).toBe("OPEN");
      version = back.version;
    }
    const row = await db().report.findUniqueOrThrow({ where: { id: r.id } });
    expect(row).toMatchObject({ status: "OPEN", duplicateOfId: null, version });
    const detail = await getTriageDetail(db(), tri, bash.id, r.number);
    const moves = detail.history.filter((h) => h.changes.status).map((h) => h.changes.status);
    expect(moves).toHaveLength(12);
    expect(moves[0]).toEqual(["OPEN", "NEEDS_INFO"]);
    expect(detail.history.every((h) => h.actorName)).toBe(true);
  });

  it("Confirmed with a priority, severity and sprint placement; edits after reproducing are kept with before → after", async () => {
    const { bash, tri, ann, file } = await setup();
    const r = await file(ann, "Checkout total wrong");
    const out = await updateReport(db(), tri, bash.id, { reportId: r.id, version: 1, status: "CONFIRMED", priority: "P1", severity: "MAJOR", sprint: "CURRENT", sprintName: "Sprint 42" });
    await updateReport(db(), tri, bash.id, { reportId: r.id, version: out.version, steps: "1. Add two hats\n2. Open cart", reproducedOn: "Pixel 8 · Android 14" });
    const row = await db().report.findUniqueOrThrow({ where: { id: r.id } });
    expect(row).toMatchObject({ status: "CONFIRMED", priority: "P1", severity: "MAJOR", sprint: "CURRENT", sprintName: "Sprint 42", steps: "1. Add two hats\n2. Open cart", reproducedOn: "Pixel 8 · Android 14", version: 3 });
    const last = (await getTriageDetail(db(), tri, bash.id, r.number)).history.at(-1)!;
    expect(last.changes).toEqual({ steps: ["", "1. Add two hats\n2. Open cart"], reproducedOn: ["", "Pixel 8 · Android 14"] });
    expect(last.actorName).toBe("Tia Triager");
    // "Could not reproduce" clears "reproduced on".
    await updateReport(db(), tri, bash.id, { reportId: r.id, version: 3, couldNotReproduce: true });
    expect(await db().report.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ couldNotReproduce: true, reproducedOn: "" });
  });

  it("a change that changes nothing keeps the version and writes no history", async () => {
    const { bash, tri, ann, file } = await setup();
    const r = await file(ann, "Same");
    const out = await updateReport(db(), tri, bash.id, { reportId: r.id, version: 1, status: "OPEN" });
    expect(out).toMatchObject({ changed: false, version: 1 });
    expect(await db().activity.count({ where: { entityId: r.id, type: "report.updated" } })).toBe(0);
  });

  it("refuses bad input with a specific message, and participants and outsiders", async () => {
    const { bash, tri, ann, file } = await setup();
    const r = await file(ann, "x");
    await expect(updateReport(db(), tri, bash.id, { reportId: r.id, version: 1, status: "WONTFIX" })).rejects.toMatchObject({ code: "INVALID", message: "Choose a column from the board." });
    await expect(updateReport(db(), tri, bash.id, { reportId: r.id, version: 1, priority: "P9" })).rejects.toMatchObject({ code: "INVALID", message: "Choose P1, P2, P3 or P4." });
    await expect(updateReport(db(), tri, bash.id, { reportId: r.id, version: 1, title: "  " })).rejects.toMatchObject({ code: "INVALID" });
    await expect(updateReport(db(), ann, bash.id, { reportId: r.id, version: 1, status: "CONFIRMED" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const outsider = await makeUser(db(), {});
    await expect(updateReport(db(), outsider, bash.id, { reportId: r.id, version: 1, status: "CONFIRMED" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const other = await createBash(db(), tri, { title: "Other" });
    await expect(updateReport(db(), tri, other.id, { reportId: r.id, version: 1, status: "CONFIRMED" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db().report.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ status: "OPEN", version: 1 });
  });
});

describe("two triagers at once", () => {
  it("a move on a stale version is a CONFLICT naming who changed it, and is not applied", async () => {
    const { bash, tri, tri2, ann, file } = await setup();
    const r = await file(ann, "Race");
    await updateReport(db(), tri, bash.id, { reportId: r.id, version: 1, status: "CONFIRMED", priority: "P2" });
    await expect(updateReport(db(), tri2, bash.id, { reportId: r.id, version: 1, status: "NOT_A_BUG" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "#1 was changed by Tia Triager a moment ago. Your change was not applied: look at theirs, then try again if it still applies.",
    });
    expect(await db().report.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ status: "CONFIRMED", priority: "P2", version: 2 });
  });

  it("truly simultaneous moves on one version: exactly one wins", async () => {
    const { bash, tri, tri2, ann, file } = await setup();
    const r = await file(ann, "Simultaneous");
    const results = await Promise.allSettled([
      updateReport(db(), tri, bash.id, { reportId: r.id, version: 1, status: "CONFIRMED" }),
      updateReport(db(), tri2, bash.id, { reportId: r.id, version: 1, status: "NOT_A_BUG" }),
    ]);
    expect(results.filter((x) => x.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((x) => x.status === "rejected").map((x) => (x as PromiseRejectedResult).reason.code)).toEqual(["CONFLICT"]);
    expect((await db().report.findUniqueOrThrow({ where: { id: r.id } })).version).toBe(2);
  });

  it("a bulk change is all or nothing", async () => {
    const { bash, tri, tri2, ann, file } = await setup();
    const a = await file(ann, "A");
    const b = await file(ann, "B");
    await updateReport(db(), tri2, bash.id, { reportId: b.id, version: 1, priority: "P3" });
    await expect(
      bulkUpdateReports(db(), tri, bash.id, { items: [{ reportId: a.id, version: 1 }, { reportId: b.id, version: 1 }], sprint: "LATER", sprintName: "Next" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await db().report.findUniqueOrThrow({ where: { id: a.id } })).sprint).toBeNull();
    const ok = await bulkUpdateReports(db(), tri, bash.id, { items: [{ reportId: a.id, version: 1 }, { reportId: b.id, version: 2 }], sprint: "LATER", sprintName: "Next" });
    expect(ok.changed).toBe(2);
    expect((await db().report.findMany({ where: { bashId: bash.id }, orderBy: { number: "asc" } })).map((x) => [x.sprint, x.sprintName])).toEqual([
      ["LATER", "Next"],
      ["LATER", "Next"],
    ]);
    await expect(bulkUpdateReports(db(), tri, bash.id, { items: [{ reportId: a.id, version: 2 }], status: "DUPLICATE" })).rejects.toMatchObject({ code: "INVALID" });
    await expect(
      bulkUpdateReports(db(), tri, bash.id, { items: [{ reportId: a.id, version: 2 }, { reportId: a.id, version: 2 }], priority: "P1" }),
    ).rejects.toMatchObject({ code: "INVALID", message: "Each report can be in the selection only once." });
    await expect(updateReport(db(), tri, bash.id, { reportId: "x\u0000y", version: 1, priority: "P1" })).rejects.toMatchObject({ code: "INVALID" });
  });
});

describe("duplicates", () => {
  it("merges into the original: chains stay flat, the reporter is told and counts as +1", async () => {
    const { bash, tri, ann, ben, file } = await setup();
    const orig = await file(ann, "Search crashes on empty query");
    const dupA = await file(ben, "Empty search crashes");
    const dupB = await file(ann, "Crash when searching nothing");
    await expect(updateReport(db(), tri, bash.id, { reportId: dupA.id, version: 1, status: "DUPLICATE" })).rejects.toMatchObject({ code: "INVALID", message: "Choose the report this one duplicates." });
    await expect(updateReport(db(), tri, bash.id, { reportId: dupA.id, version: 1, duplicateOfId: dupA.id })).rejects.toMatchObject({ code: "INVALID", message: "A report cannot be a duplicate of itself." });
    // B duplicates A, then A duplicates the original: B now points at the original too.
    await updateReport(db(), tri, bash.id, { reportId: dupB.id, version: 1, duplicateOfId: dupA.id });
    await updateReport(db(), tri, bash.id, { reportId: dupA.id, version: 1, duplicateOfId: orig.id });
    const rows = await db().report.findMany({ where: { bashId: bash.id }, orderBy: { number: "asc" } });
    expect(rows.map((r) => [r.number, r.status, r.duplicateOfId])).toEqual([
      [1, "OPEN", null],
      [2, "DUPLICATE", orig.id],
      [3, "DUPLICATE", orig.id],
    ]);
    // A duplicate of a duplicate resolves to the original; the original cannot become a duplicate of its own duplicate.
    await expect(updateReport(db(), tri, bash.id, { reportId: orig.id, version: 1, duplicateOfId: dupB.id })).rejects.toMatchObject({ code: "INVALID" });
    const detail = await getTriageDetail(db(), tri, bash.id, 1);
    expect(detail.duplicates.map((d) => d.number)).toEqual([2, 3]);
    const board = await getBoard(db(), tri, bash.id);
    expect(board.cards.find((c) => c.id === orig.id)?.plusOnes).toBe(2);
    expect(board.cards.find((c) => c.id === dupA.id)?.duplicateOfNumber).toBe(1);
    const notes = await db().notification.findMany({ where: { kind: "report.duplicate" }, orderBy: { createdAt: "asc" } });
    expect(notes.map((n) => [n.userId, n.title])).toEqual([
      [ann.id, "Your report #3 is a duplicate of #2"],
      [ben.id, "Your report #2 is a duplicate of #1"],
    ]);
    // Leaving Duplicate forgets the original.
    await updateReport(db(), tri, bash.id, { reportId: dupA.id, version: 2, status: "CONFIRMED" });
    expect((await db().report.findUniqueOrThrow({ where: { id: dupA.id } })).duplicateOfId).toBeNull();
  });
});

describe("clarification", () => {
  it("ask → Needs info and the reporter is notified; the reporter's answer returns it to New and tells the triager", async () => {
    const { bash, tri, ann, file } = await setup();
    const r = await file(ann, "Login fails");
    await expect(askReporter(db(), tri, bash.id, { reportId: r.id, version: 1, question: " " })).rejects.toMatchObject({ code: "INVALID", message: "Write the question for the reporter." });
    const asked = await askReporter(db(), tri, bash.id, { reportId: r.id, version: 1, question: "Which **account** did you use?" });
    expect(asked.version).toBe(2);
    expect(await db().report.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ status: "NEEDS_INFO" });
    const q = await db().notification.findFirstOrThrow({ where: { userId: ann.id, kind: "report.question" } });
    expect(q.url).toBe(`/bashes/${bash.id}/reports/1`);
    // No SMTP configured: the bell only, no outbox clutter.
    expect(await db().emailMessage.count()).toBe(0);

    const answer = await addComment(db(), ann, bash.id, { reportId: r.id, body: "The one from the test-account pool: qa3" });
    expect(answer).toMatchObject({ kind: "ANSWER", returnedToNew: true });
    expect(await db().report.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ status: "OPEN", version: 3 });
    expect(await db().notification.findFirstOrThrow({ where: { userId: tri.id, kind: "report.answer" } })).toMatchObject({ title: "Ann Reporter answered about #1: Login fails" });
    expect((await db().notification.findFirstOrThrow({ where: { id: q.id } })).readAt).not.toBeNull();
    const thread = (await getTriageDetail(db(), tri, bash.id, 1)).comments.map((c) => [c.kind, c.author?.name]);
    expect(thread).toEqual([
      ["QUESTION", "Tia Triager"],
      ["ANSWER", "Ann Reporter"],
    ]);
    // Further comments are plain comments and move nothing.
    expect((await addComment(db(), ann, bash.id, { reportId: r.id, body: "Also on iOS" })).kind).toBe("COMMENT");
    expect((await db().report.findUniqueOrThrow({ where: { id: r.id } })).status).toBe("OPEN");
  });

  it("details added through the report's form also answer the question: back to New, the asker told", async () => {
    const { bash, tri, ann, file } = await setup();
    const r = await file(ann, "No steps");
    await askReporter(db(), tri, bash.id, { reportId: r.id, version: 1, question: "What are the steps?" });
    await addReportDetails(db(), ann, bash.id, { reportId: r.id, steps: "1. Open\n2. Tap" });
    expect(await db().report.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ status: "OPEN", steps: "1. Open\n2. Tap" });
    expect(await db().notification.findFirstOrThrow({ where: { userId: tri.id, kind: "report.answer" } })).toMatchObject({ title: "Ann Reporter added details to #1: No steps" });
    const last = (await getTriageDetail(db(), tri, bash.id, 1)).history.at(-1)!;
    expect(last.changes.status).toEqual(["NEEDS_INFO", "OPEN"]);
  });

  it("participants cannot ask; outsiders cannot comment; asking on a stale version conflicts", async () => {
    const { bash, tri, tri2, ann, ben, file } = await setup();
    const r = await file(ann, "x");
    await expect(askReporter(db(), ben, bash.id, { reportId: r.id, version: 1, question: "?" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const outsider = await makeUser(db(), {});
    await expect(addComment(db(), outsider, bash.id, { reportId: r.id, body: "hi" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await updateReport(db(), tri2, bash.id, { reportId: r.id, version: 1, priority: "P4" });
    await expect(askReporter(db(), tri, bash.id, { reportId: r.id, version: 1, question: "Which device?" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db().comment.count()).toBe(0);
  });
});

describe("clarification by email", () => {
  const saved = process.env.SMTP_URL;
  afterEach(async () => {
    if (saved === undefined) delete process.env.SMTP_URL;
    else process.env.SMTP_URL = saved;
    await closeSmtpServers();
  });

  it("with SMTP configured the question and the answer also go out by email, with a link to the report", async () => {
    const smtp = await startSmtp();
    process.env.SMTP_URL = smtp.url;
    const { bash, tri, ann, file } = await setup();
    const r = await file(ann, "Login fails");
    await askReporter(db(), tri, bash.id, { reportId: r.id, version: 1, question: "Which account?" }, { baseUrl: "https://bash.example" });
    await addComment(db(), ann, bash.id, { reportId: r.id, body: "qa3" }, { baseUrl: "https://bash.example" });
    expect(smtp.received.map((m) => [m.rcptTo[0], m.mail.subject])).toEqual([
      [ann.email, "Question about your bug report #1: Login fails"],
      [tri.email, "Answer on bug report #1: Login fails"],
    ]);
    expect(smtp.received[0].mail.text).toContain(`https://bash.example/bashes/${bash.id}/reports/1`);
    expect(await db().emailMessage.count({ where: { status: "SENT" } })).toBe(2);
  });
});

describe("the board", () => {
  it("the board lists every report with what the filters need; only triagers may change it", async () => {
    const { bash, tri, ann, file } = await setup();
    await file(ann, "Card");
    const board = await getBoard(db(), tri, bash.id);
    expect(board.bash.label).toBe("bug-bash");
    expect(board.canTriage).toBe(true);
    expect(board.cards[0]).toMatchObject({ number: 1, title: "Card", status: "OPEN", version: 1, reporterName: "Ann Reporter", hasScreenshot: false });
    expect((await getBoard(db(), ann, bash.id)).canTriage).toBe(false);
  });

  it("a card counts screenshots, +1s (notes and duplicates) and comments, shows the first screenshot's thumbnail, its feature and device, and what is missing", async () => {
    const { bash, tri, ann, ben, file } = await setup();
    const feature = await db().feature.create({ data: { bashId: bash.id, menuName: "Checkout" } });
    const r = await file(ann, "Total doubles");
    await db().report.update({ where: { id: r.id }, data: { featureId: feature.id, deviceKind: "MOBILE", os: "Android", osVersion: "14", phoneName: "Pixel 8", steps: "1. Pay" } });
    const older = new Date(Date.now() - 60_000);
    const first = await db().attachment.create({ data: { bashId: bash.id, reportId: r.id, uploaderId: ann.id, storageKey: `${bash.id}/a1`, thumbnailKey: `${bash.id}/a1-thumb`, fileName: "a.png", contentType: "image/png", size: 10, createdAt: older } });
    await db().attachment.create({ data: { bashId: bash.id, reportId: r.id, uploaderId: ann.id, storageKey: `${bash.id}/a2`, thumbnailKey: `${bash.id}/a2-thumb`, fileName: "b.png", contentType: "image/png", size: 10 } });
    await db().meToo.create({ data: { reportId: r.id, userId: ben.id, note: "Same here" } });
    const dup = await file(ben, "Total is doubled");
    await db().report.update({ where: { id: dup.id }, data: { status: "DUPLICATE", duplicateOfId: r.id } });
    await db().comment.createMany({ data: [{ reportId: r.id, authorId: tri.id, body: "Seen" }, { reportId: r.id, authorId: ann.id, body: "Thanks" }] });
    const board = await getBoard(db(), tri, bash.id);
    const card = board.cards.find((c) => c.id === r.id);
    expect(card).toMatchObject({
      featureId: feature.id,
      featureName: "Checkout",
      hasScreenshot: true,
      thumbUrl: `/api/bashes/${bash.id}/attachments/${first.id}?thumb=1`,
      plusOnes: 2,
      comments: 2,
      deviceKind: "MOBILE",
      device: expect.stringContaining("Pixel 8"),
      missing: ["expected/actual"],
      duplicateOfNumber: null,
    });
    expect(board.cards.find((c) => c.id === dup.id)).toMatchObject({ status: "DUPLICATE", duplicateOfNumber: r.number, hasScreenshot: false, thumbUrl: null, plusOnes: 0, comments: 0 });
    expect(board.cards.map((c) => c.number)).toEqual([1, 2]);
  });

  it("the board's search text comes separately, by id, for readers of the bash only", async () => {
    const { bash, tri, ann, file } = await setup();
    const r = await file(ann, "Total Doubles");
    await db().report.update({ where: { id: r.id }, data: { description: "Tapping PAY twice", steps: "1. Open the cart", expected: "one charge", actual: "two charges" } });
    const board = await getBoard(db(), tri, bash.id);
    expect(board.cards[0].text).toBeUndefined(); // not in the page's data
    const texts = await getBoardSearchText(db(), tri, bash.id);
    expect(Object.keys(texts)).toEqual([r.id]);
    expect(texts[r.id]).toBe("total doubles\ntapping pay twice\n1. open the cart\none charge\ntwo charges\nann reporter");
    expect(Object.keys(await getBoardSearchText(db(), ann, bash.id))).toEqual([r.id]);
    const outsider = await makeUser(db(), { name: "Out Sider" });
    await expect(getBoardSearchText(db(), outsider, bash.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
