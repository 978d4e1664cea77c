// `npm run xlsx:template` (npx tsx scripts/generate-template.ts): regenerate
// templates/Bugbash_Template_Blank.xlsx from lib/xlsx/columns.ts. Run it after changing the column map;
// tests/unit/xlsx-template.test.ts fails until the committed file matches the map again.
import fs from "node:fs";
import path from "node:path";
import { finished } from "node:stream/promises";
import { writeBlankTemplate } from "@/lib/xlsx/export";

const root = path.resolve(import.meta.dirname, "..");
export const BLANK_TEMPLATE_PATH = path.join(root, "templates", "Bugbash_Template_Blank.xlsx");

async function main() {
  fs.mkdirSync(path.dirname(BLANK_TEMPLATE_PATH), { recursive: true });
  // Write next to the target and rename, so a failed run never leaves half a workbook behind.
  const tmp = `${BLANK_TEMPLATE_PATH}.tmp`;
  const out = fs.createWriteStream(tmp);
  try {
    await writeBlankTemplate(out);
    await finished(out);
    fs.renameSync(tmp, BLANK_TEMPLATE_PATH);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  console.log(`Wrote ${path.relative(root, BLANK_TEMPLATE_PATH)} (${fs.statSync(BLANK_TEMPLATE_PATH).size} bytes).`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
