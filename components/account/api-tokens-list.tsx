// My API tokens: name, access, when made and last used, and Revoke (with a confirmation). No secrets
// here: only the token's hash is stored.
import { ActionButton, type FormAction } from "@/components/ui/action-form";
import { LocalTime } from "@/components/ui/local-time";
import { btn, card } from "@/components/ui/styles";

export type TokenRow = { id: string; name: string; scope: "READ" | "READ_WRITE"; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

function ScopeBadge({ scope }: { scope: TokenRow["scope"] }) {
  return scope === "READ_WRITE" ? (
    <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-semibold text-amber-900 ring-1 ring-inset ring-amber-300">Read and write</span>
  ) : (
    <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-semibold text-zinc-800 ring-1 ring-inset ring-zinc-300">Read only</span>
  );
}

export function ApiTokenList({ tokens, revoke }: { tokens: TokenRow[]; revoke: FormAction }) {
  const active = tokens.filter((t) => !t.revokedAt);
  const revoked = tokens.filter((t) => t.revokedAt);
  return (
    <div className="space-y-4">
      {active.length === 0 ? (
        <p className={`${card} p-4 text-sm text-zinc-700`}>No active tokens. Create one above to use the API.</p>
      ) : (
        <ul className={`${card} divide-y divide-zinc-100`} aria-label="Active tokens">
          {active.map((t) => (
            <li key={t.id} className="flex flex-wrap items-start justify-between gap-3 p-4" data-testid="api-token">
              <div className="min-w-0 space-y-1">
                <p className="flex flex-wrap items-center gap-2">
                  <span className="break-words font-semibold text-zinc-900">{t.name}</span>
                  <ScopeBadge scope={t.scope} />
                </p>
                <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-sm text-zinc-700">
                  <dt>Created</dt>
                  <dd>
                    <LocalTime iso={t.createdAt} />
                  </dd>
                  <dt>Last used</dt>
                  <dd>{t.lastUsedAt ? <LocalTime iso={t.lastUsedAt} /> : "Never"}</dd>
                </dl>
              </div>
              <ActionButton
                action={revoke}
                input={{ id: t.id }}
                className={btn.secondary}
                confirm={`Revoke “${t.name}”? Anything using it stops working at once. This cannot be undone.`}
                ariaLabel={`Revoke ${t.name}`}
                pendingLabel="Revoking…"
              >
                Revoke
              </ActionButton>
            </li>
          ))}
        </ul>
      )}
      {revoked.length ? (
        <details className={`${card} p-4`}>
          <summary className="cursor-pointer text-sm font-medium text-accent-700">Revoked tokens ({revoked.length})</summary>
          <ul className="mt-2 divide-y divide-zinc-100">
            {revoked.map((t) => (
              <li key={t.id} className="py-2 text-sm text-zinc-700">
                <span className="break-words font-medium text-zinc-800">{t.name}</span> · {t.scope === "READ_WRITE" ? "read and write" : "read only"} · revoked{" "}
                <LocalTime iso={t.revokedAt!} />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
