import { getBashContext } from "@/lib/bashes/queries";
import type { Db } from "@/lib/db";
import { describeDevice } from "@/lib/devices/schema";
import { notFound } from "@/lib/errors";
import { assertCan, can, type Actor } from "@/lib/policy";
import { missingDetails, ZSimilarQuery } from "@/lib/reports/schema";
import { parseInput } from "@/lib/validation";

export type SimilarReport = {
  id: string;
  number: number;
  title: string;
  status: string;
  featureName: string | null;
  reporterName: string;
  meToos: number;
  score: number;
  mine: boolean;
};

/** Below this, reports are too unlike what is being typed to suggest. */
const SIMILARITY_THRESHOLD = 0.3;

/**
 * Up to five reports of this bash that look like what is being typed (pg_trgm word similarity on the
 * title, a little less weight on the description). Duplicates point at their original, so they are left out.
 */
export async function findSimilarReports(db: Db, actor: Actor, bashId: string, raw: unknown): Promise<SimilarReport[]> {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "report.read", ctx);
  const { text } = parseInput(ZSimilarQuery, raw);
  const q = text.replace(/\s+/g, " ").trim().slice(0, 300);
  if (q.length < 4) return [];
  const rows = await db.$queryRaw<
    { id: string; number: number; title: string; status: string; featureName: string | null; reporterName: string; reporterId: string | null; meToos: bigint; score: number }[]
  >`
    select r.id, r.number, r.title, r.status::text as status, f."menuName" as "featureName", r."reporterName", r."reporterId",
           (select count(*) from "MeToo" m where m."reportId" = r.id) as "meToos", s.score
    from "Report" r
    left join "Feature" f on f.id = r."featureId"
    cross join lateral (
      select greatest(word_similarity(${q}, r.title), similarity(${q}, r.title), 0.8 * word_similarity(${q}, left(r.description, 2000))) as score
    ) s
    where r."bashId" = ${bashId} and r.status <> 'DUPLICATE' and s.score >= ${SIMILARITY_THRESHOLD}
    order by s.score desc, r.number desc
    limit 5`;
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    status: r.status,
    featureName: r.featureName,
    reporterName: r.reporterName,
    meToos: Number(r.meToos),
    score: Math.round(r.score * 100) / 100,
    mine: r.reporterId === actor.id,
  }));
}

const thumbOf = (bashId: string, a: { id: string; thumbnailKey: string | null; contentType: string; fileName: string }) => ({
  id: a.id,
  fileName: a.fileName,
  contentType: a.contentType,
  url: `/api/bashes/${bashId}/attachments/${a.id}`,
  thumbUrl: a.thumbnailKey ? `/api/bashes/${bashId}/attachments/${a.id}?thumb=1` : null,
});

/** The reports I filed in this bash, newest first, with what they still lack and their state. */
export async function listMyReports(db: Db, actor: Actor, bashId: string) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "report.read", ctx);
  const rows = await db.report.findMany({
    where: { bashId, reporterId: actor.id },
    orderBy: { number: "desc" },
    include: {
      feature: { select: { menuName: true } },
      attachments: { orderBy: { createdAt: "asc" }, select: { id: true, thumbnailKey: true, contentType: true, fileName: true } },
      _count: { select: { meToos: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    status: r.status,
    priority: r.priority,
    severity: r.severity,
    featureName: r.feature?.menuName ?? null,
    createdAt: r.createdAt,
    nudgedAt: r.nudgedAt,
    meToos: r._count.meToos,
    attachments: r.attachments.map((a) => thumbOf(bashId, a)),
    missing: missingDetails({ ...r, attachmentCount: r.attachments.length }),
  }));
}

/** One report by its number in the bash, for its page. Reporters and anyone who may read reports. */
export async function getReportByNumber(db: Db, actor: Actor, bashId: string, number: number) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "report.read", ctx);
  if (!Number.isSafeInteger(number) || number < 1) throw notFound("That report");
  const r = await db.report.findUnique({
    where: { bashId_number: { bashId, number } },
    include: {
      feature: { select: { menuName: true } },
      environment: { select: { name: true } },
      attachments: { orderBy: { createdAt: "asc" }, select: { id: true, thumbnailKey: true, contentType: true, fileName: true, size: true } },
      meToos: { orderBy: { createdAt: "asc" }, select: { id: true, note: true, createdAt: true, user: { select: { name: true } } } },
      duplicateOf: { select: { number: true, title: true } },
    },
  });
  if (!r) throw notFound("That report");
  const mine = r.reporterId === actor.id;
  return {
    report: {
      ...r,
      // The user agent says more about the reporter's machine than the report needs; triagers see it.
      userAgent: mine || can(actor, "report.triage", ctx) ? r.userAgent : "",
      attachments: r.attachments.map((a) => ({ ...thumbOf(bashId, a), size: a.size })),
    },
    mine,
    canAddDetails: mine && (r.status === "OPEN" || r.status === "NEEDS_INFO"),
    missing: missingDetails({ ...r, attachmentCount: r.attachments.length }),
    role: ctx.role,
  };
}

/** Notifications addressed to me in this bash that I have not read yet (nudges, answers …). */
export async function listMyBashNotices(db: Db, actor: Actor, bashId: string) {
  return db.notification.findMany({
    where: { userId: actor.id, bashId, readAt: null },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { id: true, kind: true, title: true, body: true, url: true, createdAt: true },
  });
}

/** What the report form offers: the plan's features and environments and my devices. */
export async function getReportFormData(db: Db, actor: Actor, bashId: string) {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "report.create", ctx);
  const bash = await db.bash.findUniqueOrThrow({
    where: { id: bashId },
    select: {
      id: true,
      title: true,
      status: true,
      endsAt: true,
      features: { orderBy: { position: "asc" }, select: { id: true, menuName: true } },
      environments: { orderBy: { position: "asc" }, select: { id: true, name: true } },
    },
  });
  // This bash's devices first, then the ones saved on my profile; the same device listed twice once.
  const devices = await db.device.findMany({
    where: { userId: actor.id, OR: [{ membership: { bashId } }, { membershipId: null }] },
    orderBy: [{ membershipId: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
  });
  const seen = new Set<string>();
  const options = devices
    .filter((d) => {
      const key = [d.kind, d.os, d.osVersion, d.browser, d.browserVersion, d.phoneName].join("|").toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((d) => ({
      id: d.id,
      label: describeDevice(d) || "Unnamed device",
      fields: { kind: d.kind, os: d.os, osVersion: d.osVersion, browser: d.browser, browserVersion: d.browserVersion, phoneName: d.phoneName },
    }));
  return { bash, devices: options };
}

