import type { Metadata } from "next";
import { CopyBashForm } from "@/components/bashes/copy-bash-form";
import { NewBashForm } from "@/components/bashes/new-bash-form";
import { card } from "@/components/ui/styles";
import { requireActor } from "@/lib/auth";
import { listCopySources } from "@/lib/bashes/plan";
import { getDb } from "@/lib/db";
import { getSettings } from "@/lib/settings/queries";

export const metadata: Metadata = { title: "New bash" };

export default async function NewBashPage() {
  const actor = await requireActor();
  const [sources, settings] = await Promise.all([listCopySources(getDb(), actor), getSettings(getDb())]);
  const timeZones = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((tz) => tz !== "UTC")];
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">New bash</h1>
        <p className="text-zinc-700">Start with the basics; you can add environments, features and invites next.</p>
      </div>
      <div className={`${card} p-4 sm:p-6`}>
        <NewBashForm timeZones={timeZones} defaultDuration={settings.defaultDurationMinutes} />
      </div>
      {sources.length ? (
        <section aria-labelledby="copy-h" className={`${card} space-y-3 p-4 sm:p-6`}>
          <div>
            <h2 id="copy-h" className="text-lg font-semibold">
              Or copy from a past bash
            </h2>
            <p className="text-sm text-zinc-700">Takes its scope, prerequisites, place, environments, features and planned coverage. People, test accounts, reports and the date stay behind.</p>
          </div>
          <CopyBashForm
            sources={sources.map((s) => ({
              id: s.id,
              label: `${s.title}${s.release ? ` (${s.release})` : ""} — ${s._count.features} features, ${s._count.environments} environments`,
            }))}
          />
        </section>
      ) : null}
    </div>
  );
}
