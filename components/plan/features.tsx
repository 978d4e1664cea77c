import { ActionButton, ActionForm, AField, type FormAction } from "@/components/ui/action-form";
import { btn } from "@/components/ui/styles";

type Feature = { id: string; menuName: string; description: string };

function FeatureFields({ f }: { f?: Feature }) {
  return (
    <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
      <AField label="Menu name" name="menuName" defaultValue={f?.menuName} placeholder="Checkout" />
      <AField label="What is released" name="description" defaultValue={f?.description} placeholder="New saved-cards step; Apple Pay" />
    </div>
  );
}

export function Features({ features, create, update, remove, move }: { features: Feature[]; create: FormAction; update: Record<string, FormAction>; remove: FormAction; move: FormAction }) {
  return (
    <div className="space-y-3">
      {features.length === 0 ? <p className="text-sm text-zinc-700">No features yet. List each menu and what is released in it; participants pick them when they report.</p> : null}
      <ol className="divide-y divide-zinc-100 rounded-md border border-zinc-200" aria-label="Features under test">
        {features.map((f, i) => (
          <li key={f.id} className="px-3 py-2" data-testid="feature">
            <div className="flex flex-wrap items-center gap-2">
              <span className="w-6 text-sm tabular-nums text-zinc-600">{i + 1}.</span>
              <span className="min-w-0 flex-1 basis-48">
                <span className="font-medium">{f.menuName}</span>
                {f.description ? <span className="block text-sm text-zinc-700">{f.description}</span> : null}
              </span>
              <ActionButton action={move} input={{ id: f.id, direction: "up" }} ariaLabel={`Move ${f.menuName} up`} className={btn.ghost}>
                ↑
              </ActionButton>
              <ActionButton action={move} input={{ id: f.id, direction: "down" }} ariaLabel={`Move ${f.menuName} down`} className={btn.ghost}>
                ↓
              </ActionButton>
              <ActionButton action={remove} input={{ id: f.id }} ariaLabel={`Delete ${f.menuName}`} confirm={`Delete ${f.menuName}?`} className={btn.ghost}>
                Delete
              </ActionButton>
            </div>
            <details className="ml-8">
              <summary className="cursor-pointer text-sm text-accent-700">Edit</summary>
              <ActionForm action={update[f.id]} submitLabel="Save feature" successMessage="Saved." className="mt-2 space-y-2" ariaLabel={`Edit ${f.menuName}`}>
                <FeatureFields f={f} />
              </ActionForm>
            </details>
          </li>
        ))}
      </ol>
      <ActionForm action={create} submitLabel="Add feature" resetOnSuccess className="space-y-2" ariaLabel="Add feature">
        <FeatureFields />
      </ActionForm>
    </div>
  );
}
