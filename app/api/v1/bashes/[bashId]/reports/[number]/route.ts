// GET /api/v1/bashes/{bashId}/reports/{number}: one report, as its page shows it.
import { baseUrlFrom } from "@/lib/app-url";
import { apiJson, apiRoute } from "@/lib/api/handler";
import { getApiReport } from "@/lib/api/resources";

export const dynamic = "force-dynamic";

type Params = { bashId: string; number: string };

export const GET = apiRoute<Params>("READ", async ({ db, actor, params, request }) =>
  apiJson(await getApiReport(db, actor, params.bashId, params.number, { baseUrl: baseUrlFrom(request.headers) })),
);
