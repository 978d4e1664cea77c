import { getActor } from "@/lib/auth";
import { getBashContext } from "@/lib/bashes/queries";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { errorResponse, unauthenticated } from "@/lib/http";
import { assertCan } from "@/lib/policy";
import { XLSX_LIMITS } from "@/lib/xlsx/columns";
import { commitImport, previewImport } from "@/lib/xlsx/import";

export const dynamic = "force-dynamic";

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;

/**
 * Import a workbook into a bash. Stateless: `mode=preview` reads the file and answers with counts,
 * problems and the mappings to choose; `mode=commit` sends the same file again with the choices and
 * writes everything in one transaction, or nothing.
 */
export async function POST(req: Request, { params }: { params: Promise<{ bashId: string }> }) {
  const { bashId } = await params;
  const actor = await getActor();
  if (!actor) return unauthenticated();
  try {
    assertCan(actor, "bash.import", await getBashContext(getDb(), actor, bashId));
    // The body is only read when its declared size is within the limit (a chunked upload without a
    // length could otherwise make the server buffer any amount). Browsers always send the length.
    const length = req.headers.get("content-length");
    if (!length || !/^\d+$/.test(length)) {
      return Response.json({ error: "Send the workbook as a normal file upload (with a Content-Length).", code: "INVALID" }, { status: 411 });
    }
    const declared = Number(length);
    if (declared > XLSX_LIMITS.maxBytes + 64 * 1024) {
      throw new AppError("INVALID", `The file is ${mb(declared)}; the limit is ${mb(XLSX_LIMITS.maxBytes)}.`);
    }
    let form: FormData;
    try {
      form = await req.formData();
    } catch {
      throw new AppError("INVALID", "Send the workbook as a file upload (multipart/form-data with a “file” field).");
    }
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) throw new AppError("INVALID", "Choose an .xlsx file to import.");
    if (file.size > XLSX_LIMITS.maxBytes) throw new AppError("INVALID", `The file is ${mb(file.size)}; the limit is ${mb(XLSX_LIMITS.maxBytes)}.`);
    const buf = Buffer.from(await file.arrayBuffer());
    const mode = form.get("mode");
    if (mode === "commit") {
      let mappings: unknown = {};
      try {
        mappings = JSON.parse(String(form.get("mappings") ?? "{}"));
      } catch {
        throw new AppError("INVALID", "The choices sent with the import could not be read. Reload the page and try again.");
      }
      return Response.json({ result: await commitImport(getDb(), actor, bashId, buf, mappings, XLSX_LIMITS, { fileName: file.name }) });
    }
    return Response.json({ preview: await previewImport(getDb(), actor, bashId, buf) });
  } catch (e) {
    return errorResponse(e);
  }
}
