// GET, PATCH (fields left out keep their value) and DELETE one environment: the plan page's
// updateEnvironment and deleteEnvironment.
import { apiJson, apiNoContent, apiRoute, rejectUnknownFields } from "@/lib/api/handler";
import { getApiEnvironment } from "@/lib/api/resources";
import { getBashContext } from "@/lib/bashes/queries";
import { ZEnvironment } from "@/lib/bashes/schema";
import { deleteEnvironment, updateEnvironment } from "@/lib/environments/commands";
import { notFound } from "@/lib/errors";

export const dynamic = "force-dynamic";

type Params = { bashId: string; environmentId: string };

export const GET = apiRoute<Params>("READ", async ({ db, actor, params }) => apiJson(await getApiEnvironment(db, actor, params.bashId, params.environmentId)));

export const PATCH = apiRoute<Params>("READ_WRITE", async ({ db, actor, params, body }) => {
  const input = await body();
  rejectUnknownFields(input, Object.keys(ZEnvironment.shape));
  const { bashId, environmentId } = params;
  // updateEnvironment takes the whole environment (like the edit form): start from what is stored.
  const current = await db.environment.findFirst({
    where: { id: environmentId, bashId },
    select: { name: true, url: true, testDataNotes: true, iosBuildUrl: true, androidBuildUrl: true, isUp: true },
  });
  if (!current) {
    await getBashContext(db, actor, bashId); // an unknown or hidden bash answers as such
    throw notFound("That environment");
  }
  await updateEnvironment(db, actor, bashId, environmentId, { ...current, ...input });
  return apiJson(await getApiEnvironment(db, actor, bashId, environmentId));
});

export const DELETE = apiRoute<Params>("READ_WRITE", async ({ db, actor, params }) => {
  await deleteEnvironment(db, actor, params.bashId, { id: params.environmentId });
  return apiNoContent();
});
