import fs from "node:fs/promises";
import path from "node:path";
import { getActor } from "@/lib/auth";
import { unauthenticated } from "@/lib/http";

export const dynamic = "force-dynamic";

/** The generic blank bug-bash workbook from templates/ (generated from lib/xlsx/columns.ts). */
export async function GET() {
  if (!(await getActor())) return unauthenticated();
  const file = await fs.readFile(path.join(process.cwd(), "templates", "Bugbash_Template_Blank.xlsx"));
  return new Response(new Uint8Array(file), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": 'attachment; filename="Bugbash_Template_Blank.xlsx"',
      "Cache-Control": "private, max-age=3600",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
