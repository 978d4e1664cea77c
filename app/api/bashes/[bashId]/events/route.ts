import { getActorInBash } from "@/lib/auth";
import { visibleBashContext } from "@/lib/bashes/queries";
import { getDb } from "@/lib/db";
import { errorResponse, unauthenticated } from "@/lib/http";
import { openEventStream } from "@/lib/realtime/sse";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * The bash's live activity as Server-Sent Events, for members (and admins). EventSource resends
 * Last-Event-ID on reconnect; a page can pass the id it rendered up to as ?lastEventId=.
 */
export async function GET(req: Request, { params }: { params: Promise<{ bashId: string }> }) {
  const { bashId } = await params;
  try {
    // The session's user and their role in this bash in one query (as filing a report does).
    const found = await getActorInBash(bashId);
    if (!found) return unauthenticated();
    const ctx = visibleBashContext(found.actor, found.bash);
    const lastEventId = req.headers.get("last-event-id") ?? new URL(req.url).searchParams.get("lastEventId");
    const stream = await openEventStream(getDb(), found.actor, bashId, { lastEventId, signal: req.signal, session: found.session, ctx });
    return new Response(stream, {
      headers: {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-cache, no-transform",
        "X-Accel-Buffering": "no",
        Connection: "keep-alive",
      },
    });
  } catch (e) {
    return errorResponse(e);
  }
}
