import { Countdown } from "@/components/bashes/countdown";
import { LocalTime } from "@/components/ui/local-time";

type Props = {
  status: string;
  scheduledStart: Date | null;
  endsAt: Date | null;
  durationMinutes: number;
  extendedAt: Date | null;
  extendedMinutes: number;
  /** The server's clock when the page was rendered: the countdown is measured against it. */
  serverNow: Date;
};

// The shared Countdown is sized for a line of text; here its label and value become a big two-line clock.
const big =
  "[&_p]:flex [&_p]:flex-col [&_p]:gap-1 [&_p>span:first-child]:text-lg [&_p>span:first-child]:font-semibold [&_p>span:first-child]:uppercase [&_p>span:first-child]:tracking-wide [&_p>span:first-child]:text-zinc-700 [&_p>span:last-child]:text-4xl [&_p>span:last-child]:font-bold [&_p>span:last-child]:leading-tight [&_p>span:last-child]:text-zinc-950 sm:[&_p>span:last-child]:text-5xl 2xl:[&_p>span:last-child]:text-7xl";

const label = "text-lg font-semibold uppercase tracking-wide text-zinc-700";
const value = "text-4xl font-bold leading-tight text-zinc-950 sm:text-5xl 2xl:text-7xl";

/** Time left, in type big enough to read from the back of the room. */
export function TimeLeft(p: Props) {
  const now = p.serverNow.toISOString();
  const extended =
    p.extendedAt && p.extendedMinutes > 0 ? (
      <p className="inline-flex w-fit items-center gap-2 rounded-full bg-amber-100 px-3 py-1 text-base font-semibold text-amber-950 ring-1 ring-inset ring-amber-300" data-testid="extended">
        Extended by {p.extendedMinutes} min
      </p>
    ) : null;

  if (p.status === "LIVE") {
    // endsAt is set when a bash starts; the planned length is a fallback for data that predates it.
    return (
      <div className="space-y-3">
        {p.endsAt ? (
          <>
            <div className={big}>
              <Countdown targetIso={p.endsAt.toISOString()} serverNowIso={now} label="Time left" doneText="Time is up" />
            </div>
            <p className="text-base text-zinc-800">
              Ends <LocalTime iso={p.endsAt.toISOString()} />
            </p>
          </>
        ) : (
          <p className="flex flex-col gap-1">
            <span className={label}>Planned length</span>
            <span className={value}>{p.durationMinutes} min</span>
          </p>
        )}
        {extended}
      </div>
    );
  }

  if (p.status === "ENDED" || p.status === "CLOSED") {
    return (
      <div className="space-y-3" data-testid="time-up">
        <p className="text-4xl font-bold leading-tight text-zinc-950 sm:text-5xl 2xl:text-6xl">Time is up — thank you!</p>
        {extended}
      </div>
    );
  }

  // DRAFT or SCHEDULED: when it starts (if known), and how long it will run.
  return (
    <div className="space-y-3">
      {p.scheduledStart ? (
        <>
          <div className={big}>
            <Countdown targetIso={p.scheduledStart.toISOString()} serverNowIso={now} label="Starts in" doneText="any minute now" />
          </div>
          <p className="text-base text-zinc-800">
            <LocalTime iso={p.scheduledStart.toISOString()} /> · then {p.durationMinutes} minutes of testing
          </p>
        </>
      ) : (
        <p className="flex flex-col gap-1">
          <span className={label}>Planned length</span>
          <span className={value}>{p.durationMinutes} min</span>
        </p>
      )}
      {extended}
    </div>
  );
}
