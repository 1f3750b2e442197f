# One image for every piece; docker-compose.yml picks the entry point per service.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsc -p tsconfig.build.json && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/data ./data
COPY --from=build /app/schema/snapshots ./schema/snapshots
COPY --from=build /app/subgraphs/registry/registry.graphql ./subgraphs/registry/registry.graphql
COPY --from=build /app/gateway/assets ./gateway/assets
COPY package.json ./
USER node
CMD ["node", "--max-semi-space-size=40", "dist/gateway/main.js"]
