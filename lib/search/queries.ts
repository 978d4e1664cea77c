// Search reports across every bash the actor can see: their memberships (admins: every bash). The
// visible set is part of the SQL itself, so a result from another bash cannot slip through.
import type { Db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ReportStatus } from "@/lib/generated/prisma/enums";
import type { Actor } from "@/lib/policy";
import { parseInput } from "@/lib/validation";
import { SEARCH_LIMIT, ZSearch, type TSearch } from "@/lib/search/schema";

export type SearchHit = {
  id: string;
  number: number;
  title: string;
  status: ReportStatus;
  reporterName: string;
  bashId: string;
  bashTitle: string;
  feature: string | null;
  /** Where the words were found ("Steps"), and the text around them. */
  snippet: { field: string; before: string; match: string; after: string } | null;
  href: string;
};

export type SearchResult = {
  query: TSearch;
  hits: SearchHit[];
  /** How many reports matched in all (the list stops at SEARCH_LIMIT). */
  total: number;
  /** The bashes the actor can search in, for the filter. */
  bashes: { id: string; title: string; archived: boolean }[];
};

type Row = {
  id: string;
  number: number;
  title: string;
  status: ReportStatus;
  reporterName: string;
  description: string;
  steps: string;
  bashId: string;
  bashTitle: string;
  feature: string | null;
};

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The bashes the actor may read reports in (members of any role; admins: all). */
async function visibleBashes(db: Db, actor: Actor) {
  const bashes = await db.bash.findMany({
    where: actor.isAdmin ? {} : { memberships: { some: { userId: actor.id } } },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    select: { id: true, title: true, archivedAt: true },
  });
  return bashes.map((b) => ({ id: b.id, title: b.title, archived: b.archivedAt !== null }));
}

function snippetOf(r: Row, q: string): SearchHit["snippet"] {
  const needle = q.toLowerCase();
  const fields: [string, string][] = [
    ["Title", r.title],
    ["Description", r.description],
    ["Steps", r.steps],
    ["Reporter", r.reporterName],
    ["Feature", r.feature ?? ""],
  ];
  const [field, text] = fields.find(([, t]) => t.toLowerCase().includes(needle)) ?? ["", ""];
  if (!field) return null;
  const flat = text.replace(/\s+/g, " ");
  const at = flat.toLowerCase().indexOf(needle);
  if (at < 0) return null;
  const start = Math.max(0, at - 60);
  const end = Math.min(flat.length, at + needle.length + 80);
  return {
    field,
    before: (start > 0 ? "…" : "") + flat.slice(start, at),
    match: flat.slice(at, at + needle.length),
    after: flat.slice(at + needle.length, end) + (end < flat.length ? "…" : ""),
  };
}

/**
 * Reports whose title, description, steps, reporter or feature contains the words (case-insensitive,
 * as typed), newest first, in the bashes the actor can see; optionally one bash and one status.
 */
export async function searchReports(db: Db, actor: Actor, raw: unknown): Promise<SearchResult> {
  const query = parseInput(ZSearch, raw ?? {});
  const bashes = await visibleBashes(db, actor);
  const ids = query.bash ? bashes.filter((b) => b.id === query.bash).map((b) => b.id) : bashes.map((b) => b.id);
  if (!query.q || ids.length === 0) return { query, hits: [], total: 0, bashes };
  const p = `%${likeEscape(query.q)}%`;
  const where = Prisma.join(
    [
      Prisma.sql`r."bashId" = any(${ids}::text[])`,
      Prisma.sql`(r.title ilike ${p} or r.description ilike ${p} or r.steps ilike ${p} or r."reporterName" ilike ${p} or f."menuName" ilike ${p})`,
      ...(query.status ? [Prisma.sql`r.status = ${query.status}::"ReportStatus"`] : []),
    ],
    " and ",
  );
  const [rows, count] = await Promise.all([
    db.$queryRaw<Row[]>`
      select r.id, r.number, r.title, r.status::text as status, r."reporterName", r.description, r.steps, r."bashId",
             b.title as "bashTitle", f."menuName" as feature
        from "Report" r
        join "Bash" b on b.id = r."bashId"
        left join "Feature" f on f.id = r."featureId"
       where ${where}
       order by r."createdAt" desc, r.id desc
       limit ${SEARCH_LIMIT}`,
    db.$queryRaw<{ n: bigint }[]>`
      select count(*) as n from "Report" r left join "Feature" f on f.id = r."featureId" where ${where}`,
  ]);
  const hits = rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    status: r.status,
    reporterName: r.reporterName,
    bashId: r.bashId,
    bashTitle: r.bashTitle,
    feature: r.feature,
    snippet: snippetOf(r, query.q),
    href: `/bashes/${r.bashId}/reports/${r.number}`,
  }));
  return { query, hits, total: Number(count[0]?.n ?? 0), bashes };
}
