import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AuditLog } from "@/components/audit/audit-log";
import { requireActor } from "@/lib/auth";
import { listAudit } from "@/lib/audit/queries";
import { filtersFromParams } from "@/lib/audit/schema";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Audit log" };

type Params = Record<string, string | string[] | undefined>;

export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<Params> }) {
  const actor = await requireActor();
  if (!actor.isAdmin) notFound();
  const raw = filtersFromParams(await searchParams);
  let page;
  try {
    page = await listAudit(getDb(), actor, { install: true }, raw);
  } catch (e) {
    if (isAppError(e) && e.code === "INVALID") page = await listAudit(getDb(), actor, { install: true }, {});
    else if (isAppError(e) && e.code === "FORBIDDEN") notFound();
    else throw e;
  }
  return (
    <div className="space-y-5">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
        <p className="text-zinc-700">Everything that happened in Bashboard: every bash, people and accounts, deletions. Newest first.</p>
      </header>
      <AuditLog page={page} basePath="/admin/audit" csvPath="/api/audit" showBash />
    </div>
  );
}
