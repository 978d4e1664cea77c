import { getActor } from "@/lib/auth";
import { exportAuditCsv } from "@/lib/audit/queries";
import { filtersFromParams } from "@/lib/audit/schema";
import { getDb } from "@/lib/db";
import { errorResponse, unauthenticated } from "@/lib/http";

export const dynamic = "force-dynamic";

/**
 * The audit log as CSV, with the page's filters. `bashId=…`: that bash's log (policy "audit.read");
 * without it, the whole install's (policy "admin.audit").
 */
export async function GET(req: Request) {
  const actor = await getActor();
  if (!actor) return unauthenticated();
  try {
    const params = new URL(req.url).searchParams;
    const bashId = params.get("bashId");
    const scope = bashId ? { bashId } : ({ install: true } as const);
    const { fileName, body } = await exportAuditCsv(getDb(), actor, scope, filtersFromParams(params));
    return new Response(body, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${fileName}"`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (e) {
    return errorResponse(e);
  }
}
