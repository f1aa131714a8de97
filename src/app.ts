import { Events, Status, type Client, type Interaction } from "discord.js";
import { sql } from "kysely";
import type { Logger } from "pino";
import { slashCommands } from "../commands/index.ts";
import type { Catalogue } from "./catalogue/catalogue.ts";
import { createGuildRoadmaps } from "./catalogue/guild-roadmaps.ts";
import { loadCatalogue } from "./catalogue/load.ts";
import { systemClock, type Clock } from "./clock.ts";
import type { Config } from "./config.ts";
import type { AppContext } from "./context.ts";
import { connectDatabase, type DatabaseHandle } from "./db/connect.ts";
import { isDatabaseUnavailable, unavailableReason } from "./db/errors.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { createDiscordClient } from "./discord/client.ts";
import { connectToDiscord, StartupError } from "./discord/connect.ts";
import { commandBodies, syncCommands } from "./discord/command-sync.ts";
import { createDispatcher } from "./discord/dispatcher.ts";
import { createI18n } from "./i18n/translator.ts";
import { inviteUrl } from "./discord/permissions.ts";
import { rewardGrantProblem } from "./milestones/reward-roles.ts";
import { createScheduler, type Scheduler } from "./scheduler/scheduler.ts";
import { createScoreRefresher } from "./leaderboard/score-refresher.ts";
import { scoredRoadmap } from "./tracks/tracks.ts";
import { outboxBacklog } from "./db/outbox-repository.ts";
import { startOpsServer, type HealthReport, type OpsServer } from "./ops/http-server.ts";
import { createMetrics } from "./ops/metrics.ts";
import { createPictureRenderer } from "./pictures/render-pool.ts";
import { DISCORD_ATTACHMENT_ORIGINS } from "./portability/attachment-download.ts";
import { createImportReader } from "./portability/import-reader.ts";
import { syncBundledRoadmaps } from "./roadmaps/bundled-roadmaps.ts";
import { createUploadParser } from "./roadmaps/upload-parser.ts";

export interface BotOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Reuse an already loaded catalogue (tests load it once per file). */
  readonly catalogue?: Catalogue;
  /** Draw progress cards and leaderboard images (default true); text embeds are always sent. */
  readonly pictures?: boolean;
}

export interface RunningBot {
  readonly client: Client;
  readonly context: AppContext;
  readonly database: DatabaseHandle;
  readonly scheduler: Scheduler;
  readonly ops: OpsServer | undefined;
  /** Stops taking interactions, waits for those in flight, then closes Discord and the database. */
  stop(): Promise<void>;
}

/** Migrates, waiting up to `config.databaseWaitMs` for a PostgreSQL server that is not answering yet. */
async function migrateWithRetry(database: DatabaseHandle, url: string | undefined, waitMs: number, logger: Logger): Promise<void> {
  const deadline = Date.now() + waitMs;
  const where = url ? new URL(url).host : "the embedded database";
  for (let attempt = 1; ; attempt++) {
    try {
      const applied = await migrateToLatest(database.db);
      if (applied.length > 0) logger.info({ migrations: applied }, "database migrated");
      return;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      const reason = unavailableReason(error);
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new StartupError(
          `PostgreSQL at ${where} did not answer within ${Math.round(waitMs / 1000)} s (${reason}): check DATABASE_URL and that the server is running and reachable (DATABASE_WAIT sets how long to wait)`,
        );
      }
      const delayMs = Math.min(500 * 2 ** attempt, 10_000, left);
      logger.warn({ attempt, delayMs }, `PostgreSQL at ${where} is not answering yet (${reason}); retrying in ${Math.ceil(delayMs / 1000)} s`);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/** Migrates through DATABASE_MIGRATION_URL when set: a transaction pooler cannot hold the migrator's session lock. */
async function migrate(config: Config, database: DatabaseHandle, logger: Logger): Promise<void> {
  if (!config.databaseMigrationUrl) return migrateWithRetry(database, config.databaseUrl, config.databaseWaitMs, logger);
  const direct = await connectDatabase({ databaseUrl: config.databaseMigrationUrl, dataDir: config.dataDir, logger, poolSize: 1 });
  try {
    await migrateWithRetry(direct, config.databaseMigrationUrl, config.databaseWaitMs, logger);
  } finally {
    await direct.close();
  }
}

export async function startBot(options: BotOptions): Promise<RunningBot> {
  const { config, logger } = options;
  const catalogue = options.catalogue ?? (await loadCatalogue(config.roadmapDir));
  const database = await connectDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  try {
    await migrate(config, database, logger);
  } catch (error) {
    await database.close();
    throw error;
  }
  logger.info({ database: database.kind, roadmaps: [...catalogue.roadmaps.keys()] }, "database ready");

  const client = createDiscordClient({
    apiUrl: config.discordApiUrl,
    ...(config.shards.count === "auto"
      ? { shards: "auto" as const }
      : { shards: [...config.shards.ids], shardCount: config.shards.count }),
  });
  const clock = options.clock ?? systemClock;
  const pictures = options.pictures === false ? undefined : createPictureRenderer();
  const metrics = createMetrics({
    outboxBacklog: () => outboxBacklog(database.db),
    pool: () => database.poolStats(),
    gatewayPing: () => client.ws.ping,
  });
  await syncBundledRoadmaps(database.db, catalogue, logger);
  const guildRoadmaps = createGuildRoadmaps(catalogue);
  const i18n = createI18n({ logger, guildLocale: (guildId) => client.guilds.cache.get(guildId)?.preferredLocale });
  const scores = createScoreRefresher({
    db: database.db,
    logger,
    roadmapOf: (guildId, roadmapId) => scoredRoadmap({ db: database.db, catalogue, clock, guildRoadmaps }, guildId, roadmapId),
  });
  const shared = { db: database.db, catalogue, clock, logger, metrics, pictures, guildRoadmaps, i18n, scores };
  const scheduler = createScheduler(
    { ...shared, rest: client.rest, roleProblem: (guildId, roleId) => rewardGrantProblem(shared, client, guildId, roleId) },
    config.schedulerCron,
  );
  const importReader = createImportReader();
  const context: AppContext = {
    ...shared,
    importFiles: { allowedOrigins: attachmentOrigins(config), reader: importReader },
    roadmapParser: createUploadParser(),
    outbox: { kick: () => scheduler.kick() },
  };
  const dispatch = createDispatcher(context, slashCommands);
  const inFlight = new Set<Promise<void>>();
  let accepting = true;

  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    if (!accepting) return;
    const work = dispatch(interaction).finally(() => inFlight.delete(work));
    inFlight.add(work);
  });
  client.on(Events.Error, (error) => logger.error({ err: error }, "Discord client error"));
  client.on(Events.ShardDisconnect, (_event, shardId) => logger.warn({ shardId }, "gateway disconnected"));
  client.on(Events.ShardResume, (shardId) => logger.info({ shardId }, "gateway resumed"));
  client.once(Events.ClientReady, (ready) => {
    logger.info({ user: ready.user.tag, guilds: ready.guilds.cache.size, invite: inviteUrl(ready) }, "connected to Discord");
    syncCommands(ready.rest, ready.application.id, commandBodies(slashCommands, i18n))
      .then((result) => logger.info({ result }, "slash commands synced"))
      .catch((error: unknown) => logger.error({ err: error }, "could not sync slash commands"));
    scheduler.start();
    scheduler.kick();
  });

  const ops =
    config.httpPort === undefined
      ? undefined
      : await startOpsServer({
          port: config.httpPort,
          host: config.httpHost,
          registry: metrics.registry,
          logger,
          health: () => checkHealth(database, client),
        });

  try {
    await connectToDiscord({ client, token: config.discordToken, logger, timeoutMs: config.discordConnectTimeoutMs, apiUrl: config.discordApiUrl });
  } catch (error) {
    await ops?.close();
    await pictures?.close();
    // A gateway that never answered may not answer our goodbye either.
    await Promise.race([client.destroy(), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    await database.close();
    throw error;
  }

  return {
    client,
    context,
    database,
    scheduler,
    ops,
    async stop() {
      accepting = false;
      await Promise.allSettled([...inFlight]);
      await scheduler.stop();
      await scores.close();
      await client.destroy();
      await ops?.close();
      await pictures?.close();
      await importReader.close();
      await database.close();
    },
  };
}

/** A Discord stand-in (DISCORD_API_URL) serves attachments from its own origin; Discord, from its CDN. */
function attachmentOrigins(config: Config): readonly string[] {
  const standIn = config.discordApiUrl === undefined ? [] : [new URL(config.discordApiUrl).origin];
  return [...DISCORD_ATTACHMENT_ORIGINS, ...standIn];
}

const HEALTH_TIMEOUT_MS = 1_000;

async function checkHealth(database: DatabaseHandle, client: Client): Promise<HealthReport> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("database health check timed out")), HEALTH_TIMEOUT_MS);
  });
  const databaseUp = await Promise.race([sql`select 1`.execute(database.db), timeout]).then(
    () => true,
    () => false,
  );
  clearTimeout(timer);
  return {
    database: databaseUp ? "up" : "down",
    gateway: client.ws.status === Status.Ready ? "up" : "down",
    gatewayPingMs: client.ws.ping,
  };
}
