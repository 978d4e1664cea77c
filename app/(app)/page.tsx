import type { Metadata } from "next";
import Link from "next/link";
import { BashCard, type BashCardData } from "@/components/bashes/bash-card";
import { LoadDemoButton } from "@/components/bashes/load-demo-button";
import { btn } from "@/components/ui/styles";
import { requireActor } from "@/lib/auth";
import { countArchivedBashes } from "@/lib/bashes/archive";
import { listMyBashes, type BashListItem } from "@/lib/bashes/queries";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "My bashes" };

function toCard(b: BashListItem): BashCardData {
  return { ...b, scheduledStart: b.scheduledStart?.toISOString() ?? null };
}

function Section({ title, items, prominent = false }: { title: string; items: BashListItem[]; prominent?: boolean }) {
  if (items.length === 0) return null;
  const id = title.toLowerCase().replace(/\W+/g, "-");
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="text-sm font-semibold uppercase tracking-wide text-zinc-700">
        {title} <span className="font-normal text-zinc-600">({items.length})</span>
      </h2>
      <ul className="grid gap-3 md:grid-cols-2">
        {items.map((b) => (
          <BashCard key={b.id} bash={toCard(b)} prominent={prominent} />
        ))}
      </ul>
    </section>
  );
}

export default async function HomePage() {
  const actor = await requireActor();
  const { live, upcoming, past, total } = await listMyBashes(getDb(), actor);
  const archivedCount = await countArchivedBashes(getDb(), actor);
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">My bashes</h1>
        {total > 0 ? (
          <Link href="/bashes/new" className={btn.primary}>
            New bash
          </Link>
        ) : null}
      </div>
      {total === 0 ? (
        <div className="rounded-lg border border-dashed border-zinc-300 bg-white px-6 py-12 text-center">
          <h2 className="text-lg font-semibold">No bashes yet</h2>
          <p className="mx-auto mt-2 max-w-md text-zinc-700">
            A bug bash is a time-boxed hour where everyone pounds on a release candidate. Plan your first one — scope, schedule,
            environments and who is coming — or look around a finished demo bash first.
          </p>
          <div className="mt-6 flex flex-col items-center justify-center gap-3 sm:flex-row sm:items-start">
            <Link href="/bashes/new" className={btn.primary}>
              Create a bash
            </Link>
            <LoadDemoButton />
          </div>
        </div>
      ) : (
        <>
          <Section title="Live now" items={live} prominent />
          <Section title="Upcoming" items={upcoming} />
          <Section title="Past" items={past} />
        </>
      )}
      {archivedCount > 0 ? (
        <p className="text-sm">
          <Link href="/archived" className="font-medium text-accent-700 underline underline-offset-2">
            Archived bashes ({archivedCount})
          </Link>
        </p>
      ) : null}
    </div>
  );
}
