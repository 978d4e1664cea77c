import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { IcsBash } from "@/lib/calendar/ics";
import { markdownToText as markdownToPlainText } from "@/lib/calendar/ics";

/** Load what the calendar invite carries. The caller has already checked the actor may read the bash. */
export async function loadIcsBash(db: Db, bashId: string, baseUrl: string, opts: { start?: Date } = {}): Promise<IcsBash> {
  const bash = await db.bash.findUniqueOrThrow({
    where: { id: bashId },
    include: { environments: { orderBy: { position: "asc" } }, features: { orderBy: { position: "asc" } } },
  });
  const scheduledStart = opts.start ?? bash.scheduledStart;
  if (!scheduledStart) throw new AppError("CONFLICT", "This bash has no start time yet, so there is no calendar invite. Ask a facilitator to schedule it.");
  return {
    id: bash.id,
    title: bash.title,
    product: bash.product,
    release: bash.release,
    scope: markdownToPlainText(bash.scope),
    scheduledStart,
    durationMinutes: bash.durationMinutes,
    location: bash.location,
    videoLink: bash.videoLink,
    calendarSequence: bash.calendarSequence,
    prerequisitesWeb: markdownToPlainText(bash.prerequisitesWeb),
    prerequisitesMobile: markdownToPlainText(bash.prerequisitesMobile),
    environments: bash.environments.map((e) => ({ name: e.name, url: e.url, testDataNotes: e.testDataNotes, iosBuildUrl: e.iosBuildUrl, androidBuildUrl: e.androidBuildUrl })),
    features: bash.features.map((f) => ({ menuName: f.menuName, description: f.description })),
    url: `${baseUrl}/bashes/${bash.id}`,
  };
}
