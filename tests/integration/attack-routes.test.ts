// Attack sweep over every route handler in app/api/** (issue 7, item 5): each exported method is
// called directly with malformed input — bad and huge ids, ids from another bash, wrong content
// types, malformed JSON and multipart, huge strings, missing and extra fields, bad query parameters,
// no session / no token. Every answer must be below 500 and, when it refuses, say why.
// Failures are collected per case, so one run lists every 5xx at once.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiToken } from "@/lib/api/tokens";
import { uploadAttachment } from "@/lib/attachments/commands";
import { createBash } from "@/lib/bashes/commands";
import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/policy";
import { createReport } from "@/lib/reports/commands";
import { setStorageForTests } from "@/lib/storage/index";
import { makeMember, makeUser } from "../factories/users";
import { db, resetDb, testDbUrl } from "./db";

process.env.DATABASE_URL = testDbUrl();

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth", async () => (await import("../factories/auth-mock")).authMock(session));

import * as v1Bashes from "@/app/api/v1/bashes/route";
import * as v1Bash from "@/app/api/v1/bashes/[bashId]/route";
import * as v1Envs from "@/app/api/v1/bashes/[bashId]/environments/route";
import * as v1Env from "@/app/api/v1/bashes/[bashId]/environments/[environmentId]/route";
import * as v1Reports from "@/app/api/v1/bashes/[bashId]/reports/route";
import * as v1Report from "@/app/api/v1/bashes/[bashId]/reports/[number]/route";
import * as v1OpenApi from "@/app/api/v1/openapi.json/route";
import * as exportRoute from "@/app/api/bashes/[bashId]/export/route";
import * as eventsRoute from "@/app/api/bashes/[bashId]/events/route";
import * as trackerRoute from "@/app/api/bashes/[bashId]/tracker-export/route";
import * as uploadRoute from "@/app/api/bashes/[bashId]/attachments/route";
import * as fileReportRoute from "@/app/api/bashes/[bashId]/reports/route";
import * as downloadRoute from "@/app/api/bashes/[bashId]/attachments/[attachmentId]/route";
import * as importRoute from "@/app/api/bashes/[bashId]/import/route";
import * as calendarRoute from "@/app/api/bashes/[bashId]/calendar/route";
import * as auditRoute from "@/app/api/audit/route";
import * as blankTemplateRoute from "@/app/api/templates/blank/route";
import * as benchInsertRoute from "@/app/api/bench/insert/route";

const HUGE = "x".repeat(100_000);
/** Ids no row has, in every shape a client could send. */
const GARBAGE_IDS = [
  "",
  "x",
  "0",
  "-1",
  "null",
  "undefined",
  HUGE,
  "../../etc/passwd",
  "%00",
  "a\u0000b",
  "' OR 1=1 --",
  "<script>alert(1)</script>",
  "00000000-0000-0000-0000-000000000000",
  "clx0000000000000000000000",
  "😀",
  "\ud800",
];
const BAD_NUMBERS = ["0", "-1", "1.5", "1e3", "0x10", "99999999999999999999999", "NaN", "Infinity", " 1", "abc", HUGE, "\u0000"];

type Fixture = {
  fay: Actor; // facilitator of bash A
  ann: Actor; // participant of bash A
  otto: Actor; // facilitator of bash B, outsider to A
  bashA: string;
  bashB: string;
  envA: string;
  envB: string;
  attA: string;
  attB: string;
  tokenFay: string;
  tokenAnnRead: string;
  tokenOtto: string;
};
let f: Fixture;
let storageDir = "";
const savedEnv = { STORAGE_DIR: process.env.STORAGE_DIR, S3_BUCKET: process.env.S3_BUCKET };

beforeAll(async () => {
  storageDir = await fs.mkdtemp(path.join(os.tmpdir(), "bashboard-attack-routes-"));
  process.env.STORAGE_DIR = storageDir;
  delete process.env.S3_BUCKET;
  process.env.API_RATE_LIMIT = "100000";
  setStorageForTests(null);
  await resetDb();
  const fay = await makeUser(db(), { name: "Fay Facilitator" });
  const otto = await makeUser(db(), { name: "Otto Outsider" });
  const a = await createBash(db(), fay, { title: "Bash A" });
  const b = await createBash(db(), otto, { title: "Bash B" });
  await db().bash.updateMany({ where: { id: { in: [a.id, b.id] } }, data: { status: "LIVE" } });
  const ann = await makeMember(db(), a.id, "PARTICIPANT", { name: "Ann Participant" });
  const envA = await db().environment.create({ data: { bashId: a.id, name: "Staging A" } });
  const envB = await db().environment.create({ data: { bashId: b.id, name: "Staging B" } });
  await createReport(db(), ann, a.id, { clientId: "attack-a-1-xxxxxxxx", title: "Report in A" });
  await createReport(db(), otto, b.id, { clientId: "attack-b-1-xxxxxxxx", title: "Report in B" });
  const bytes = await sharp({ create: { width: 20, height: 20, channels: 3, background: { r: 1, g: 2, b: 3 } } }).png().toBuffer();
  const attA = await uploadAttachment(db(), ann, a.id, { fileName: "a.png", bytes });
  const attB = await uploadAttachment(db(), otto, b.id, { fileName: "b.png", bytes });
  f = {
    fay,
    ann,
    otto,
    bashA: a.id,
    bashB: b.id,
    envA: envA.id,
    envB: envB.id,
    attA: (attA as { id: string }).id,
    attB: (attB as { id: string }).id,
    tokenFay: (await createApiToken(db(), fay, { name: "fay", scope: "READ_WRITE" })).token,
    tokenAnnRead: (await createApiToken(db(), ann, { name: "ann", scope: "READ" })).token,
    tokenOtto: (await createApiToken(db(), otto, { name: "otto", scope: "READ_WRITE" })).token,
  };
});

afterAll(async () => {
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  delete process.env.API_RATE_LIMIT;
  setStorageForTests(null);
  await fs.rm(storageDir, { recursive: true, force: true });
  await getDb().$disconnect();
});

// ---------------------------------------------------------------------------------------------

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Case = { label: string; run: () => Promise<Response> };

const p = (params: Record<string, string>) => ({ params: Promise.resolve(params) });

function req(method: string, url: string, init: { headers?: Record<string, string>; body?: BodyInit | null; signal?: AbortSignal } = {}): Request {
  return new Request(new URL(url, "http://localhost"), {
    method,
    headers: init.headers,
    body: method === "GET" || method === "HEAD" ? undefined : init.body,
    signal: init.signal,
    // @ts-expect-error Node's fetch needs this for stream bodies; plain bodies ignore it.
    duplex: "half",
  });
}

const short = (s: string) => (s.length > 60 ? `${s.slice(0, 40)}…(${s.length} chars)` : s);

/** Run every case; return a line per case that answered 5xx, threw, or refused without a message. */
async function sweep(cases: Case[]): Promise<string[]> {
  const failures: string[] = [];
  for (const c of cases) {
    let res: Response;
    try {
      res = await c.run();
    } catch (e) {
      failures.push(`${c.label}: threw ${(e as Error)?.message ?? e}`);
      continue;
    }
    if (res.status >= 500) {
      failures.push(`${c.label}: ${res.status} ${short(await res.text().catch(() => ""))}`);
      continue;
    }
    if (res.status >= 400 && res.status !== 416) {
      const text = await res.text();
      let message = text;
      try {
        const j = JSON.parse(text) as { error?: unknown };
        message = typeof j.error === "string" ? j.error : "";
      } catch {
        // plain text is a message too
      }
      if (!message.trim()) failures.push(`${c.label}: ${res.status} without a message`);
    } else {
      await res.body?.cancel().catch(() => undefined);
    }
  }
  return failures;
}

/** The same request for each bash id: garbage, the other bash's, and (if given) the real one. */
function perBash(label: string, ids: string[], make: (bashId: string) => Promise<Response>): Case[] {
  return ids.map((id) => ({ label: `${label} bashId=${JSON.stringify(short(id))}`, run: () => make(id) }));
}

const as = (actor: Actor | null) => {
  session.actor = actor;
};

const MALFORMED_BODIES: { label: string; headers: Record<string, string>; body: BodyInit | null }[] = [
  { label: "no body", headers: {}, body: null },
  { label: "empty json", headers: { "content-type": "application/json" }, body: "" },
  { label: "malformed json", headers: { "content-type": "application/json" }, body: "{\"title\": " },
  { label: "json array", headers: { "content-type": "application/json" }, body: "[1,2,3]" },
  { label: "json null", headers: { "content-type": "application/json" }, body: "null" },
  { label: "json number", headers: { "content-type": "application/json" }, body: "42" },
  { label: "json string", headers: { "content-type": "application/json" }, body: "\"hi\"" },
  { label: "text/plain", headers: { "content-type": "text/plain" }, body: "title=x" },
  { label: "form", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "title=x&format=jira" },
  { label: "multipart without boundary", headers: { "content-type": "multipart/form-data" }, body: "--x\r\n\r\n" },
  { label: "broken multipart", headers: { "content-type": "multipart/form-data; boundary=zzz" }, body: "--zzz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\n\r\nnot a workbook" },
  { label: "binary", headers: { "content-type": "application/octet-stream" }, body: new Uint8Array([0, 255, 1, 254, 0, 0]) },
  { label: "huge json", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: "x".repeat(2_000_000) }) },
  { label: "wrong types", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: 5, name: [], url: {}, status: 7, severity: true, description: null, scheduledStart: "yesterday", durationMinutes: "a lot", timeZone: HUGE }) },
  { label: "huge strings", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: HUGE, name: HUGE, url: HUGE, description: HUGE, steps: HUGE, clientId: HUGE, timeZone: HUGE, product: HUGE }) },
  { label: "nul bytes", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: "a\u0000b", name: "a\u0000b", url: "https://a\u0000b", clientId: "c\u0000-xxxxxxxxxxxx" }) },
  { label: "lone surrogate", headers: { "content-type": "application/json" }, body: "{\"title\": \"\\ud800\", \"name\": \"\\udfff\", \"clientId\": \"\\ud800-xxxxxxxxxxxx\"}" },
  { label: "extra fields", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: "ok", name: "ok", id: "forged", bashId: "forged", isAdmin: true, reporterId: "forged", __proto__: { polluted: 1 }, constructor: { prototype: { polluted: 1 } } }) },
  { label: "ids from the other bash", headers: { "content-type": "application/json" }, body: "" }, // filled in per test
];

function bodiesWithIds(ids: Record<string, string>) {
  return MALFORMED_BODIES.map((b) =>
    b.label === "ids from the other bash"
      ? { ...b, body: JSON.stringify({ title: "Cross-bash ids", name: "x", clientId: "attack-cross-xxxxxxxx", ...ids }) }
      : b,
  );
}

// ---------------------------------------------------------------------------------------------

describe("route handlers under attack answer 4xx with a message, never 5xx", () => {
  it("/api/v1: tokens, ids, bodies and query parameters", async () => {
    const BAD_TOKENS: (string | null)[] = [null, "", "Bearer", "Bearer bb_nope", `Bearer ${HUGE}`, "Basic Zm9vOmJhcg==", "Bearer bb_\u00e9\u00e9", `bearer  ${f.tokenFay}x`];
    const cases: Case[] = [];
    for (const token of BAD_TOKENS) {
      const headers: Record<string, string> = token === null ? {} : { authorization: token };
      cases.push({ label: `v1 GET bashes auth=${short(String(token))}`, run: () => (v1Bashes.GET as Handler)(req("GET", "/api/v1/bashes", { headers }), p({})) });
      cases.push({ label: `v1 POST bashes auth=${short(String(token))}`, run: () => (v1Bashes.POST as Handler)(req("POST", "/api/v1/bashes", { headers, body: "{}" }), p({})) });
    }
    const tokens = { fay: f.tokenFay, annRead: f.tokenAnnRead, otto: f.tokenOtto };
    const auth = (t: string) => ({ authorization: `Bearer ${t}` });
    const bashIds = [...GARBAGE_IDS, f.bashB, f.bashA];
    for (const [who, t] of Object.entries(tokens)) {
      cases.push(...perBash(`v1 GET bash as ${who}`, bashIds, (id) => (v1Bash.GET as Handler)(req("GET", "/api/v1/bashes/x", { headers: auth(t) }), p({ bashId: id }))));
      cases.push(...perBash(`v1 GET envs as ${who}`, bashIds, (id) => (v1Envs.GET as Handler)(req("GET", "/x", { headers: auth(t) }), p({ bashId: id }))));
      cases.push(...perBash(`v1 GET reports as ${who}`, bashIds, (id) => (v1Reports.GET as Handler)(req("GET", "/x", { headers: auth(t) }), p({ bashId: id }))));
      for (const n of [...BAD_NUMBERS, "1"]) {
        for (const id of [f.bashA, f.bashB, "x"]) {
          cases.push({ label: `v1 GET report ${short(n)} in ${id === f.bashA ? "A" : id} as ${who}`, run: () => (v1Report.GET as Handler)(req("GET", "/x", { headers: auth(t) }), p({ bashId: id, number: n })) });
        }
      }
      for (const envId of [...GARBAGE_IDS, f.envB, f.envA]) {
        for (const method of ["GET", "PATCH", "DELETE"] as const) {
          const h = v1Env[method] as Handler;
          cases.push({
            label: `v1 ${method} env ${short(envId)} as ${who}`,
            run: () => h(req(method, "/x", { headers: { ...auth(t), "content-type": "application/json" }, body: JSON.stringify({ name: "Renamed" }) }), p({ bashId: f.bashA, environmentId: envId })),
          });
        }
      }
    }
    // Query parameters on the report list.
    const QUERIES = [
      "limit=-1", "limit=0", "limit=1e9", "limit=abc", `limit=${HUGE}`, "limit=1&limit=2", "cursor=abc", "cursor=-5", "cursor=99999999999999999999",
      "cursor=1.5", "status=NOPE", "status=", `status=${HUGE}`, "status=NEW&status=NEW", "since=yesterday", "since=99999-01-01", "since=-271821-04-20T00:00:00Z",
      "since=275760-09-13T00:00:01Z", "since=0", "since=2026-13-45", "unknown=1", "fields=all", "__proto__=1", "%zz=1",
    ];
    for (const q of QUERIES) {
      cases.push({ label: `v1 GET reports ?${short(q)}`, run: () => (v1Reports.GET as Handler)(req("GET", `/x?${q}`, { headers: auth(f.tokenFay) }), p({ bashId: f.bashA })) });
    }
    // Bodies on every writing endpoint, as the owner, a read-only participant and an outsider.
    const writers: { label: string; run: (b: (typeof MALFORMED_BODIES)[number], t: string) => Promise<Response> }[] = [
      { label: "POST bashes", run: (b, t) => (v1Bashes.POST as Handler)(req("POST", "/x", { headers: { ...b.headers, ...auth(t) }, body: b.body }), p({})) },
      { label: "PATCH bash", run: (b, t) => (v1Bash.PATCH as Handler)(req("PATCH", "/x", { headers: { ...b.headers, ...auth(t) }, body: b.body }), p({ bashId: f.bashA })) },
      { label: "POST envs", run: (b, t) => (v1Envs.POST as Handler)(req("POST", "/x", { headers: { ...b.headers, ...auth(t) }, body: b.body }), p({ bashId: f.bashA })) },
      { label: "PATCH env", run: (b, t) => (v1Env.PATCH as Handler)(req("PATCH", "/x", { headers: { ...b.headers, ...auth(t) }, body: b.body }), p({ bashId: f.bashA, environmentId: f.envA })) },
      { label: "POST reports", run: (b, t) => (v1Reports.POST as Handler)(req("POST", "/x", { headers: { ...b.headers, ...auth(t) }, body: b.body }), p({ bashId: f.bashA })) },
    ];
    const crossIds = { environmentId: f.envB, featureId: f.envB, duplicateOfId: f.envB, copyFromBashId: f.bashB, bashId: f.bashB };
    for (const w of writers) {
      for (const b of bodiesWithIds(crossIds)) {
        for (const [who, t] of Object.entries(tokens)) cases.push({ label: `v1 ${w.label} ${b.label} as ${who}`, run: () => w.run(b, t) });
      }
    }
    cases.push({ label: "v1 openapi", run: () => v1OpenApi.GET() });
    const failures = await sweep(cases);
    expect(failures).toEqual([]);
  }, 300_000);

  it("the load bench's baseline route does not exist unless the server was started for the bench", async () => {
    const saved = process.env.BASHBOARD_BENCH_ROUTES;
    try {
      delete process.env.BASHBOARD_BENCH_ROUTES;
      for (const body of ['{"title":"x"}', "not json", HUGE, ""]) {
        const res = await benchInsertRoute.POST(req("POST", "/api/bench/insert", { body }));
        expect(res.status).toBe(404);
      }
      process.env.BASHBOARD_BENCH_ROUTES = "1";
      // Even switched on, bad input is a 400, never a 5xx.
      for (const body of ["not json", "", "{"]) expect((await benchInsertRoute.POST(req("POST", "/api/bench/insert", { body }))).status).toBe(400);
    } finally {
      if (saved === undefined) delete process.env.BASHBOARD_BENCH_ROUTES;
      else process.env.BASHBOARD_BENCH_ROUTES = saved;
    }
  });

  it("session routes without a session answer 401", async () => {
    as(null);
    const cases: Case[] = [
      { label: "export", run: () => exportRoute.GET(req("GET", "/x"), p({ bashId: f.bashA }) as never) },
      { label: "events", run: () => eventsRoute.GET(req("GET", "/x"), p({ bashId: f.bashA }) as never) },
      { label: "tracker-export", run: () => trackerRoute.POST(req("POST", "/x"), p({ bashId: f.bashA }) as never) },
      { label: "upload", run: () => uploadRoute.POST(req("POST", "/x", { body: "abc" }), p({ bashId: f.bashA }) as never) },
      { label: "file report", run: () => fileReportRoute.POST(req("POST", "/x", { headers: { "content-type": "application/json" }, body: '{"title":"x"}' }), p({ bashId: f.bashA }) as never) },
      { label: "download", run: () => downloadRoute.GET(req("GET", "/x"), p({ bashId: f.bashA, attachmentId: f.attA }) as never) },
      { label: "import", run: () => importRoute.POST(req("POST", "/x", { body: "abc" }), p({ bashId: f.bashA }) as never) },
      { label: "calendar", run: () => calendarRoute.GET(req("GET", "/x"), p({ bashId: f.bashA }) as never) },
      { label: "audit", run: () => auditRoute.GET(req("GET", "/api/audit")) },
    ];
    expect(await sweep(cases)).toEqual([]);
    for (const c of cases) expect((await c.run()).status, c.label).toBe(401);
  });

  it("session routes: garbage ids, other bashes' ids, bad parameters and bodies", async () => {
    const bashIds = [...GARBAGE_IDS, f.bashB];
    const cases: Case[] = [];
    for (const [who, actor] of [["fay", f.fay], ["ann", f.ann], ["otto", f.otto]] as const) {
      const me = (c: Case): Case => ({ label: `${c.label} as ${who}`, run: () => (as(actor), c.run()) });
      const ids = who === "otto" ? [...bashIds.slice(0, -1), f.bashA] : bashIds;
      cases.push(...perBash("export", ids, (id) => exportRoute.GET(req("GET", "/x?mode=template"), p({ bashId: id }) as never)).map(me));
      cases.push(...perBash("calendar", ids, (id) => calendarRoute.GET(req("GET", "/x"), p({ bashId: id }) as never)).map(me));
      cases.push(...perBash("tracker-export", ids, (id) => trackerRoute.POST(req("POST", "/x?format=csv"), p({ bashId: id }) as never)).map(me));
      cases.push(...perBash("import", ids, (id) => importRoute.POST(req("POST", "/x", { headers: { "content-length": "3" }, body: "abc" }), p({ bashId: id }) as never)).map(me));
      cases.push(...perBash("upload", ids, (id) => uploadRoute.POST(req("POST", "/x", { headers: { "content-length": "3" }, body: "abc" }), p({ bashId: id }) as never)).map(me));
      cases.push(
        ...perBash("file report", ids, (id) =>
          fileReportRoute.POST(req("POST", "/x", { headers: { "content-type": "application/json" }, body: JSON.stringify({ clientId: "attack-route-000001", title: "x" }) }), p({ bashId: id }) as never),
        ).map(me),
      );
      cases.push(...perBash("audit", ids, (id) => auditRoute.GET(req("GET", `/api/audit?bashId=${encodeURIComponent(id.replace(/[\ud800-\udfff]/g, "\ufffd"))}`))).map(me));
      cases.push(
        ...perBash("events", ids, async (id) => {
          const ac = new AbortController();
          const res = await eventsRoute.GET(req("GET", "/x", { signal: ac.signal }), p({ bashId: id }) as never);
          ac.abort();
          return res;
        }).map(me),
      );
      for (const attId of [...GARBAGE_IDS, f.attB, f.attA]) {
        for (const bashId of [f.bashA, f.bashB]) {
          cases.push(me({ label: `download ${short(attId)} in ${bashId === f.bashA ? "A" : "B"}`, run: () => downloadRoute.GET(req("GET", "/x"), p({ bashId, attachmentId: attId }) as never) }));
          cases.push(me({ label: `thumb ${short(attId)} in ${bashId === f.bashA ? "A" : "B"}`, run: () => downloadRoute.GET(req("GET", "/x?thumb=1"), p({ bashId, attachmentId: attId }) as never) }));
        }
      }
    }

    // As the facilitator of A, on A: every parameter and body shape.
    const fay = (label: string, run: () => Promise<Response>): Case => ({ label: `${label} as fay`, run: () => (as(f.fay), run()) });
    const A = () => p({ bashId: f.bashA }) as never;
    for (const mode of ["full", "template", "", HUGE, "../x"]) cases.push(fay(`export mode=${short(mode)}`, () => exportRoute.GET(req("GET", `/x?mode=${encodeURIComponent(mode)}`), A())));
    for (const last of ["abc", "-1", "0", "1.5", "99999999999999999999999", "1e400", HUGE, "\u0000", "%zz"]) {
      cases.push(
        fay(`events lastEventId=${short(last)}`, async () => {
          const ac = new AbortController();
          const res = await eventsRoute.GET(req("GET", "/x", { headers: { "last-event-id": last.replace(/[\u0000]/g, "") || "0" }, signal: ac.signal }), A());
          ac.abort();
          return res;
        }),
      );
      cases.push(
        fay(`events ?lastEventId=${short(last)}`, async () => {
          const ac = new AbortController();
          const res = await eventsRoute.GET(req("GET", `/x?lastEventId=${encodeURIComponent(last)}`, { signal: ac.signal }), A());
          ac.abort();
          return res;
        }),
      );
    }
    const TRACKER_QUERIES = [
      "", "format=nope", "format=jira", "format=json", `format=${HUGE}`, "statuses=NOPE", "statuses=NEW,NOPE", `statuses=${HUGE}`, "priorities=P9", "priorities=P1,,P2",
      `sprint=${HUGE}`, "sprint=%00", "includeAlreadyExported=maybe", "format=csv&format=json", "%zz=1",
    ];
    for (const q of TRACKER_QUERIES) {
      cases.push(fay(`tracker-export ?${short(q)}`, () => trackerRoute.POST(req("POST", `/x?${q}`), A())));
      cases.push(fay(`tracker-export ?${short(q)} (html form)`, () => trackerRoute.POST(req("POST", `/x?${q}`, { headers: { accept: "text/html" } }), A())));
    }
    for (const b of MALFORMED_BODIES) {
      cases.push(fay(`tracker-export body ${b.label}`, () => trackerRoute.POST(req("POST", "/x?format=csv", { headers: b.headers, body: b.body }), A())));
      cases.push(fay(`import body ${b.label}`, () => importRoute.POST(req("POST", "/x", { headers: { ...b.headers, "content-length": "100" }, body: b.body }), A())));
      cases.push(fay(`upload body ${b.label}`, () => uploadRoute.POST(req("POST", "/x", { headers: { ...b.headers, "content-length": "6", "x-file-name": "a.png" }, body: b.body }), A())));
      cases.push(fay(`file report body ${b.label}`, () => fileReportRoute.POST(req("POST", "/x", { headers: { "content-type": "application/json", ...b.headers }, body: b.body }), A())));
    }
    for (const length of [null, "", "abc", "-1", "1e9", "99999999999999999999", "0"]) {
      const headers: Record<string, string> = length === null ? {} : { "content-length": length };
      cases.push(fay(`upload content-length=${length}`, () => uploadRoute.POST(req("POST", "/x", { headers, body: "abc" }), A())));
      cases.push(fay(`import content-length=${length}`, () => importRoute.POST(req("POST", "/x", { headers, body: "abc" }), A())));
    }
    for (const name of ["", "%", "%E0%A4%A", "..%2F..%2Fetc%2Fpasswd", HUGE, "%00.png", "a\tb.png", "<img src=x onerror=alert(1)>.png"]) {
      cases.push(fay(`upload x-file-name=${short(name)}`, () => uploadRoute.POST(req("POST", "/x", { headers: { "content-length": "6", "x-file-name": name }, body: new Uint8Array([137, 80, 78, 71, 0, 0]) }), A())));
    }
    const form = (fields: Record<string, string | Blob>) => {
      const fd = new FormData();
      for (const [k, v] of Object.entries(fields)) fd.append(k, v);
      return fd;
    };
    const xlsxLike = new Blob([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6])]);
    const FORMS: Record<string, FormData> = {
      "no file": form({ mode: "preview" }),
      "file is text": form({ file: "not a file" }),
      "empty file": form({ file: new File([], "a.xlsx") }),
      "zip garbage": form({ file: new File([xlsxLike], "a.xlsx") }),
      "random bytes": form({ file: new File([new Uint8Array(1000).fill(7)], "a.xlsx") }),
      "commit garbage mappings": form({ file: new File([xlsxLike], "a.xlsx"), mode: "commit", mappings: "{not json" }),
      "commit null mappings": form({ file: new File([xlsxLike], "a.xlsx"), mode: "commit", mappings: "null" }),
      "commit array mappings": form({ file: new File([xlsxLike], "a.xlsx"), mode: "commit", mappings: "[1,2]" }),
      "unknown mode": form({ file: new File([xlsxLike], "a.xlsx"), mode: HUGE }),
    };
    for (const [label, fd] of Object.entries(FORMS)) {
      cases.push(
        fay(`import form ${label}`, async () => {
          const probe = new Request("http://localhost/x", { method: "POST", body: fd });
          const bytes = new Uint8Array(await probe.arrayBuffer());
          return importRoute.POST(req("POST", "/x", { headers: { "content-type": probe.headers.get("content-type") ?? "", "content-length": String(bytes.length) }, body: bytes }), A());
        }),
      );
    }
    for (const range of ["bytes=", "bytes=abc", "bytes=5-1", "bytes=999999999-", "bytes=-", "bytes=0-1,2-3", "items=0-1", `bytes=${"9".repeat(400)}-`, "bytes=-999999999999999999999"]) {
      cases.push(fay(`download range ${short(range)}`, () => downloadRoute.GET(req("GET", "/x", { headers: { range } }), p({ bashId: f.bashA, attachmentId: f.attA }) as never)));
      cases.push(fay(`download if-range + range ${short(range)}`, () => downloadRoute.GET(req("GET", "/x", { headers: { range, "if-range": "\"nope\"" } }), p({ bashId: f.bashA, attachmentId: f.attA }) as never)));
    }
    const AUDIT_QUERIES = [
      "", "category=nope", `category=${HUGE}`, "actor=nope", `actor=${HUGE}`, "from=yesterday", "to=2026-13-45", "from=99999-01-01", "from=-271821-04-20",
      "before=abc", "before=-1", "before=99999999999999999999999", "cursor=abc", `cursor=${HUGE}`, "q=%00", `q=${HUGE}`, "%zz=1", "page=-1",
    ];
    for (const q of AUDIT_QUERIES) {
      cases.push(fay(`audit ?bashId=A&${short(q)}`, () => auditRoute.GET(req("GET", `/api/audit?bashId=${f.bashA}&${q}`))));
      cases.push({ label: `audit install ?${short(q)} as admin`, run: () => (as({ ...f.fay, isAdmin: true }), auditRoute.GET(req("GET", `/api/audit?${q}`))) });
    }
    cases.push(fay("blank template", () => blankTemplateRoute.GET()));

    const failures = await sweep(cases);
    expect(failures).toEqual([]);
  }, 600_000);
});
