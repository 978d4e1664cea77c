// The audit log: a bash's activity (facilitators; admins as outsiders) or the whole install's
// (admins), newest first, filtered, keyset-paginated by id, and as a CSV download.
import { slugify } from "@/lib/slug";
import { getBashContext } from "@/lib/bashes/queries";
import type { Db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { assertCan, type Actor } from "@/lib/policy";
import { csvDocument } from "@/lib/tracker/export";
import { parseInput } from "@/lib/validation";
import { describeActivity, sentence, type ActivityText } from "@/lib/audit/describe";
import { AUDIT_CATEGORIES, AUDIT_PAGE_SIZE, CATEGORY_TYPES, categoryOf, ZAuditFilters, type AuditCategory, type TAuditFilters } from "@/lib/audit/schema";

/** One bash's log, or every entry in the install (including bash-less admin events and deletions). */
export type AuditScope = { bashId: string } | { install: true };

export type AuditEntry = {
  id: string;
  at: Date;
  type: string;
  category: AuditCategory;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  bashId: string | null;
  /** The bash's title; for a deleted bash the title it had, with "(deleted)". */
  bashTitle: string | null;
  text: ActivityText;
  sentence: string;
  /** Where the entry points to (a report), when it still exists. */
  href: string | null;
};

type Row = {
  id: bigint;
  bashId: string | null;
  actorId: string | null;
  type: string;
  entityType: string;
  entityId: string;
  data: unknown;
  createdAt: Date;
  actorName: string | null;
  actorEmail: string | null;
  bashTitle: string | null;
};

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function anyPattern(patterns: readonly string[]): Prisma.Sql {
  if (patterns.length === 0) return Prisma.sql`false`;
  return Prisma.join(
    patterns.map((p) => (p.endsWith(".") ? Prisma.sql`a.type like ${likeEscape(p) + "%"}` : Prisma.sql`a.type = ${p}`)),
    " or ",
    "(",
    ")",
  );
}

const ORDER: readonly AuditCategory[] = ["lifecycle", "transfer", "triage", "reports", "people", "bash", "admin"];

/** The SQL twin of categoryOf: the category's patterns, minus those an earlier category claims. */
function categorySql(c: AuditCategory): Prisma.Sql {
  const earlier = ORDER.slice(0, ORDER.indexOf(c)).flatMap((x) => CATEGORY_TYPES[x]);
  const all = ORDER.flatMap((x) => CATEGORY_TYPES[x]);
  const own = Prisma.sql`(${anyPattern(CATEGORY_TYPES[c])} and not ${anyPattern(earlier)})`;
  if (c === "admin") return Prisma.sql`(${own} or (a."bashId" is null and not ${anyPattern(all)}))`;
  if (c === "bash") return Prisma.sql`(${own} or (a."bashId" is not null and not ${anyPattern(all)}))`;
  return own;
}

function scopeSql(scope: AuditScope): Prisma.Sql {
  return "bashId" in scope ? Prisma.sql`a."bashId" = ${scope.bashId}` : Prisma.sql`true`;
}

function filterSql(f: TAuditFilters): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (f.actor) where.push(Prisma.sql`a."actorId" = ${f.actor}`);
  if (f.category) where.push(categorySql(f.category));
  if (f.from) where.push(Prisma.sql`a."createdAt" >= ${new Date(`${f.from}T00:00:00Z`)}`);
  if (f.to) where.push(Prisma.sql`a."createdAt" < ${new Date(Date.parse(`${f.to}T00:00:00Z`) + 86_400_000)}`);
  if (f.q) {
    const report = /^#(\d{1,9})$/.exec(f.q);
    if (report) {
      where.push(Prisma.sql`(a."entityType" = 'report' and a.data->>'number' = ${report[1]})`);
    } else {
      const p = `%${likeEscape(f.q)}%`;
      where.push(
        Prisma.sql`(a.type ilike ${p} or a.data::text ilike ${p} or u.name ilike ${p} or u.email ilike ${p} or b.title ilike ${p})`,
      );
    }
  }
  if (f.before) where.push(Prisma.sql`a.id < ${BigInt(f.before)}`);
  return where;
}

async function queryRows(db: Db, scope: AuditScope, f: TAuditFilters, limit: number): Promise<Row[]> {
  const where = Prisma.join([scopeSql(scope), ...filterSql(f)], " and ");
  return db.$queryRaw<Row[]>`
    select a.id, a."bashId", a."actorId", a.type, a."entityType", a."entityId", a.data, a."createdAt",
           u.name as "actorName", u.email as "actorEmail", b.title as "bashTitle"
      from "Activity" a
      left join "User" u on u.id = a."actorId"
      left join "Bash" b on b.id = a."bashId"
     where ${where}
     order by a.id desc
     limit ${limit}`;
}

/** Names of the people entries point at (a member whose role changed, a user an admin deactivated). */
async function loadNames(db: Db, rows: Row[]): Promise<Map<string, string>> {
  const membershipIds = new Set<string>();
  const userIds = new Set<string>();
  for (const r of rows) {
    if (r.entityType === "membership" && r.entityId) membershipIds.add(r.entityId);
    if (r.entityType === "user" && r.entityId) userIds.add(r.entityId);
    const d = r.data as Record<string, unknown> | null;
    if (d && typeof d === "object" && typeof d.claimedById === "string") userIds.add(d.claimedById);
  }
  const names = new Map<string, string>();
  const [memberships, users] = await Promise.all([
    membershipIds.size ? db.membership.findMany({ where: { id: { in: [...membershipIds] } }, select: { id: true, user: { select: { name: true } } } }) : [],
    userIds.size ? db.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, name: true } }) : [],
  ]);
  for (const m of memberships) names.set(m.id, m.user.name);
  for (const u of users) names.set(u.id, u.name);
  return names;
}

function toEntry(r: Row, names: Map<string, string>): AuditEntry {
  const text = describeActivity(r, names);
  const d = (r.data && typeof r.data === "object" ? r.data : {}) as Record<string, unknown>;
  const deletedTitle = r.type === "bash.deleted" && typeof d.title === "string" ? `${d.title} (deleted)` : null;
  return {
    id: r.id.toString(),
    at: r.createdAt,
    type: r.type,
    category: categoryOf(r.type, r.bashId === null),
    actorId: r.actorId,
    actorName: r.actorName,
    actorEmail: r.actorEmail,
    bashId: r.bashId,
    bashTitle: r.bashTitle ?? deletedTitle,
    text,
    sentence: sentence(text),
    href: r.bashId && text.reportNumber !== undefined ? `/bashes/${r.bashId}/reports/${text.reportNumber}` : null,
  };
}

async function page(db: Db, scope: AuditScope, f: TAuditFilters, size: number) {
  const rows = await queryRows(db, scope, f, size + 1);
  const more = rows.length > size;
  const shown = more ? rows.slice(0, size) : rows;
  const names = await loadNames(db, shown);
  return { entries: shown.map((r) => toEntry(r, names)), olderBefore: more ? shown[shown.length - 1].id.toString() : null };
}

/** People who appear as actors in the scope (for the filter's list), by name. */
async function listActors(db: Db, scope: AuditScope) {
  const inScope = "bashId" in scope ? Prisma.sql`and a."bashId" = ${scope.bashId}` : Prisma.empty;
  return db.$queryRaw<{ id: string; name: string; email: string }[]>`
    select u.id, u.name, u.email from "User" u
     where exists (select 1 from "Activity" a where a."actorId" = u.id ${inScope})
     order by lower(u.name), u.email
     limit 1000`;
}

async function authorise(db: Db, actor: Actor, scope: AuditScope) {
  if ("bashId" in scope) assertCan(actor, "audit.read", await getBashContext(db, actor, scope.bashId));
  else assertCan(actor, "admin.audit");
}

export type AuditPage = {
  filters: TAuditFilters;
  entries: AuditEntry[];
  /** The cursor for the next (older) page, or null on the last page. */
  olderBefore: string | null;
  actors: { id: string; name: string; email: string }[];
  categories: readonly AuditCategory[];
};

/**
 * One page of the log (100 entries, newest first). Policy "audit.read" for a bash (facilitators, and
 * admins who are not members), "admin.audit" for the whole install.
 */
export async function listAudit(db: Db, actor: Actor, scope: AuditScope, raw: unknown, size = AUDIT_PAGE_SIZE): Promise<AuditPage> {
  await authorise(db, actor, scope);
  const filters = parseInput(ZAuditFilters, raw ?? {});
  const [{ entries, olderBefore }, actors] = await Promise.all([page(db, scope, filters, size), listActors(db, scope)]);
  return { filters, entries, olderBefore, actors, categories: AUDIT_CATEGORIES };
}

/** At most this many rows go into one CSV download. */
export const AUDIT_EXPORT_MAX = 100_000;

export const AUDIT_CSV_HEADER = ["Time (UTC)", "Actor", "Actor email", "Bash", "Action", "Details"] as const;

/** The filtered log (ignoring the page cursor) as CSV: every cell formula-safe (see csvDocument). */
export async function exportAuditCsv(db: Db, actor: Actor, scope: AuditScope, raw: unknown): Promise<{ fileName: string; body: string; count: number }> {
  await authorise(db, actor, scope);
  const filters: TAuditFilters = { ...parseInput(ZAuditFilters, raw ?? {}), before: undefined };
  const rows: string[][] = [];
  let cursor: string | undefined;
  while (rows.length < AUDIT_EXPORT_MAX) {
    const { entries, olderBefore } = await page(db, scope, { ...filters, before: cursor }, Math.min(2000, AUDIT_EXPORT_MAX - rows.length));
    for (const e of entries) rows.push([e.at.toISOString(), e.actorName ?? "", e.actorEmail ?? "", e.bashTitle ?? "", e.type, e.sentence]);
    if (!olderBefore) break;
    cursor = olderBefore;
  }
  let slug = "bashboard";
  if ("bashId" in scope) {
    const bash = await db.bash.findUnique({ where: { id: scope.bashId }, select: { title: true } });
    slug = slugify(bash?.title ?? "") || "bash";
  }
  return { fileName: `${slug}-audit-log.csv`, body: csvDocument(AUDIT_CSV_HEADER, rows), count: rows.length };
}

