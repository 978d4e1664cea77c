// Filing through POST /api/bashes/<id>/reports (the report form's request) and the one query that
// reads the session's user with their place in the bash — against a real Postgres. The session
// cookie is the only thing stubbed: the test says who is signed in, and when they signed in.
import os from "node:os";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createBash, setBashStatus } from "@/lib/bashes/commands";
import type { Actor } from "@/lib/policy";
import { makeMember, makeUser } from "../factories/users";
import { db, resetDb, testDbUrl } from "./db";

process.env.DATABASE_URL = testDbUrl();

const session = vi.hoisted(() => ({ user: null as { id: string; authAt?: number } | null }));
vi.mock("@/lib/auth", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/auth")>();
  const { getDb } = await import("@/lib/db");
  return { ...real, getActorInBash: async (bashId: string) => (session.user ? real.findActorInBash(getDb(), session.user, bashId) : null) };
});

import { POST } from "@/app/api/bashes/[bashId]/reports/route";
import { findActorInBash } from "@/lib/auth";

beforeAll(() => {
  process.env.STORAGE_DIR = path.join(os.tmpdir(), `bb-reports-route-test-${process.pid}`);
});
beforeEach(resetDb);

const HOST = "bash.example.test";
const as = (a: Actor | null, authAt = Date.now()) => (session.user = a ? { id: a.id, authAt } : null);
const post = (bashId: string, body: unknown, headers: Record<string, string> = {}) =>
  POST(
    new Request(`http://${HOST}/api/bashes/${bashId}/reports`, {
      method: "POST",
      headers: { host: HOST, origin: `http://${HOST}`, "content-type": "application/json", "user-agent": "Mozilla/5.0 route test", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    { params: Promise.resolve({ bashId }) },
  );

async function liveBash() {
  const fay = await makeUser(db(), { name: "Fay Facilitator" });
  const bash = await createBash(db(), fay, { title: "RC bash", scheduledStart: "2030-03-01T10:00", timeZone: "UTC", durationMinutes: 60 });
  const ann = await makeMember(db(), bash.id, "PARTICIPANT", { name: "Ann Participant" });
  const olive = await makeMember(db(), bash.id, "OBSERVER", { name: "Olive Observer" });
  await setBashStatus(db(), fay, bash.id, { status: "SCHEDULED" });
  await setBashStatus(db(), fay, bash.id, { status: "LIVE" });
  return { fay, bash, ann, olive };
}

describe("POST /api/bashes/<id>/reports", () => {
  it("files the signed-in participant's report (201), and the same draft again is the same report (200)", async () => {
    const { bash, ann } = await liveBash();
    as(ann);
    const res = await post(bash.id, { clientId: "route-draft-0001", title: "Pay button does nothing", steps: "1. Tap Pay" });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; number: number; created: boolean };
    expect(body).toMatchObject({ number: 1, created: true });
    const row = await db().report.findUniqueOrThrow({ where: { id: body.id } });
    expect(row).toMatchObject({ bashId: bash.id, reporterId: ann.id, reporterName: "Ann Participant", title: "Pay button does nothing", userAgent: "Mozilla/5.0 route test" });
    const again = await post(bash.id, { clientId: "route-draft-0001", title: "Pay button does nothing" });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ id: body.id, number: 1, created: false });
    expect(await db().report.count()).toBe(1);
  });

  it("refuses with a status and a message, writing nothing: no session, outsider, observer, bad JSON, bad fields, foreign origin", async () => {
    const { bash, olive } = await liveBash();
    const outsider = await makeUser(db(), { name: "Otto Outsider" });
    const draft = { clientId: "route-draft-0002", title: "Logo blurry" };
    const cases: [string, () => Promise<Response>, number, RegExp][] = [
      ["no session", () => (as(null), post(bash.id, draft)), 401, /Sign in/],
      ["outsider", () => (as(outsider), post(bash.id, draft)), 404, /bash/],
      ["unknown bash", () => (as(olive), post("nope", draft)), 404, /bash/],
      ["observer", () => (as(olive), post(bash.id, draft)), 403, /file reports/],
    ];
    const ann = await makeMember(db(), bash.id, "PARTICIPANT", { name: "Ann" });
    cases.push(
      ["not JSON", () => (as(ann), post(bash.id, "{title:")), 400, /JSON/],
      ["form encoded", () => (as(ann), post(bash.id, "title=x", { "content-type": "application/x-www-form-urlencoded" })), 400, /JSON/],
      ["no title", () => (as(ann), post(bash.id, { clientId: "route-draft-0003" })), 400, /./],
      ["title as a number", () => (as(ann), post(bash.id, { clientId: "route-draft-0004", title: 42 })), 400, /./],
      ["huge body", () => (as(ann), post(bash.id, { clientId: "route-draft-0005", title: "x", description: "y".repeat(300_000) })), 400, /too large/],
      ["another site's page", () => (as(ann), post(bash.id, draft, { origin: "https://evil.example" })), 403, /own pages/],
      ["a garbage origin", () => (as(ann), post(bash.id, draft, { origin: "null" })), 403, /own pages/],
    );
    for (const [label, run, status, message] of cases) {
      const res = await run();
      expect(res.status, label).toBe(status);
      expect(((await res.json()) as { error: string }).error, label).toMatch(message);
    }
    expect(await db().report.count()).toBe(0);
  });

  it("a session from before a password change, or of a deactivated account, is no session", async () => {
    const { bash, ann } = await liveBash();
    const signedIn = Date.now() - 60_000;
    await db().user.update({ where: { id: ann.id }, data: { passwordChangedAt: new Date() } });
    as(ann, signedIn);
    expect((await post(bash.id, { clientId: "route-draft-0006", title: "x" })).status).toBe(401);
    as(ann);
    await db().user.update({ where: { id: ann.id }, data: { deactivatedAt: new Date() } });
    expect((await post(bash.id, { clientId: "route-draft-0007", title: "x" })).status).toBe(401);
    expect(await db().report.count()).toBe(0);
  });
});

describe("findActorInBash", () => {
  it("reads the user and their role in the bash in one go, like getActor and findBashContext", async () => {
    const { fay, bash, ann } = await liveBash();
    const admin = await makeUser(db(), { name: "Ada Admin", isAdmin: true });
    const session = { id: ann.id, authAt: Date.now() };
    expect(await findActorInBash(db(), session, bash.id)).toEqual({
      actor: { id: ann.id, name: "Ann Participant", email: ann.email, isAdmin: false },
      bash: { exists: true, role: "PARTICIPANT", archived: false },
      session,
    });
    expect((await findActorInBash(db(), { id: fay.id }, bash.id))?.bash).toEqual({ exists: true, role: "FACILITATOR", archived: false });
    expect((await findActorInBash(db(), { id: admin.id }, bash.id))?.bash).toEqual({ exists: true, role: null, archived: false });
    expect((await findActorInBash(db(), { id: ann.id }, "no-such-bash"))?.bash).toEqual({ exists: false, role: null });
    await db().bash.update({ where: { id: bash.id }, data: { archivedAt: new Date() } });
    expect((await findActorInBash(db(), { id: ann.id }, bash.id))?.bash).toEqual({ exists: true, role: "PARTICIPANT", archived: true });
    expect(await findActorInBash(db(), { id: "no-such-user" }, bash.id)).toBeNull();
  });
});
