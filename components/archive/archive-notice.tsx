// On the bash page: the "Archived — read-only" banner (with unarchive and, for admins, delete), and for
// admins who cannot open the plan, the archive/delete controls. Renders nothing otherwise.
import Link from "next/link";
import { ArchiveControls } from "@/components/archive/archive-card";
import * as AR from "@/app/(app)/bashes/[bashId]/archive-actions";
import { getArchiveInfo } from "@/lib/bashes/archive";
import { getDb } from "@/lib/db";
import { can, type Actor, type BashRole } from "@/lib/policy";

export async function ArchiveNotice({ actor, role, bash }: { actor: Actor; role: BashRole | null; bash: { id: string; archivedAt: Date | null } }) {
  const archived = bash.archivedAt !== null;
  // Facilitators of a bash that is not archived use the plan page's card; most people see nothing.
  if (!archived && (can(actor, "bash.update", { role }) || !actor.isAdmin)) return null;
  const info = await getArchiveInfo(getDb(), actor, bash.id);
  if (!archived && !info.canArchive && !info.canDelete) return null;
  const bind = <T,>(fn: (bashId: string, input: Record<string, string>) => Promise<T>) => fn.bind(null, bash.id) as never;
  const controls =
    info.canArchive || info.canDelete ? (
      <ArchiveControls
        {...info}
        archive={bind(AR.archiveBashAction)}
        unarchive={bind(AR.unarchiveBashAction)}
        remove={bind(AR.deleteBashAction)}
      />
    ) : null;
  const audit = info.canAudit ? (
    <Link href={`/bashes/${bash.id}/audit`} className="font-semibold underline underline-offset-2">
      Audit log
    </Link>
  ) : null;
  if (!archived) {
    return (
      <details className="rounded-lg border border-zinc-200 bg-white p-4 shadow-sm">
        <summary className="cursor-pointer font-semibold">Admin: archive or delete this bash</summary>
        <div className="mt-3 space-y-3">
          {audit ? <p className="text-sm">{audit}</p> : null}
          {controls}
        </div>
      </details>
    );
  }
  return (
    <section aria-labelledby="archived-h" className="rounded-lg border border-amber-300 bg-amber-50 p-4" data-testid="archived-banner">
      <h2 id="archived-h" className="font-semibold text-amber-950">
        Archived — read-only
      </h2>
      <p className="mt-1 text-sm text-amber-950">
        This bash is archived: everything can still be read and exported, but nothing can change.
        {info.canArchive ? "" : " A facilitator or an admin can unarchive it."} {audit}
      </p>
      {controls ? (
        <details className="mt-3">
          <summary className="cursor-pointer text-sm font-semibold text-amber-950">Unarchive{info.canDelete ? " or delete" : ""}</summary>
          <div className="mt-3 rounded-md bg-white p-3">{controls}</div>
        </details>
      ) : null}
    </section>
  );
}
