// Overload: when every pooled connection stays busy past a transaction's wait, the request is told
// "busy, nothing saved, try again" (503 with Retry-After; UNAVAILABLE for actions), not a 500.
import { afterAll, expect, it } from "vitest";
import { toActionError } from "@/lib/action";
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from "@/lib/errors";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { errorResponse } from "@/lib/http";
import { testDbUrl } from "./db";

const one = new PrismaClient({ adapter: new PrismaPg({ connectionString: testDbUrl(), max: 1 }) });
afterAll(() => one.$disconnect());

it("a transaction that cannot get a connection in time is UNAVAILABLE (503, Retry-After), and the pool works again afterwards", async () => {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let started!: () => void;
  const holding = new Promise<void>((r) => (started = r));
  const holder = one.$transaction(
    async (tx) => {
      await tx.$queryRaw`select 1`;
      started();
      await held;
    },
    { timeout: 10_000 },
  );
  await holding;
  const error = await one.$transaction(async (tx) => tx.$queryRaw`select 1`, { maxWait: 200 }).then(
    () => null,
    (e: unknown) => e,
  );
  release();
  await holder;
  expect(error, "the second transaction should have waited in vain").not.toBeNull();
  expect((error as { code?: string }).code).toBe("P2028");
  expect(isDatabaseUnavailable(error)).toBe(true);
  const res = errorResponse(error);
  expect(res.status).toBe(503);
  expect(res.headers.get("Retry-After")).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
  expect(toActionError(error)).toMatchObject({ ok: false, code: "UNAVAILABLE" });
  expect(await one.$transaction(async (tx) => tx.$queryRaw<{ ok: number }[]>`select 1 as ok`)).toEqual([{ ok: 1 }]);
});
