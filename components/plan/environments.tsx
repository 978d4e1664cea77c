"use client";

import { ActionButton, ActionForm, ACheckbox, AField, ATextarea, type FormAction } from "@/components/ui/action-form";
import { btn } from "@/components/ui/styles";

type Env = { id: string; name: string; url: string; testDataNotes: string; iosBuildUrl: string; androidBuildUrl: string; isUp: boolean };
type Account = { id: string; username: string; notes: string; secret: string | null; claimedBy: { id: string; name: string } | null };
type Pool = { environmentId: string; total: number; free: number; accounts: Account[] };

export function EnvironmentFields({ env }: { env?: Env }) {
  return (
    <>
      <div className="grid gap-3 sm:grid-cols-2">
        <AField label="Name" name="name" defaultValue={env?.name} placeholder="Staging" />
        <AField label="URL" name="url" type="url" defaultValue={env?.url} placeholder="https://staging.example.com" />
      </div>
      <ATextarea label="Test data notes" name="testDataNotes" rows={3} defaultValue={env?.testDataNotes} placeholder="Card 4242 4242 4242 4242, any CVC; coupon SAVE10" />
      <div className="grid gap-3 sm:grid-cols-2">
        <AField label="iOS build link" name="iosBuildUrl" type="url" defaultValue={env?.iosBuildUrl} placeholder="https://testflight.apple.com/join/…" />
        <AField label="Android build link" name="androidBuildUrl" type="url" defaultValue={env?.androidBuildUrl} placeholder="https://…/app-release.apk" />
      </div>
      <ACheckbox label="Environment is up" name="isUp" defaultChecked={env?.isUp} hint="Tick once you have checked it works." />
    </>
  );
}

export function Environments({
  envs,
  pools,
  create,
  update,
  remove,
  move,
  addCredentials,
  releaseCredential,
  removeCredential,
}: {
  envs: Env[];
  pools: Pool[];
  create: FormAction;
  update: Record<string, FormAction>;
  remove: FormAction;
  move: FormAction;
  addCredentials: Record<string, FormAction>;
  releaseCredential: FormAction;
  removeCredential: FormAction;
}) {
  return (
    <div className="space-y-4">
      {envs.length === 0 ? <p className="text-sm text-zinc-700">No environments yet. Add where people will test: its URL, test data and build links.</p> : null}
      <ol className="space-y-3">
        {envs.map((e, i) => {
          const pool = pools.find((p) => p.environmentId === e.id);
          return (
            <li key={e.id} className="rounded-md border border-zinc-200 p-3" data-testid="environment">
              <div className="flex flex-wrap items-center gap-2">
                <h3 className="min-w-0 flex-1 font-semibold">{e.name}</h3>
                <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${e.isUp ? "bg-green-50 text-green-800 ring-green-200" : "bg-zinc-100 text-zinc-700 ring-zinc-300"}`}>
                  {e.isUp ? "Up" : "Not checked"}
                </span>
                <ActionButton action={move} input={{ id: e.id, direction: "up" }} ariaLabel={`Move ${e.name} up`} className={btn.ghost}>
                  ↑
                </ActionButton>
                <ActionButton action={move} input={{ id: e.id, direction: "down" }} ariaLabel={`Move ${e.name} down`} className={btn.ghost}>
                  ↓
                </ActionButton>
              </div>
              <p className="break-all text-sm text-zinc-700">
                {e.url || "No URL"}
                {e.iosBuildUrl ? " · iOS build" : ""}
                {e.androidBuildUrl ? " · Android build" : ""}
                {pool ? ` · ${pool.total} test accounts (${pool.free} free)` : ""}
              </p>
              <details className="mt-2">
                <summary className="cursor-pointer text-sm font-medium text-accent-700">Edit {e.name}</summary>
                <ActionForm action={update[e.id]} submitLabel="Save environment" successMessage="Saved." className="mt-3 space-y-3" ariaLabel={`Edit ${e.name}`}>
                  <EnvironmentFields env={e} />
                </ActionForm>
                <div className="mt-3">
                  <ActionButton action={remove} input={{ id: e.id }} confirm={`Delete ${e.name} and its test accounts?`} className={btn.ghost}>
                    Delete environment
                  </ActionButton>
                </div>
              </details>
              <details className="mt-2" data-testid="credential-pool">
                <summary className="cursor-pointer text-sm font-medium text-accent-700">Test accounts for {e.name}</summary>
                <div className="mt-3 space-y-3">
                  {pool && pool.accounts.length ? (
                    <ul className="divide-y divide-zinc-100 rounded border border-zinc-200 text-sm">
                      {pool.accounts.map((a) => (
                        <li key={a.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-2 py-1.5">
                          <span className="min-w-0 flex-1 basis-40 break-all font-mono">{a.username}</span>
                          <span className="break-all font-mono text-zinc-700">{a.secret}</span>
                          <span className="text-zinc-700">{a.claimedBy ? `Claimed by ${a.claimedBy.name}` : "Free"}</span>
                          {a.claimedBy ? (
                            <ActionButton action={releaseCredential} input={{ credentialId: a.id }} className={btn.ghost} ariaLabel={`Release ${a.username}`}>
                              Release
                            </ActionButton>
                          ) : null}
                          <ActionButton action={removeCredential} input={{ credentialId: a.id }} className={btn.ghost} ariaLabel={`Remove ${a.username}`} confirm={`Remove ${a.username}?`}>
                            Remove
                          </ActionButton>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p className="text-sm text-zinc-700">No test accounts yet.</p>
                  )}
                  <ActionForm action={addCredentials[e.id]} submitLabel="Add accounts" resetOnSuccess className="space-y-2" ariaLabel={`Add test accounts to ${e.name}`} successMessage={(d) => {
                    const r = d as { added: number; skippedDuplicates: number };
                    return `${r.added} added${r.skippedDuplicates ? `, ${r.skippedDuplicates} already there` : ""}.`;
                  }}>
                    <ATextarea label="Paste accounts" name="text" rows={3} placeholder={"tester1@example.com\tPassw0rd!\ntester2@example.com\tPassw0rd!"} hint="One per line: username and password separated by a tab, comma or space; anything after is a note." />
                  </ActionForm>
                </div>
              </details>
              <span className="sr-only">Position {i + 1}</span>
            </li>
          );
        })}
      </ol>
      <details className="rounded-md border border-dashed border-zinc-300 p-3" open={envs.length === 0}>
        <summary className="cursor-pointer font-medium">Add an environment</summary>
        <ActionForm action={create} submitLabel="Add environment" resetOnSuccess className="mt-3 space-y-3" ariaLabel="Add environment">
          <EnvironmentFields />
        </ActionForm>
      </details>
    </div>
  );
}
