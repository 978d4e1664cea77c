import { PassThrough, Readable } from "node:stream";
import { baseUrlFrom } from "@/lib/app-url";
import { getActor } from "@/lib/auth";
import { getBashContext } from "@/lib/bashes/queries";
import { getDb } from "@/lib/db";
import { errorResponse, unauthenticated } from "@/lib/http";
import { assertCan } from "@/lib/policy";
import { exportBashWorkbook, exportFileName, type ExportMode } from "@/lib/xlsx/export";

export const dynamic = "force-dynamic";

/** The bash as a workbook in the community template's layout (mode=template: brief and features only). */
export async function GET(req: Request, { params }: { params: Promise<{ bashId: string }> }) {
  const { bashId } = await params;
  const actor = await getActor();
  if (!actor) return unauthenticated();
  const mode: ExportMode = new URL(req.url).searchParams.get("mode") === "template" ? "template" : "full";
  try {
    // Authorise before the first byte goes out; the export asks again.
    assertCan(actor, "bash.export", await getBashContext(getDb(), actor, bashId));
    const bash = await getDb().bash.findUniqueOrThrow({ where: { id: bashId }, select: { title: true } });
    const out = new PassThrough();
    exportBashWorkbook(getDb(), actor, bashId, out, { baseUrl: baseUrlFrom(req.headers), mode }).catch((e) => {
      console.error("[xlsx export failed]", e);
      out.destroy(e instanceof Error ? e : new Error(String(e)));
    });
    return new Response(Readable.toWeb(out) as ReadableStream, {
      headers: {
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": `attachment; filename="${exportFileName(bash.title, mode)}"`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (e) {
    return errorResponse(e);
  }
}
