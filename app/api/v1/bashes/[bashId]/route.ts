// GET /api/v1/bashes/{bashId}: the brief with environments. PATCH: change brief fields (the plan
// page's updateBash; fields left out keep their value).
import { baseUrlFrom } from "@/lib/app-url";
import { apiJson, apiRoute, rejectUnknownFields } from "@/lib/api/handler";
import { getApiBash } from "@/lib/api/resources";
import { updateBash } from "@/lib/bashes/commands";
import { ZUpdateBash } from "@/lib/bashes/schema";

export const dynamic = "force-dynamic";

type Params = { bashId: string };

export const GET = apiRoute<Params>("READ", async ({ db, actor, params }) => apiJson(await getApiBash(db, actor, params.bashId)));

export const PATCH = apiRoute<Params>("READ_WRITE", async ({ db, actor, params, body, request }) => {
  const input = await body();
  rejectUnknownFields(input, Object.keys(ZUpdateBash.shape));
  const { notified } = await updateBash(db, actor, params.bashId, input, { baseUrl: baseUrlFrom(request.headers) });
  return apiJson({ ...(await getApiBash(db, actor, params.bashId)), notified });
});
