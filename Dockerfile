# Bashboard app image. Postgres runs separately (see docker-compose.yml); set DATABASE_URL.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx next build

FROM node:20-bookworm-slim
WORKDIR /app
# MALLOC_ARENA_MAX: see scripts/lib/server-env.mjs (start.mjs sets the same default).
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 MALLOC_ARENA_MAX=2
COPY --from=build /app ./
RUN useradd --system --uid 1001 bashboard && mkdir -p /app/.data /uploads && chown -R bashboard /app/.data /uploads
USER bashboard
EXPOSE 3000
# scripts/start.mjs applies migrations (advisory-locked, so several instances may start at once) and serves.
CMD ["node", "scripts/start.mjs"]
