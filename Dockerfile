FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
# Run node directly: npm does not pass SIGTERM on to the bot, so it could not shut down cleanly.
CMD ["node", "--import", "tsx", "src/main.ts"]
