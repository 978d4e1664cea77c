import crypto from "node:crypto";
import sharp from "sharp";
import { expect, test, type APIResponse, type Browser, type Page } from "@playwright/test";
import { insertUser, withDb } from "./db";
import { signInAs } from "./helpers";

// Issue 7, item 5: security headers (with a Content-Security-Policy) on pages and API routes, the
// attachment download's own sandboxing policy, session cookies (httpOnly, SameSite=Lax; Secure only
// behind HTTPS — this server is plain http), no CSP violation in real flows, and authorization across
// roles: a participant cannot triage or export, an outsider cannot read, an observer cannot write.
test.describe.configure({ mode: "serial" });

const stamp = Date.now();
const fay = { name: "Fay Facilitator", email: `sec-fay-${stamp}@example.com`, password: "facilitator password 1" };
const ann = { name: "Ann Participant", email: `sec-ann-${stamp}@example.com`, password: "participant password 1" };
const olly = { name: "Olly Observer", email: `sec-olly-${stamp}@example.com`, password: "observer password 1" };
const otto = { name: "Otto Outsider", email: `sec-otto-${stamp}@example.com`, password: "outsider password 1" };
let bashId = "";
let reportId = "";

test.beforeAll(async () => {
  for (const u of [fay, ann, olly, otto]) await insertUser(u);
  await withDb(async (c) => {
    const ids: Record<string, string> = {};
    for (const r of (await c.query<{ id: string; email: string }>(`select id, email from "User" where email = any($1)`, [[fay.email, ann.email, olly.email, otto.email]])).rows) {
      ids[r.email] = r.id;
    }
    bashId = crypto.randomUUID();
    await c.query(`insert into "Bash" (id, title, status, "reportCounter", "startedAt", "endsAt", "updatedAt") values ($1, 'Security bash', 'LIVE', 1, now(), now() + interval '1 hour', now())`, [bashId]);
    for (const [email, role] of [
      [fay.email, "FACILITATOR"],
      [ann.email, "PARTICIPANT"],
      [olly.email, "OBSERVER"],
    ]) {
      await c.query(`insert into "Membership" (id, "bashId", "userId", role, "updatedAt") values ($1, $2, $3, $4, now())`, [crypto.randomUUID(), bashId, ids[email], role]);
    }
    reportId = crypto.randomUUID();
    await c.query(`insert into "Report" (id, "bashId", number, "clientId", title, steps, "reporterId", "reporterName", "updatedAt") values ($1, $2, 1, 'sec-1', 'Checkout hangs', '1. Pay', $3, $4, now())`, [
      reportId,
      bashId,
      ids[ann.email],
      ann.name,
    ]);
  });
});

function expectSecurityHeaders(res: APIResponse, what: string) {
  const h = res.headers();
  const csp = h["content-security-policy"] ?? "";
  expect(csp, `${what}: Content-Security-Policy`).toContain("default-src 'self'");
  for (const d of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "connect-src 'self'"]) expect(csp, `${what}: ${d}`).toContain(d);
  expect(csp, `${what}: no eval in a build`).not.toContain("unsafe-eval");
  expect(h["x-content-type-options"], what).toBe("nosniff");
  expect(h["x-frame-options"], what).toBe("DENY");
  expect(h["permissions-policy"], what).toBe("camera=(), microphone=(), geolocation=()");
  expect(h["strict-transport-security"], what).toMatch(/^max-age=\d+/);
  expect(h["x-powered-by"], what).toBeUndefined();
}

test("every page and API route sends the security headers; reset links send no Referer", async ({ request }) => {
  for (const path of ["/signin", "/", `/bashes/${bashId}`, "/forgot", "/api/v1/openapi.json", "/api/v1/bashes", "/api/audit", `/api/bashes/${bashId}/calendar`]) {
    const res = await request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBeLessThan(500);
    expectSecurityHeaders(res, path);
    expect(res.headers()["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
  }
  const reset = await request.get("/reset/not-a-real-token", { maxRedirects: 0 });
  expectSecurityHeaders(reset, "/reset");
  expect(reset.headers()["referrer-policy"]).toBe("no-referrer");
});

async function person(browser: Browser, who: { email: string; password: string }): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, who);
  return page;
}

test("the session cookie is httpOnly and SameSite=Lax (Secure comes with an https NEXTAUTH_URL)", async ({ browser }) => {
  const page = await person(browser, ann);
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => /next-auth\.session-token$/.test(c.name));
  expect(session, "a session cookie after sign-in").toBeTruthy();
  expect(session!.httpOnly).toBe(true);
  expect(session!.sameSite).toBe("Lax");
  expect(session!.path).toBe("/");
  // This server runs on http://localhost: next-auth sets Secure and the __Secure- prefix only for an
  // https NEXTAUTH_URL (unit-tested in tests/unit/security-headers.test.ts).
  const csrf = cookies.find((c) => /next-auth\.csrf-token$/.test(c.name));
  if (csrf) expect(csrf.httpOnly).toBe(true);
  // Nothing readable from script: the session token is not in document.cookie.
  expect(await page.evaluate(() => document.cookie)).not.toContain("session-token");
  await page.context().close();
});

test("an attachment keeps its own sandboxing policy", async ({ browser }) => {
  const page = await person(browser, ann);
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#c33" } }).png().toBuffer();
  const up = await page.request.post(`/api/bashes/${bashId}/attachments`, { data: png, headers: { "X-File-Name": "shot.png", "Content-Type": "application/octet-stream" } });
  expect(up.status()).toBe(201);
  const { id } = (await up.json()) as { id: string };
  const res = await page.request.get(`/api/bashes/${bashId}/attachments/${id}`);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-security-policy"]).toBe("default-src 'none'; sandbox");
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  expect(res.headers()["x-frame-options"]).toBe("DENY");
  await page.context().close();
});

/** Collect CSP violations two ways: the console message and the DOM event. */
async function watchCsp(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => {
    if (/Content Security Policy|unsafe-eval/i.test(e.message)) seen.push(`pageerror: ${e.message}`);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const w = window as unknown as { __csp?: string[] };
      (w.__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return seen;
}

async function domViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
}

test("real flows run without a single CSP violation: sign in, report form, bash page, triage board, live console", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const seen = await watchCsp(page);
  await signInAs(page, fay);
  const violations: string[] = [];
  for (const path of [`/bashes/${bashId}`, `/bashes/${bashId}/report`, `/bashes/${bashId}/triage`, `/bashes/${bashId}/live`, `/bashes/${bashId}/reports/1`, `/bashes/${bashId}/plan`, "/account"]) {
    await page.goto(path);
    // Not "networkidle": the live pages keep an EventSource open.
    await page.waitForLoadState("load");
    await page.waitForTimeout(500);
    violations.push(...(await domViolations(page)).map((v) => `${path}: ${v}`));
  }
  // The report form works (its scripts run): type a title and see it kept.
  await page.goto(`/bashes/${bashId}/report`);
  await page.getByLabel(/^Title/).fill("CSP check");
  await expect(page.getByLabel(/^Title/)).toHaveValue("CSP check");
  violations.push(...(await domViolations(page)));
  expect([...seen, ...violations]).toEqual([]);
  await context.close();
});

test("authorization: a participant cannot triage or export, an outsider cannot read, an observer cannot write", async ({ browser }) => {
  // Control: the facilitator's board has the triage controls (a card checkbox for bulk changes).
  const fayPage = await person(browser, fay);
  await fayPage.goto(`/bashes/${bashId}/triage`);
  await expect(fayPage.getByRole("checkbox", { name: "Select #1" })).toBeVisible();
  await fayPage.context().close();

  // Participant: the same board is read-only (plain cards, no drag, no checkbox) and exports are refused.
  const annPage = await person(browser, ann);
  await annPage.goto(`/bashes/${bashId}/triage`);
  await expect(annPage.getByRole("heading", { name: "Triage" })).toBeVisible();
  await expect(annPage.getByText("Checkout hangs").first()).toBeVisible();
  await expect(annPage.getByRole("checkbox", { name: "Select #1" })).toHaveCount(0);
  for (const res of [
    await annPage.request.get(`/api/bashes/${bashId}/export`),
    await annPage.request.post(`/api/bashes/${bashId}/tracker-export?format=csv`),
    await annPage.request.get(`/api/audit?bashId=${bashId}`),
  ]) {
    expect(res.status(), res.url()).toBe(403);
    expect(((await res.json()) as { error: string }).error).toBeTruthy();
  }
  await annPage.context().close();

  // Outsider: the bash and everything in it is "not found" (never a hint that it exists).
  const ottoPage = await person(browser, otto);
  for (const path of [`/bashes/${bashId}`, `/bashes/${bashId}/triage`, `/bashes/${bashId}/reports/1`, `/bashes/${bashId}/summary`]) {
    await ottoPage.goto(path);
    await expect(ottoPage.getByRole("heading", { name: "Not found" }), path).toBeVisible();
    await expect(ottoPage.getByText("Checkout hangs")).toHaveCount(0);
  }
  for (const path of [`/api/bashes/${bashId}/calendar`, `/api/bashes/${bashId}/export`, `/api/bashes/${bashId}/events`]) {
    const res = await ottoPage.request.get(path);
    expect(res.status(), path).toBe(404);
  }
  await ottoPage.context().close();

  // Observer: reads, but cannot file a report or upload a file.
  const ollyPage = await person(browser, olly);
  await ollyPage.goto(`/bashes/${bashId}/reports/1`);
  await expect(ollyPage.getByText("Checkout hangs").first()).toBeVisible();
  const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: "#000" } }).png().toBuffer();
  const up = await ollyPage.request.post(`/api/bashes/${bashId}/attachments`, { data: png, headers: { "X-File-Name": "x.png", "Content-Type": "application/octet-stream" } });
  expect(up.status()).toBe(403);
  const tracker = await ollyPage.request.post(`/api/bashes/${bashId}/tracker-export?format=json`);
  expect(tracker.status()).toBe(403);
  await ollyPage.context().close();

  // Nothing changed the report.
  const row = await withDb((c) => c.query<{ status: string }>(`select status from "Report" where id = $1`, [reportId]));
  expect(row.rows[0].status).toBe("OPEN");
});
