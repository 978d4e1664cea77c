// GET /api/v1/bashes/{bashId}/reports (status, since, limit, cursor), POST to file one: the report
// form's createReport. clientId makes a retry safe (the same clientId and title return the first
// report with 200); without one the server makes it.
import crypto from "node:crypto";
import { baseUrlFrom } from "@/lib/app-url";
import { apiJson, apiRoute, rejectUnknownFields } from "@/lib/api/handler";
import { API_REPORT_FIELDS, listApiReports, searchParamsObject } from "@/lib/api/resources";
import { createReport } from "@/lib/reports/commands";

export const dynamic = "force-dynamic";

type Params = { bashId: string };

export const GET = apiRoute<Params>("READ", async ({ db, actor, params, url, request }) =>
  apiJson(await listApiReports(db, actor, params.bashId, searchParamsObject(url.searchParams), { baseUrl: baseUrlFrom(request.headers) })),
);

export const POST = apiRoute<Params>("READ_WRITE", async ({ db, actor, params, body, request }) => {
  const input = await body();
  rejectUnknownFields(input, API_REPORT_FIELDS);
  const baseUrl = baseUrlFrom(request.headers);
  const clientId = input.clientId === undefined || input.clientId === null || input.clientId === "" ? `api-${crypto.randomBytes(12).toString("base64url")}` : input.clientId;
  const r = await createReport(db, actor, params.bashId, { ...input, clientId }, { userAgent: request.headers.get("user-agent") ?? "", baseUrl });
  return apiJson(
    { id: r.id, number: r.number, created: r.created, clientId: String(clientId).trim(), url: `${baseUrl}/bashes/${params.bashId}/reports/${r.number}` },
    r.created ? 201 : 200,
    { Location: `/api/v1/bashes/${params.bashId}/reports/${r.number}` },
  );
});
