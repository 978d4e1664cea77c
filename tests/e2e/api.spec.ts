import { expect, test } from "@playwright/test";
import { insertUser, withDb } from "./db";
import { checkPage, signInAs } from "./helpers";

// The REST API end to end: a facilitator creates a read-write token on /account/tokens (shown once),
// a "release pipeline" uses it to create a bash, post an environment with build links and file a
// report, reads them back, and once the token is revoked in the UI the API answers 401.
test.describe.configure({ mode: "serial" });

const stamp = Date.now();
const facilitator = { name: "Rita Release", email: `rita-${stamp}@example.com`, password: "api tokens password 1" };

test.beforeAll(async () => {
  await insertUser(facilitator);
});

test("a token from the account page drives the API until it is revoked", async ({ page, request }) => {
  await signInAs(page, facilitator);
  await page.goto("/account/tokens");
  await expect(page.getByRole("heading", { name: "API tokens", level: 1 })).toBeVisible();
  await expect(page.getByText("No active tokens")).toBeVisible();

  // Create a read-write token; it is shown once, with a curl example.
  await page.getByLabel("Name", { exact: true }).fill("Release pipeline");
  await page.getByRole("radio", { name: /Read and write/ }).check();
  await page.getByRole("button", { name: "Create token" }).click();
  const tokenField = page.getByLabel("New API token");
  await expect(tokenField).toBeVisible();
  const token = await tokenField.inputValue();
  expect(token).toMatch(/^bb_[A-Za-z0-9_-]{43}$/);
  await expect(page.getByText(`Authorization: Bearer ${token}`)).toBeVisible();
  await expect(page.getByTestId("api-token")).toHaveCount(1);
  await expect(page.getByTestId("api-token")).toContainText("Read and write");
  await expect(page.getByTestId("api-token")).toContainText("Never");
  await checkPage(page, "api-tokens");

  // Only the hash is stored.
  const stored = await withDb((c) => c.query<{ tokenHash: string }>(`select "tokenHash" from "ApiToken" t join "User" u on u.id = t."userId" where u.email = $1`, [facilitator.email]));
  expect(stored.rows).toHaveLength(1);
  expect(stored.rows[0].tokenHash).not.toContain(token);

  const auth = { authorization: `Bearer ${token}` };

  let res = await request.post("/api/v1/bashes", { headers: auth, data: { title: `API bash ${stamp}`, product: "Shop", release: "5.0" } });
  expect(res.status()).toBe(201);
  const bash = await res.json();
  expect(bash).toMatchObject({ title: `API bash ${stamp}`, status: "DRAFT", role: "FACILITATOR" });

  res = await request.post(`/api/v1/bashes/${bash.id}/environments`, {
    headers: auth,
    data: { name: "Release candidate", url: "https://rc.shop.example", iosBuildUrl: "https://testflight.apple.com/join/RC5", androidBuildUrl: "https://builds.shop.example/5.0.apk" },
  });
  expect(res.status()).toBe(201);
  const env = await res.json();

  // Bad input is a 400 with a message, never a 500.
  res = await request.post(`/api/v1/bashes/${bash.id}/environments`, { headers: { ...auth, "content-type": "application/json" }, data: Buffer.from("{not json") });
  expect(res.status()).toBe(400);
  expect((await res.json()).error).toContain("not valid JSON");

  // Reporting opens when the bash is live.
  await withDb((c) => c.query(`update "Bash" set status = 'LIVE', "startedAt" = now(), "endsAt" = now() + interval '1 hour' where id = $1`, [bash.id]));
  res = await request.post(`/api/v1/bashes/${bash.id}/reports`, {
    headers: auth,
    data: { title: "Checkout spinner never stops", steps: "1. Pay with card", severity: "MAJOR", environmentId: env.id },
  });
  expect(res.status()).toBe(201);
  const report = await res.json();
  expect(report.number).toBe(1);

  res = await request.get(`/api/v1/bashes/${bash.id}`, { headers: auth });
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ id: bash.id, status: "LIVE", environments: [expect.objectContaining({ iosBuildUrl: "https://testflight.apple.com/join/RC5" })] });

  res = await request.get(`/api/v1/bashes/${bash.id}/reports`, { headers: auth });
  expect((await res.json()).reports).toEqual([expect.objectContaining({ number: 1, title: "Checkout spinner never stops", environmentName: "Release candidate" })]);
  res = await request.get(`/api/v1/bashes/${bash.id}/reports/1`, { headers: auth });
  expect(await res.json()).toMatchObject({ number: 1, steps: "1. Pay with card", severity: "MAJOR" });

  res = await request.get("/api/v1/bashes", { headers: auth });
  expect((await res.json()).bashes).toEqual(expect.arrayContaining([expect.objectContaining({ id: bash.id, reportCount: 1 })]));

  // The bash made through the API is an ordinary bash in the UI, build links included.
  await page.goto(`/bashes/${bash.id}`);
  await expect(page.getByRole("heading", { name: `API bash ${stamp}` })).toBeVisible();

  // The token is not shown again; the list now has a last-used time.
  await page.goto("/account/tokens");
  await expect(page.getByLabel("New API token")).toHaveCount(0);
  await expect(page.getByTestId("api-token")).not.toContainText("Never");

  // Revoke it (with a confirmation): the API refuses it at once.
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Revoke Release pipeline" }).click();
  await expect(page.getByText("No active tokens")).toBeVisible();
  await expect(page.getByText("Revoked tokens (1)")).toBeVisible();

  res = await request.get("/api/v1/bashes", { headers: auth });
  expect(res.status()).toBe(401);
  expect(res.headers()["www-authenticate"]).toMatch(/^Bearer/);
  expect((await res.json()).error).toContain("revoked");
});

test("the OpenAPI document is served without a token", async ({ request }) => {
  const res = await request.get("/api/v1/openapi.json");
  expect(res.status()).toBe(200);
  const doc = await res.json();
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths)).toContain("/bashes/{bashId}/reports");
});
