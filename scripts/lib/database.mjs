// The database a command-line tool should use: DATABASE_URL, or the embedded Postgres under
// .data/pg (shared with a running `npm start`, started for the command otherwise).
import path from "node:path";
import { startEmbeddedPostgres } from "./embedded-pg.mjs";
import { probeDatabase } from "./db-url.mjs";

/** @param {string} root @returns {Promise<{ url: string, stop: () => Promise<void> }>} */
export async function resolveDatabase(root) {
  if (process.env.DATABASE_URL) {
    const problem = await probeDatabase(process.env.DATABASE_URL);
    if (problem) throw new Error(problem);
    return { url: process.env.DATABASE_URL, stop: async () => {} };
  }
  const dataDir = path.resolve(process.env.BASHBOARD_DATA_DIR ?? path.join(root, ".data"));
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, "pg"),
    port: Number(process.env.BASHBOARD_PG_PORT ?? 54320),
    databases: ["bashboard"],
    log: () => {},
  });
  return { url: server.url("bashboard"), stop: () => server.stop() };
}
