import type { Metadata } from "next";
import Link from "next/link";
import { AuditLog } from "@/components/audit/audit-log";
import { requireActor } from "@/lib/auth";
import { listAudit } from "@/lib/audit/queries";
import { filtersFromParams } from "@/lib/audit/schema";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { loadOr404 } from "../load";

export const metadata: Metadata = { title: "Audit log" };

type Params = Record<string, string | string[] | undefined>;

export default async function BashAuditPage({ params, searchParams }: { params: Promise<{ bashId: string }>; searchParams: Promise<Params> }) {
  const { bashId } = await params;
  const actor = await requireActor();
  const raw = filtersFromParams(await searchParams);
  const [bash, page] = await loadOr404(async () => {
    const b = await getDb().bash.findUnique({ where: { id: bashId }, select: { title: true } });
    let p;
    try {
      p = await listAudit(getDb(), actor, { bashId }, raw);
    } catch (e) {
      // A filter typed into the address bar that does not parse: show the unfiltered log.
      if (isAppError(e) && e.code === "INVALID") p = await listAudit(getDb(), actor, { bashId }, {});
      else throw e;
    }
    return [b, p] as const;
  });
  return (
    <div className="space-y-5">
      <nav aria-label="Breadcrumb" className="flex flex-wrap gap-x-2 text-sm">
        <Link href="/" className="text-accent-700 underline-offset-2 hover:underline">
          My bashes
        </Link>
        <span aria-hidden="true">/</span>
        <Link href={`/bashes/${bashId}`} className="text-accent-700 underline-offset-2 hover:underline">
          {bash?.title ?? "Bash"}
        </Link>
      </nav>
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
        <p className="text-zinc-700">Who changed what in this bash, newest first.</p>
      </header>
      <AuditLog page={page} basePath={`/bashes/${bashId}/audit`} csvPath={`/api/audit?bashId=${encodeURIComponent(bashId)}`} showBash={false} />
    </div>
  );
}
