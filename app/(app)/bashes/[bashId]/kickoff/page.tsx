import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { BashStatusChip } from "@/components/bashes/status-chip";
import { KickoffEnvironments } from "@/components/kickoff/environments";
import { HowToReport } from "@/components/kickoff/how-to-report";
import { PresentButton } from "@/components/kickoff/present-button";
import { TimeLeft } from "@/components/kickoff/time-left";
import { LiveRefresh } from "@/components/realtime/use-bash-events";
import { LocalTime } from "@/components/ui/local-time";
import { Markdown } from "@/components/ui/markdown";
import { btn } from "@/components/ui/styles";
import { baseUrlFrom } from "@/lib/app-url";
import { requireActor } from "@/lib/auth";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { getKickoff } from "@/lib/kickoff/queries";
import { loadOr404 } from "../load";

export const metadata: Metadata = { title: "Kickoff" };

// The app's main column (app/(app)/layout.tsx: max-w-6xl, px-4) is 72rem wide; on very wide screens
// (1536 px and up) the kickoff breaks out of it to use the room's screen: 592px = 576 (half the column)
// − 16 (its padding) + 32 (a 2rem gutter kept at each edge, so the scroll bar that 100vw counts never
// makes the page scroll sideways), and at most 25rem more on each side.
const BREAK_OUT = "2xl:mx-[max(calc(592px_-_50vw),-25rem)]";
// Full screen ("Full screen" button) shows only this element: give it the page's background and scrolling.
const FULL_SCREEN = "[&:fullscreen]:overflow-y-auto [&:fullscreen]:bg-zinc-50 [&:fullscreen]:p-6 lg:[&:fullscreen]:p-10";

export default async function KickoffPage({ params }: { params: Promise<{ bashId: string }> }) {
  const { bashId } = await params;
  const actor = await requireActor();
  const kickoff = await loadOr404(async () => {
    try {
      return await getKickoff(getDb(), actor, bashId);
    } catch (e) {
      // Participants, triagers and observers see the bash page instead.
      if (isAppError(e) && e.code === "FORBIDDEN") return null;
      throw e;
    }
  });
  if (!kickoff) redirect(`/bashes/${bashId}`);
  const serverNow = new Date();
  const bashUrl = `${baseUrlFrom(await headers())}/bashes/${bashId}`;
  const planHref = `/bashes/${bashId}/plan`;
  const subtitle = [kickoff.product, kickoff.release].filter(Boolean).join(" · ");
  const videoLink = /^https?:\/\//i.test(kickoff.videoLink) ? kickoff.videoLink : "";

  return (
    <div id="kickoff" className={`space-y-6 text-zinc-950 lg:space-y-8 ${BREAK_OUT} ${FULL_SCREEN}`}>
      {/* Schedule, status, extensions, scope, environments, features and the counts update on screen by themselves. */}
      <LiveRefresh bashId={bashId} since={kickoff.lastEventId} types={["bash.", "environment.", "feature.", "rsvp", "report.created"]} />

      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <Link href={planHref} className="inline-flex min-h-11 items-center rounded px-1 text-zinc-700 underline-offset-2 hover:text-zinc-950 hover:underline">
          <span aria-hidden="true" className="mr-1">
            ←
          </span>
          Back to the plan
        </Link>
        <PresentButton targetId="kickoff" className={btn.ghost} />
      </div>

      <header className="grid gap-6 rounded-2xl bg-zinc-950 p-5 text-white sm:p-8 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] lg:items-center lg:p-10">
        <div className="min-w-0 space-y-3">
          <div className="flex flex-wrap items-center gap-3">
            <p className="text-base font-semibold uppercase tracking-wide text-accent-100 sm:text-lg">Welcome to the bug bash</p>
            <BashStatusChip status={kickoff.status} />
          </div>
          <h1 className="text-4xl font-bold tracking-tight break-words sm:text-5xl xl:text-6xl 2xl:text-7xl">{kickoff.title}</h1>
          {subtitle ? <p className="text-xl break-words text-zinc-200 sm:text-2xl">{subtitle}</p> : null}
          <p className="flex flex-wrap gap-x-5 gap-y-1 text-base text-zinc-200 sm:text-lg">
            {kickoff.startedAt ? (
              <span>
                Started <LocalTime iso={kickoff.startedAt.toISOString()} />
              </span>
            ) : null}
            {kickoff.location ? <span className="break-words">{kickoff.location}</span> : null}
            {videoLink ? (
              <a href={videoLink} className="text-accent-100 underline" rel="noopener noreferrer" target="_blank">
                Video call
              </a>
            ) : null}
          </p>
          <p className="flex flex-wrap gap-x-6 gap-y-1 text-lg font-semibold sm:text-xl" data-testid="kickoff-counts">
            <span>
              {kickoff.counts.going} {kickoff.counts.going === 1 ? "person" : "people"} going
            </span>
            <span>
              {kickoff.counts.reports} {kickoff.counts.reports === 1 ? "report" : "reports"} filed
            </span>
          </p>
        </div>
        <div className="min-w-0 rounded-xl bg-white p-5 text-zinc-950 sm:p-6" data-testid="time-left">
          <TimeLeft
            status={kickoff.status}
            scheduledStart={kickoff.scheduledStart}
            endsAt={kickoff.endsAt}
            durationMinutes={kickoff.durationMinutes}
            extendedAt={kickoff.extendedAt}
            extendedMinutes={kickoff.extendedMinutes}
            serverNow={serverNow}
          />
        </div>
      </header>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] lg:gap-8">
        <div className="min-w-0 space-y-6 lg:space-y-8">
          <section aria-labelledby="kickoff-scope-h" className="rounded-2xl border-2 border-zinc-200 bg-white p-5 sm:p-6">
            <h2 id="kickoff-scope-h" className="mb-3 text-2xl font-bold tracking-tight sm:text-3xl">
              Scope
            </h2>
            {kickoff.scope.trim() ? (
              <Markdown
                source={kickoff.scope}
                className="text-lg leading-relaxed text-zinc-950 sm:text-xl 2xl:text-2xl [&_code]:text-[0.9em] [&_h1]:text-2xl [&_h2]:text-xl [&_h3]:text-xl [&_h4]:text-lg [&_h5]:text-lg [&_h6]:text-lg"
              />
            ) : (
              <p className="text-lg text-zinc-800">
                No scope written yet.{" "}
                <Link href={`${planHref}#details`} className="font-semibold text-accent-700 underline">
                  Write it on the plan
                </Link>
                .
              </p>
            )}
          </section>

          {kickoff.features.length ? (
            <section aria-labelledby="kickoff-features-h" className="rounded-2xl border-2 border-zinc-200 bg-white p-5 sm:p-6">
              <h2 id="kickoff-features-h" className="mb-3 text-2xl font-bold tracking-tight sm:text-3xl">
                What to test
              </h2>
              <ol className="list-decimal space-y-3 pl-7 text-lg marker:font-bold sm:text-xl 2xl:text-2xl" data-testid="kickoff-features">
                {kickoff.features.map((f) => (
                  <li key={f.id} className="break-words">
                    <span className="font-bold">{f.menuName}</span>
                    {f.description ? <span className="block text-zinc-800">{f.description}</span> : null}
                  </li>
                ))}
              </ol>
            </section>
          ) : null}
        </div>

        <HowToReport bashUrl={bashUrl} />
      </div>

      <KickoffEnvironments environments={kickoff.environments} planHref={planHref} />
    </div>
  );
}
