import { baseUrlFrom } from "@/lib/app-url";
import { getActor } from "@/lib/auth";
import { getDb } from "@/lib/db";
import { AppError, isAppError } from "@/lib/errors";
import { errorResponse, unauthenticated } from "@/lib/http";
import { exportReports } from "@/lib/tracker/export";
import { selectionFromSearchParams } from "@/lib/tracker/schema";

export const dynamic = "force-dynamic";

/**
 * The selected reports as a file for the team's tracker: format=jira (Jira's CSV importer), csv or
 * json, with statuses, priorities (repeated keys or comma-separated), sprint and includeAlreadyExported,
 * as form fields or in the query string. A POST, because the download marks its reports as exported
 * (so the next one leaves them out) — a cross-site link cannot do that with a SameSite cookie.
 */
export async function POST(req: Request, { params }: { params: Promise<{ bashId: string }> }) {
  const { bashId } = await params;
  const actor = await getActor();
  if (!actor) return unauthenticated();
  const url = new URL(req.url);
  const fields = new URLSearchParams(url.searchParams);
  try {
    const type = req.headers.get("content-type") ?? "";
    if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")) {
      let form: FormData;
      try {
        form = await req.formData();
      } catch {
        throw new AppError("INVALID", "The export form could not be read. Reload the page and try again.");
      }
      for (const [k, v] of form) if (typeof v === "string") fields.append(k, v);
    }
    const selection = selectionFromSearchParams(fields);
    const file = await exportReports(getDb(), actor, bashId, selection, { baseUrl: baseUrlFrom(req.headers) });
    return new Response(file.body, {
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.fileName}"`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
        "X-Report-Count": String(file.count),
      },
    });
  } catch (e) {
    // The tracker page's form (a browser navigation): back to the page, which explains what to fix.
    if (isAppError(e) && e.code === "INVALID" && (req.headers.get("accept") ?? "").includes("text/html")) {
      fields.delete("format");
      return Response.redirect(`${baseUrlFrom(req.headers)}/bashes/${encodeURIComponent(bashId)}/tracker?${fields}`, 303);
    }
    return errorResponse(e);
  }
}
