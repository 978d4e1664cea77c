import { getActor } from "@/lib/auth";
import { baseUrlFrom } from "@/lib/app-url";
import { getBashContext } from "@/lib/bashes/queries";
import { loadIcsBash } from "@/lib/calendar/bash-ics";
import { buildBashIcs, icsFileName } from "@/lib/calendar/ics";
import { getDb } from "@/lib/db";
import { errorResponse } from "@/lib/http";
import { assertCan } from "@/lib/policy";

export const dynamic = "force-dynamic";

/** The bash's calendar invite (.ics) with the brief: for members (and admins). */
export async function GET(req: Request, { params }: { params: Promise<{ bashId: string }> }) {
  const { bashId } = await params;
  const actor = await getActor();
  if (!actor) return Response.json({ error: "Sign in to download the calendar invite." }, { status: 401 });
  try {
    assertCan(actor, "bash.read", await getBashContext(getDb(), actor, bashId));
    const bash = await loadIcsBash(getDb(), bashId, baseUrlFrom(req.headers));
    const ics = buildBashIcs(bash, { method: "PUBLISH" });
    return new Response(ics, {
      headers: {
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": `attachment; filename="${icsFileName(bash.title)}"`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (e) {
    return errorResponse(e);
  }
}
