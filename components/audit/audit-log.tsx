// The audit log (a bash's or the install's): filters as a plain GET form, the entries newest first as a
// list (readable at phone width), "Older entries" by keyset, and the CSV of the same filters.
import Link from "next/link";
import { LocalTime } from "@/components/ui/local-time";
import { btn, card, input, label } from "@/components/ui/styles";
import type { AuditPage } from "@/lib/audit/queries";
import { CATEGORY_LABEL, filtersQuery } from "@/lib/audit/schema";

const CATEGORY_DOT: Record<string, string> = {
  bash: "bg-sky-500",
  people: "bg-violet-500",
  triage: "bg-green-600",
  reports: "bg-amber-500",
  transfer: "bg-teal-600",
  lifecycle: "bg-red-600",
  admin: "bg-zinc-700",
};

export function AuditLog({ page, basePath, csvPath, showBash }: { page: AuditPage; basePath: string; csvPath: string; showBash: boolean }) {
  const f = page.filters;
  const filtered = Boolean(f.actor || f.category || f.from || f.to || f.q);
  const csvHref = `${csvPath}${csvPath.includes("?") ? filtersQuery(f).replace(/^\?/, "&") : filtersQuery(f)}`;
  return (
    <div className="space-y-4">
      <form method="get" action={basePath} role="search" aria-label="Filter the audit log" className={`${card} grid gap-3 p-4 sm:grid-cols-2 lg:grid-cols-6`}>
        <div className="space-y-1 lg:col-span-2">
          <label htmlFor="audit-q" className={label}>
            Contains
          </label>
          <input id="audit-q" name="q" type="search" defaultValue={f.q ?? ""} placeholder="A name, a title, #12…" className={input} />
        </div>
        <div className="space-y-1">
          <label htmlFor="audit-actor" className={label}>
            Person
          </label>
          <select id="audit-actor" name="actor" defaultValue={f.actor ?? ""} className={input}>
            <option value="">Anyone</option>
            {page.actors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="audit-category" className={label}>
            Kind
          </label>
          <select id="audit-category" name="category" defaultValue={f.category ?? ""} className={input}>
            <option value="">Everything</option>
            {page.categories.map((c) => (
              <option key={c} value={c}>
                {CATEGORY_LABEL[c]}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="audit-from" className={label}>
            From (UTC)
          </label>
          <input id="audit-from" name="from" type="date" defaultValue={f.from ?? ""} className={input} />
        </div>
        <div className="space-y-1">
          <label htmlFor="audit-to" className={label}>
            To (UTC)
          </label>
          <input id="audit-to" name="to" type="date" defaultValue={f.to ?? ""} className={input} />
        </div>
        <div className="flex flex-wrap items-center gap-2 sm:col-span-2 lg:col-span-6">
          <button type="submit" className={btn.primary}>
            Filter
          </button>
          {filtered ? (
            <Link href={basePath} className={btn.ghost}>
              Clear filters
            </Link>
          ) : null}
          <a href={csvHref} className={`${btn.secondary} sm:ml-auto`} download>
            Download CSV
          </a>
        </div>
      </form>

      {page.entries.length === 0 ? (
        <p className={`${card} p-6 text-center text-zinc-700`}>{filtered || f.before ? "Nothing matches these filters." : "Nothing has happened here yet."}</p>
      ) : (
        <ol className={`${card} divide-y divide-zinc-100`} aria-label="Audit log entries, newest first">
          {page.entries.map((e) => (
            <li key={e.id} className="flex gap-3 px-4 py-3">
              <span aria-hidden="true" className={`mt-2 size-2 shrink-0 rounded-full ${CATEGORY_DOT[e.category] ?? "bg-zinc-400"}`} />
              <div className="min-w-0 flex-1 space-y-0.5">
                <p className="break-words">
                  <span className="font-semibold">{e.text.actor}</span> {e.text.text}
                  {e.href ? (
                    <>
                      {" "}
                      <Link href={e.href} className="whitespace-nowrap text-sm text-accent-700 underline underline-offset-2">
                        Open #{e.text.reportNumber}
                      </Link>
                    </>
                  ) : null}
                </p>
                <p className="flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-zinc-600">
                  <LocalTime iso={e.at.toISOString()} />
                  <span>{CATEGORY_LABEL[e.category]}</span>
                  {showBash ? (
                    e.bashId && e.bashTitle ? (
                      <Link href={`/bashes/${e.bashId}`} className="text-accent-700 underline underline-offset-2">
                        {e.bashTitle}
                      </Link>
                    ) : e.bashTitle ? (
                      <span>{e.bashTitle}</span>
                    ) : (
                      <span>Install-wide</span>
                    )
                  ) : null}
                  {e.actorEmail ? <span className="break-all">{e.actorEmail}</span> : null}
                </p>
              </div>
            </li>
          ))}
        </ol>
      )}

      <nav aria-label="Audit log pages" className="flex flex-wrap gap-2">
        {f.before ? (
          <Link href={`${basePath}${filtersQuery(f)}`} className={btn.secondary}>
            Newest entries
          </Link>
        ) : null}
        {page.olderBefore ? (
          <Link href={`${basePath}${filtersQuery(f, { before: page.olderBefore })}`} className={btn.secondary}>
            Older entries
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
