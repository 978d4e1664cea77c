// GET /api/v1/bashes: the bashes I am a member of. POST /api/v1/bashes: create one (as the UI's "New bash").
import { apiJson, apiRoute, rejectUnknownFields } from "@/lib/api/handler";
import { getApiBash, listApiBashes } from "@/lib/api/resources";
import { createBash } from "@/lib/bashes/commands";
import { ZCreateBash } from "@/lib/bashes/schema";

export const dynamic = "force-dynamic";

export const GET = apiRoute("READ", async ({ db, actor }) => apiJson({ bashes: await listApiBashes(db, actor) }));

export const POST = apiRoute("READ_WRITE", async ({ db, actor, body }) => {
  const input = await body();
  rejectUnknownFields(input, Object.keys(ZCreateBash.shape));
  const bash = await createBash(db, actor, input);
  return apiJson(await getApiBash(db, actor, bash.id), 201, { Location: `/api/v1/bashes/${bash.id}` });
});
