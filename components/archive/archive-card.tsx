// Archive, unarchive and delete a bash: the plan page's last card, and the admin panel on the bash page.
import { DeleteBashForm } from "@/components/archive/delete-bash-form";
import { ActionButton, type FormAction } from "@/components/ui/action-form";
import { btn, card } from "@/components/ui/styles";

export type ArchiveCardProps = {
  title: string;
  archived: boolean;
  /** Why the bash cannot be archived yet (not closed), or null. */
  blocker: string | null;
  canArchive: boolean;
  canDelete: boolean;
  reports: number;
  attachments: number;
  archive: FormAction;
  unarchive: FormAction;
  remove: FormAction;
};

export function ArchiveControls(p: ArchiveCardProps) {
  return (
    <div className="space-y-5">
      {p.canArchive ? (
        <div className="space-y-2">
          <h3 className="font-semibold">{p.archived ? "Archived" : "Archive"}</h3>
          {p.archived ? (
            <>
              <p className="text-sm text-zinc-700">The bash is read-only and hidden from “My bashes”. Unarchive it to change anything again.</p>
              <ActionButton action={p.unarchive} className={btn.secondary} pendingLabel="Unarchiving…">
                Unarchive
              </ActionButton>
            </>
          ) : (
            <>
              <p id="archive-hint" className="text-sm text-zinc-700">
                {p.blocker ?? "Archiving makes the bash read-only and moves it out of “My bashes” into the archived list. Reports stay readable and exportable."}
              </p>
              {p.blocker ? (
                <button type="button" className={btn.secondary} disabled aria-describedby="archive-hint">
                  Archive
                </button>
              ) : (
                <ActionButton action={p.archive} className={btn.secondary} pendingLabel="Archiving…" confirm="Archive this bash? It becomes read-only for everyone until it is unarchived.">
                  Archive
                </ActionButton>
              )}
            </>
          )}
        </div>
      ) : null}
      <div className="space-y-2 border-t border-zinc-200 pt-4">
        <h3 className="font-semibold text-red-800">Delete</h3>
        {p.canDelete ? (
          <details className="rounded-md border border-red-200 bg-red-50/40 p-3">
            <summary className="cursor-pointer font-medium text-red-800">Delete this bash…</summary>
            <div className="mt-3">
              <DeleteBashForm title={p.title} action={p.remove} reports={p.reports} attachments={p.attachments} />
            </div>
          </details>
        ) : (
          <p className="text-sm text-zinc-700">Only an admin can delete a bash. Archive it instead to keep it out of the way.</p>
        )}
      </div>
    </div>
  );
}

/** The plan page's card (its id is the anchor in the section menu). */
export function ArchiveCard(p: ArchiveCardProps) {
  return (
    <section id="archive" aria-labelledby="archive-h" className={`${card} scroll-mt-20 border-red-200 p-4 sm:p-5`}>
      <div className="mb-3">
        <h2 id="archive-h" className="text-lg font-semibold">
          Archive and delete
        </h2>
        <p className="text-sm text-zinc-600">When the bash is over and triaged, archive it. Deleting is for admins and cannot be undone.</p>
      </div>
      <ArchiveControls {...p} />
    </section>
  );
}
