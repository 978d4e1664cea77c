import { getActorInBash } from "@/lib/auth";
import { uploadAttachment } from "@/lib/attachments/commands";
import { BodyTooLargeError, decodeFileNameHeader, readBodyCapped } from "@/lib/attachments/http";
import { formatMb } from "@/lib/attachments/schema";
import { visibleBashContext } from "@/lib/bashes/queries";
import { getDb } from "@/lib/db";
import { errorResponse, unauthenticated } from "@/lib/http";
import { assertCan } from "@/lib/policy";
import { resolveUploadMaxBytes } from "@/lib/settings/queries";

export const dynamic = "force-dynamic";

const tooLarge = (max: number, size?: number) =>
  Response.json(
    {
      error: size ? `That file is ${formatMb(size)}; the limit is ${formatMb(max)}.` : `That file is larger than the limit of ${formatMb(max)}.`,
      code: "INVALID",
    },
    { status: 413 },
  );

/**
 * Upload one screenshot or video. The body is the file's raw bytes (not multipart, so the browser
 * can report upload progress); its name travels percent-encoded in `X-File-Name`. Answers 201 with
 * the stored attachment, to be sent along with the report.
 */
export async function POST(req: Request, { params }: { params: Promise<{ bashId: string }> }) {
  const { bashId } = await params;
  try {
    // The session's user and their role in this bash in one query.
    const found = await getActorInBash(bashId);
    if (!found) return unauthenticated();
    const { actor } = found;
    const ctx = visibleBashContext(actor, found.bash);
    const db = getDb();
    // Outsiders are turned away before a single byte of the body is read.
    assertCan(actor, "report.create", ctx);
    const max = await resolveUploadMaxBytes(db);
    const length = req.headers.get("content-length");
    if (!length || !/^\d+$/.test(length)) {
      return Response.json({ error: "Send the file as a normal upload (with a Content-Length).", code: "INVALID" }, { status: 411 });
    }
    if (Number(length) > max) return tooLarge(max, Number(length));
    // The declared length is only a promise: stop reading as soon as the body passes the limit.
    let bytes: Buffer;
    try {
      bytes = await readBodyCapped(req.body, max);
    } catch (e) {
      if (e instanceof BodyTooLargeError) return tooLarge(max);
      throw e;
    }
    const result = await uploadAttachment(db, actor, bashId, { fileName: decodeFileNameHeader(req.headers.get("x-file-name")), bytes }, { ctx, maxBytes: max });
    return Response.json(result, { status: 201, headers: { "Cache-Control": "no-store, no-transform" } });
  } catch (e) {
    return errorResponse(e);
  }
}
