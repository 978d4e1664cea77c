import { getActor } from "@/lib/auth";
import { attachmentHeaders, parseRange, rangeNotSatisfiable } from "@/lib/attachments/http";
import { getAttachmentForDownload } from "@/lib/attachments/queries";
import { getDb } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { errorResponse, unauthenticated } from "@/lib/http";
import { getStorage } from "@/lib/storage/index";

export const dynamic = "force-dynamic";

/**
 * Stream an attachment (`?thumb=1`: its thumbnail) to a member of its bash. Supports one
 * `Range: bytes=` request (206/416), which Safari needs to play MP4.
 */
export async function GET(req: Request, { params }: { params: Promise<{ bashId: string; attachmentId: string }> }) {
  const { bashId, attachmentId } = await params;
  const actor = await getActor();
  if (!actor) return unauthenticated();
  try {
    const thumb = new URL(req.url).searchParams.get("thumb") === "1";
    const row = await getAttachmentForDownload(getDb(), actor, bashId, attachmentId, { thumb });
    const storage = getStorage();

    if (thumb && row.thumbnailKey) {
      const obj = await storage.get(row.thumbnailKey);
      if (obj && obj.size > 0) return new Response(obj.stream, { status: 200, headers: attachmentHeaders(row, { thumb: true, thumbSize: obj.size }) });
      // Thumbnails are not flushed to disk (they can be made again): one lost to a crash, or left
      // empty by it, falls back to the original image.
      await obj?.stream.cancel().catch(() => {});
    }

    const etag = `"${row.id}"`;
    if (req.headers.get("if-none-match") === etag) {
      return new Response(null, { status: 304, headers: attachmentHeaders(row) });
    }
    // If-Range: a range is only honoured against the same (immutable) file.
    const ifRange = req.headers.get("if-range");
    const range = !ifRange || ifRange === etag ? parseRange(req.headers.get("range"), row.size) : null;
    if (range === "unsatisfiable") return rangeNotSatisfiable(row.size);
    const obj = await storage.get(row.storageKey, range ?? undefined);
    if (!obj) throw notFound("That file");
    return new Response(obj.stream, { status: range ? 206 : 200, headers: attachmentHeaders(row, { range }) });
  } catch (e) {
    return errorResponse(e);
  }
}
