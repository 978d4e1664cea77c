// Prisma CLI configuration. Prisma 7 does not read .env by itself, and env() throws when the
// variable is unset (which would break `prisma generate`), so read process.env directly.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5433/bashboard" },
});
