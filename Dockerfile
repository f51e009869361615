# Production image: compiled JavaScript + production node_modules only, run as the non-root `node` user.
#
#   docker build -t ts-backend-boilerplate .
#   docker run --rm -p 3100:3100 -e AUTH_JWT_SECRET="$(openssl rand -base64 48)" ts-backend-boilerplate   # SQLite in /app/data
#   docker run --rm -e AUTH_JWT_SECRET=... -e DB_TYPE=mssql -e MSSQL_HOST=... ts-backend-boilerplate      # any server database
#
# NODE_ENV is production here, so the configuration check refuses the development JWT secret: pass your own.
#
# Migrations use the same image (docker-compose.yml does this in its `migrate` service):
#   node dist/src/cli/migrate.js run        (status, history, revert, ... as with npm run migration:*)
#
# No .env file is copied in (.dockerignore drops every .env*): the container is configured only through
# its environment, which the app reads first anyway (see src/config/env-files.ts).

# Node 24, the active LTS line; 22 (maintenance LTS) is tested too: --build-arg NODE_IMAGE=node:22-bookworm-slim.
# Node 20 reached end of life in April 2026; the code still runs on it (package.json engines), unsupported.
ARG NODE_IMAGE=node:24-bookworm-slim

# ---------------------------------------------------------------------------------------------------------
# Build stage: full install (dev dependencies for tsc), compile, then drop dev dependencies.
# ---------------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app

# argon2 ships prebuilt binaries in its npm package; better-sqlite3 downloads a prebuild at install time and
# falls back to compiling with node-gyp (python3, make, g++) when none matches the platform or the download
# fails. The toolchain stays in this stage only.
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first, so editing source does not invalidate the npm ci layer.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY tsconfig.json tsconfig.build.json ormconfig.ts ./
COPY src ./src
# tsc -p tsconfig.build.json -> dist/src/server.js (app) and dist/ormconfig.js (DataSource for the CLI).
# --omit=optional as well: typeorm declares ts-node as an optional peer, so npm marks ts-node, typescript and
# @swc/core "devOptional" and --omit=dev alone keeps them (about 35 MB). No runtime dependency needs an optional
# package: the only others are @swc/core's platform binaries and pg-cloudflare (for Cloudflare Workers).
RUN npm run build \
    && npm prune --omit=dev --omit=optional --no-audit --no-fund

# ---------------------------------------------------------------------------------------------------------
# Runtime stage: no compiler toolchain, no dev dependencies, no TypeScript sources.
# ---------------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app

ENV NODE_ENV=production \
    API_HOST=0.0.0.0

# SQLITE_PATH defaults to data/app.sqlite (relative to the working directory), so the default database lives
# in /app/data: the only directory the app may write to. Mount a volume here to keep the SQLite file.
RUN mkdir -p /app/data && chown node:node /app/data

# Application files stay owned by root (read-only for the `node` user that runs them).
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The TypeScript sources of the migrations: their checksums are what the migration runner records and verifies.
COPY --from=build /app/src/migrations ./src/migrations

USER node
EXPOSE 3100

# Slim images have no curl/wget: ask Node itself (global fetch, Node >= 18). Honours API_PORT if overridden.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD node -e "fetch('http://127.0.0.1:'+(process.env.API_PORT||3100)+'/health/ready').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"

CMD ["node", "dist/src/server.js"]
