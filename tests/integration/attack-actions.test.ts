// Attack sweep over every server action (issue 7, item 5): the exported functions of every
// app/**/actions.ts are called with malformed input — undefined, null, {}, arrays, numbers, 100 000
// characters in every field, NUL bytes, unknown fields, ids from another bash, garbage bash ids.
// Each must answer {ok:false} with a code other than INTERNAL (or ok:true where the input happens to
// be acceptable): never throw, never INTERNAL. Afterwards the other bash must be untouched.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createBash } from "@/lib/bashes/commands";
import { getDb } from "@/lib/db";
import { createEnvironment } from "@/lib/environments/commands";
import { createFeature } from "@/lib/features/commands";
import type { Actor } from "@/lib/policy";
import { createReport } from "@/lib/reports/commands";
import { setStorageForTests } from "@/lib/storage/index";
import { makeMember, makeUser } from "../factories/users";
import { db, resetDb, testDbUrl } from "./db";

process.env.DATABASE_URL = testDbUrl();

const session = vi.hoisted(() => ({ actor: null as Actor | null, deferred: [] as Promise<unknown>[] }));
vi.mock("@/lib/auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth")>()),
  getActor: async () => session.actor,
  requireActor: async () => session.actor,
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined, updateTag: () => undefined, refresh: () => undefined }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "localhost:3000", "user-agent": "attack-sweep", "x-forwarded-for": "203.0.113.7" }),
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => undefined, delete: () => undefined, has: () => false }),
}));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error(`NEXT_REDIRECT ${url}`), { digest: `NEXT_REDIRECT;replace;${url};307;` });
  },
  notFound: () => {
    throw Object.assign(new Error("NEXT_NOT_FOUND"), { digest: "NEXT_HTTP_ERROR_FALLBACK;404" });
  },
}));
vi.mock("next/server", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/server")>()),
  after: (task: () => unknown) => {
    session.deferred.push(Promise.resolve().then(task));
  },
}));

import * as authActions from "@/app/(auth)/actions";
import * as forgotActions from "@/app/(auth)/forgot/actions";
import * as resetActions from "@/app/(auth)/reset/[token]/actions";
import * as inviteActions from "@/app/(auth)/invite/actions";
import * as adminUsersActions from "@/app/(app)/admin/users/actions";
import * as adminSettingsActions from "@/app/(app)/admin/settings/actions";
import * as bashActions from "@/app/(app)/bashes/[bashId]/actions";
import * as summaryActions from "@/app/(app)/bashes/[bashId]/summary/actions";
import * as trackerActions from "@/app/(app)/bashes/[bashId]/tracker/actions";
import * as reportActions from "@/app/(app)/bashes/[bashId]/reports/[number]/actions";
import * as triageActions from "@/app/(app)/bashes/[bashId]/triage/actions";
import * as liveActions from "@/app/(app)/bashes/[bashId]/live-actions";
import * as chatActions from "@/app/(app)/bashes/[bashId]/plan/chat-actions";
import * as archiveActions from "@/app/(app)/bashes/[bashId]/archive-actions";
import * as appActions from "@/app/(app)/actions";
import * as accountActions from "@/app/(app)/account/actions";
import * as tokenActions from "@/app/(app)/account/tokens/actions";
import * as notificationActions from "@/app/(app)/notifications/actions";

/**
 * Every "use server" module (`grep -rl '^"use server"' app`), by how its functions take their
 * arguments. Archive last: archiving A (then unarchiving it) would change what the others meet.
 */
const BASH_MODULES = { bashActions, summaryActions, trackerActions, reportActions, triageActions, liveActions, chatActions, archiveActions };
const TOKEN_MODULES = { resetActions, inviteActions };
const PLAIN_MODULES = { authActions, forgotActions, adminUsersActions, adminSettingsActions, appActions, accountActions, tokenActions, notificationActions };

const HUGE = "x".repeat(100_000);
const FIELDS = [
  "accessNeeded", "active", "actual", "androidBuildUrl", "attachmentIds", "bash", "bashId", "before", "body", "browser", "browserVersion", "bytes",
  "category", "clientId", "confirm", "confirmPassword", "confirmTitle", "couldNotReproduce", "credentialId", "currentPassword", "cursor",
  "defaultDurationMinutes", "defaultLabel", "description", "designation", "deviceId", "direction", "duplicateOfId", "duplicateOfNumber",
  "durationMinutes", "email", "emailId", "emails", "environmentId", "expected", "expiresInDays", "featureId", "fileName", "format", "from",
  "hidden", "id", "ids", "includeAlreadyExported", "inviteId", "iosBuildUrl", "isAdmin", "kind", "label", "leaderboardHiddenByDefault",
  "limit", "location", "maxUses", "membershipId", "menuName", "message", "minutes", "name", "newPassword", "note", "number", "numbers", "os",
  "osVersion", "page", "password", "phoneName", "position", "prerequisitesMobile", "prerequisitesWeb", "priorities", "priority", "product",
  "q", "question", "release", "remarks", "repo", "reportId", "reportIds", "reproducedOn", "role", "rsvp", "scheduledStart", "scope",
  "severity", "since", "sourceBashId", "sprint", "sprintName", "state", "status", "statuses", "steps", "targetId", "testDataNotes", "text",
  "timeZone", "title", "to", "token", "uploadMaxMb", "url", "userId", "value", "videoLink", "wants", "chatWebhookUrl", "githubToken",
];
const every = (v: unknown) => Object.fromEntries(FIELDS.map((k) => [k, v]));
/** An object that claims to have every field, each 100 000 characters long. */
const hugeProxy = () => new Proxy({}, { get: (_t, k) => (typeof k === "string" ? HUGE : undefined), has: () => true });

const GARBAGE_IDS = ["", "x", "-1", HUGE, "a\u0000b", "' OR 1=1 --", "../../etc/passwd", "00000000-0000-0000-0000-000000000000"];

type Fixture = {
  fay: Actor;
  ann: Actor;
  otto: Actor;
  admin: Actor;
  bashA: string;
  bashB: string;
  envA: string;
  crossIds: Record<string, unknown>;
};
let f: Fixture;
let storageDir = "";
const savedEnv = { STORAGE_DIR: process.env.STORAGE_DIR, S3_BUCKET: process.env.S3_BUCKET, SMTP_URL: process.env.SMTP_URL, SMTP_HOST: process.env.SMTP_HOST };

async function snapshotBashB(bashId: string) {
  const d = db();
  return {
    bash: await d.bash.findUnique({ where: { id: bashId } }),
    environments: await d.environment.findMany({ where: { bashId }, orderBy: { id: "asc" } }),
    features: await d.feature.findMany({ where: { bashId }, orderBy: { id: "asc" } }),
    reports: await d.report.findMany({ where: { bashId }, orderBy: { id: "asc" } }),
    memberships: await d.membership.findMany({ where: { bashId }, orderBy: { id: "asc" } }),
    invites: await d.invite.findMany({ where: { bashId }, orderBy: { id: "asc" } }),
  };
}

beforeAll(async () => {
  storageDir = await fs.mkdtemp(path.join(os.tmpdir(), "bashboard-attack-actions-"));
  process.env.STORAGE_DIR = storageDir;
  delete process.env.S3_BUCKET;
  delete process.env.SMTP_URL;
  delete process.env.SMTP_HOST;
  setStorageForTests(null);
  // Nothing in this sweep may reach the network (chat webhooks, GitHub).
  vi.stubGlobal("fetch", async () => new Response(JSON.stringify({ message: "offline in tests" }), { status: 401 }));
  await resetDb();
  const fay = await makeUser(db(), { name: "Fay Facilitator" });
  const otto = await makeUser(db(), { name: "Otto Outsider" });
  const admin = await makeUser(db(), { name: "Ada Admin", isAdmin: true });
  const a = await createBash(db(), fay, { title: "Bash A" });
  const b = await createBash(db(), otto, { title: "Bash B" });
  await db().bash.updateMany({ where: { id: { in: [a.id, b.id] } }, data: { status: "LIVE" } });
  const ann = await makeMember(db(), a.id, "PARTICIPANT", { name: "Ann Participant" });
  const bob = await makeMember(db(), b.id, "PARTICIPANT", { name: "Bob in B" });
  const envA = await createEnvironment(db(), fay, a.id, { name: "Staging A" });
  const envB = await createEnvironment(db(), otto, b.id, { name: "Staging B" });
  const featB = await createFeature(db(), otto, b.id, { menuName: "Checkout B" });
  await createReport(db(), ann, a.id, { clientId: "attack-a-1-xxxxxxxx", title: "Report in A" });
  const repB = await createReport(db(), bob, b.id, { clientId: "attack-b-1-xxxxxxxx", title: "Report in B" });
  const membB = await db().membership.findFirstOrThrow({ where: { bashId: b.id, userId: bob.id } });
  const inviteB = await db().invite.create({ data: { bashId: b.id, tokenHash: "attack-sweep-invite-hash", role: "PARTICIPANT" } }).catch(() => null);
  f = {
    fay,
    ann,
    otto,
    admin,
    bashA: a.id,
    bashB: b.id,
    envA: envA.id,
    crossIds: {
      id: repB.id,
      reportId: repB.id,
      reportIds: [repB.id],
      ids: [repB.id, envB.id, featB.id],
      environmentId: envB.id,
      featureId: featB.id,
      duplicateOfId: repB.id,
      duplicateOfNumber: 1,
      number: 1,
      membershipId: membB.id,
      userId: bob.id,
      inviteId: inviteB?.id ?? "none",
      targetId: featB.id,
      sourceBashId: b.id,
      bashId: b.id,
      deviceId: "device-of-b",
      credentialId: "credential-of-b",
      role: "FACILITATOR",
      title: "Cross-bash",
      name: "Cross-bash",
      menuName: "Cross-bash",
      clientId: "attack-cross-xxxxxxxx",
    },
  };
});

afterAll(async () => {
  vi.unstubAllGlobals();
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  setStorageForTests(null);
  await fs.rm(storageDir, { recursive: true, force: true });
  await getDb().$disconnect();
});

// ---------------------------------------------------------------------------------------------

type AnyFn = (...args: unknown[]) => Promise<unknown>;

function inputs(): { label: string; value: unknown }[] {
  return [
    { label: "undefined", value: undefined },
    { label: "null", value: null },
    { label: "{}", value: {} },
    { label: "[]", value: [] },
    { label: "[{}]", value: [{}] },
    { label: "42", value: 42 },
    { label: "string", value: "hello" },
    { label: "huge string", value: HUGE },
    { label: "true", value: true },
    { label: "every field huge", value: every(HUGE) },
    { label: "every field NUL", value: every("a\u0000b") },
    { label: "every field a number", value: every(12345678901234567890) },
    { label: "every field negative", value: every("-1") },
    { label: "every field an array", value: every(["a", "b"]) },
    { label: "every field an object", value: every({ nested: { deep: HUGE } }) },
    { label: "every field null", value: every(null) },
    { label: "every field markup", value: every("<img src=x onerror=alert(1)>") },
    { label: "every field a bad date", value: every("2026-13-45T99:99") },
    { label: "proxy: every field huge", value: hugeProxy() },
    { label: "unknown fields", value: { __proto__: { isAdmin: true }, constructor: "x", isAdmin: true, id: "forged", zzz: HUGE } },
    { label: "ids from another bash", value: f.crossIds },
  ];
}

function describeOutcome(r: unknown): string | null {
  if (!r || typeof r !== "object" || !("ok" in r)) return `returned ${JSON.stringify(r)?.slice(0, 80)}`;
  const res = r as { ok: boolean; code?: string; message?: unknown };
  if (res.ok) return null;
  if (res.code === "INTERNAL") return `INTERNAL: ${String(res.message).slice(0, 100)}`;
  if (typeof res.message !== "string" || !res.message.trim()) return `${res.code} without a message`;
  return null;
}

async function call(label: string, fn: AnyFn, args: unknown[], failures: string[]) {
  try {
    const outcome = describeOutcome(await fn(...args));
    if (outcome) failures.push(`${label}: ${outcome}`);
  } catch (e) {
    const digest = (e as { digest?: unknown })?.digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) return; // e.g. signed out after a password change
    failures.push(`${label}: threw ${(e as Error)?.message?.slice(0, 120) ?? e}`);
  }
}

const short = (s: string) => (s.length > 40 ? `${s.slice(0, 20)}…(${s.length})` : JSON.stringify(s));
const functionsOf = (mod: Record<string, unknown>) => Object.entries(mod).filter((e): e is [string, AnyFn] => typeof e[1] === "function");

async function sweepAs(actor: Actor): Promise<string[]> {
  session.actor = actor;
  const failures: string[] = [];
  const who = actor.name;
  const battery = inputs();

  for (const [modName, mod] of Object.entries(BASH_MODULES)) {
    for (const [name, fn] of functionsOf(mod)) {
      // (bashId, input) or (bashId, otherId, input)
      const withOtherId = fn.length >= 3;
      const middle = withOtherId ? [f.envA, "x", HUGE, "a\u0000b", String(f.crossIds.environmentId), String(f.crossIds.featureId)] : [null];
      for (const bashId of [f.bashA, f.bashB, ...GARBAGE_IDS]) {
        const sub = bashId === f.bashA ? battery : battery.filter((b) => ["{}", "every field huge", "ids from another bash"].includes(b.label));
        for (const mid of middle) {
          for (const input of sub) {
            const args = withOtherId ? [bashId, mid, input.value] : [bashId, input.value];
            const label = `${who} ${modName}.${name}(${bashId === f.bashA ? "A" : bashId === f.bashB ? "B" : short(bashId)}${withOtherId ? `, ${short(String(mid))}` : ""}, ${input.label})`;
            await call(label, fn, args, failures);
          }
        }
      }
    }
  }
  for (const [modName, mod] of Object.entries(TOKEN_MODULES)) {
    for (const [name, fn] of functionsOf(mod)) {
      const tokens = fn.length >= 2 || name === "acceptInviteAction" ? ["", "x", HUGE, "a\u0000b", "../../x", null, 42] : [null];
      for (const token of tokens) {
        for (const input of battery) {
          const args = fn.length >= 2 ? [token, input.value] : name === "acceptInviteAction" ? [token] : [input.value];
          await call(`${who} ${modName}.${name}(${short(String(token))}, ${input.label})`, fn, args, failures);
          if (name === "acceptInviteAction") break;
        }
      }
    }
  }
  for (const [modName, mod] of Object.entries(PLAIN_MODULES)) {
    for (const [name, fn] of functionsOf(mod)) {
      if (name === "loadDemoAction") {
        await call(`${who} ${modName}.${name}()`, fn, [], failures);
        continue;
      }
      for (const input of battery) await call(`${who} ${modName}.${name}(${input.label})`, fn, [input.value], failures);
    }
  }
  // Work deferred with after() (password-reset emails) must not fail either.
  for (const d of session.deferred.splice(0)) {
    await d.catch((e: unknown) => failures.push(`${who}: deferred task threw ${(e as Error)?.message ?? e}`));
  }
  return failures;
}

describe("server actions under attack answer {ok:false} with a reason, never INTERNAL", () => {
  it("every action, every malformed input, as A's facilitator and participant; bash B stays exactly as it was", async () => {
    const before = await snapshotBashB(f.bashB);
    const failures: string[] = [];
    for (const actor of [f.fay, f.ann]) failures.push(...(await sweepAs(actor)));
    expect(failures).toEqual([]);
    expect(await snapshotBashB(f.bashB)).toEqual(before);
  }, 900_000);

  it("every action, every malformed input, as an outsider to A (B's facilitator) and as an admin", async () => {
    const failures: string[] = [];
    for (const actor of [f.otto, f.admin]) failures.push(...(await sweepAs(actor)));
    expect(failures).toEqual([]);
  }, 900_000);

  it("without a session every action refuses with UNAUTHENTICATED (public ones answer INVALID or ok)", async () => {
    session.actor = null;
    const failures: string[] = [];
    const PUBLIC = ["setupAdminAction", "forgotPasswordAction"];
    const fns = [...Object.values(BASH_MODULES), ...Object.values(PLAIN_MODULES)].flatMap((m) => functionsOf(m as Record<string, unknown>));
    expect(fns.length).toBeGreaterThan(60);
    for (const [name, fn] of fns) {
      const args = fn.length >= 3 ? [f.bashA, f.envA, {}] : fn.length === 2 ? [f.bashA, {}] : [{}];
      await call(`anonymous ${name}`, fn, args, failures);
      if (PUBLIC.includes(name)) continue;
      const r = (await fn(...args)) as { ok: boolean; code?: string };
      if (r.ok || r.code !== "UNAUTHENTICATED") failures.push(`anonymous ${name}: ${JSON.stringify(r).slice(0, 100)}`);
    }
    expect(failures).toEqual([]);
  });
});
