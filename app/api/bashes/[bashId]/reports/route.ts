// Filing a report from the report form (lib/reports/client-file.ts): a plain route handler, JSON in
// and JSON out, rather than a server action, because filing is the request a bash sends hundreds of
// times a minute and a server action carries more machinery per request (bench/load.ts measures it).
// Cross-site requests cannot use it: the session cookie is SameSite=Lax (not sent on a cross-site
// POST), a JSON body needs a CORS preflight this app never grants, and a foreign Origin is refused.
import { baseUrlFrom } from "@/lib/app-url";
import { BodyTooLargeError, readBodyCapped } from "@/lib/attachments/http";
import { getActorInBash } from "@/lib/auth";
import { visibleBashContext } from "@/lib/bashes/queries";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { errorResponse, unauthenticated } from "@/lib/http";
import { createReport } from "@/lib/reports/commands";

export const dynamic = "force-dynamic";

/** Request bodies above this are refused while reading (a report's text fields are capped far below). */
const MAX_BODY = 256 * 1024;

/** As Next.js checks a server action: an Origin header, when sent, must name the host the request came to. */
function sameOrigin(h: Headers): boolean {
  const origin = h.get("origin");
  if (!origin) return true;
  const host = (h.get("x-forwarded-host") ?? h.get("host") ?? "").split(",")[0].trim().toLowerCase();
  try {
    return new URL(origin).host.toLowerCase() === host;
  } catch {
    return false;
  }
}

export async function POST(req: Request, { params }: { params: Promise<{ bashId: string }> }) {
  const { bashId } = await params;
  try {
    if (!sameOrigin(req.headers)) throw new AppError("FORBIDDEN", "Reports can only be filed from Bashboard's own pages.");
    if (!/^application\/json\b/i.test(req.headers.get("content-type") ?? "")) throw new AppError("INVALID", "Send the report as JSON.");
    // The session's user and their role in this bash in one query; the policy check is createReport's.
    const found = await getActorInBash(bashId);
    if (!found) return unauthenticated();
    const { actor } = found;
    const ctx = visibleBashContext(actor, found.bash);
    let text: string;
    try {
      text = (await readBodyCapped(req.body, MAX_BODY)).toString("utf8");
    } catch (e) {
      if (e instanceof BodyTooLargeError) throw new AppError("INVALID", "That report is too large to send.");
      throw e;
    }
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch {
      throw new AppError("INVALID", "Send the report as JSON.");
    }
    const report = await createReport(getDb(), actor, bashId, input, {
      userAgent: req.headers.get("user-agent") ?? "",
      baseUrl: baseUrlFrom(req.headers),
      ctx,
    });
    // no-transform: a few bytes of JSON are not worth a gzip stream per report (and it costs CPU).
    return Response.json(report, { status: report.created ? 201 : 200, headers: { "Cache-Control": "no-store, no-transform" } });
  } catch (e) {
    return errorResponse(e);
  }
}
