import type { Metadata } from "next";
import Link from "next/link";
import { LocalTime } from "@/components/ui/local-time";
import { card } from "@/components/ui/styles";
import { requireActor } from "@/lib/auth";
import { listArchivedBashes } from "@/lib/bashes/archive";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Archived bashes" };

const ROLE_LABEL: Record<string, string> = { FACILITATOR: "Facilitator", PARTICIPANT: "Participant", TRIAGER: "Triager", OBSERVER: "Observer" };

export default async function ArchivedPage() {
  const actor = await requireActor();
  const bashes = await listArchivedBashes(getDb(), actor);
  return (
    <div className="space-y-5">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/" className="text-accent-700 underline-offset-2 hover:underline">
          My bashes
        </Link>
      </nav>
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Archived bashes</h1>
        <p className="text-zinc-700">Finished bashes put away by a facilitator or an admin. They are read-only; reports can still be read and exported.</p>
      </header>
      {bashes.length === 0 ? (
        <p className={`${card} p-6 text-center text-zinc-700`}>No archived bashes.</p>
      ) : (
        <ul className={`${card} divide-y divide-zinc-100`}>
          {bashes.map((b) => (
            <li key={b.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-4 py-3">
              <div className="min-w-0">
                <Link href={`/bashes/${b.id}`} className="break-words font-semibold text-accent-700 underline-offset-2 hover:underline">
                  {b.title}
                </Link>
                {b.product || b.release ? <p className="text-sm text-zinc-700">{[b.product, b.release].filter(Boolean).join(" · ")}</p> : null}
              </div>
              <p className="flex flex-wrap gap-x-3 text-sm text-zinc-700">
                <span>
                  {b.reportCount.toLocaleString("en")} {b.reportCount === 1 ? "report" : "reports"}
                </span>
                {b.role ? <span>You: {ROLE_LABEL[b.role]}</span> : null}
                <span>
                  Archived <LocalTime iso={b.archivedAt.toISOString()} withTime={false} />
                </span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
