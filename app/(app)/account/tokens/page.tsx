import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { CreateApiTokenForm } from "@/components/account/api-tokens";
import { ApiTokenList } from "@/components/account/api-tokens-list";
import { card } from "@/components/ui/styles";
import { baseUrlFrom } from "@/lib/app-url";
import { listApiTokens, MAX_ACTIVE_TOKENS } from "@/lib/api/tokens";
import { requireActor } from "@/lib/auth";
import { getDb } from "@/lib/db";
import { createApiTokenAction, revokeApiTokenAction } from "./actions";

export const metadata: Metadata = { title: "API tokens" };

export default async function ApiTokensPage() {
  const actor = await requireActor();
  const [tokens, baseUrl] = await Promise.all([listApiTokens(getDb(), actor), headers().then(baseUrlFrom)]);
  const activeCount = tokens.filter((t) => !t.revokedAt).length;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="space-y-1">
        <p className="text-sm">
          <Link href="/account" className="text-accent-700 underline">
            My account
          </Link>
        </p>
        <h1 className="text-2xl font-semibold tracking-tight">API tokens</h1>
        <p className="text-zinc-700">
          Tokens let scripts and release pipelines use the Bashboard API as you: list bashes, post build links, file and read reports. A token can do only what you can do, and
          read-only tokens cannot change anything. The API is described in{" "}
          <a href="/api/v1/openapi.json" className="text-accent-700 underline">
            openapi.json
          </a>
          .
        </p>
      </div>

      <section aria-labelledby="create-h" className={`${card} space-y-3 p-4 sm:p-6`}>
        <div>
          <h2 id="create-h" className="text-lg font-semibold">
            Create a token
          </h2>
          <p className="text-sm text-zinc-700">
            You have {activeCount} of {MAX_ACTIVE_TOKENS} active tokens. Keep tokens secret, like a password.
          </p>
        </div>
        <CreateApiTokenForm action={createApiTokenAction} baseUrl={baseUrl} />
      </section>

      <section aria-labelledby="list-h" className="space-y-3">
        <h2 id="list-h" className="text-lg font-semibold">
          Your tokens
        </h2>
        <ApiTokenList
          revoke={revokeApiTokenAction}
          tokens={tokens.map((t) => ({
            id: t.id,
            name: t.name,
            scope: t.scope,
            createdAt: t.createdAt.toISOString(),
            lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
            revokedAt: t.revokedAt?.toISOString() ?? null,
          }))}
        />
      </section>
    </div>
  );
}
