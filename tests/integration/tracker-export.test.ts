// Export to the team's tracker against a real Postgres: the selection, Jira CSV / CSV / JSON downloads
// that remember what went out, the policy, and GitHub issues through a local HTTP server that checks
// every request like GitHub would.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBash } from "@/lib/bashes/commands";
import { countReportsForExport, exportReports, JIRA_HEADER, selectReportsForExport } from "@/lib/tracker/export";
import { exportToGitHub, findLastGitHubExport, type GitHubExportOptions } from "@/lib/tracker/github";
import { makeMember, makeUser } from "../factories/users";
import { db, resetDb } from "./db";
import { parseCsv } from "../factories/csv";

/** The file without its BOM, as records; fails when the BOM is missing. */
function readCsv(body: string): string[][] {
  expect(body.charCodeAt(0)).toBe(0xfeff);
  return parseCsv(body.slice(1));
}

const BASE = "http://bashboard.test";
const col = (r: string[], name: (typeof JIRA_HEADER)[number]) => r[JIRA_HEADER.indexOf(name)];

beforeEach(resetDb);

/**
 * A bash with facilitator, triager, participant, observer and an outsider, a feature and an
 * environment, and reports: #1 Confirmed P1 current sprint (formula title, full details, an
 * attachment), #2 Confirmed P2 later, #3 Confirmed P3 current, #4 Confirmed no priority, #5 New P1,
 * #6 Not a bug P1. Another bash has a Confirmed P1 report that must never appear.
 */
async function seed() {
  // An administrator creates the bash: its people may then send issues to the install's GitHub repository.
  const fac = await makeUser(db(), { name: "Fay Facilitator", isAdmin: true });
  const bash = await createBash(db(), fac, { title: "Shopfront 3.0" });
  await db().bash.update({ where: { id: bash.id }, data: { label: "bug bash 3" } });
  const triager = await makeMember(db(), bash.id, "TRIAGER", { name: "Tom Triager" });
  const participant = await makeMember(db(), bash.id, "PARTICIPANT", { name: "Ann Participant" });
  const observer = await makeMember(db(), bash.id, "OBSERVER");
  const outsider = await makeUser(db());
  const feature = await db().feature.create({ data: { bashId: bash.id, menuName: "Checkout", position: 0 } });
  const env = await db().environment.create({ data: { bashId: bash.id, name: "Staging", url: "https://staging.shop.example", position: 0 } });

  let n = 0;
  const report = (bashId: string, data: Record<string, unknown>) => {
    n += 1;
    return db().report.create({ data: { bashId, number: n, clientId: `client-${n}-${bashId}`, title: `Report ${n}`, reporterName: "Ann Participant", ...data } });
  };
  const r1 = await report(bash.id, {
    title: '=HYPERLINK("http://evil.example","Click")',
    description: "Second click, no charge.",
    steps: "1. Add to cart\n2. Press Pay, twice",
    expected: 'A "thank you" page',
    actual: "Nothing happens",
    status: "CONFIRMED",
    priority: "P1",
    severity: "CRITICAL",
    sprint: "CURRENT",
    sprintName: "Sprint 42",
    deviceKind: "WEB",
    os: "Windows",
    osVersion: "11",
    browser: "Chrome",
    browserVersion: "131",
    reporterName: "@Ann, the tester",
    featureId: feature.id,
    environmentId: env.id,
  });
  const att = await db().attachment.create({
    data: { bashId: bash.id, reportId: r1.id, storageKey: `k-${r1.id}`, fileName: "pay.png", contentType: "image/png", size: 10 },
  });
  const r2 = await report(bash.id, { title: "Search shows nothing, sometimes", status: "CONFIRMED", priority: "P2", sprint: "LATER", deviceKind: "MOBILE", os: "Android", osVersion: "14", phoneName: "Pixel 8" });
  const r3 = await report(bash.id, { status: "CONFIRMED", priority: "P3", sprint: "CURRENT", sprintName: "Sprint 42" });
  const r4 = await report(bash.id, { status: "CONFIRMED" });
  const r5 = await report(bash.id, { status: "OPEN", priority: "P1" });
  const r6 = await report(bash.id, { status: "NOT_A_BUG", priority: "P1" });
  n = 0;
  const other = await createBash(db(), fac, { title: "Other bash" });
  await db().membership.create({ data: { bashId: other.id, userId: triager.id, role: "TRIAGER" } });
  const foreign = await report(other.id, { status: "CONFIRMED", priority: "P1" });
  return { fac, bash, triager, participant, observer, outsider, feature, env, att, reports: [r1, r2, r3, r4, r5, r6], foreign, other };
}

const numbers = (rows: { number: number }[]) => rows.map((r) => r.number);

describe("choosing what to export", () => {
  it("filters by status, priority (none included), sprint and earlier exports, within the bash", async () => {
    const { bash, triager } = await seed();
    const pick = (sel: unknown) => selectReportsForExport(db(), triager, bash.id, sel).then(numbers);
    expect(await pick({})).toEqual([1, 2, 3, 4]); // Confirmed, any priority, any sprint
    expect(await pick({ priorities: "P1,P2" })).toEqual([1, 2]);
    expect(await pick({ priorities: ["P1", "P2"], sprint: "CURRENT" })).toEqual([1]);
    expect(await pick({ priorities: "none" })).toEqual([4]);
    expect(await pick({ priorities: "P3,none", sprint: "current" })).toEqual([3]);
    expect(await pick({ statuses: "OPEN,NOT_A_BUG" })).toEqual([5, 6]);
    expect(await pick({ statuses: ["CONFIRMED", "OPEN"], priorities: "P1" })).toEqual([1, 5]);
    expect(await pick({ sprint: "LATER" })).toEqual([2]);
    expect(await countReportsForExport(db(), triager, bash.id, { priorities: "P1,P2" })).toEqual({ matching: 2, exportedBefore: 0 });
    await expect(pick({ statuses: "" })).rejects.toMatchObject({ code: "INVALID", message: "Choose at least one status." });
    await expect(pick({ priorities: "P9" })).rejects.toMatchObject({ code: "INVALID" });
  });

  it("policy: a participant or observer is FORBIDDEN, a non-member NOT_FOUND, an unknown bash NOT_FOUND", async () => {
    const { bash, participant, observer, outsider, fac } = await seed();
    for (const [who, code] of [
      [participant, "FORBIDDEN"],
      [observer, "FORBIDDEN"],
      [outsider, "NOT_FOUND"],
    ] as const) {
      await expect(selectReportsForExport(db(), who, bash.id, {})).rejects.toMatchObject({ code });
      await expect(countReportsForExport(db(), who, bash.id, {})).rejects.toMatchObject({ code });
      await expect(exportReports(db(), who, bash.id, { format: "jira" }, { baseUrl: BASE })).rejects.toMatchObject({ code });
      await expect(exportToGitHub(db(), who, bash.id, {}, { token: "t", repo: "acme/shop", apiUrl: "http://127.0.0.1:9" })).rejects.toMatchObject({ code });
    }
    await expect(selectReportsForExport(db(), fac, "no-such-bash", {})).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db().report.count({ where: { exportedAt: { not: null } } })).toBe(0);
  });
});

describe("Jira CSV, CSV and JSON downloads", () => {
  it("two downloads at the same moment never both carry a report", async () => {
    const { bash, triager, fac } = await seed();
    const sel = { statuses: "CONFIRMED", format: "csv" };
    const [a, b] = await Promise.all([exportReports(db(), triager, bash.id, sel, { baseUrl: BASE }), exportReports(db(), fac, bash.id, sel, { baseUrl: BASE })]);
    expect(a.count + b.count).toBe(4);
    const third = await exportReports(db(), triager, bash.id, sel, { baseUrl: BASE });
    expect(third.count).toBe(0);
  });

  it("Jira CSV: Jira's columns, one row per report, details in wiki markup, formulas neutralised; the reports remember the export", async () => {
    const { bash, triager, att, reports, foreign } = await seed();
    const file = await exportReports(db(), triager, bash.id, { statuses: "CONFIRMED", priorities: "P1,P2", format: "jira" }, { baseUrl: BASE });
    expect(file).toMatchObject({ format: "jira", fileName: "shopfront-3-0-jira.csv", contentType: "text/csv; charset=utf-8", count: 2 });
    expect(file.body).toMatch(/\r\n$/);
    const rows = readCsv(file.body);
    expect(rows[0].join(",")).toBe("Summary,Issue Type,Priority,Labels,Description,Reporter,Sprint,External ID");
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r).toHaveLength(JIRA_HEADER.length);

    const [, first, second] = rows;
    expect(col(first, "Summary")).toBe('\'=HYPERLINK("http://evil.example","Click")');
    expect(col(first, "Issue Type")).toBe("Bug");
    expect(col(first, "Priority")).toBe("Highest");
    expect(col(first, "Labels")).toBe("bug-bash-3");
    expect(col(first, "Reporter")).toBe("'@Ann, the tester");
    expect(col(first, "Sprint")).toBe("Sprint 42");
    expect(col(first, "External ID")).toBe(`bashboard:${reports[0].id}`);
    const d = col(first, "Description");
    expect(d).toContain("Second click, no charge.");
    expect(d).toContain("h3. Steps to reproduce\n1. Add to cart\n2. Press Pay, twice");
    expect(d).toContain('h3. Expected result\nA "thank you" page');
    expect(d).toContain("h3. Actual result\nNothing happens");
    expect(d).toContain("h3. Device\nWeb · Windows 11 · Chrome 131");
    expect(d).toContain("h3. Environment\nStaging — https://staging.shop.example");
    expect(d).toContain(`h3. Attachments\n* [pay.png|${BASE}/api/bashes/${bash.id}/attachments/${att.id}]`);
    expect(d).toContain(`[Bashboard report #1|${BASE}/bashes/${bash.id}/reports/1]`);

    expect(col(second, "Summary")).toBe("Search shows nothing, sometimes");
    expect(col(second, "Priority")).toBe("High");
    expect(col(second, "Sprint")).toBe("");
    expect(col(second, "Description")).toContain("h3. Device\nMobile · Pixel 8 · Android 14");
    expect(col(second, "Description")).not.toContain("h3. Steps");

    // Remembered: exportedAt on both, externalKey = External ID; nothing else touched.
    const after = await db().report.findMany({ where: { bashId: bash.id }, orderBy: { number: "asc" } });
    expect(after.map((r) => r.exportedAt !== null)).toEqual([true, true, false, false, false, false]);
    expect(after[0].exportedAt!.getTime()).toBe(after[1].exportedAt!.getTime());
    expect(after.slice(0, 2).map((r) => r.externalKey)).toEqual([`bashboard:${reports[0].id}`, `bashboard:${reports[1].id}`]);
    expect(after.slice(0, 2).map((r) => r.version)).toEqual([1, 1]);
    expect((await db().report.findUniqueOrThrow({ where: { id: foreign.id } })).exportedAt).toBeNull();
    const acts = await db().activity.findMany({ where: { bashId: bash.id, type: "report.exported" } });
    expect(acts).toHaveLength(1);
    expect(acts[0]).toMatchObject({ actorId: triager.id, entityType: "bash", entityId: bash.id });
    expect(acts[0].data).toMatchObject({ format: "jira", count: 2, exportedBefore: 0, externalKeysSet: 2, selection: { statuses: ["CONFIRMED"], priorities: ["P1", "P2"] } });

    // A second export leaves them out; asked to include them, they come back with the same External ID.
    const again = await exportReports(db(), triager, bash.id, { statuses: "CONFIRMED", priorities: "P1,P2", format: "jira" }, { baseUrl: BASE });
    expect(again.count).toBe(0);
    expect(readCsv(again.body)).toEqual([[...JIRA_HEADER]]);
    expect(await db().activity.count({ where: { bashId: bash.id, type: "report.exported" } })).toBe(1);
    expect(await countReportsForExport(db(), triager, bash.id, { priorities: "P1,P2" })).toEqual({ matching: 0, exportedBefore: 2 });
    const wider = await exportReports(db(), triager, bash.id, { priorities: "P1,P2,P3", includeAlreadyExported: "true", format: "jira" }, { baseUrl: BASE });
    expect(wider.count).toBe(3);
    expect(readCsv(wider.body).slice(1).map((r) => col(r, "External ID"))).toEqual(reports.slice(0, 3).map((r) => `bashboard:${r.id}`));
    const acts2 = await db().activity.findMany({ where: { bashId: bash.id, type: "report.exported" }, orderBy: { id: "asc" } });
    expect(acts2[1].data).toMatchObject({ format: "jira", count: 3, exportedBefore: 2, externalKeysSet: 1 });
  });

  it("plain CSV and JSON: every field; exportedAt set, externalKey left alone", async () => {
    const { bash, triager, reports } = await seed();
    const csv = await exportReports(db(), triager, bash.id, { priorities: "P1", format: "csv" }, { baseUrl: BASE });
    expect(csv).toMatchObject({ fileName: "shopfront-3-0-reports.csv", contentType: "text/csv; charset=utf-8", count: 1 });
    const rows = readCsv(csv.body);
    const h = (name: string) => rows[0].indexOf(name);
    expect(rows).toHaveLength(2);
    expect(rows[1][h("Title")]).toBe('\'=HYPERLINK("http://evil.example","Click")');
    expect(rows[1][h("Status")]).toBe("Confirmed");
    expect(rows[1][h("Severity")]).toBe("Critical");
    expect(rows[1][h("Feature")]).toBe("Checkout");
    expect(rows[1][h("Environment")]).toBe("Staging");
    expect(rows[1][h("Reporter")]).toBe("'@Ann, the tester");
    let r1 = await db().report.findUniqueOrThrow({ where: { id: reports[0].id } });
    expect(r1.exportedAt).not.toBeNull();
    expect(r1.externalKey).toBeNull();

    const json = await exportReports(db(), triager, bash.id, { priorities: "P1,P2", includeAlreadyExported: "on", format: "json" }, { baseUrl: BASE });
    expect(json).toMatchObject({ fileName: "shopfront-3-0-reports.json", contentType: "application/json; charset=utf-8", count: 2 });
    const data = JSON.parse(json.body) as { number: number; title: string; sprintName: string }[];
    expect(data.map((d) => [d.number, d.title])).toEqual([
      [1, '=HYPERLINK("http://evil.example","Click")'],
      [2, "Search shows nothing, sometimes"],
    ]);
    r1 = await db().report.findUniqueOrThrow({ where: { id: reports[0].id } });
    expect(r1.externalKey).toBeNull();
    expect(await db().activity.count({ where: { bashId: bash.id, type: "report.exported" } })).toBe(2);

    await expect(exportReports(db(), triager, bash.id, { format: "github" }, { baseUrl: BASE })).rejects.toMatchObject({ code: "INVALID" });
  });

  it("nothing matched: a header-only file, nothing marked, no activity", async () => {
    const { bash, triager } = await seed();
    const file = await exportReports(db(), triager, bash.id, { statuses: "DONE", format: "csv" }, { baseUrl: BASE });
    expect(file.count).toBe(0);
    expect(readCsv(file.body)).toHaveLength(1);
    expect(await db().activity.count({ where: { type: "report.exported" } })).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// GitHub

type Seen = { method: string; path: string; query: URLSearchParams; headers: http.IncomingHttpHeaders; body: unknown };
type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/** A stand-in for api.github.com: checks every request, then answers with `respond` (default: 201 with a new issue). */
const gh = {
  server: null as http.Server | null,
  url: "",
  seen: [] as Seen[],
  problems: [] as string[],
  issues: [] as { number: number; title: string; body: string; html_url: string; labels: string[] }[],
  respond: null as ((req: Seen) => Reply | null) | null,
};

function checkRequest(req: Seen): string[] {
  const p: string[] = [];
  if (req.headers.authorization !== "Bearer test-token") p.push(`authorization ${req.headers.authorization}`);
  if (req.headers.accept !== "application/vnd.github+json") p.push(`accept ${req.headers.accept}`);
  if (req.headers["x-github-api-version"] !== "2022-11-28") p.push(`api version ${req.headers["x-github-api-version"]}`);
  if (!req.headers["user-agent"]) p.push("no user agent");
  if (req.method === "POST") {
    if (req.path !== "/repos/acme/shop/issues") p.push(`POST to ${req.path}`);
    if (!String(req.headers["content-type"]).startsWith("application/json")) p.push(`content-type ${req.headers["content-type"]}`);
    const b = req.body as { title?: unknown; body?: unknown; labels?: unknown };
    if (typeof b?.title !== "string" || !/^\[#\d+\] /.test(b.title)) p.push(`title ${JSON.stringify(b?.title)}`);
    if (typeof b?.body !== "string" || !b.body.includes("bashboard:")) p.push("body without the External ID");
    if (!Array.isArray(b?.labels) || !b.labels.every((l) => typeof l === "string")) p.push(`labels ${JSON.stringify(b?.labels)}`);
    const extra = Object.keys(b ?? {}).filter((k) => !["title", "body", "labels"].includes(k));
    if (extra.length) p.push(`unexpected fields ${extra.join(",")}`);
  } else if (req.method === "GET") {
    if (req.path !== "/repos/acme/shop/issues") p.push(`GET ${req.path}`);
    if (req.query.get("state") !== "all" || !req.query.get("since")) p.push(`GET query ${req.query}`);
  } else p.push(`method ${req.method}`);
  return p;
}

beforeAll(async () => {
  gh.server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: unknown = null;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        gh.problems.push(`body is not JSON: ${raw.slice(0, 50)}`);
      }
      const seen: Seen = { method: req.method ?? "", path: url.pathname, query: url.searchParams, headers: req.headers, body };
      gh.seen.push(seen);
      const problems = checkRequest(seen);
      gh.problems.push(...problems);
      const send = (r: Reply) => {
        res.writeHead(r.status, { "Content-Type": "application/json; charset=utf-8", ...(r.headers ?? {}) });
        res.end(r.body === undefined ? "" : JSON.stringify(r.body));
      };
      if (problems.length) return send({ status: 400, body: { message: `bad request: ${problems.join("; ")}` } });
      const custom = gh.respond?.(seen);
      if (custom) return send(custom);
      if (seen.method === "GET") return send({ status: 200, body: gh.issues.map((i) => ({ ...i, labels: i.labels.map((name) => ({ name })) })) });
      const b = body as { title: string; body: string; labels: string[] };
      const number = gh.issues.length + 101;
      const issue = { number, title: b.title, body: b.body, labels: b.labels, html_url: `https://github.example/acme/shop/issues/${number}` };
      gh.issues.push(issue);
      send({ status: 201, body: { id: number * 10, number, title: b.title, html_url: issue.html_url, state: "open" } });
    });
  });
  await new Promise<void>((resolve) => gh.server!.listen(0, "127.0.0.1", resolve));
  gh.url = `http://127.0.0.1:${(gh.server!.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => gh.server?.close(() => resolve()));
});

const savedEnv = { token: process.env.GITHUB_TOKEN, repo: process.env.GITHUB_REPO, api: process.env.GITHUB_API_URL };
beforeEach(() => {
  gh.seen = [];
  gh.problems = [];
  gh.issues = [];
  gh.respond = null;
  delete process.env.GITHUB_TOKEN;
  delete process.env.GITHUB_REPO;
  delete process.env.GITHUB_API_URL;
});
afterEach(() => {
  expect(gh.problems, "the GitHub stand-in saw a malformed request").toEqual([]);
  for (const [k, v] of [
    ["GITHUB_TOKEN", savedEnv.token],
    ["GITHUB_REPO", savedEnv.repo],
    ["GITHUB_API_URL", savedEnv.api],
  ] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const opts = (): GitHubExportOptions => ({ apiUrl: gh.url, token: "test-token", repo: "acme/shop", baseUrl: BASE });
const posts = () => gh.seen.filter((s) => s.method === "POST");

describe("GitHub issues", () => {
  it("only from a bash an administrator created, or by an administrator: the repository is the install's", async () => {
    const { triager } = await seed();
    const self = await makeUser(db(), { name: "Self Starter" });
    const own = await createBash(db(), self, { title: "My own bash" });
    await expect(exportToGitHub(db(), self, own.id, {}, { token: "t", repo: "acme/shop", apiUrl: "http://127.0.0.1:9" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("only an administrator"),
    });
    await db().membership.create({ data: { bashId: own.id, userId: triager.id, role: "TRIAGER" } });
    await expect(exportToGitHub(db(), triager, own.id, {}, { token: "t", repo: "acme/shop", apiUrl: "http://127.0.0.1:9" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("creates one issue per report with the right request, stores key and URL, and never creates a second", async () => {
    const { bash, triager, reports, att } = await seed();
    const sel = { statuses: "CONFIRMED", priorities: "P1,P2" };
    const res = await exportToGitHub(db(), triager, bash.id, sel, opts());
    expect(res).toEqual({
      repo: "acme/shop",
      created: [
        { number: 1, issue: 101, key: "acme/shop#101", url: "https://github.example/acme/shop/issues/101" },
        { number: 2, issue: 102, key: "acme/shop#102", url: "https://github.example/acme/shop/issues/102" },
      ],
      skipped: 0,
      failed: [],
      notTried: 0,
    });
    expect(posts()).toHaveLength(2);
    const first = posts()[0].body as { title: string; body: string; labels: string[] };
    expect(first.title).toBe('[#1] =HYPERLINK("http://evil.example","Click")');
    expect(first.labels).toEqual(["bug bash 3", "P1"]);
    for (const part of [
      "Second click, no charge.",
      "### Steps to reproduce\n\n1. Add to cart\n2. Press Pay, twice",
      '### Expected result\n\nA "thank you" page',
      "### Actual result\n\nNothing happens",
      "### Device\n\nWeb · Windows 11 · Chrome 131",
      "### Environment\n\nStaging — https://staging.shop.example",
      `- [pay.png](${BASE}/api/bashes/${bash.id}/attachments/${att.id})`,
      "### Reporter\n\n@Ann, the tester",
      `bashboard:${reports[0].id}`,
    ]) {
      expect(first.body).toContain(part);
    }
    expect((posts()[1].body as { labels: string[] }).labels).toEqual(["bug bash 3", "P2"]);

    const stored = await db().report.findMany({ where: { bashId: bash.id, number: { in: [1, 2] } }, orderBy: { number: "asc" } });
    expect(stored.map((r) => [r.externalKey, r.externalUrl, r.exportedAt !== null])).toEqual([
      ["acme/shop#101", "https://github.example/acme/shop/issues/101", true],
      ["acme/shop#102", "https://github.example/acme/shop/issues/102", true],
    ]);

    // Again: left out by default; included, they are skipped — no new request either way.
    expect(await exportToGitHub(db(), triager, bash.id, sel, opts())).toMatchObject({ created: [], skipped: 0, failed: [] });
    expect(await exportToGitHub(db(), triager, bash.id, { ...sel, includeAlreadyExported: "true" }, opts())).toMatchObject({ created: [], skipped: 2, failed: [] });
    expect(posts()).toHaveLength(2);

    // One activity per export that had reports; the page reads the latest.
    const acts = await db().activity.findMany({ where: { bashId: bash.id, type: "report.exported" }, orderBy: { id: "asc" } });
    expect(acts).toHaveLength(2);
    expect(acts[0].data).toMatchObject({ format: "github", repo: "acme/shop", created: 2, skipped: 0, failed: 0 });
    const last = await findLastGitHubExport(db(), triager, bash.id);
    expect(last).toMatchObject({ repo: "acme/shop", skipped: 2, issues: [], failures: [] });
  });

  it("two exports at once still make one issue per report", async () => {
    const { bash, triager } = await seed();
    const sel = { statuses: "CONFIRMED", priorities: "P1,P2,P3,none" };
    const [a, b] = await Promise.all([exportToGitHub(db(), triager, bash.id, sel, opts()), exportToGitHub(db(), triager, bash.id, sel, opts())]);
    expect(a.created.length + b.created.length).toBe(4);
    const titles = posts().map((p) => (p.body as { title: string }).title);
    expect(new Set(titles).size).toBe(titles.length);
    expect(titles).toHaveLength(4);
    expect(await db().report.count({ where: { bashId: bash.id, externalUrl: { not: null } } })).toBe(4);
  });

  it("a 422 on one report: reported with GitHub's message, its claim released (Jira External ID kept), the others created", async () => {
    const { bash, triager, reports } = await seed();
    await exportReports(db(), triager, bash.id, { priorities: "P2", format: "jira" }, { baseUrl: BASE }); // #2 gets bashboard:<id>
    gh.respond = (req) =>
      req.method === "POST" && (req.body as { title: string }).title.startsWith("[#2]")
        ? { status: 422, body: { message: "Validation Failed", errors: [{ resource: "Issue", code: "invalid", field: "labels", message: "Label names are too long" }] } }
        : null;
    const res = await exportToGitHub(db(), triager, bash.id, { priorities: "P1,P2,P3", includeAlreadyExported: "1" }, opts());
    expect(res.created.map((c) => c.number)).toEqual([1, 3]);
    expect(res.failed).toEqual([{ number: 2, message: "GitHub refused the issue: Validation Failed — Label names are too long" }]);
    expect(res.notTried).toBe(0);
    const r2 = await db().report.findUniqueOrThrow({ where: { id: reports[1].id } });
    expect(r2.externalKey).toBe(`bashboard:${reports[1].id}`);
    expect(r2.externalUrl).toBeNull();
    // Fixed on GitHub's side: the next run creates it.
    gh.respond = null;
    const again = await exportToGitHub(db(), triager, bash.id, { priorities: "P1,P2,P3", includeAlreadyExported: "1" }, opts());
    expect(again).toMatchObject({ created: [{ number: 2 }], skipped: 2, failed: [] });
  });

  it("a 401 stops the export with a clear message about the token and releases every claim", async () => {
    const { bash, triager } = await seed();
    gh.respond = () => ({ status: 401, body: { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" } });
    const res = await exportToGitHub(db(), triager, bash.id, {}, opts());
    expect(res.created).toEqual([]);
    expect(res.failed).toHaveLength(1);
    expect(res.failed[0].number).toBe(1);
    expect(res.failed[0].message).toMatch(/token/i);
    expect(res.failed[0].message).toContain("GITHUB_TOKEN");
    expect(res.failed[0].message).toContain("401");
    expect(res.failed[0].message).not.toContain("test-token");
    expect(res.notTried).toBe(3);
    expect(posts()).toHaveLength(1);
    expect(await db().report.count({ where: { bashId: bash.id, externalKey: { not: null } } })).toBe(0);
    expect(await db().report.count({ where: { bashId: bash.id, exportedAt: { not: null } } })).toBe(0);
  });

  it("a 403 names the token's permission; the rate limit stops and says when to retry", async () => {
    const { bash, triager } = await seed();
    gh.respond = () => ({ status: 403, body: { message: "Resource not accessible by personal access token" } });
    const denied = await exportToGitHub(db(), triager, bash.id, {}, opts());
    expect(denied.failed[0].message).toMatch(/GITHUB_TOKEN may not create issues in acme\/shop/);
    expect(denied.retryAfterSeconds).toBeUndefined();

    let calls = 0;
    gh.respond = () => {
      calls += 1;
      if (calls === 1) return null; // the first one goes through
      return { status: 403, body: { message: "You have exceeded a secondary rate limit." }, headers: { "retry-after": "120" } };
    };
    const limited = await exportToGitHub(db(), triager, bash.id, {}, opts());
    expect(limited.created.map((c) => c.number)).toEqual([1]);
    expect(limited.failed).toHaveLength(1);
    expect(limited.failed[0]).toMatchObject({ number: 2 });
    expect(limited.failed[0].message).toMatch(/rate limit was reached \(secondary limit\).*Try again after \d\d:\d\d UTC \(in about 2 min\)/);
    expect(limited.retryAfterSeconds).toBe(120);
    expect(limited.notTried).toBe(2);

    gh.respond = () => ({ status: 429, body: { message: "Too many" }, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 30) } });
    const limited2 = await exportToGitHub(db(), triager, bash.id, {}, opts());
    expect(limited2.retryAfterSeconds).toBeGreaterThan(25);
    expect(limited2.retryAfterSeconds).toBeLessThanOrEqual(31);
    expect(await db().report.count({ where: { bashId: bash.id, externalKey: { startsWith: "github:pending:" } } })).toBe(0);
  });

  it("an unclear answer (HTTP 500): GitHub is asked whether the issue exists before the claim is released", async () => {
    const { bash, triager, reports } = await seed();
    // The issue was made, but the answer was lost.
    gh.respond = (req) => {
      if (req.method !== "POST") return null;
      const b = req.body as { title: string; body: string; labels: string[] };
      gh.issues.push({ number: 500, title: b.title, body: b.body, labels: b.labels, html_url: "https://github.example/acme/shop/issues/500" });
      return { status: 502, body: { message: "Bad gateway" } };
    };
    const res = await exportToGitHub(db(), triager, bash.id, { priorities: "P1" }, opts());
    expect(res.created).toEqual([{ number: 1, issue: 500, key: "acme/shop#500", url: "https://github.example/acme/shop/issues/500" }]);
    expect(gh.seen.map((s) => s.method)).toEqual(["POST", "GET"]);

    // Not made at all: the claim is released and the message says so.
    gh.issues = [];
    gh.respond = (req) => (req.method === "POST" ? { status: 500, body: { message: "Server Error" } } : null);
    const res2 = await exportToGitHub(db(), triager, bash.id, { priorities: "P2" }, opts());
    expect(res2.failed).toEqual([{ number: 2, message: "GitHub answered HTTP 500: Server Error. No issue was created; try again." }]);
    expect((await db().report.findUniqueOrThrow({ where: { id: reports[1].id } })).externalKey).toBeNull();
  });

  it("a claim left by a crash: fresh ones are left alone, stale ones adopt the issue GitHub already has, or create it", async () => {
    const { bash, triager, reports } = await seed();
    const [r1, r2, r3] = reports;
    const now = Date.now();
    await db().report.update({ where: { id: r1.id }, data: { externalKey: `github:pending:${now - 10 * 60_000}:crashed-1` } });
    await db().report.update({ where: { id: r2.id }, data: { externalKey: `github:pending:${now - 10 * 60_000}:crashed-2` } });
    await db().report.update({ where: { id: r3.id }, data: { externalKey: `github:pending:${now - 5_000}:running` } });
    // GitHub has #1's issue (created just before the crash), not #2's.
    gh.issues.push({ number: 77, title: "[#1] something", body: `…\n<sub>Filed from Bashboard · bashboard:${r1.id}</sub>`, labels: [], html_url: "https://github.example/acme/shop/issues/77" });
    const res = await exportToGitHub(db(), triager, bash.id, { priorities: "P1,P2,P3" }, opts());
    expect(res.created).toEqual([
      { number: 1, issue: 77, key: "acme/shop#77", url: "https://github.example/acme/shop/issues/77" },
      { number: 2, issue: 102, key: "acme/shop#102", url: "https://github.example/acme/shop/issues/102" },
    ]);
    expect(res.failed).toEqual([{ number: 3, message: "Another export is creating this issue right now. Try again in a couple of minutes." }]);
    expect(posts().map((p) => (p.body as { title: string }).title)).toEqual(["[#2] Search shows nothing, sometimes"]);
    expect((await db().report.findUniqueOrThrow({ where: { id: r3.id } })).externalKey).toBe(`github:pending:${now - 5_000}:running`);
    // GitHub was asked for issues since (a minute before) the crashed claim.
    const looks = gh.seen.filter((s) => s.method === "GET");
    expect(looks.map((s) => s.query.get("since"))).toEqual([new Date(now - 11 * 60_000).toISOString(), new Date(now - 11 * 60_000).toISOString()]);
  });

  it("a look-up that fails keeps the claim, and the next look still covers the first attempt", async () => {
    const { bash, triager, reports } = await seed();
    const then = Date.now() - 30 * 60_000;
    await db().report.update({ where: { id: reports[0].id }, data: { externalKey: `github:pending:${then}:${then}:crashed` } });
    gh.respond = (req) => (req.method === "GET" ? { status: 503, body: { message: "Unavailable" } } : null);
    const res = await exportToGitHub(db(), triager, bash.id, { priorities: "P1" }, opts());
    expect(res.failed[0].message).toMatch(/^An earlier export may already have created this issue/);
    const kept = (await db().report.findUniqueOrThrow({ where: { id: reports[0].id } })).externalKey!;
    expect(kept).toMatch(new RegExp(`^github:pending:\\d+:${then}:`));
    expect(posts()).toHaveLength(0);
    // Later (the new claim gone stale), GitHub answers again: still looks back to the first attempt.
    gh.respond = null;
    const later = await exportToGitHub(db(), triager, bash.id, { priorities: "P1" }, { ...opts(), now: () => new Date(Date.now() + 5 * 60_000) });
    expect(later.created.map((c) => c.number)).toEqual([1]);
    expect(gh.seen.filter((s) => s.method === "GET").at(-1)!.query.get("since")).toBe(new Date(then - 60_000).toISOString());
  });

  it("without GITHUB_TOKEN and GITHUB_REPO it says which variables to set; the environment is used when set", async () => {
    const { bash, triager } = await seed();
    await expect(exportToGitHub(db(), triager, bash.id, {}, { apiUrl: gh.url })).rejects.toMatchObject({
      code: "INVALID",
      message: expect.stringMatching(/GITHUB_TOKEN.*GITHUB_REPO/),
    });
    process.env.GITHUB_TOKEN = "test-token";
    await expect(exportToGitHub(db(), triager, bash.id, {}, { apiUrl: gh.url })).rejects.toMatchObject({ code: "INVALID" });
    process.env.GITHUB_REPO = "not a repo";
    await expect(exportToGitHub(db(), triager, bash.id, {}, { apiUrl: gh.url })).rejects.toMatchObject({ code: "INVALID", message: expect.stringContaining("owner/name") });
    process.env.GITHUB_REPO = "acme/shop";
    process.env.GITHUB_API_URL = gh.url;
    const res = await exportToGitHub(db(), triager, bash.id, { priorities: "none" }, { baseUrl: BASE });
    expect(res.created.map((c) => c.number)).toEqual([4]);
    expect(posts()).toHaveLength(1);
  });
});
