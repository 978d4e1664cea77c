// GET /api/v1/openapi.json: the OpenAPI 3.1 description of the REST API. Public (it holds no data),
// so tools can load it before anyone has a token. The server URL is the configured one, never the
// request's Host (the answer may be cached); without one it is relative.
import { configuredBaseUrl } from "@/lib/app-url";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { apiError } from "@/lib/api/handler";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    return Response.json(buildOpenApiDocument({ serverUrl: configuredBaseUrl() ?? "" }), {
      headers: { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
    });
  } catch (e) {
    return apiError(e);
  }
}
