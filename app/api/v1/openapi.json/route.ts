// GET /api/v1/openapi.json: the OpenAPI 3.1 description of the REST API. Public (it holds no data),
// so tools can load it before anyone has a token.
import { baseUrlFrom } from "@/lib/app-url";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { apiError } from "@/lib/api/handler";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  try {
    return Response.json(buildOpenApiDocument({ serverUrl: baseUrlFrom(request.headers) }), {
      headers: { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
    });
  } catch (e) {
    return apiError(e);
  }
}
