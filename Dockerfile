# TourDesk: one image for every role. `npm start` runs the web server and the job workers together; the same image
# runs them apart with `npm run start:web` and `npm run start:worker` (which need DATABASE_URL and REDIS_URL).
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false \
    PORT=3000 \
    DATA_DIR=/app/.data

WORKDIR /app

# Dependencies first, so a change of the sources reuses this layer. tsx runs the TypeScript sources directly:
# there is no build step, and the development tools (tests, type-checker, browser driver) stay out.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

COPY . .
# The sources stay root's and read-only to the app; only the embedded database's directory is the app user's.
RUN mkdir -p "$DATA_DIR" && chown node:node "$DATA_DIR"
USER node

EXPOSE 3000
# /readyz: 200 when the database (and Redis, when set) answer; 503 while one is down or while the process drains.
# A worker answers it too (its only HTTP), so the same check serves every role.
HEALTHCHECK --interval=10s --timeout=4s --start-period=40s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# SIGTERM drains (SHUTDOWN_GRACE_MS, default 10 s): give the container more than that before SIGKILL
# (compose: stop_grace_period; Kubernetes: terminationGracePeriodSeconds). Run it with an init (docker run --init,
# compose init: true) so that signals reach the app through npm.
STOPSIGNAL SIGTERM
CMD ["npm", "start"]
