# The bot as it ships: production dependencies and the bot's own folders, nothing of the tests,
# the stand-in Discord, the sandbox or the benchmarks, run by an unprivileged user.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production DATA_DIR=/app/data
COPY package.json package-lock.json tsconfig.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY src ./src
COPY commands ./commands
COPY migrations ./migrations
COPY roadmap ./roadmap
COPY locales ./locales
RUN mkdir -p /app/data && chown node:node /app/data
USER node
# Run node directly: npm does not pass SIGTERM on to the bot, so it could not shut down cleanly.
CMD ["node", "--disable-warning=UnsupportedCacheOverwriteWarning", "--import", "tsx", "src/main.ts"]
