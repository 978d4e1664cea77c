import Link from "next/link";
import { BuildLinks } from "@/components/ui/build-links";
import type { KickoffEnvironment } from "@/lib/kickoff/queries";

const isWebLink = (url: string) => /^https?:\/\//i.test(url.trim());

/** Where to test: each environment with its link, test data and build QR codes. */
export function KickoffEnvironments({ environments, planHref }: { environments: KickoffEnvironment[]; planHref: string }) {
  return (
    <section aria-labelledby="kickoff-env-h" className="space-y-4">
      <h2 id="kickoff-env-h" className="text-2xl font-bold tracking-tight text-zinc-950 sm:text-3xl">
        Where to test
      </h2>
      {environments.length === 0 ? (
        <p className="rounded-2xl border-2 border-zinc-200 bg-white p-6 text-lg text-zinc-800">
          No environment yet.{" "}
          <Link href={`${planHref}#environments`} className="font-semibold text-accent-700 underline">
            Add one on the plan
          </Link>{" "}
          so people know where to test.
        </p>
      ) : (
        <ul className={`grid gap-4 sm:gap-6 ${environments.length > 1 ? "xl:grid-cols-2" : ""}`}>
          {environments.map((e) => (
            <li key={e.id} className="min-w-0 space-y-4 rounded-2xl border-2 border-zinc-200 bg-white p-5 sm:p-6" data-testid="kickoff-environment">
              <div className="flex flex-wrap items-center gap-3">
                <h3 className="min-w-0 text-2xl font-bold break-words text-zinc-950 sm:text-3xl">{e.name}</h3>
                <span
                  className={`rounded-full px-3 py-1 text-sm font-semibold ring-1 ring-inset ${e.isUp ? "bg-green-50 text-green-900 ring-green-300" : "bg-zinc-100 text-zinc-800 ring-zinc-300"}`}
                >
                  {e.isUp ? "✓ Up" : "Not checked yet"}
                </span>
              </div>
              {e.url ? (
                isWebLink(e.url) ? (
                  <a href={e.url} className="block font-mono text-xl font-semibold break-all text-accent-700 underline sm:text-2xl" rel="noopener noreferrer" target="_blank">
                    {e.url}
                  </a>
                ) : (
                  <p className="font-mono text-xl font-semibold break-all text-zinc-950 sm:text-2xl">{e.url}</p>
                )
              ) : null}
              {e.testDataNotes ? (
                <div>
                  <h4 className="text-base font-semibold uppercase tracking-wide text-zinc-700">Test data</h4>
                  <p className="text-lg whitespace-pre-wrap break-words text-zinc-900 sm:text-xl">{e.testDataNotes}</p>
                </div>
              ) : null}
              <BuildLinks environment={e} size="projector" />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
