// Reports to GitHub issues through the REST API (POST /repos/{owner}/{repo}/issues), one issue per
// report and never two: each report is claimed in the database before GitHub is asked (externalKey
// = "github:pending:<time>:<since>:<uuid>", only where no other export holds it), and the issue's
// "<owner>/<repo>#<n>" and html_url are stored as soon as GitHub answers. A claim left behind by a
// crash or an unclear answer is resolved by looking for the issue (its body carries the report's
// External ID) before anything is created again.
import crypto from "node:crypto";
import { logActivity } from "@/lib/activity/log";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/policy";
import { attachmentUrl, deviceLine, externalId, getExportBash, reportUrl, selectReportsForExport, type ExportRow } from "@/lib/tracker/export";

export const DEFAULT_GITHUB_API_URL = "https://api.github.com";
export const GITHUB_API_VERSION = "2022-11-28";
/** Per request. */
export const GITHUB_TIMEOUT_MS = 15_000;
/** A claim older than this belongs to an export that is no longer running (one request takes at most GITHUB_TIMEOUT_MS). */
export const CLAIM_STALE_MS = 2 * 60_000;
const PENDING_PREFIX = "github:pending:";
const TITLE_MAX = 256;
const BODY_MAX = 65_000;
const MESSAGE_MAX = 300;

const NOT_SET_UP =
  "GitHub is not set up: set GITHUB_TOKEN (a token that may create issues) and GITHUB_REPO (owner/name) in Bashboard's environment, then restart it.";

export type GitHubSettings = { configured: true; repo: string; apiUrl: string } | { configured: false; missing: ("GITHUB_TOKEN" | "GITHUB_REPO")[] };

/** Whether GitHub export is set up, and which variables are missing. Never returns the token. */
export function gitHubSettings(env: Record<string, string | undefined> = process.env): GitHubSettings {
  const missing: ("GITHUB_TOKEN" | "GITHUB_REPO")[] = [];
  if (!env.GITHUB_TOKEN?.trim()) missing.push("GITHUB_TOKEN");
  if (!env.GITHUB_REPO?.trim()) missing.push("GITHUB_REPO");
  if (missing.length) return { configured: false, missing };
  return { configured: true, repo: env.GITHUB_REPO!.trim(), apiUrl: (env.GITHUB_API_URL?.trim() || DEFAULT_GITHUB_API_URL).replace(/\/+$/, "") };
}

export type GitHubExportOptions = {
  fetchImpl?: typeof fetch;
  /** Default GITHUB_API_URL, else https://api.github.com. */
  apiUrl?: string;
  /** Default GITHUB_TOKEN. */
  token?: string;
  /** "owner/name"; default GITHUB_REPO. */
  repo?: string;
  /** Bashboard's own address, for the links in the issue body. */
  baseUrl?: string;
  now?: () => Date;
  timeoutMs?: number;
};

export type GitHubExportResult = {
  repo: string;
  /** number: the report's number; issue: the GitHub issue's number. */
  created: { number: number; issue: number; key: string; url: string }[];
  /** Reports that are already on GitHub (or in another tracker): never a second issue. */
  skipped: number;
  failed: { number: number; message: string }[];
  /** Reports not sent because the export stopped (rate limit, a refused token, a missing repository). */
  notTried: number;
  /** Set when GitHub's rate limit stopped the export. */
  retryAfterSeconds?: number;
};

export const GITHUB_NOT_ALLOWED =
  "GitHub issues go to the install's repository, so only an administrator, or the people of a bash an administrator created, can send them. Download the Jira CSV, CSV or JSON instead, or ask an administrator.";

type Config = { token: string; owner: string; name: string; apiUrl: string; fetchImpl: typeof fetch; timeoutMs: number };

/**
 * Create one GitHub issue per selected report. Policy "bash.export"; INVALID when GITHUB_TOKEN or
 * GITHUB_REPO is not set. Reports already on GitHub are skipped; a failure is reported per report
 * (its claim released) and the others still go; a refused token, a missing repository or the rate
 * limit stop the export. One "report.exported" activity records the outcome.
 */
export async function exportToGitHub(
  db: PrismaClient,
  actor: Actor,
  bashId: string,
  selection: unknown,
  opts: GitHubExportOptions = {},
): Promise<GitHubExportResult> {
  const bash = await getExportBash(db, actor, bashId);
  // The token and repository are the install's: only an administrator, or the people of a bash an
  // administrator created, may send issues there (anyone may create a bash and make themselves its facilitator).
  if (!actor.isAdmin) {
    const owner = await db.bash.findUnique({ where: { id: bashId }, select: { createdBy: { select: { isAdmin: true } } } });
    if (!owner?.createdBy?.isAdmin) throw new AppError("FORBIDDEN", GITHUB_NOT_ALLOWED);
  }
  const token = (opts.token ?? process.env.GITHUB_TOKEN ?? "").trim();
  const repo = (opts.repo ?? process.env.GITHUB_REPO ?? "").trim();
  if (!token || !repo) throw new AppError("INVALID", NOT_SET_UP);
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(repo);
  if (!m) throw new AppError("INVALID", `GITHUB_REPO must look like owner/name (it is “${repo.slice(0, 100)}”).`);
  const cfg: Config = {
    token,
    owner: m[1],
    name: m[2],
    apiUrl: (opts.apiUrl ?? (process.env.GITHUB_API_URL?.trim() || DEFAULT_GITHUB_API_URL)).replace(/\/+$/, ""),
    fetchImpl: opts.fetchImpl ?? fetch,
    timeoutMs: opts.timeoutMs ?? GITHUB_TIMEOUT_MS,
  };
  const now = opts.now ?? (() => new Date());
  const rows = await selectReportsForExport(db, actor, bashId, { ...(isRecord(selection) ? selection : {}), format: "github" });
  const links = { baseUrl: opts.baseUrl ?? process.env.APP_URL ?? "", bashId };

  const result: GitHubExportResult = { repo: `${cfg.owner}/${cfg.name}`, created: [], skipped: 0, failed: [], notTried: 0 };
  let stopped = false;
  for (const row of rows) {
    if (stopped) {
      result.notTried++;
      continue;
    }
    if (row.externalUrl || (row.externalKey && isIssueKey(row.externalKey))) {
      result.skipped++;
      continue;
    }
    const outcome = await exportOne(db, cfg, row, { label: bash.label, links, now });
    if (outcome.kind === "created") result.created.push({ number: row.number, issue: outcome.issue, key: outcome.key, url: outcome.url });
    else if (outcome.kind === "skipped") result.skipped++;
    else {
      result.failed.push({ number: row.number, message: redact(outcome.message, cfg.token) });
      if (outcome.stop) {
        stopped = true;
        if (outcome.retryAfterSeconds !== undefined) result.retryAfterSeconds = outcome.retryAfterSeconds;
      }
    }
  }

  if (rows.length > 0) {
    await logActivity(db, {
      bashId,
      actorId: actor.id,
      type: "report.exported",
      entityType: "bash",
      entityId: bashId,
      data: {
        format: "github",
        repo: result.repo,
        count: result.created.length,
        created: result.created.length,
        skipped: result.skipped,
        failed: result.failed.length,
        notTried: result.notTried,
        ...(result.retryAfterSeconds !== undefined ? { retryAfterSeconds: result.retryAfterSeconds } : {}),
        issues: result.created.slice(0, 200).map((c) => ({ number: c.number, issue: c.issue, url: c.url })),
        failures: result.failed.slice(0, 200),
      },
    });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// One report

type Outcome =
  | { kind: "created"; issue: number; key: string; url: string }
  | { kind: "skipped" }
  | { kind: "failed"; message: string; stop?: boolean; retryAfterSeconds?: number };

async function exportOne(db: Db, cfg: Config, row: ExportRow, ctx: { label: string; links: { baseUrl: string; bashId: string }; now: () => Date }): Promise<Outcome> {
  const previous = row.externalKey;
  const pending = previous !== null && previous.startsWith(PENDING_PREFIX);
  if (pending && !claimIsStale(previous, ctx.now())) {
    return { kind: "failed", message: "Another export is creating this issue right now. Try again in a couple of minutes." };
  }
  const staleClaim = pending;
  // Only an empty key, the Jira CSV's External ID or a stale claim may be taken over.
  if (previous !== null && !staleClaim && previous !== externalId(row.id)) return { kind: "skipped" };

  // The claim carries when it was taken (for staleness) and since when an issue for it may exist
  // (kept from a stale claim it replaces, so a later look still covers the first attempt).
  const claimedAt = ctx.now().getTime();
  const since = staleClaim ? Math.min(claimSince(previous), claimedAt) : claimedAt;
  const claim = `${PENDING_PREFIX}${claimedAt}:${since}:${crypto.randomUUID()}`;
  const taken = await db.report.updateMany({ where: { id: row.id, bashId: row.bashId, externalKey: previous, externalUrl: null }, data: { externalKey: claim } });
  if (taken.count === 0) return { kind: "skipped" }; // another export got there first
  // What to put back when nothing was created: the Jira External ID stays, a stale claim is cleared.
  const restore = staleClaim ? null : previous;
  const release = () => db.report.updateMany({ where: { id: row.id, externalKey: claim }, data: { externalKey: restore } });
  const store = async (issue: Issue) => {
    const key = `${cfg.owner}/${cfg.name}#${issue.number}`;
    const data = { externalKey: key, externalUrl: issue.url, exportedAt: ctx.now() };
    const done = await db.report.updateMany({ where: { id: row.id, externalKey: claim }, data });
    if (done.count === 0) await db.report.updateMany({ where: { id: row.id, externalUrl: null }, data });
    return { kind: "created" as const, issue: issue.number, key, url: issue.url };
  };

  if (staleClaim) {
    // An earlier export claimed this report and never recorded an answer: the issue may exist.
    const found = await findIssue(cfg, row.id, new Date(Math.max(0, since - 60_000)));
    if (found.kind === "found") return store(found.issue);
    if (found.kind === "error") {
      // Keep a claim (the new one, so the next attempt waits for it to go stale and looks again).
      return { kind: "failed", message: `An earlier export may already have created this issue, and GitHub could not be asked: ${found.message}` };
    }
  }

  const answer = await createIssue(cfg, issuePayload(row, ctx.label, ctx.links));
  if (answer.kind === "created") return store(answer.issue);
  if (answer.kind === "unclear") {
    // The request may have reached GitHub: look before letting go of the claim.
    const found = await findIssue(cfg, row.id, new Date(Math.max(0, since - 60_000)));
    if (found.kind === "found") return store(found.issue);
    if (found.kind === "error") {
      return { kind: "failed", message: `${answer.message} GitHub may have created the issue; Bashboard will check before trying again (in a couple of minutes).` };
    }
    await release();
    return { kind: "failed", message: `${answer.message} No issue was created; try again.` };
  }
  await release();
  return { kind: "failed", message: answer.message, stop: answer.stop, retryAfterSeconds: answer.retryAfterSeconds };
}

// "github:pending:<claimed ms>:<since ms>:<uuid>"; an older or hand-made claim without the times counts as stale and as old as can be.
const CLAIM_TIMES = /^github:pending:(\d+):(?:(\d+):)?/;

function claimTime(key: string): number {
  const m = CLAIM_TIMES.exec(key);
  return m ? Number(m[1]) : 0;
}

function claimSince(key: string): number {
  const m = CLAIM_TIMES.exec(key);
  return m ? Number(m[2] ?? m[1]) : 0;
}

function claimIsStale(key: string, now: Date): boolean {
  return now.getTime() - claimTime(key) >= CLAIM_STALE_MS;
}

/** "owner/repo#12": the report is on GitHub already. */
export function isIssueKey(key: string): boolean {
  return /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+#\d+$/.test(key);
}

// ---------------------------------------------------------------------------------------------
// The issue

export type IssuePayload = { title: string; body: string; labels: string[] };

/** Title "[#12] Pay button does nothing", a markdown body, labels: the bash's label and the priority. */
export function issuePayload(r: ExportRow, label: string, links: { baseUrl: string; bashId: string }): IssuePayload {
  const title = `[#${r.number}] ${r.title.replace(/\s+/g, " ").trim()}`;
  const labels = [label.trim(), r.priority ?? ""].filter(Boolean);
  return { title: title.length > TITLE_MAX ? `${title.slice(0, TITLE_MAX - 1)}…` : title, body: issueBody(r, links), labels: [...new Set(labels)] };
}

const mdLinkText = (s: string) => s.replace(/([\\[\]])/g, "\\$1").trim() || "attachment";

export function issueBody(r: ExportRow, links: { baseUrl: string; bashId: string }): string {
  const out: string[] = [];
  if (r.description.trim()) out.push(r.description.trim());
  const section = (title: string, body: string) => {
    if (body.trim()) out.push(`### ${title}\n\n${body.trim()}`);
  };
  section("Steps to reproduce", r.steps);
  section("Expected result", r.expected);
  section("Actual result", r.actual);
  section("Device", deviceLine(r));
  section("Environment", r.environment ? (r.environment.url.trim() ? `${r.environment.name} — ${r.environment.url.trim()}` : r.environment.name) : "");
  section("Attachments", r.attachments.map((a) => `- [${mdLinkText(a.fileName)}](${attachmentUrl(links, a.id)})`).join("\n"));
  section("Reporter", r.reporterName);
  const facts = [r.feature ? `Feature: ${r.feature.menuName}` : "", r.severity ? `Severity: ${r.severity.toLowerCase()}` : "", r.sprintName ? `Sprint: ${r.sprintName}` : ""].filter(Boolean);
  // The External ID lets a later export find this issue if our answer from GitHub was lost.
  const footer = `<sub>Filed from Bashboard: [report #${r.number}](${reportUrl(links, r.number)})${facts.length ? ` · ${facts.join(" · ")}` : ""} · ${externalId(r.id)}</sub>`;
  let body = out.join("\n\n").replace(/\r\n?/g, "\n");
  const room = BODY_MAX - footer.length - 10;
  if (body.length > room) body = `${body.slice(0, room)}…`;
  return `${body ? `${body}\n\n` : ""}---\n${footer}`;
}

// ---------------------------------------------------------------------------------------------
// HTTP

type Issue = { number: number; url: string };
type CreateAnswer =
  | { kind: "created"; issue: Issue }
  | { kind: "unclear"; message: string }
  | { kind: "refused"; message: string; stop?: boolean; retryAfterSeconds?: number };

function headers(cfg: Config, json: boolean): Record<string, string> {
  return {
    Accept: "application/vnd.github+json",
    Authorization: `Bearer ${cfg.token}`,
    "X-GitHub-Api-Version": GITHUB_API_VERSION,
    "User-Agent": "Bashboard",
    ...(json ? { "Content-Type": "application/json" } : {}),
  };
}

const repoPath = (cfg: Config) => `/repos/${encodeURIComponent(cfg.owner)}/${encodeURIComponent(cfg.name)}`;

async function createIssue(cfg: Config, payload: IssuePayload): Promise<CreateAnswer> {
  let res: Response;
  let text: string;
  try {
    res = await cfg.fetchImpl(`${cfg.apiUrl}${repoPath(cfg)}/issues`, {
      method: "POST",
      headers: headers(cfg, true),
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(cfg.timeoutMs),
    });
    text = await res.text();
  } catch (err) {
    return { kind: "unclear", message: describeNetworkError(err, cfg.timeoutMs) };
  }
  if (res.status === 201 || res.status === 200) {
    const issue = parseIssue(text);
    return issue ? { kind: "created", issue } : { kind: "unclear", message: "GitHub's answer did not name the new issue." };
  }
  return refusal(res, text, cfg);
}

/** What a refusal means for the person exporting; whether to stop. */
function refusal(res: Response, text: string, cfg: Config): CreateAnswer {
  const { message, details } = githubMessage(text);
  const repo = `${cfg.owner}/${cfg.name}`;
  const limited = rateLimit(res, message);
  if (limited) return { kind: "refused", message: limited.message, stop: true, retryAfterSeconds: limited.seconds };
  switch (res.status) {
    case 401:
      return { kind: "refused", stop: true, message: "GitHub did not accept the token (HTTP 401): GITHUB_TOKEN is wrong, expired or revoked. Ask an administrator to set a new one." };
    case 403:
      return {
        kind: "refused",
        stop: true,
        message: `GitHub refused the token (HTTP 403): GITHUB_TOKEN may not create issues in ${repo} (it needs Issues: read and write)${message ? ` — ${message}` : ""}.`,
      };
    case 404:
      return { kind: "refused", stop: true, message: `GitHub could not find ${repo} (HTTP 404): check GITHUB_REPO, and that GITHUB_TOKEN can see that repository.` };
    case 410:
      return { kind: "refused", stop: true, message: `Issues are turned off in ${repo} (HTTP 410).` };
    case 422:
      return { kind: "refused", message: `GitHub refused the issue: ${[message || "Validation failed", ...details].join(" — ")}` };
  }
  if (res.status >= 500) return { kind: "unclear", message: `GitHub answered HTTP ${res.status}${message ? `: ${message}` : ""}.` };
  return { kind: "refused", message: `GitHub answered HTTP ${res.status}${message ? `: ${message}` : ""}.` };
}

/** 429, or 403 with GitHub's rate-limit signs. Seconds from Retry-After, else X-RateLimit-Reset, else a minute. */
function rateLimit(res: Response, message: string): { seconds: number; message: string } | null {
  const remaining = res.headers.get("x-ratelimit-remaining");
  const retryAfter = res.headers.get("retry-after");
  const isLimit = res.status === 429 || (res.status === 403 && (remaining === "0" || retryAfter !== null || /rate limit/i.test(message)));
  if (!isLimit) return null;
  let seconds = 60;
  if (retryAfter && /^\d+$/.test(retryAfter.trim())) seconds = Number(retryAfter.trim());
  else {
    const reset = Number(res.headers.get("x-ratelimit-reset"));
    if (Number.isFinite(reset) && reset > 0) seconds = Math.max(1, Math.ceil(reset - Date.now() / 1000));
  }
  const at = new Date(Date.now() + seconds * 1000);
  const when = `${at.toISOString().slice(11, 16)} UTC`;
  const wait = seconds < 90 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
  return {
    seconds,
    message: `GitHub's rate limit was reached${/secondary/i.test(message) ? " (secondary limit)" : ""}; the export stopped here. Try again after ${when} (in about ${wait}); reports already on GitHub will be skipped.`,
  };
}

function githubMessage(text: string): { message: string; details: string[] } {
  try {
    const j = JSON.parse(text) as { message?: unknown; errors?: unknown };
    const message = typeof j.message === "string" ? j.message : "";
    const details = Array.isArray(j.errors)
      ? j.errors
          .map((e) => {
            if (typeof e === "string") return e;
            const o = (e ?? {}) as { message?: unknown; field?: unknown; code?: unknown; value?: unknown };
            if (typeof o.message === "string") return o.message;
            return [typeof o.field === "string" ? o.field : "", typeof o.code === "string" ? o.code : "", o.value !== undefined ? JSON.stringify(o.value) : ""].filter(Boolean).join(" ");
          })
          .filter(Boolean)
      : [];
    return { message: message.slice(0, MESSAGE_MAX), details: details.map((d) => d.slice(0, 200)).slice(0, 5) };
  } catch {
    return { message: text.replace(/\s+/g, " ").trim().slice(0, 120), details: [] };
  }
}

function parseIssue(text: string): Issue | null {
  try {
    const j = JSON.parse(text) as { number?: unknown; html_url?: unknown };
    if (typeof j.number === "number" && typeof j.html_url === "string" && j.html_url) return { number: j.number, url: j.html_url };
  } catch {
    // not JSON
  }
  return null;
}

type Found = { kind: "found"; issue: Issue } | { kind: "absent" } | { kind: "error"; message: string };

/**
 * Look for an issue this report already has: issues updated since `since` (a new issue counts),
 * newest first, whose body carries the report's External ID. Up to five pages of 100.
 */
async function findIssue(cfg: Config, reportId: string, since: Date): Promise<Found> {
  const marker = externalId(reportId);
  for (let page = 1; page <= 5; page++) {
    const q = new URLSearchParams({ state: "all", since: since.toISOString(), sort: "created", direction: "desc", per_page: "100", page: String(page) });
    let res: Response;
    let text: string;
    try {
      res = await cfg.fetchImpl(`${cfg.apiUrl}${repoPath(cfg)}/issues?${q}`, { method: "GET", headers: headers(cfg, false), signal: AbortSignal.timeout(cfg.timeoutMs) });
      text = await res.text();
    } catch (err) {
      return { kind: "error", message: describeNetworkError(err, cfg.timeoutMs) };
    }
    if (res.status !== 200) {
      const r = refusal(res, text, cfg);
      return { kind: "error", message: r.kind === "created" ? `HTTP ${res.status}` : r.message };
    }
    let list: unknown;
    try {
      list = JSON.parse(text);
    } catch {
      return { kind: "error", message: "GitHub's list of issues was not JSON." };
    }
    if (!Array.isArray(list)) return { kind: "error", message: "GitHub's list of issues was not a list." };
    for (const item of list as { number?: unknown; html_url?: unknown; body?: unknown; pull_request?: unknown }[]) {
      if (item.pull_request) continue;
      if (typeof item.body === "string" && item.body.includes(marker) && typeof item.number === "number" && typeof item.html_url === "string") {
        return { kind: "found", issue: { number: item.number, url: item.html_url } };
      }
    }
    if (list.length < 100) return { kind: "absent" };
  }
  return { kind: "absent" };
}

function describeNetworkError(err: unknown, timeoutMs: number): string {
  const e = (err ?? {}) as { name?: unknown; message?: unknown; cause?: unknown };
  const cause = (e.cause ?? {}) as { code?: unknown };
  const code = typeof cause.code === "string" ? cause.code : "";
  if (e.name === "TimeoutError" || e.name === "AbortError") return `GitHub did not answer within ${Math.round(timeoutMs / 1000)} s.`;
  if (code === "ECONNREFUSED") return "Could not connect to GitHub (connection refused); check GITHUB_API_URL.";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "Could not find GitHub's host (unknown host name); check GITHUB_API_URL.";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return "GitHub closed the connection.";
  return `Could not reach GitHub: ${typeof e.message === "string" ? e.message : String(err)}${code ? ` (${code})` : ""}.`;
}

function redact(text: string, token: string): string {
  return (token.length >= 4 ? text.split(token).join("***") : text).slice(0, 600);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------------------------
// The tracker page

export type LastGitHubExport = {
  at: Date;
  repo: string;
  issues: { number: number; issue: number; url: string }[];
  skipped: number;
  failures: { number: number; message: string }[];
  notTried: number;
  retryAfterSeconds: number | null;
};

/** The actor's latest GitHub export in this bash (the page shows its links and failures). Call after the page's policy check. */
export async function findLastGitHubExport(db: Db, actor: Actor, bashId: string): Promise<LastGitHubExport | null> {
  const row = await db.activity.findFirst({
    where: { bashId, actorId: actor.id, type: "report.exported", data: { path: ["format"], equals: "github" } },
    orderBy: { id: "desc" },
    select: { createdAt: true, data: true },
  });
  if (!row || !isRecord(row.data)) return null;
  const d = row.data;
  const num = (v: unknown) => (typeof v === "number" ? v : 0);
  const list = <T>(v: unknown, ok: (x: Record<string, unknown>) => T | null): T[] =>
    Array.isArray(v) ? v.flatMap((x) => (isRecord(x) ? [ok(x)].filter((y): y is T => y !== null) : [])) : [];
  return {
    at: row.createdAt,
    repo: typeof d.repo === "string" ? d.repo : "",
    issues: list(d.issues, (x) => (typeof x.url === "string" ? { number: num(x.number), issue: num(x.issue), url: x.url } : null)),
    skipped: num(d.skipped),
    failures: list(d.failures, (x) => (typeof x.message === "string" ? { number: num(x.number), message: x.message } : null)),
    notTried: num(d.notTried),
    retryAfterSeconds: typeof d.retryAfterSeconds === "number" ? d.retryAfterSeconds : null,
  };
}
