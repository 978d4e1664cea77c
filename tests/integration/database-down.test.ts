// Faults: the database goes away under the app and comes back. A request in between gets a clear
// "try again" (503 with Retry-After for route handlers, UNAVAILABLE for server actions) instead of a
// crash or a generic 500; nothing half-written stays; and the next request after the database returns
// succeeds without restarting the app (the pool reconnects by itself).
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { toActionError } from "@/lib/action";
import { createBash } from "@/lib/bashes/commands";
import { createPrisma } from "@/lib/db";
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from "@/lib/errors";
import { errorResponse } from "@/lib/http";
import { applyMigrations } from "@/scripts/lib/migrate.mjs";
import { startEmbeddedPostgres } from "@/scripts/lib/embedded-pg.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bb-down-"));
fs.chmodSync(dir, 0o755); // as root, Postgres runs as its own user and must reach the folder
/** A port nobody listens on right now (the OS picks it), so the test never collides with another server. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the database stops and comes back", () => {
  it("answers 503 with Retry-After while it is down, loses nothing acknowledged, and recovers on the next request", async () => {
    const port = await freePort();
    let server = await startEmbeddedPostgres({ dataDir: dir, port, databases: ["down"], log: () => {}, handleSignals: false });
    const url = server.url("down");
    await applyMigrations(url, path.join(root, "prisma/migrations"));
    const db = createPrisma(url);
    try {
      const user = await db.user.create({ data: { email: "fac@example.com", name: "Fay" } });
      const actor = { id: user.id, name: user.name, email: user.email, isAdmin: false };
      const kept = await createBash(db, actor, { title: "Acknowledged before the outage" });

      await server.stop();
      let error: unknown;
      try {
        await createBash(db, actor, { title: "Sent during the outage" });
      } catch (e) {
        error = e;
      }
      expect(isDatabaseUnavailable(error), String(error)).toBe(true);
      const res = errorResponse(error);
      expect(res.status).toBe(503);
      expect(res.headers.get("Retry-After")).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
      expect(await res.json()).toMatchObject({ code: "UNAVAILABLE", error: expect.stringMatching(/cannot reach its database.*Nothing was saved/) });
      expect(toActionError(error)).toMatchObject({ ok: false, code: "UNAVAILABLE" });

      server = await startEmbeddedPostgres({ dataDir: dir, port, databases: ["down"], log: () => {}, handleSignals: false });
      const back = Date.now();
      let recovered: number | null = null;
      while (Date.now() - back < 5_000) {
        try {
          await createBash(db, actor, { title: "Sent after the outage" });
          recovered = Date.now() - back;
          break;
        } catch (e) {
          if (!isDatabaseUnavailable(e)) throw e;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      expect(recovered, "a write succeeds within 5 s of the database returning, with the same client").not.toBeNull();
      console.log(`[faults] first successful write ${recovered} ms after the database was back`);
      const titles = (await db.bash.findMany({ orderBy: { createdAt: "asc" }, select: { title: true } })).map((b) => b.title);
      expect(titles).toEqual([kept.title, "Sent after the outage"]);
    } finally {
      await db.$disconnect();
      await server.stop();
    }
  }, 120_000);
});
