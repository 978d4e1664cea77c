// The tracker exports' pure parts: RFC 4180 CSV, Jira's columns and wiki-markup description, the
// plain CSV and JSON, the GitHub issue payload, and the selection schema.
import { describe, expect, it } from "vitest";
import {
  BOM,
  CSV_HEADER,
  csvDocument,
  csvField,
  deviceLine,
  JIRA_HEADER,
  jiraDescription,
  jiraLabel,
  toCsv,
  toJiraCsv,
  toJson,
  trackerFileName,
  type ExportRow,
} from "@/lib/tracker/export";
import { gitHubSettings, isIssueKey, issuePayload } from "@/lib/tracker/github";
import { selectionFromSearchParams, selectionToQuery, ZExportSelection } from "@/lib/tracker/schema";
import { parseCsv } from "../factories/csv";

const LINKS = { baseUrl: "https://bash.example/", bashId: "bash1" };

function row(over: Partial<ExportRow> = {}): ExportRow {
  return {
    id: "rep1",
    bashId: "bash1",
    number: 7,
    title: "Pay button does nothing",
    description: "",
    steps: "",
    expected: "",
    actual: "",
    status: "CONFIRMED",
    priority: null,
    severity: null,
    sprint: null,
    sprintName: "",
    remarks: "",
    deviceKind: null,
    os: "",
    osVersion: "",
    browser: "",
    browserVersion: "",
    phoneName: "",
    reporterName: "Ann",
    createdAt: new Date("2030-03-01T10:05:00Z"),
    externalKey: null,
    externalUrl: null,
    exportedAt: null,
    feature: null,
    environment: null,
    duplicateOf: null,
    attachments: [],
    ...over,
  };
}

const full = row({
  id: "rep-full",
  number: 12,
  title: "Checkout, \"Pay\" fails",
  description: "Happens on the second click.",
  steps: "1. Add to cart\r\n2. Pay twice",
  expected: "One charge",
  actual: "Nothing happens",
  priority: "P1",
  severity: "MAJOR",
  sprint: "CURRENT",
  sprintName: "Sprint 42",
  deviceKind: "WEB",
  os: "Windows",
  osVersion: "11",
  browser: "Chrome",
  browserVersion: "131",
  reporterName: "Ann Participant",
  feature: { menuName: "Checkout" },
  environment: { name: "Staging", url: "https://staging.example" },
  attachments: [
    { id: "att1", fileName: "pay [1].png" },
    { id: "att2", fileName: "video.mp4" },
  ],
});

describe("RFC 4180", () => {
  it("quotes only when needed and doubles quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField(" padded")).toBe('" padded"');
    expect(csvField("")).toBe("");
  });

  it("starts with a BOM, ends every record with CRLF and reads back cell for cell", () => {
    const text = csvDocument(["A", "B"], [["x, y", 'q"uote'], ["multi\r\nline", ""]]);
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(parseCsv(text.slice(1))).toEqual([
      ["A", "B"],
      ["x, y", 'q"uote'],
      ["multi\nline", ""],
    ]);
  });

  it("neutralises formula injection in every cell", () => {
    const text = csvDocument(["H"], [["=HYPERLINK(\"http://evil\",\"x\")"], ["+1"], ["-2"], ["@SUM(A1)"], ["\t=1"], ["fine = ok"]]);
    expect(parseCsv(text.slice(1)).slice(1).map((r) => r[0])).toEqual(["'=HYPERLINK(\"http://evil\",\"x\")", "'+1", "'-2", "'@SUM(A1)", "'\t=1", "fine = ok"]);
  });
});

describe("Jira CSV", () => {
  it("has Jira's columns, Bug as the type, mapped priority, hyphenated label, sprint name and External ID", () => {
    const rows = parseCsv(toJiraCsv([full, row({ id: "rep2", number: 13, priority: "P4", sprint: "LATER", sprintName: "" })], { ...LINKS, label: "bug bash  3" }).slice(1));
    expect(rows[0]).toEqual([...JIRA_HEADER]);
    expect(rows[0].join(",")).toBe("Summary,Issue Type,Priority,Labels,Description,Reporter,Sprint,External ID");
    const col = (r: string[], name: (typeof JIRA_HEADER)[number]) => r[JIRA_HEADER.indexOf(name)];
    expect(rows).toHaveLength(3);
    expect(col(rows[1], "Summary")).toBe('Checkout, "Pay" fails');
    expect(col(rows[1], "Issue Type")).toBe("Bug");
    expect(col(rows[1], "Priority")).toBe("Highest");
    expect(col(rows[1], "Labels")).toBe("bug-bash-3");
    expect(col(rows[1], "Reporter")).toBe("Ann Participant");
    expect(col(rows[1], "Sprint")).toBe("Sprint 42");
    expect(col(rows[1], "External ID")).toBe("bashboard:rep-full");
    expect(col(rows[2], "Priority")).toBe("Low");
    expect(col(rows[2], "Sprint")).toBe(""); // LATER without a name
  });

  it("maps P1–P4 to Highest, High, Medium, Low and no priority to blank", () => {
    const text = toJiraCsv(
      (["P1", "P2", "P3", "P4", null] as const).map((p, i) => row({ id: `r${i}`, number: i + 1, priority: p })),
      { ...LINKS, label: "bug-bash" },
    );
    expect(parseCsv(text.slice(1)).slice(1).map((r) => r[2])).toEqual(["Highest", "High", "Medium", "Low", ""]);
  });

  it("puts a sprint name only on reports placed in a sprint", () => {
    const text = toJiraCsv([row({ sprint: null, sprintName: "Sprint 9" }), row({ id: "b", sprint: "CURRENT", sprintName: "  " })], { ...LINKS, label: "x" });
    expect(parseCsv(text.slice(1)).slice(1).map((r) => r[6])).toEqual(["", ""]);
  });

  it("writes the description in wiki markup: h3. sections, device, environment, attachment links, a link back", () => {
    const d = jiraDescription({ ...full, steps: "1. Add to cart\n2. Pay twice" }, LINKS);
    expect(d).toBe(
      [
        "Happens on the second click.",
        "h3. Steps to reproduce\n1. Add to cart\n2. Pay twice",
        "h3. Expected result\nOne charge",
        "h3. Actual result\nNothing happens",
        "h3. Device\nWeb · Windows 11 · Chrome 131",
        "h3. Environment\nStaging — https://staging.example",
        "h3. Attachments\n* [pay _1_.png|https://bash.example/api/bashes/bash1/attachments/att1]\n* [video.mp4|https://bash.example/api/bashes/bash1/attachments/att2]",
        "----\nReported by Ann Participant · Feature: Checkout · Severity: Major · [Bashboard report #12|https://bash.example/bashes/bash1/reports/12]",
      ].join("\n\n"),
    );
  });

  it("leaves out the sections nothing was written for", () => {
    const d = jiraDescription(row(), LINKS);
    expect(d).not.toContain("h3.");
    expect(d).toBe("----\nReported by Ann · [Bashboard report #7|https://bash.example/bashes/bash1/reports/7]");
  });

  it("a header-only file when nothing matched", () => {
    expect(parseCsv(toJiraCsv([], { ...LINKS, label: "bug-bash" }).slice(1))).toEqual([[...JIRA_HEADER]]);
  });

  it("neutralises a malicious title and reporter but keeps the text", () => {
    const text = toJiraCsv([row({ title: '=HYPERLINK("http://evil","click")', reporterName: "@admin" })], { ...LINKS, label: "bug-bash" });
    const [, r] = parseCsv(text.slice(1));
    expect(r[0]).toBe('\'=HYPERLINK("http://evil","click")');
    expect(r[5]).toBe("'@admin");
  });

  it("labels lose their spaces", () => {
    expect(jiraLabel(" bug bash ")).toBe("bug-bash");
    expect(jiraLabel("release\t3.0 rc")).toBe("release-3.0-rc");
  });
});

describe("device line", () => {
  it("describes web, mobile and unknown devices", () => {
    expect(deviceLine(full)).toBe("Web · Windows 11 · Chrome 131");
    expect(deviceLine(row({ deviceKind: "MOBILE", phoneName: "Pixel 8", os: "Android", osVersion: "14" }))).toBe("Mobile · Pixel 8 · Android 14");
    expect(deviceLine(row({ deviceKind: "WEB" }))).toBe("Web");
    expect(deviceLine(row())).toBe("");
    expect(deviceLine(row({ os: "macOS" }))).toBe("macOS");
  });
});

describe("plain CSV and JSON", () => {
  it("CSV: every field, one row per report, links absolute", () => {
    const rows = parseCsv(toCsv([full, row({ id: "r2", number: 13, duplicateOf: { number: 12 }, status: "DUPLICATE" })], LINKS).slice(1));
    expect(rows[0]).toEqual([...CSV_HEADER]);
    expect(rows).toHaveLength(3);
    const get = (r: string[], h: (typeof CSV_HEADER)[number]) => r[CSV_HEADER.indexOf(h)];
    expect(get(rows[1], "Number")).toBe("12");
    expect(get(rows[1], "Status")).toBe("Confirmed");
    expect(get(rows[1], "Priority")).toBe("P1");
    expect(get(rows[1], "Severity")).toBe("Major");
    expect(get(rows[1], "Sprint")).toBe("Current sprint");
    expect(get(rows[1], "Sprint name")).toBe("Sprint 42");
    expect(get(rows[1], "Steps to reproduce")).toBe("1. Add to cart\n2. Pay twice");
    expect(get(rows[1], "Environment URL")).toBe("https://staging.example");
    expect(get(rows[1], "Browser version")).toBe("131");
    expect(get(rows[1], "Created at (UTC)")).toBe("2030-03-01T10:05:00.000Z");
    expect(get(rows[1], "Attachments")).toBe("https://bash.example/api/bashes/bash1/attachments/att1\nhttps://bash.example/api/bashes/bash1/attachments/att2");
    expect(get(rows[1], "Bashboard link")).toBe("https://bash.example/bashes/bash1/reports/12");
    expect(get(rows[2], "Status")).toBe("Duplicate");
    expect(get(rows[2], "Duplicate of")).toBe("12");
    expect(get(rows[2], "Priority")).toBe("");
  });

  it("CSV neutralises formulas too", () => {
    const rows = parseCsv(toCsv([row({ title: "+cmd|' /C calc'!A0", os: "-1" })]).slice(1));
    expect(rows[1][CSV_HEADER.indexOf("Title")]).toBe("'+cmd|' /C calc'!A0");
    expect(rows[1][CSV_HEADER.indexOf("OS")]).toBe("'-1");
  });

  it("JSON: an array with raw values (no BOM, nothing neutralised)", () => {
    const text = toJson([row({ title: "=1+1" }), full], LINKS);
    expect(text.startsWith("[")).toBe(true);
    const data = JSON.parse(text) as Record<string, unknown>[];
    expect(data).toHaveLength(2);
    expect(data[0]).toMatchObject({ externalId: "bashboard:rep1", number: 7, title: "=1+1", priority: null, status: "CONFIRMED", createdAt: "2030-03-01T10:05:00.000Z" });
    expect(data[1]).toMatchObject({
      url: "https://bash.example/bashes/bash1/reports/12",
      feature: "Checkout",
      environment: { name: "Staging", url: "https://staging.example" },
      device: { kind: "WEB", os: "Windows", osVersion: "11", browser: "Chrome", browserVersion: "131", phoneName: "" },
      attachments: [
        { fileName: "pay [1].png", url: "https://bash.example/api/bashes/bash1/attachments/att1" },
        { fileName: "video.mp4", url: "https://bash.example/api/bashes/bash1/attachments/att2" },
      ],
    });
  });

  it("file names", () => {
    expect(trackerFileName("Shopfront 3.0", "jira")).toBe("shopfront-3-0-jira.csv");
    expect(trackerFileName("Shopfront 3.0", "csv")).toBe("shopfront-3-0-reports.csv");
    expect(trackerFileName("Über «bash»", "json")).toBe("uber-bash-reports.json");
    expect(trackerFileName("", "jira")).toBe("bug-bash-jira.csv");
  });
});

describe("GitHub issue payload", () => {
  it("title with the report number, labels with the bash label and priority, markdown body with every section", () => {
    const p = issuePayload(full, "bug-bash", LINKS);
    expect(p.title).toBe('[#12] Checkout, "Pay" fails');
    expect(p.labels).toEqual(["bug-bash", "P1"]);
    for (const part of [
      "Happens on the second click.",
      "### Steps to reproduce\n\n1. Add to cart\n2. Pay twice",
      "### Expected result\n\nOne charge",
      "### Actual result\n\nNothing happens",
      "### Device\n\nWeb · Windows 11 · Chrome 131",
      "### Environment\n\nStaging — https://staging.example",
      "- [pay \\[1\\].png](https://bash.example/api/bashes/bash1/attachments/att1)",
      "### Reporter\n\nAnn Participant",
      "[report #12](https://bash.example/bashes/bash1/reports/12)",
      "bashboard:rep-full",
    ]) {
      expect(p.body).toContain(part);
    }
  });

  it("no priority label when there is none; long titles cut to GitHub's limit", () => {
    const p = issuePayload(row({ title: "x".repeat(400) }), "bug-bash", LINKS);
    expect(p.labels).toEqual(["bug-bash"]);
    expect(p.title.length).toBeLessThanOrEqual(256);
    expect(p.title.startsWith("[#7] xxx")).toBe(true);
  });

  it("recognises issue keys", () => {
    expect(isIssueKey("acme/shop#12")).toBe(true);
    expect(isIssueKey("bashboard:abc")).toBe(false);
    expect(isIssueKey("github:pending:1:abc")).toBe(false);
  });

  it("settings name the missing variables and never the token", () => {
    expect(gitHubSettings({})).toEqual({ configured: false, missing: ["GITHUB_TOKEN", "GITHUB_REPO"] });
    expect(gitHubSettings({ GITHUB_TOKEN: "t" })).toEqual({ configured: false, missing: ["GITHUB_REPO"] });
    expect(gitHubSettings({ GITHUB_TOKEN: "secret", GITHUB_REPO: "acme/shop" })).toEqual({ configured: true, repo: "acme/shop", apiUrl: "https://api.github.com" });
    expect(gitHubSettings({ GITHUB_TOKEN: "secret", GITHUB_REPO: "acme/shop", GITHUB_API_URL: "http://127.0.0.1:9/api/v3/" })).toMatchObject({ apiUrl: "http://127.0.0.1:9/api/v3" });
  });
});

describe("ZExportSelection", () => {
  it("defaults: Confirmed, every priority including none, any sprint, not exported before, Jira", () => {
    expect(ZExportSelection.parse({})).toEqual({
      statuses: ["CONFIRMED"],
      priorities: ["P1", "P2", "P3", "P4", "none"],
      sprint: "any",
      includeAlreadyExported: false,
      format: "jira",
    });
  });

  it("takes arrays, comma-separated strings and form values", () => {
    expect(ZExportSelection.parse({ statuses: "CONFIRMED, IN_PROGRESS", priorities: ["P1", "P2,none"], sprint: "current", includeAlreadyExported: "on", format: "JSON" })).toEqual({
      statuses: ["CONFIRMED", "IN_PROGRESS"],
      priorities: ["P1", "P2", "none"],
      sprint: "CURRENT",
      includeAlreadyExported: true,
      format: "json",
    });
    expect(ZExportSelection.parse({ includeAlreadyExported: "false", sprint: "" })).toMatchObject({ includeAlreadyExported: false, sprint: "any" });
    expect(ZExportSelection.parse({ includeAlreadyExported: true, priorities: "P1,P1" })).toMatchObject({ includeAlreadyExported: true, priorities: ["P1"] });
  });

  it("reads a query with repeated keys, the form's blank marker included", () => {
    const q = new URLSearchParams("statuses=&statuses=CONFIRMED&statuses=DONE&priorities=&priorities=P1&priorities=P2&sprint=LATER&format=csv");
    expect(ZExportSelection.parse(selectionFromSearchParams(q))).toEqual({
      statuses: ["CONFIRMED", "DONE"],
      priorities: ["P1", "P2"],
      sprint: "LATER",
      includeAlreadyExported: false,
      format: "csv",
    });
    const s = ZExportSelection.parse({ statuses: "CONFIRMED", priorities: "P1,P2", includeAlreadyExported: "1" });
    expect(ZExportSelection.parse(selectionFromSearchParams(new URLSearchParams(selectionToQuery(s))))).toEqual(s);
  });

  it("refuses an empty list when the key is sent, and unknown values", () => {
    const empty = ZExportSelection.safeParse(selectionFromSearchParams(new URLSearchParams("statuses=")));
    expect(empty.success).toBe(false);
    expect(empty.error?.issues[0].message).toBe("Choose at least one status.");
    expect(ZExportSelection.safeParse({ priorities: "P5" }).success).toBe(false);
    expect(ZExportSelection.safeParse({ sprint: "NEXT" }).success).toBe(false);
    expect(ZExportSelection.safeParse({ format: "xml" }).success).toBe(false);
  });
});
