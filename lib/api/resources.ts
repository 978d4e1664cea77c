// What the REST API reads and how it shapes answers. Every read asks lib/policy.ts through the same
// helpers as the pages (getBashContext + assertCan, getReportByNumber); writes go straight to the
// lib commands the UI uses (see the route handlers under app/api/v1).
import { z } from "zod";
import { getBashContext, listMyBashes } from "@/lib/bashes/queries";
import type { Db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/policy";
import { getReportByNumber } from "@/lib/reports/queries";
import { ZCreateReport } from "@/lib/reports/schema";
import { utcToZonedWallTime } from "@/lib/time";
import { parseInput } from "@/lib/validation";

export const REPORT_STATUSES = ["OPEN", "NEEDS_INFO", "CONFIRMED", "IN_PROGRESS", "DONE", "NOT_A_BUG", "DUPLICATE"] as const;
export type ApiReportStatus = (typeof REPORT_STATUSES)[number];

/** What POST /reports takes: the report form's fields. Attachments are uploaded from the browser only. */
export const API_REPORT_FIELDS = Object.keys(ZCreateReport.shape).filter((k) => k !== "attachmentIds");

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

type EnvRow = { id: string; name: string; url: string; testDataNotes: string; iosBuildUrl: string; androidBuildUrl: string; isUp: boolean; position: number; createdAt: Date; updatedAt: Date };

export function environmentJson(e: EnvRow) {
  return {
    id: e.id,
    name: e.name,
    url: e.url,
    testDataNotes: e.testDataNotes,
    iosBuildUrl: e.iosBuildUrl,
    androidBuildUrl: e.androidBuildUrl,
    isUp: e.isUp,
    position: e.position,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

/** The bashes I am a member of (not archived): live, upcoming, then past. */
export async function listApiBashes(db: Db, actor: Actor) {
  const { live, upcoming, past } = await listMyBashes(db, actor);
  return [...live, ...upcoming, ...past].map((b) => ({
    id: b.id,
    title: b.title,
    product: b.product,
    release: b.release,
    status: b.status,
    scheduledStart: iso(b.scheduledStart),
    timeZone: b.timeZone,
    durationMinutes: b.durationMinutes,
    endsAt: iso(b.endsAt),
    endedAt: iso(b.endedAt),
    role: b.role,
    reportCount: b.reportCount,
    memberCount: b.memberCount,
  }));
}

/** The bash's brief with its environments. NOT_FOUND for a bash the actor cannot see. */
export async function getApiBash(db: Db, actor: Actor, bashId: string) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "bash.read", ctx);
  const b = await db.bash.findUnique({ where: { id: bashId }, include: { environments: { orderBy: { position: "asc" } } } });
  if (!b) throw notFound("That bash");
  return {
    id: b.id,
    title: b.title,
    product: b.product,
    release: b.release,
    scope: b.scope,
    status: b.status,
    scheduledStart: iso(b.scheduledStart),
    // The same wall-clock form POST and PATCH accept, in the bash's own time zone.
    scheduledStartLocal: b.scheduledStart ? utcToZonedWallTime(b.scheduledStart, b.timeZone) : null,
    timeZone: b.timeZone,
    durationMinutes: b.durationMinutes,
    location: b.location,
    videoLink: b.videoLink,
    prerequisitesWeb: b.prerequisitesWeb,
    prerequisitesMobile: b.prerequisitesMobile,
    label: b.label,
    startedAt: iso(b.startedAt),
    endsAt: iso(b.endsAt),
    endedAt: iso(b.endedAt),
    archived: b.archivedAt !== null,
    role: ctx.role,
    reportCount: b.reportCounter,
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
    environments: b.environments.map(environmentJson),
  };
}

/** The bash's environments in plan order. */
export async function listApiEnvironments(db: Db, actor: Actor, bashId: string) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "bash.read", ctx);
  const rows = await db.environment.findMany({ where: { bashId }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] });
  return rows.map(environmentJson);
}

/** One environment of a bash the actor can see (NOT_FOUND otherwise). */
export async function getApiEnvironment(db: Db, actor: Actor, bashId: string, environmentId: string) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "bash.read", ctx);
  const e = await db.environment.findFirst({ where: { id: environmentId, bashId } });
  if (!e) throw notFound("That environment");
  return environmentJson(e);
}

const firstValue = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/** The query string of GET /reports: ?status=OPEN,CONFIRMED&since=2026-12-01T00:00:00Z&limit=50&cursor=120 */
export const ZReportListQuery = z.object({
  status: z
    .preprocess(
      (v) => (Array.isArray(v) ? v.join(",") : v),
      z
        .string()
        .trim()
        .default("")
        .transform((s) => s.split(",").map((x) => x.trim().toUpperCase()).filter(Boolean))
        .pipe(z.array(z.enum(REPORT_STATUSES, { error: `Use statuses from: ${REPORT_STATUSES.join(", ")}.` }))),
    )
    .optional(),
  since: z.preprocess(
    firstValue,
    z
      .string()
      .trim()
      .refine((s) => s === "" || (/^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s)) && s.slice(0, 4) >= "1970"), "Give since as an ISO 8601 date-time, for example 2026-12-01T09:00:00Z.")
      .transform((s) => (s === "" ? null : new Date(s)))
      .optional(),
  ),
  limit: z.preprocess(
    firstValue,
    z.coerce.number({ error: "Give limit as a number from 1 to 200." }).int("Give limit as a whole number.").min(1, "limit is at least 1.").max(200, "limit is at most 200.").default(50),
  ),
  cursor: z.preprocess(
    firstValue,
    z
      .string()
      .trim()
      .regex(/^\d{0,9}$/, "Use the nextCursor of the previous page as cursor.")
      .transform((s) => (s === "" ? null : Number(s)))
      .optional(),
  ),
});

/** Query parameters as an object (repeated keys become arrays). */
export function searchParamsObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of params) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/**
 * Reports of a bash in number order, for integrations that sync: filter by status and by `since`
 * (changed at or after), page with limit + cursor (the last number seen; nextCursor is null at the end).
 */
export async function listApiReports(db: Db, actor: Actor, bashId: string, raw: unknown, opts: { baseUrl: string }) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "report.read", ctx);
  const q = parseInput(ZReportListQuery, raw);
  const rows = await db.report.findMany({
    where: {
      bashId,
      ...(q.status && q.status.length ? { status: { in: q.status } } : {}),
      ...(q.since ? { updatedAt: { gte: q.since } } : {}),
      ...(q.cursor ? { number: { gt: q.cursor } } : {}),
    },
    orderBy: { number: "asc" },
    take: q.limit + 1,
    include: {
      feature: { select: { menuName: true } },
      environment: { select: { name: true } },
      _count: { select: { meToos: true, attachments: true } },
    },
  });
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  return {
    reports: page.map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      status: r.status,
      severity: r.severity,
      priority: r.priority,
      featureName: r.feature?.menuName ?? null,
      environmentName: r.environment?.name ?? null,
      deviceKind: r.deviceKind,
      os: r.os,
      osVersion: r.osVersion,
      browser: r.browser,
      browserVersion: r.browserVersion,
      phoneName: r.phoneName,
      reporterName: r.reporterName,
      meToos: r._count.meToos,
      attachmentCount: r._count.attachments,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      url: `${opts.baseUrl}/bashes/${bashId}/reports/${r.number}`,
    })),
    nextCursor: more ? String(page[page.length - 1].number) : null,
  };
}

/** One report by its number, with everything its page shows (same access rules as the page). */
export async function getApiReport(db: Db, actor: Actor, bashId: string, numberParam: string, opts: { baseUrl: string }) {
  const number = /^\d{1,9}$/.test(numberParam) ? Number(numberParam) : NaN;
  if (!Number.isSafeInteger(number) || number < 1) {
    // Still ask about the bash first, so an unknown bash answers the same whatever the number.
    await getBashContext(db, actor, bashId);
    throw notFound("That report");
  }
  const { report: r, missing } = await getReportByNumber(db, actor, bashId, number);
  return {
    id: r.id,
    number: r.number,
    clientId: r.clientId,
    title: r.title,
    description: r.description,
    steps: r.steps,
    expected: r.expected,
    actual: r.actual,
    status: r.status,
    severity: r.severity,
    priority: r.priority,
    sprint: r.sprint,
    sprintName: r.sprintName,
    duplicateOf: r.duplicateOf ? { number: r.duplicateOf.number, title: r.duplicateOf.title } : null,
    featureId: r.featureId,
    featureName: r.feature?.menuName ?? null,
    environmentId: r.environmentId,
    environmentName: r.environment?.name ?? null,
    deviceKind: r.deviceKind,
    os: r.os,
    osVersion: r.osVersion,
    browser: r.browser,
    browserVersion: r.browserVersion,
    phoneName: r.phoneName,
    userAgent: r.userAgent,
    reporterName: r.reporterName,
    externalKey: r.externalKey,
    externalUrl: r.externalUrl,
    missing,
    meToos: r.meToos.map((m) => ({ name: m.user.name, note: m.note, createdAt: m.createdAt.toISOString() })),
    attachments: r.attachments.map((a) => ({ id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size })),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    url: `${opts.baseUrl}/bashes/${bashId}/reports/${r.number}`,
  };
}
