import { getBashContext } from "@/lib/bashes/queries";
import type { Db } from "@/lib/db";
import type { BashStatus } from "@/lib/generated/prisma/enums";
import { assertCan, type Actor } from "@/lib/policy";

export type KickoffEnvironment = {
  id: string;
  name: string;
  url: string;
  testDataNotes: string;
  iosBuildUrl: string;
  androidBuildUrl: string;
  isUp: boolean;
};

export type KickoffFeature = { id: string; menuName: string; description: string };

export type Kickoff = {
  id: string;
  title: string;
  product: string;
  release: string;
  /** Markdown, as the facilitator wrote it: render it through the sanitising Markdown component. */
  scope: string;
  status: BashStatus;
  scheduledStart: Date | null;
  startedAt: Date | null;
  endsAt: Date | null;
  endedAt: Date | null;
  durationMinutes: number;
  timeZone: string;
  location: string;
  videoLink: string;
  extendedAt: Date | null;
  extendedMinutes: number;
  environments: KickoffEnvironment[];
  features: KickoffFeature[];
  counts: { going: number; reports: number };
  /** The newest activity of the bash: the page opens its live stream from there. */
  lastEventId: string | null;
};

/**
 * What the facilitator projects when welcoming everyone: scope, where to test, how to report, time.
 * NOT_FOUND for a bash the actor cannot see; FORBIDDEN for members who do not run it.
 */
export async function getKickoff(db: Db, actor: Actor, bashId: string): Promise<Kickoff> {
  const ctx = await getBashContext(db, actor, bashId);
  assertCan(actor, "console.view", ctx);
  const [bash, going, reports, last] = await Promise.all([
    db.bash.findUniqueOrThrow({
      where: { id: bashId },
      select: {
        id: true,
        title: true,
        product: true,
        release: true,
        scope: true,
        status: true,
        scheduledStart: true,
        startedAt: true,
        endsAt: true,
        endedAt: true,
        durationMinutes: true,
        timeZone: true,
        location: true,
        videoLink: true,
        extendedAt: true,
        extendedMinutes: true,
        environments: {
          orderBy: [{ position: "asc" }, { createdAt: "asc" }],
          select: { id: true, name: true, url: true, testDataNotes: true, iosBuildUrl: true, androidBuildUrl: true, isUp: true },
        },
        features: {
          orderBy: [{ position: "asc" }, { createdAt: "asc" }],
          select: { id: true, menuName: true, description: true },
        },
      },
    }),
    // Placeholders (names from an imported sheet, who cannot sign in) are not counted, as on the plan.
    db.membership.count({ where: { bashId, rsvp: "GOING", isPlaceholder: false } }),
    db.report.count({ where: { bashId } }),
    db.activity.findFirst({ where: { bashId }, orderBy: { id: "desc" }, select: { id: true } }),
  ]);
  return { ...bash, counts: { going, reports }, lastEventId: last ? String(last.id) : null };
}
