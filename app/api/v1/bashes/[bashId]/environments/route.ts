// GET /api/v1/bashes/{bashId}/environments, POST to add one (for example a release pipeline posting
// its iOS and Android build links). The plan page's createEnvironment.
import { apiJson, apiRoute, rejectUnknownFields } from "@/lib/api/handler";
import { environmentJson, listApiEnvironments } from "@/lib/api/resources";
import { ZEnvironment } from "@/lib/bashes/schema";
import { createEnvironment } from "@/lib/environments/commands";

export const dynamic = "force-dynamic";

type Params = { bashId: string };

export const GET = apiRoute<Params>("READ", async ({ db, actor, params }) => apiJson({ environments: await listApiEnvironments(db, actor, params.bashId) }));

export const POST = apiRoute<Params>("READ_WRITE", async ({ db, actor, params, body }) => {
  const input = await body();
  rejectUnknownFields(input, Object.keys(ZEnvironment.shape));
  const env = await createEnvironment(db, actor, params.bashId, input);
  return apiJson(environmentJson(env), 201, { Location: `/api/v1/bashes/${params.bashId}/environments/${env.id}` });
});
