// The REST API (/api/v1) against a real Postgres, through the exported route handlers: personal
// tokens (hashed, scoped, revocable), the same policy as the UI, plain 4xx answers for bad input,
// the per-token rate limit and the OpenAPI document.
import crypto from "node:crypto";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApiToken, hashApiToken, listApiTokens, MAX_ACTIVE_TOKENS, revokeApiToken } from "@/lib/api/tokens";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { makeMember, makeUser } from "../factories/users";
import { db, resetDb, testDbUrl } from "./db";

// The handlers use the process-wide client (lib/db getDb), which reads DATABASE_URL on first use.
process.env.DATABASE_URL = testDbUrl();

import * as bashesRoute from "@/app/api/v1/bashes/route";
import * as bashRoute from "@/app/api/v1/bashes/[bashId]/route";
import * as envsRoute from "@/app/api/v1/bashes/[bashId]/environments/route";
import * as envRoute from "@/app/api/v1/bashes/[bashId]/environments/[environmentId]/route";
import * as reportsRoute from "@/app/api/v1/bashes/[bashId]/reports/route";
import * as reportRoute from "@/app/api/v1/bashes/[bashId]/reports/[number]/route";
import * as openapiRoute from "@/app/api/v1/openapi.json/route";

const BASE = "http://localhost/api/v1";

type Init = { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> };

function req(method: string, path: string, init: Init = {}): Request {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: string | undefined;
  if (init.rawBody !== undefined) body = init.rawBody;
  else if (init.body !== undefined) body = JSON.stringify(init.body);
  if (body !== undefined && !headers["content-type"]) headers["content-type"] = "application/json";
  return new Request(`${BASE}${path}`, { method, headers, body });
}

const p = <T extends Record<string, string>>(params: T) => ({ params: Promise.resolve(params) });

async function json(res: Response) {
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

async function tokenFor(user: { id: string; name: string; email: string; isAdmin: boolean }, scope: "READ" | "READ_WRITE" = "READ_WRITE") {
  return (await createApiToken(db(), user, { name: `${scope} token`, scope })).token;
}

beforeEach(resetDb);
afterEach(() => {
  delete process.env.API_RATE_LIMIT;
});
afterAll(async () => {
  await getDb().$disconnect();
});

describe("API tokens", () => {
  it("stores only the sha256, shows the raw token once, lists without secrets and logs without secrets", async () => {
    const u = await makeUser(db());
    const created = await createApiToken(db(), u, { name: "  Release pipeline ", scope: "READ_WRITE" });
    expect(created.token).toMatch(/^bb_[A-Za-z0-9_-]{43}$/);
    expect(created.name).toBe("Release pipeline");

    const row = await db().apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(crypto.createHash("sha256").update(created.token).digest("hex"));
    expect(row.tokenHash).toBe(hashApiToken(created.token));
    // Nowhere in the database: not in the token row, not in the activity log.
    const dump = await db().$queryRawUnsafe<{ t: string }[]>(`select row_to_json(a)::text as t from "ApiToken" a union all select row_to_json(b)::text from "Activity" b`);
    expect(dump.length).toBeGreaterThan(0);
    for (const r of dump) expect(r.t).not.toContain(created.token);
    const activity = await db().activity.findFirstOrThrow({ where: { type: "api_token.created" } });
    expect(activity).toMatchObject({ bashId: null, actorId: u.id, entityType: "api_token", entityId: created.id });

    const list = await listApiTokens(db(), u);
    expect(list).toHaveLength(1);
    expect(Object.keys(list[0]).sort()).toEqual(["createdAt", "id", "lastUsedAt", "name", "revokedAt", "scope"]);
  });

  it("validates input, caps active tokens per person, and revokes only one's own", async () => {
    const u = await makeUser(db());
    const other = await makeUser(db());
    await expect(createApiToken(db(), u, { name: "", scope: "READ" })).rejects.toMatchObject({ code: "INVALID" });
    await expect(createApiToken(db(), u, { name: "x", scope: "ADMIN" })).rejects.toMatchObject({ code: "INVALID", fieldErrors: { scope: expect.any(String) } });

    const made = [];
    for (let i = 0; i < MAX_ACTIVE_TOKENS; i++) made.push(await createApiToken(db(), u, { name: `t${i}`, scope: "READ" }));
    const over = await createApiToken(db(), u, { name: "one too many", scope: "READ" }).catch((e) => e);
    expect(isAppError(over) && over.code).toBe("CONFLICT");

    // Somebody else cannot revoke (or learn about) my token.
    await expect(revokeApiToken(db(), other, { id: made[0].id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await revokeApiToken(db(), u, { id: made[0].id });
    await revokeApiToken(db(), u, { id: made[0].id }); // twice is fine
    expect((await db().apiToken.findUniqueOrThrow({ where: { id: made[0].id } })).revokedAt).not.toBeNull();
    expect(await db().activity.count({ where: { type: "api_token.revoked", entityId: made[0].id } })).toBe(1);
    // A slot is free again.
    await createApiToken(db(), u, { name: "replacement", scope: "READ" });
  });
});

describe("/api/v1 with a read-write token", () => {
  it("creates a bash, edits its brief, posts build links, files a report and reads them all back", async () => {
    const u = await makeUser(db(), { name: "Pia Pipeline" });
    const token = await tokenFor(u);

    let res = await bashesRoute.POST(req("POST", "/bashes", { token, body: { title: "Checkout 4.2", product: "Shop", release: "4.2", durationMinutes: 90 } }));
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const bash = await json(res);
    expect(bash).toMatchObject({ title: "Checkout 4.2", product: "Shop", release: "4.2", durationMinutes: 90, status: "DRAFT", role: "FACILITATOR", environments: [] });
    expect(res.headers.get("location")).toBe(`/api/v1/bashes/${bash.id}`);

    res = await bashesRoute.GET(req("GET", "/bashes", { token }));
    expect(res.status).toBe(200);
    const list = await json(res);
    expect(list.bashes).toEqual([expect.objectContaining({ id: bash.id, title: "Checkout 4.2", role: "FACILITATOR", reportCount: 0, memberCount: 1 })]);

    // PATCH is partial: fields left out keep their value.
    res = await bashRoute.PATCH(req("PATCH", `/bashes/${bash.id}`, { token, body: { scope: "Only **checkout**.", scheduledStart: "2026-12-01T14:00", timeZone: "Europe/Berlin" } }), p({ bashId: bash.id }));
    expect(res.status).toBe(200);
    const patched = await json(res);
    expect(patched).toMatchObject({ title: "Checkout 4.2", product: "Shop", durationMinutes: 90, scope: "Only **checkout**.", timeZone: "Europe/Berlin", scheduledStartLocal: "2026-12-01T14:00", scheduledStart: "2026-12-01T13:00:00.000Z" });

    res = await envsRoute.POST(
      req("POST", `/bashes/${bash.id}/environments`, { token, body: { name: "Staging", url: "https://staging.shop.example", iosBuildUrl: "https://testflight.apple.com/join/abc", androidBuildUrl: "https://builds.example/app-4.2.apk" } }),
      p({ bashId: bash.id }),
    );
    expect(res.status).toBe(201);
    const env = await json(res);
    expect(env).toMatchObject({ name: "Staging", iosBuildUrl: "https://testflight.apple.com/join/abc", isUp: false });

    res = await envRoute.PATCH(req("PATCH", `/bashes/${bash.id}/environments/${env.id}`, { token, body: { isUp: true } }), p({ bashId: bash.id, environmentId: env.id }));
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ id: env.id, name: "Staging", iosBuildUrl: "https://testflight.apple.com/join/abc", androidBuildUrl: "https://builds.example/app-4.2.apk", isUp: true });

    res = await envsRoute.GET(req("GET", `/bashes/${bash.id}/environments`, { token }), p({ bashId: bash.id }));
    expect((await json(res)).environments).toEqual([expect.objectContaining({ id: env.id, isUp: true })]);

    // Reporting is open while the bash is live (as in the UI).
    res = await reportsRoute.POST(req("POST", `/bashes/${bash.id}/reports`, { token, body: { title: "Too early" } }), p({ bashId: bash.id }));
    expect(res.status).toBe(409);
    await db().bash.update({ where: { id: bash.id }, data: { status: "LIVE" } });

    res = await reportsRoute.POST(
      req("POST", `/bashes/${bash.id}/reports`, {
        token,
        headers: { "user-agent": "release-bot/1.0" },
        body: { title: "Pay button does nothing", steps: "1. Add to cart\n2. Pay", severity: "MAJOR", environmentId: env.id, deviceKind: "MOBILE", os: "iOS", osVersion: "18.1", phoneName: "iPhone 15" },
      }),
      p({ bashId: bash.id }),
    );
    expect(res.status).toBe(201);
    const created = await json(res);
    expect(created).toMatchObject({ number: 1, created: true });
    expect(created.clientId).toMatch(/^api-[A-Za-z0-9_-]{16}$/);

    // A retry with the same clientId and title is the same report.
    res = await reportsRoute.POST(req("POST", `/bashes/${bash.id}/reports`, { token, body: { clientId: "pipeline-run-77", title: "Second" } }), p({ bashId: bash.id }));
    expect(res.status).toBe(201);
    res = await reportsRoute.POST(req("POST", `/bashes/${bash.id}/reports`, { token, body: { clientId: "pipeline-run-77", title: "Second" } }), p({ bashId: bash.id }));
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ number: 2, created: false });

    res = await reportsRoute.GET(req("GET", `/bashes/${bash.id}/reports`, { token }), p({ bashId: bash.id }));
    const page = await json(res);
    expect(page.reports.map((r: { number: number }) => r.number)).toEqual([1, 2]);
    expect(page.reports[0]).toMatchObject({ title: "Pay button does nothing", status: "OPEN", severity: "MAJOR", environmentName: "Staging", reporterName: "Pia Pipeline" });
    expect(page.nextCursor).toBeNull();

    // Paging and filters.
    res = await reportsRoute.GET(req("GET", `/bashes/${bash.id}/reports?limit=1`, { token }), p({ bashId: bash.id }));
    const first = await json(res);
    expect(first.reports).toHaveLength(1);
    expect(first.nextCursor).toBe("1");
    res = await reportsRoute.GET(req("GET", `/bashes/${bash.id}/reports?limit=1&cursor=${first.nextCursor}`, { token }), p({ bashId: bash.id }));
    expect((await json(res)).reports.map((r: { number: number }) => r.number)).toEqual([2]);
    await db().report.update({ where: { bashId_number: { bashId: bash.id, number: 2 } }, data: { status: "CONFIRMED" } });
    res = await reportsRoute.GET(req("GET", `/bashes/${bash.id}/reports?status=confirmed,done`, { token }), p({ bashId: bash.id }));
    expect((await json(res)).reports.map((r: { number: number }) => r.number)).toEqual([2]);
    res = await reportsRoute.GET(req("GET", `/bashes/${bash.id}/reports?since=2099-01-01T00:00:00Z`, { token }), p({ bashId: bash.id }));
    expect((await json(res)).reports).toEqual([]);

    res = await reportRoute.GET(req("GET", `/bashes/${bash.id}/reports/1`, { token }), p({ bashId: bash.id, number: "1" }));
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({
      number: 1,
      title: "Pay button does nothing",
      steps: "1. Add to cart\n2. Pay",
      environmentName: "Staging",
      os: "iOS",
      phoneName: "iPhone 15",
      userAgent: "release-bot/1.0",
      url: expect.stringContaining(`/bashes/${bash.id}/reports/1`),
    });
    res = await reportRoute.GET(req("GET", `/bashes/${bash.id}/reports/99`, { token }), p({ bashId: bash.id, number: "99" }));
    expect(res.status).toBe(404);
    res = await reportRoute.GET(req("GET", `/bashes/${bash.id}/reports/abc`, { token }), p({ bashId: bash.id, number: "abc" }));
    expect(res.status).toBe(404);

    res = await bashRoute.GET(req("GET", `/bashes/${bash.id}`, { token }), p({ bashId: bash.id }));
    expect(await json(res)).toMatchObject({ id: bash.id, status: "LIVE", reportCount: 2, environments: [expect.objectContaining({ androidBuildUrl: "https://builds.example/app-4.2.apk" })] });

    res = await envRoute.DELETE(req("DELETE", `/bashes/${bash.id}/environments/${env.id}`, { token }), p({ bashId: bash.id, environmentId: env.id }));
    expect(res.status).toBe(204);
    res = await envRoute.GET(req("GET", `/bashes/${bash.id}/environments/${env.id}`, { token }), p({ bashId: bash.id, environmentId: env.id }));
    expect(res.status).toBe(404);

    // The same activity log as the UI, with the token's user as actor.
    expect(await db().activity.count({ where: { bashId: bash.id, actorId: u.id, type: { in: ["bash.created", "bash.rescheduled", "environment.created", "report.created"] } } })).toBeGreaterThanOrEqual(4);
    // lastUsedAt was set (once a minute at most).
    expect((await db().apiToken.findFirstOrThrow({ where: { userId: u.id } })).lastUsedAt).not.toBeNull();
  });
});

describe("/api/v1 access", () => {
  it("a read-only token reads but cannot write (403)", async () => {
    const u = await makeUser(db());
    const rw = await tokenFor(u, "READ_WRITE");
    const ro = await tokenFor(u, "READ");
    const bash = await json(await bashesRoute.POST(req("POST", "/bashes", { token: rw, body: { title: "Read me" } })));

    let res = await bashesRoute.GET(req("GET", "/bashes", { token: ro }));
    expect(res.status).toBe(200);
    expect((await json(res)).bashes).toHaveLength(1);
    res = await bashRoute.GET(req("GET", `/bashes/${bash.id}`, { token: ro }), p({ bashId: bash.id }));
    expect(res.status).toBe(200);

    for (const call of [
      () => bashesRoute.POST(req("POST", "/bashes", { token: ro, body: { title: "Nope" } })),
      () => bashRoute.PATCH(req("PATCH", `/bashes/${bash.id}`, { token: ro, body: { title: "Nope" } }), p({ bashId: bash.id })),
      () => envsRoute.POST(req("POST", `/bashes/${bash.id}/environments`, { token: ro, body: { name: "Nope" } }), p({ bashId: bash.id })),
      () => reportsRoute.POST(req("POST", `/bashes/${bash.id}/reports`, { token: ro, body: { title: "Nope" } }), p({ bashId: bash.id })),
    ]) {
      res = await call();
      expect(res.status).toBe(403);
      const body = await json(res);
      expect(body).toMatchObject({ code: "FORBIDDEN", error: expect.stringContaining("This token is read-only") });
    }
    expect(await db().bash.count()).toBe(1);
  });

  it("no, malformed, unknown or revoked tokens and deactivated users get 401 with WWW-Authenticate", async () => {
    const u = await makeUser(db());
    const token = await tokenFor(u);

    const check = async (res: Response, fragment: string) => {
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      const body = await json(res);
      expect(body.code).toBe("UNAUTHENTICATED");
      expect(body.error).toContain(fragment);
    };
    await check(await bashesRoute.GET(req("GET", "/bashes")), "Authorization: Bearer");
    await check(await bashesRoute.GET(req("GET", "/bashes", { headers: { authorization: "Basic abc" } })), "not valid");
    await check(await bashesRoute.GET(req("GET", "/bashes", { token: "bb_short" })), "not valid");
    await check(await bashesRoute.GET(req("GET", "/bashes", { token: `bb_${crypto.randomBytes(32).toString("base64url")}` })), "not valid");

    expect((await bashesRoute.GET(req("GET", "/bashes", { token }))).status).toBe(200);
    const row = await db().apiToken.findUniqueOrThrow({ where: { tokenHash: hashApiToken(token) } });
    await revokeApiToken(db(), u, { id: row.id });
    await check(await bashesRoute.GET(req("GET", "/bashes", { token })), "revoked");

    const v = await makeUser(db());
    const vToken = await tokenFor(v);
    expect((await bashesRoute.GET(req("GET", "/bashes", { token: vToken }))).status).toBe(200);
    await db().user.update({ where: { id: v.id }, data: { deactivatedAt: new Date() } });
    await check(await bashesRoute.GET(req("GET", "/bashes", { token: vToken })), "deactivated");
    await check(await bashesRoute.POST(req("POST", "/bashes", { token: vToken, body: { title: "x" } })), "deactivated");
  });

  it("a token never reaches a bash its user cannot see (404), and follows the user's role", async () => {
    const owner = await makeUser(db());
    const ownerToken = await tokenFor(owner);
    const bash = await json(await bashesRoute.POST(req("POST", "/bashes", { token: ownerToken, body: { title: "Private" } })));
    const env = await json(await envsRoute.POST(req("POST", `/bashes/${bash.id}/environments`, { token: ownerToken, body: { name: "Staging" } }), p({ bashId: bash.id })));

    const outsider = await makeUser(db());
    const t = await tokenFor(outsider);
    const b = { bashId: bash.id };
    const e = { bashId: bash.id, environmentId: env.id };
    const responses = [
      await bashRoute.GET(req("GET", `/bashes/${bash.id}`, { token: t }), p(b)),
      await bashRoute.PATCH(req("PATCH", `/bashes/${bash.id}`, { token: t, body: { title: "Mine now" } }), p(b)),
      await envsRoute.GET(req("GET", `/bashes/${bash.id}/environments`, { token: t }), p(b)),
      await envsRoute.POST(req("POST", `/bashes/${bash.id}/environments`, { token: t, body: { name: "Evil" } }), p(b)),
      await envRoute.GET(req("GET", `/bashes/${bash.id}/environments/${env.id}`, { token: t }), p(e)),
      await envRoute.PATCH(req("PATCH", `/bashes/${bash.id}/environments/${env.id}`, { token: t, body: { iosBuildUrl: "https://evil.example" } }), p(e)),
      await envRoute.PATCH(req("PATCH", `/bashes/${bash.id}/environments/nope`, { token: t, body: { name: "x" } }), p({ bashId: bash.id, environmentId: "nope" })),
      await envRoute.DELETE(req("DELETE", `/bashes/${bash.id}/environments/${env.id}`, { token: t }), p(e)),
      await reportsRoute.GET(req("GET", `/bashes/${bash.id}/reports`, { token: t }), p(b)),
      await reportsRoute.POST(req("POST", `/bashes/${bash.id}/reports`, { token: t, body: { title: "x" } }), p(b)),
      await reportRoute.GET(req("GET", `/bashes/${bash.id}/reports/1`, { token: t }), p({ bashId: bash.id, number: "1" })),
      await reportRoute.GET(req("GET", `/bashes/${bash.id}/reports/x`, { token: t }), p({ bashId: bash.id, number: "x" })),
    ];
    for (const res of responses) {
      expect(res.status).toBe(404);
      expect((await json(res)).error).toMatch(/That bash was not found/);
    }
    expect((await json(await bashesRoute.GET(req("GET", "/bashes", { token: t })))).bashes).toEqual([]);
    const stored = await db().bash.findUniqueOrThrow({ where: { id: bash.id }, include: { environments: true } });
    expect(stored.title).toBe("Private");
    expect(stored.environments).toHaveLength(1);
    expect(stored.environments[0].iosBuildUrl).toBe("");

    // A participant may read the bash but not edit its plan: the same answer as in the UI.
    const participant = await makeMember(db(), bash.id, "PARTICIPANT");
    const pt = await tokenFor(participant);
    expect((await bashRoute.GET(req("GET", `/bashes/${bash.id}`, { token: pt }), p(b))).status).toBe(200);
    const res = await bashRoute.PATCH(req("PATCH", `/bashes/${bash.id}`, { token: pt, body: { title: "Mine now" } }), p(b));
    expect(res.status).toBe(403);
    expect((await json(res)).error).toContain("permission to edit this bash");
  });
});

describe("/api/v1 bad input", () => {
  it("answers 400 with a message for malformed JSON, wrong types, unknown fields and bad queries", async () => {
    const u = await makeUser(db());
    const token = await tokenFor(u);
    const bash = await json(await bashesRoute.POST(req("POST", "/bashes", { token, body: { title: "Inputs" } })));
    const b = p({ bashId: bash.id });

    const expect400 = async (res: Response, fragment: string | RegExp, field?: string) => {
      expect(res.status).toBe(400);
      const body = await json(res);
      expect(body.code).toBe("INVALID");
      expect(body.error).toMatch(fragment);
      if (field) expect(body.fieldErrors?.[field]).toEqual(expect.any(String));
      return body;
    };

    await expect400(await bashesRoute.POST(req("POST", "/bashes", { token, rawBody: '{"title": "unterminated' })), /not valid JSON/);
    await expect400(await bashesRoute.POST(req("POST", "/bashes", { token, rawBody: "" })), /empty/);
    await expect400(await bashesRoute.POST(req("POST", "/bashes", { token, body: ["title"] })), /JSON object/);
    await expect400(await bashesRoute.POST(req("POST", "/bashes", { token, body: null })), /JSON object/);
    await expect400(await bashesRoute.POST(req("POST", "/bashes", { token, rawBody: "title=x", headers: { "content-type": "application/x-www-form-urlencoded" } })), /application\/json/);
    await expect400(await bashesRoute.POST(req("POST", "/bashes", { token, body: { title: 42 } })), /title/, "title");
    await expect400(await bashesRoute.POST(req("POST", "/bashes", { token, body: {} })), /title/, "title");
    await expect400(await bashesRoute.POST(req("POST", "/bashes", { token, body: { title: "x", durationMinutes: "lots" } })), /duration/, "durationMinutes");
    await expect400(await bashesRoute.POST(req("POST", "/bashes", { token, body: { title: "x", timeZone: "Mars/Olympus" } })), /time zone/, "timeZone");
    await expect400(await bashesRoute.POST(req("POST", "/bashes", { token, body: { title: "x", status: "LIVE", createdById: "someone" } })), /Unknown fields: status, createdById/, "status");

    await expect400(await bashRoute.PATCH(req("PATCH", `/bashes/${bash.id}`, { token, body: { archivedAt: "2020-01-01" } }), b), /Unknown field: archivedAt/);
    await expect400(await bashRoute.PATCH(req("PATCH", `/bashes/${bash.id}`, { token, body: { scheduledStart: "2026-02-30T10:00" } }), b), /does not exist/, "scheduledStart");
    await expect400(await bashRoute.PATCH(req("PATCH", `/bashes/${bash.id}`, { token, body: { title: "" } }), b), /title/, "title");

    await expect400(await envsRoute.POST(req("POST", `/bashes/${bash.id}/environments`, { token, body: { name: "S", iosBuildUrl: "javascript:alert(1)" } }), b), /https:\/\//, "iosBuildUrl");
    await expect400(await envsRoute.POST(req("POST", `/bashes/${bash.id}/environments`, { token, body: { name: "S", bashId: "other" } }), b), /Unknown field: bashId/);

    await db().bash.update({ where: { id: bash.id }, data: { status: "LIVE" } });
    await expect400(await reportsRoute.POST(req("POST", `/bashes/${bash.id}/reports`, { token, body: { title: "x", severity: "APOCALYPTIC" } }), b), /severity/, "severity");
    await expect400(await reportsRoute.POST(req("POST", `/bashes/${bash.id}/reports`, { token, body: { title: "x", clientId: "no spaces allowed" } }), b), /draft id/, "clientId");
    await expect400(await reportsRoute.POST(req("POST", `/bashes/${bash.id}/reports`, { token, body: { title: "x", attachmentIds: ["a"] } }), b), /Unknown field: attachmentIds/);
    await expect400(await reportsRoute.POST(req("POST", `/bashes/${bash.id}/reports`, { token, body: { title: ["x"] } }), b), /./, "title");
    await expect400(await reportsRoute.GET(req("GET", `/bashes/${bash.id}/reports?limit=5000`, { token }), b), /limit/, "limit");
    await expect400(await reportsRoute.GET(req("GET", `/bashes/${bash.id}/reports?status=WONTFIX`, { token }), b), /statuses/);
    await expect400(await reportsRoute.GET(req("GET", `/bashes/${bash.id}/reports?since=yesterday`, { token }), b), /ISO 8601/, "since");
    await expect400(await reportsRoute.GET(req("GET", `/bashes/${bash.id}/reports?cursor=abc`, { token }), b), /cursor/, "cursor");

    expect(await db().bash.count()).toBe(1);
    expect(await db().report.count()).toBe(0);
  });
});

describe("/api/v1 rate limit", () => {
  it("answers 429 with Retry-After once a token passes API_RATE_LIMIT requests in a minute, per token", async () => {
    process.env.API_RATE_LIMIT = "3";
    const u = await makeUser(db());
    const token = await tokenFor(u);
    const other = await tokenFor(u, "READ");
    for (let i = 0; i < 3; i++) expect((await bashesRoute.GET(req("GET", "/bashes", { token }))).status).toBe(200);
    const res = await bashesRoute.GET(req("GET", "/bashes", { token }));
    expect(res.status).toBe(429);
    const retry = Number(res.headers.get("retry-after"));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect(await json(res)).toMatchObject({ code: "RATE_LIMITED", error: expect.stringMatching(/Too many requests/) });
    // Another token has its own count.
    expect((await bashesRoute.GET(req("GET", "/bashes", { token: other }))).status).toBe(200);
  });
});

describe("/api/v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document listing every path and method, with schemas from zod", async () => {
    const res = await openapiRoute.GET();
    expect(res.status).toBe(200);
    const doc = JSON.parse(await res.text());
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    const expected: Record<string, string[]> = {
      "/bashes": ["get", "post"],
      "/bashes/{bashId}": ["get", "patch"],
      "/bashes/{bashId}/environments": ["get", "post"],
      "/bashes/{bashId}/environments/{environmentId}": ["get", "patch", "delete"],
      "/bashes/{bashId}/reports": ["get", "post"],
      "/bashes/{bashId}/reports/{number}": ["get"],
    };
    expect(Object.keys(doc.paths).sort()).toEqual(Object.keys(expected).sort());
    for (const [path, methods] of Object.entries(expected)) {
      for (const m of methods) {
        const op = doc.paths[path][m];
        expect(op, `${m} ${path}`).toBeTruthy();
        expect(op.responses["401"], `${m} ${path} 401`).toBeTruthy();
        expect(op.responses["429"], `${m} ${path} 429`).toBeTruthy();
        if (m !== "get") expect(op.responses["403"], `${m} ${path} 403`).toBeTruthy();
      }
    }
    for (const code of ["Invalid", "Unauthenticated", "Forbidden", "NotFound", "Conflict", "RateLimited"]) expect(doc.components.responses[code]).toBeTruthy();
    expect(doc.components.schemas.CreateBash.required).toEqual(["title"]);
    expect(doc.components.schemas.CreateBash.properties.durationMinutes).toMatchObject({ type: "integer", minimum: 15, maximum: 240 });
    expect(doc.components.schemas.CreateReport.required).toEqual(["title"]);
    expect(doc.components.schemas.CreateReport.properties.attachmentIds).toBeUndefined();
    expect(doc.components.schemas.UpdateBash.required).toBeUndefined();
    expect(doc.components.schemas.EnvironmentInput.properties.iosBuildUrl).toBeTruthy();
    // Every $ref resolves.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]);
    for (const r of refs) expect(r.split("/").reduce((o: Record<string, unknown> | undefined, k) => o?.[k] as Record<string, unknown> | undefined, doc), r).toBeTruthy();
  });
});

describe("authenticateApi", () => {
  it("writes lastUsedAt at most once a minute", async () => {
    const { authenticateApi } = await import("@/lib/api/auth");
    const u = await makeUser(db());
    const token = await tokenFor(u, "READ");
    const r = () => req("GET", "/bashes", { token });
    const t0 = new Date("2026-12-01T10:00:00Z");
    const actor = await authenticateApi(db(), r(), "READ", t0);
    expect(actor).toEqual({ id: u.id, name: u.name, email: u.email, isAdmin: false });
    const lastUsed = async () => (await db().apiToken.findFirstOrThrow({ where: { userId: u.id } })).lastUsedAt?.toISOString();
    expect(await lastUsed()).toBe(t0.toISOString());
    await authenticateApi(db(), r(), "READ", new Date(t0.getTime() + 30_000));
    expect(await lastUsed()).toBe(t0.toISOString());
    const t1 = new Date(t0.getTime() + 61_000);
    await authenticateApi(db(), r(), "READ", t1);
    expect(await lastUsed()).toBe(t1.toISOString());
    await expect(authenticateApi(db(), r(), "READ_WRITE", t1)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
