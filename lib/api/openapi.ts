// The OpenAPI 3.1 description of /api/v1. Request bodies are generated from the same zod schemas the
// commands parse with (z.toJSONSchema), so the document cannot drift from what the API accepts;
// responses are written by hand from lib/api/resources.ts.
import { z } from "zod";
import { apiRateLimit } from "@/lib/api/auth";
import { API_REPORT_FIELDS, REPORT_STATUSES } from "@/lib/api/resources";
import { MAX_ACTIVE_TOKENS } from "@/lib/api/tokens";
import { BASH_STATUSES, ZCreateBash, ZEnvironment, ZUpdateBash } from "@/lib/bashes/schema";
import { BASH_ROLES } from "@/lib/policy";
import { SEVERITIES, ZCreateReport } from "@/lib/reports/schema";

type Json = Record<string, unknown>;

/** A zod schema as the JSON Schema of what a client sends (no $schema key; optional `required` override). */
function inputSchema(schema: z.ZodType, opts: { omit?: string[]; required?: string[] | null; describe?: Record<string, string> } = {}): Json {
  const js = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Json & { properties?: Record<string, Json>; required?: string[] };
  delete js.$schema;
  for (const k of opts.omit ?? []) {
    delete js.properties?.[k];
    if (js.required) js.required = js.required.filter((r) => r !== k);
  }
  for (const [k, d] of Object.entries(opts.describe ?? {})) if (js.properties?.[k]) js.properties[k] = { ...js.properties[k], description: d };
  if (opts.required === null) delete js.required;
  else if (opts.required) js.required = opts.required;
  js.additionalProperties = false;
  return js;
}

const str = { type: "string" };
const nstr = { type: ["string", "null"] };
const dt = { type: "string", format: "date-time" };
const ndt = { type: ["string", "null"], format: "date-time" };
const int = { type: "integer" };
const obj = (properties: Json, required = Object.keys(properties)): Json => ({ type: "object", properties, required });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (schema: Json) => ({ required: true, content: { "application/json": { schema } } });
const ok = (description: string, schema: Json, headers?: Json) => ({ description, ...(headers ? { headers } : {}), content: { "application/json": { schema } } });
const errors = (...codes: (400 | 401 | 403 | 404 | 409 | 429)[]) => Object.fromEntries(codes.map((c) => [String(c), { $ref: `#/components/responses/${ERROR_NAMES[c]}` }]));
const ERROR_NAMES = { 400: "Invalid", 401: "Unauthenticated", 403: "Forbidden", 404: "NotFound", 409: "Conflict", 429: "RateLimited" } as const;
const READS = [401, 404, 429] as const;
const WRITES = [400, 401, 403, 404, 409, 429] as const;

const bashId = { name: "bashId", in: "path", required: true, schema: str, description: "The bash's id (from GET /bashes or the bash page's address)." };
const environmentId = { name: "environmentId", in: "path", required: true, schema: str };
const reportNumber = { name: "number", in: "path", required: true, schema: { type: "integer", minimum: 1 }, description: "The report's number in its bash (#12 → 12)." };

const DESCRIBE_BASH = {
  scheduledStart: "Wall-clock start in the bash's timeZone, as YYYY-MM-DDTHH:MM (for example 2026-12-01T14:00); empty for no date yet.",
  timeZone: "An IANA time zone, for example Europe/Berlin.",
  durationMinutes: "15 to 240.",
  videoLink: "An http(s) link, or empty.",
};

export function buildOpenApiDocument(opts: { serverUrl?: string } = {}): Json {
  const environmentInput = inputSchema(ZEnvironment, { describe: { iosBuildUrl: "TestFlight or other iOS build link (http/https), or empty.", androidBuildUrl: "Android build link (http/https), or empty.", isUp: "Whether the environment has been checked and works." } });
  const createReport = inputSchema(ZCreateReport, {
    omit: ["attachmentIds"],
    required: ["title"],
    describe: {
      clientId: "Optional idempotency key (8–64 of A–Z a–z 0–9 _ -). Sending the same clientId and title again returns the first report (200) instead of filing a second one. Made by the server when left out.",
      featureId: "A feature of this bash, or null.",
      environmentId: "An environment of this bash, or null.",
      deviceId: "One of your saved devices, or null.",
    },
  });
  // Guard against drift: every field the route accepts is described.
  for (const k of API_REPORT_FIELDS) if (!(createReport.properties as Json)[k]) throw new Error(`openapi: report field ${k} missing`);

  return {
    openapi: "3.1.0",
    info: {
      title: "Bashboard API",
      version: "1.0.0",
      description: [
        "Plan bug bashes, post build links and file or read reports from scripts and pipelines.",
        "",
        "Authenticate with a personal API token (Account → API tokens) in the Authorization header: `Authorization: Bearer bb_…`.",
        `A token acts as its user, with exactly the permissions that person has in the web app. Read-only tokens may only GET. Each person can have up to ${MAX_ACTIVE_TOKENS} active tokens.`,
        `Each token may make ${apiRateLimit()} requests per minute; past that the API answers 429 with Retry-After.`,
        "",
        "Errors are JSON: `{ \"error\": \"a message for people\", \"code\": \"INVALID\", \"fieldErrors\": { \"title\": \"…\" } }`. Request bodies are JSON objects; unknown fields are refused.",
      ].join("\n"),
    },
    servers: [{ url: `${opts.serverUrl ?? ""}/api/v1` }],
    security: [{ bearerAuth: [] }],
    tags: [{ name: "Bashes" }, { name: "Environments" }, { name: "Reports" }],
    paths: {
      "/bashes": {
        get: {
          tags: ["Bashes"],
          operationId: "listBashes",
          summary: "The bashes you are a member of (archived ones left out)",
          responses: { "200": ok("Your bashes", obj({ bashes: { type: "array", items: ref("BashListItem") } })), ...errors(401, 429) },
        },
        post: {
          tags: ["Bashes"],
          operationId: "createBash",
          summary: "Create a bash in draft; you become its facilitator",
          requestBody: jsonBody(ref("CreateBash")),
          responses: { "201": ok("The new bash", ref("Bash"), { Location: { schema: str } }), ...errors(400, 401, 403, 429) },
        },
      },
      "/bashes/{bashId}": {
        parameters: [bashId],
        get: { tags: ["Bashes"], operationId: "getBash", summary: "A bash's brief with its environments", responses: { "200": ok("The bash", ref("Bash")), ...errors(...READS) } },
        patch: {
          tags: ["Bashes"],
          operationId: "updateBash",
          summary: "Change the brief (facilitators). Fields left out keep their value; changing the time, length or place sends everyone an updated calendar invite.",
          requestBody: jsonBody(ref("UpdateBash")),
          responses: { "200": ok("The bash after the change", { allOf: [ref("Bash"), obj({ notified: { ...int, description: "How many people were emailed an updated invite." } })] }), ...errors(...WRITES) },
        },
      },
      "/bashes/{bashId}/environments": {
        parameters: [bashId],
        get: { tags: ["Environments"], operationId: "listEnvironments", summary: "The bash's environments in plan order", responses: { "200": ok("Environments", obj({ environments: { type: "array", items: ref("Environment") } })), ...errors(...READS) } },
        post: {
          tags: ["Environments"],
          operationId: "createEnvironment",
          summary: "Add an environment, for example with the iOS and Android build links of a release (facilitators)",
          requestBody: jsonBody(ref("EnvironmentInput")),
          responses: { "201": ok("The new environment", ref("Environment"), { Location: { schema: str } }), ...errors(...WRITES) },
        },
      },
      "/bashes/{bashId}/environments/{environmentId}": {
        parameters: [bashId, environmentId],
        get: { tags: ["Environments"], operationId: "getEnvironment", summary: "One environment", responses: { "200": ok("The environment", ref("Environment")), ...errors(...READS) } },
        patch: {
          tags: ["Environments"],
          operationId: "updateEnvironment",
          summary: "Change an environment (facilitators). Fields left out keep their value.",
          requestBody: jsonBody(ref("EnvironmentPatch")),
          responses: { "200": ok("The environment after the change", ref("Environment")), ...errors(...WRITES) },
        },
        delete: {
          tags: ["Environments"],
          operationId: "deleteEnvironment",
          summary: "Delete an environment and its test accounts (facilitators)",
          responses: { "204": { description: "Deleted" }, ...errors(401, 403, 404, 409, 429) },
        },
      },
      "/bashes/{bashId}/reports": {
        parameters: [bashId],
        get: {
          tags: ["Reports"],
          operationId: "listReports",
          summary: "Reports in number order, a page at a time",
          parameters: [
            { name: "status", in: "query", schema: str, description: `Comma-separated statuses to keep: ${REPORT_STATUSES.join(", ")}.` },
            { name: "since", in: "query", schema: dt, description: "Only reports created or changed at or after this time (ISO 8601)." },
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } },
            { name: "cursor", in: "query", schema: str, description: "The nextCursor of the previous page." },
          ],
          responses: { "200": ok("A page of reports", obj({ reports: { type: "array", items: ref("ReportListItem") }, nextCursor: { ...nstr, description: "Pass as cursor for the next page; null on the last page." } })), ...errors(400, 401, 404, 429) },
        },
        post: {
          tags: ["Reports"],
          operationId: "createReport",
          summary: "File a report while the bash is live (409 before it starts or after it ends)",
          requestBody: jsonBody(ref("CreateReport")),
          responses: {
            "201": ok("Filed", ref("ReportCreated"), { Location: { schema: str } }),
            "200": ok("The same clientId and title were sent before: the first report", ref("ReportCreated")),
            ...errors(...WRITES),
          },
        },
      },
      "/bashes/{bashId}/reports/{number}": {
        parameters: [bashId, reportNumber],
        get: { tags: ["Reports"], operationId: "getReport", summary: "One report with its details", responses: { "200": ok("The report", ref("Report")), ...errors(...READS) } },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "A personal API token from Account → API tokens (bb_…). Read-only tokens may only GET." },
      },
      headers: {
        RetryAfter: { description: "Seconds to wait before trying again.", schema: int },
        WWWAuthenticate: { description: "The scheme to authenticate with.", schema: { type: "string", example: 'Bearer realm="Bashboard"' } },
      },
      responses: {
        Invalid: ok("The input is not valid: malformed JSON, a wrong type, a missing or unknown field. The message says what to fix; fieldErrors names the fields.", ref("Error")),
        Unauthenticated: { ...ok("No token, or the token is unknown or revoked, or its user is deactivated.", ref("Error")), headers: { "WWW-Authenticate": { $ref: "#/components/headers/WWWAuthenticate" } } },
        Forbidden: ok("The token is read-only, or its user may not do this in this bash.", ref("Error")),
        NotFound: ok("Not found, or not visible to the token's user (a bash you are not a member of is not found).", ref("Error")),
        Conflict: ok("The request clashes with the current state: the bash is archived, reporting is closed, a clientId is taken by another report, the token limit is reached.", ref("Error")),
        RateLimited: { ...ok("Too many requests with this token in this minute.", ref("Error")), headers: { "Retry-After": { $ref: "#/components/headers/RetryAfter" } } },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error", "code"],
          properties: {
            error: { type: "string", description: "What went wrong, for people." },
            code: { type: "string", enum: ["INVALID", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "RATE_LIMITED", "INTERNAL"] },
            fieldErrors: { type: "object", additionalProperties: { type: "string" }, description: "A message per field, when the input is to blame." },
          },
        },
        CreateBash: inputSchema(ZCreateBash, { describe: DESCRIBE_BASH }),
        UpdateBash: inputSchema(ZUpdateBash, { required: null, describe: { ...DESCRIBE_BASH, scope: "Markdown.", prerequisitesWeb: "Markdown.", prerequisitesMobile: "Markdown.", label: "The tracker label for this bash's issues." } }),
        EnvironmentInput: environmentInput,
        EnvironmentPatch: { ...environmentInput, required: undefined },
        CreateReport: createReport,
        BashListItem: obj({
          id: str,
          title: str,
          product: str,
          release: str,
          status: { type: "string", enum: [...BASH_STATUSES] },
          scheduledStart: ndt,
          timeZone: str,
          durationMinutes: int,
          endsAt: ndt,
          endedAt: ndt,
          role: { type: "string", enum: [...BASH_ROLES], description: "Your role in the bash." },
          reportCount: int,
          memberCount: int,
        }),
        Bash: obj({
          id: str,
          title: str,
          product: str,
          release: str,
          scope: { type: "string", description: "Markdown." },
          status: { type: "string", enum: [...BASH_STATUSES] },
          scheduledStart: { ...ndt, description: "The start as an instant (UTC)." },
          scheduledStartLocal: { ...nstr, description: "The start as wall-clock time in timeZone, the form POST and PATCH take." },
          timeZone: str,
          durationMinutes: int,
          location: str,
          videoLink: str,
          prerequisitesWeb: str,
          prerequisitesMobile: str,
          label: str,
          startedAt: ndt,
          endsAt: ndt,
          endedAt: ndt,
          archived: { type: "boolean" },
          role: { type: ["string", "null"], enum: [...BASH_ROLES, null], description: "Your role; null for an admin who is not a member." },
          reportCount: int,
          createdAt: dt,
          updatedAt: dt,
          environments: { type: "array", items: ref("Environment") },
        }),
        Environment: obj({
          id: str,
          name: str,
          url: str,
          testDataNotes: str,
          iosBuildUrl: str,
          androidBuildUrl: str,
          isUp: { type: "boolean" },
          position: int,
          createdAt: dt,
          updatedAt: dt,
        }),
        ReportListItem: obj({
          id: str,
          number: int,
          title: str,
          status: { type: "string", enum: [...REPORT_STATUSES] },
          severity: { type: ["string", "null"], enum: [...SEVERITIES, null] },
          priority: { type: ["string", "null"], enum: ["P1", "P2", "P3", "P4", null] },
          featureName: nstr,
          environmentName: nstr,
          deviceKind: { type: ["string", "null"], enum: ["WEB", "MOBILE", null] },
          os: str,
          osVersion: str,
          browser: str,
          browserVersion: str,
          phoneName: str,
          reporterName: str,
          meToos: int,
          attachmentCount: int,
          createdAt: dt,
          updatedAt: dt,
          url: { type: "string", description: "The report's page in Bashboard." },
        }),
        Report: obj({
          id: str,
          number: int,
          clientId: str,
          title: str,
          description: str,
          steps: str,
          expected: str,
          actual: str,
          status: { type: "string", enum: [...REPORT_STATUSES] },
          severity: { type: ["string", "null"], enum: [...SEVERITIES, null] },
          priority: { type: ["string", "null"], enum: ["P1", "P2", "P3", "P4", null] },
          sprint: { type: ["string", "null"], enum: ["CURRENT", "LATER", null] },
          sprintName: str,
          duplicateOf: { oneOf: [{ type: "null" }, obj({ number: int, title: str })] },
          featureId: nstr,
          featureName: nstr,
          environmentId: nstr,
          environmentName: nstr,
          deviceKind: { type: ["string", "null"], enum: ["WEB", "MOBILE", null] },
          os: str,
          osVersion: str,
          browser: str,
          browserVersion: str,
          phoneName: str,
          userAgent: { type: "string", description: "Shown to the reporter and triagers only; empty otherwise." },
          reporterName: str,
          externalKey: nstr,
          externalUrl: nstr,
          missing: { type: "array", items: { type: "string", enum: ["steps", "screenshot", "device", "expected/actual"] }, description: "What the report still lacks to be reproduced." },
          meToos: { type: "array", items: obj({ name: str, note: str, createdAt: dt }) },
          attachments: { type: "array", items: obj({ id: str, fileName: str, contentType: str, size: int }) },
          createdAt: dt,
          updatedAt: dt,
          url: str,
        }),
        ReportCreated: obj({
          id: str,
          number: int,
          created: { type: "boolean", description: "false when this clientId was filed before (nothing new was created)." },
          clientId: str,
          url: str,
        }),
      },
    },
  };
}
