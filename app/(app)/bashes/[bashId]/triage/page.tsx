import type { Metadata } from "next";
import Link from "next/link";
import { BashStatusChip } from "@/components/bashes/status-chip";
import { TriageBoard } from "@/components/triage/triage-board";
import { requireActor } from "@/lib/auth";
import { getDb } from "@/lib/db";
import { packCards } from "@/lib/triage/board";
import { getBoard } from "@/lib/triage/queries";
import { loadOr404 } from "../load";
import * as T from "./actions";

export const metadata: Metadata = { title: "Triage" };

export default async function TriagePage({ params, searchParams }: { params: Promise<{ bashId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { bashId } = await params;
  const actor = await requireActor();
  const board = await loadOr404(() => getBoard(getDb(), actor, bashId));
  const sp = await searchParams;
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(sp)) if (typeof v === "string") query.set(k, v);

  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="flex flex-wrap gap-x-4 text-sm">
        <Link href={`/bashes/${bashId}`} className="text-accent-700 underline-offset-2 hover:underline">
          ← {board.bash.title}
        </Link>
      </nav>
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Triage</h1>
        <BashStatusChip status={board.bash.status} />
        <p className="w-full text-sm text-zinc-700">
          Open, read, decide, next: drag cards or use the keyboard (press <kbd className="rounded border border-zinc-300 bg-white px-1 font-mono text-xs">?</kbd> for shortcuts).
        </p>
      </header>
      <TriageBoard
        bashId={bashId}
        features={board.bash.features}
        packedCards={packCards(board.cards)}
        eventId={board.eventId}
        canTriage={board.canTriage}
        initialQuery={query.toString()}
        moveAction={T.moveReportAction.bind(null, bashId)}
        bulkAction={T.bulkUpdateAction.bind(null, bashId)}
        askAction={T.askReporterAction.bind(null, bashId)}
        similarAction={T.similarReportsAction.bind(null, bashId)}
        searchTextAction={T.boardSearchTextAction.bind(null, bashId)}
      />
    </div>
  );
}
