import type { Metadata } from "next";
import Link from "next/link";
import { ImportWizard } from "@/components/spreadsheet/import-wizard";
import { btn, card } from "@/components/ui/styles";
import { requireActor } from "@/lib/auth";
import { getBashContext } from "@/lib/bashes/queries";
import { getDb } from "@/lib/db";
import { assertCan, can } from "@/lib/policy";
import { XLSX_LIMITS } from "@/lib/xlsx/columns";
import { loadOr404 } from "../load";

export const metadata: Metadata = { title: "Spreadsheet" };

export default async function SpreadsheetPage({ params }: { params: Promise<{ bashId: string }> }) {
  const { bashId } = await params;
  const actor = await requireActor();
  const { ctx, bash } = await loadOr404(async () => {
    const ctx = await getBashContext(getDb(), actor, bashId);
    assertCan(actor, "bash.export", ctx);
    const bash = await getDb().bash.findUniqueOrThrow({ where: { id: bashId }, select: { title: true, _count: { select: { reports: true } } } });
    return { ctx, bash };
  });
  const canImport = can(actor, "bash.import", ctx);
  return (
    <div className="space-y-5">
      <nav aria-label="Breadcrumb" className="flex flex-wrap gap-x-2 text-sm">
        <Link href={`/bashes/${bashId}`} className="text-accent-700 underline-offset-2 hover:underline">
          {bash.title}
        </Link>
      </nav>
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Spreadsheet</h1>
        <p className="text-zinc-700">Hand the bash to a spreadsheet and take one back, in the layout of the community bug-bash template.</p>
      </header>

      <section aria-labelledby="export-h" className={`${card} space-y-3 p-4`}>
        <h2 id="export-h" className="text-lg font-semibold">
          Export
        </h2>
        <div className="flex flex-wrap gap-2">
          <a href={`/api/bashes/${bashId}/export`} className={btn.primary} download>
            Download workbook ({bash._count.reports} reports)
          </a>
          <a href={`/api/bashes/${bashId}/export?mode=template`} className={btn.secondary} download>
            Blank template with this brief
          </a>
          <a href="/api/templates/blank" className={btn.secondary} download>
            Generic blank template
          </a>
        </div>
        <p className="text-sm text-zinc-700">
          Five sheets — Pre-Requisite, FunctionalityFeature, the two participant lists and Bug_Sheet — with dropdowns for Priority and Status on every row. A hidden sheet keeps
          Bashboard&apos;s ids so an exported workbook imports back without losing anything.
        </p>
      </section>

      {canImport ? (
        <section aria-labelledby="import-h" className="space-y-3">
          <div>
            <h2 id="import-h" className="text-lg font-semibold">
              Import
            </h2>
            <p className="text-sm text-zinc-700">
              Up to {Math.round(XLSX_LIMITS.maxBytes / 1024 / 1024)} MB and {XLSX_LIMITS.maxRows.toLocaleString("en")} rows. Headers are matched ignoring case, spacing and order; formulas are
              never run. You see everything before anything is written, and the import is all or nothing.
            </p>
          </div>
          <ImportWizard bashId={bashId} />
        </section>
      ) : null}
    </div>
  );
}
