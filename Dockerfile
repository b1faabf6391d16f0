# Roundtable in one image. With DATABASE_URL it uses that PostgreSQL server (see
# docker-compose.yml); without it, embedded PostgreSQL (PGlite) keeps everything in /data.

# The client (Vite) and the server (tsc) are built with the dev tools; they stay behind here.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist/server ./dist/server
COPY --from=build /app/dist/client ./dist/client
# Made before VOLUME so a new named volume starts out owned by the unprivileged user.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
# The first start of an empty /data runs PGlite's initdb, which takes several seconds.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and gets SIGTERM itself; the server closes sockets and the
# database before exiting, so `docker stop` never loses a write.
CMD ["node", "dist/server/server/main.js"]
