import { ActionButton, ActionForm, AField, ASelect, type FormAction } from "@/components/ui/action-form";
import { btn } from "@/components/ui/styles";
import { describeTarget } from "@/lib/coverage/match";

type Row = { target: { id: string; kind: "WEB" | "MOBILE"; os: string; osVersion: string; browser: string }; coveredBy: { userId: string; name: string }[] };

export function Coverage({ rows, add, remove }: { rows: Row[]; add: FormAction; remove: FormAction }) {
  const gaps = rows.filter((r) => r.coveredBy.length === 0).length;
  return (
    <div className="space-y-4">
      {rows.length === 0 ? (
        <p className="text-sm text-zinc-700">List the devices, OS versions and browsers that must be covered. Each is matched against the devices of people who said they are going.</p>
      ) : (
        <>
          <p className="text-sm font-medium" data-testid="coverage-summary">
            {gaps === 0 ? `All ${rows.length} combinations covered.` : `${gaps} of ${rows.length} combinations not covered yet.`}
          </p>
          <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200">
            {rows.map(({ target, coveredBy }) => (
              <li key={target.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2" data-testid="coverage-row">
                <span className="min-w-0 flex-1 basis-48 font-medium">{describeTarget(target)}</span>
                {coveredBy.length ? (
                  <span className="rounded-full bg-green-50 px-2 py-0.5 text-xs font-semibold text-green-800 ring-1 ring-inset ring-green-200">
                    ✓ Covered by {coveredBy.map((p) => p.name).join(", ")}
                  </span>
                ) : (
                  <span className="rounded-full bg-red-50 px-2 py-0.5 text-xs font-semibold text-red-800 ring-1 ring-inset ring-red-200">! Gap — nobody going has this</span>
                )}
                <ActionButton action={remove} input={{ id: target.id }} ariaLabel={`Remove ${describeTarget(target)}`} className={btn.ghost}>
                  Remove
                </ActionButton>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="rounded-md border border-dashed border-zinc-300 p-3">
        <h3 className="font-medium">Add a combination to cover</h3>
        <ActionForm action={add} submitLabel="Add to coverage" resetOnSuccess className="mt-3 grid gap-3 sm:grid-cols-4" ariaLabel="Add coverage">
          <ASelect label="Kind" name="kind" options={[{ value: "WEB", label: "Web" }, { value: "MOBILE", label: "Mobile" }]} />
          <AField label="OS" name="os" placeholder="Windows, macOS, iOS, Android" />
          <AField label="OS version (optional)" name="osVersion" placeholder="11, 17" />
          <AField label="Browser (web, optional)" name="browser" placeholder="Chrome, Safari" />
        </ActionForm>
      </div>
    </div>
  );
}
