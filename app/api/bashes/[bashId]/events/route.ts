import { getActor } from "@/lib/auth";
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
  const actor = await getActor();
  if (!actor) return unauthenticated();
  try {
    const lastEventId = req.headers.get("last-event-id") ?? new URL(req.url).searchParams.get("lastEventId");
    const stream = await openEventStream(getDb(), actor, bashId, { lastEventId, signal: req.signal });
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
