// `npm run db:seed`: add the demo bash (2 environments, 5 features, 8 participants, ~40 reports).
// The first admin becomes its facilitator, so create the admin in the browser first.
import path from "node:path";
import { createPrisma } from "@/lib/db";
import { createDemoBash, DEMO_COUNTS } from "@/lib/demo/create-demo";
import { resolveDatabase } from "@/scripts/lib/database.mjs";
import { applyMigrations } from "@/scripts/lib/migrate.mjs";

const root = path.resolve(import.meta.dirname, "..");

async function main() {
  const database = await resolveDatabase(root);
  const prisma = createPrisma(database.url);
  try {
    await applyMigrations(database.url, path.join(root, "prisma/migrations"));
    const admin = await prisma.user.findFirst({ where: { isAdmin: true, deactivatedAt: null }, orderBy: { createdAt: "asc" } });
    if (!admin) {
      console.error("No admin account yet: run `npm start`, open http://localhost:3000 and create it, then seed again.");
      return 1;
    }
    const id = await createDemoBash(prisma, { id: admin.id, name: admin.name, email: admin.email, isAdmin: true });
    console.log(
      `Created the demo bash (${DEMO_COUNTS.environments} environments, ${DEMO_COUNTS.features} features, ${DEMO_COUNTS.participants} participants, ${DEMO_COUNTS.reports} reports) with ${admin.email} as facilitator: /bashes/${id}`,
    );
    return 0;
  } finally {
    await prisma.$disconnect();
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e?.message ?? String(e));
    process.exit(1);
  },
);
