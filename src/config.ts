import path from "node:path";
import { validate as isValidCron } from "node-cron";
import { z } from "zod";

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Roadmap Bot cannot start:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const TOKEN_HELP =
  "DISCORD_TOKEN is not set. Create an application at https://discord.com/developers/applications, " +
  'open "Bot", press "Reset Token", and put the token in the environment or in a .env file ' +
  "(DISCORD_TOKEN=...). See the README's setup section.";

const TOKEN_SHAPE_HELP =
  "DISCORD_TOKEN does not look like a bot token (three parts separated by dots, the first your bot's id): " +
  "copy it again from the developer portal (Bot -> Reset Token). A client secret or public key will not work.";

const SNOWFLAKE = /^\d{17,20}$/;

/**
 * Discord's bot tokens are three base64url parts joined by dots, the first one the bot's user id.
 * Checked before any request so that a pasted client secret fails here, in words, not at Discord.
 */
function looksLikeBotToken(token: string): boolean {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts.every((part) => /^[A-Za-z0-9_-]+$/.test(part))) return false;
  return SNOWFLAKE.test(Buffer.from(parts[0]!, "base64url").toString("utf8"));
}

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

/** The folder of roadmap files the bot loads: ROADMAP_DIR, or ./roadmap. Shared with `npm run roadmap:validate`. */
export function resolveRoadmapDir(value: string | undefined): string {
  return path.resolve(value?.trim() ? value.trim() : "roadmap");
}

const envSchema = z.object({
  DISCORD_TOKEN: z
    .string({ error: TOKEN_HELP })
    .trim()
    .min(1, TOKEN_HELP)
    .refine((token) => !/\s/.test(token), "DISCORD_TOKEN must not contain spaces (copy the token alone, without 'Bot ')")
    .refine((token) => /\s/.test(token) || looksLikeBotToken(token), TOKEN_SHAPE_HELP),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a Postgres URL such as postgres://user:password@host:5432/roadmap")
      .optional(),
  ),
  DATABASE_MIGRATION_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "DATABASE_MIGRATION_URL must be a Postgres URL such as postgres://user:password@host:5432/roadmap")
      .optional(),
  ),
  DATA_DIR: optionalText.transform((value) => path.resolve(value ?? "data")),
  DISCORD_API_URL: optionalText.pipe(
    z.url({ protocol: /^https?$/, message: "DISCORD_API_URL must be an http(s) URL such as http://127.0.0.1:8080/api" }).optional(),
  ),
  LOG_LEVEL: optionalText.pipe(
    z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
        error: "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent",
      })
      .default("info"),
  ),
  ROADMAP_DIR: optionalText.transform(resolveRoadmapDir),
  SHARD_COUNT: optionalText.pipe(
    z
      .string()
      .refine((value) => value === "auto" || /^[1-9]\d{0,4}$/.test(value), "SHARD_COUNT must be 'auto' or a whole number of shards such as 2")
      .default("auto"),
  ),
  SHARD_IDS: optionalText.pipe(
    z
      .string()
      .regex(/^\d+(\s*,\s*\d+)*$/, "SHARD_IDS must be a comma-separated list of shard numbers such as 0,1")
      .optional(),
  ),
  HTTP_PORT: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, "HTTP_PORT must be a port number such as 8080")
      .transform(Number)
      .refine((port) => port <= 65535, "HTTP_PORT must be at most 65535")
      .optional(),
  ),
  HTTP_HOST: optionalText.transform((value) => value ?? "127.0.0.1"),
  DATABASE_WAIT: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,4}$/, "DATABASE_WAIT must be a number of seconds such as 60")
      .transform(Number)
      .refine((seconds) => seconds >= 1, "DATABASE_WAIT must be at least 1 second")
      .default(60),
  ),
  DISCORD_CONNECT_TIMEOUT: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,4}$/, "DISCORD_CONNECT_TIMEOUT must be a number of seconds such as 30")
      .transform(Number)
      .refine((seconds) => seconds >= 1, "DISCORD_CONNECT_TIMEOUT must be at least 1 second")
      .default(30),
  ),
  SCHEDULER_CRON: optionalText.pipe(
    z
      .string()
      .refine((expr) => isValidCron(expr), "SCHEDULER_CRON must be a cron expression such as '* * * * *' (every minute)")
      .default("* * * * *"),
  ),
});

export type Config = Readonly<{
  discordToken: string;
  /** Postgres connection string; when absent the bot uses an embedded PGlite database in dataDir. */
  databaseUrl: string | undefined;
  /** Where migrations run, when DATABASE_URL is a transaction pooler (they take a session-level lock); default databaseUrl. */
  databaseMigrationUrl: string | undefined;
  dataDir: string;
  /** REST base without the version, e.g. http://127.0.0.1:8080/api; undefined means Discord's own. */
  discordApiUrl: string | undefined;
  /** How long one attempt to connect may go without progress; also the longest pause between attempts. */
  discordConnectTimeoutMs: number;
  /** How long start-up waits for PostgreSQL to answer (a server still starting, a container started together). */
  databaseWaitMs: number;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  roadmapDir: string;
  schedulerCron: string;
  /** Port of GET /healthz and /metrics; undefined keeps them off. */
  httpPort: number | undefined;
  httpHost: string;
  /** Gateway shards this process runs: all of them ("auto" asks Discord how many), or some of a fixed count. */
  shards: { readonly count: "auto" } | { readonly count: number; readonly ids: readonly number[] };
}>;

/** Parses the environment once at start-up; throws a ConfigError whose lines a user can act on. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => issue.message));
  }
  const e = parsed.data;
  const shards = parseShards(e.SHARD_COUNT, e.SHARD_IDS);
  if (e.DATABASE_MIGRATION_URL && !e.DATABASE_URL) {
    throw new ConfigError(["DATABASE_MIGRATION_URL needs DATABASE_URL: it is where migrations run when DATABASE_URL points at a connection pooler"]);
  }
  if (e.DATABASE_URL === undefined && (e.SHARD_IDS !== undefined || (shards.count !== "auto" && shards.count > 1))) {
    throw new ConfigError([EMBEDDED_SHARDS_HELP]);
  }
  return Object.freeze({
    discordToken: e.DISCORD_TOKEN,
    databaseUrl: e.DATABASE_URL,
    databaseMigrationUrl: e.DATABASE_MIGRATION_URL,
    dataDir: e.DATA_DIR,
    discordApiUrl: e.DISCORD_API_URL?.replace(/\/+$/, ""),
    discordConnectTimeoutMs: e.DISCORD_CONNECT_TIMEOUT * 1000,
    databaseWaitMs: e.DATABASE_WAIT * 1000,
    logLevel: e.LOG_LEVEL,
    roadmapDir: e.ROADMAP_DIR,
    schedulerCron: e.SCHEDULER_CRON,
    httpPort: e.HTTP_PORT,
    httpHost: e.HTTP_HOST,
    shards,
  });
}

const EMBEDDED_SHARDS_HELP =
  "SHARD_COUNT above 1 and SHARD_IDS are for running shards in several processes, and the embedded database " +
  "belongs to one process: use PostgreSQL (set DATABASE_URL, e.g. postgres://user:password@host:5432/roadmap), " +
  "or remove SHARD_COUNT and SHARD_IDS to run every shard in this one process.";

function parseShards(countText: string, idsText: string | undefined): Config["shards"] {
  if (countText === "auto") {
    if (idsText) throw new ConfigError(["SHARD_IDS needs a numeric SHARD_COUNT (which shards of how many)"]);
    return { count: "auto" };
  }
  const count = Number(countText);
  const ids = idsText ? [...new Set(idsText.split(",").map((id) => Number(id.trim())))] : Array.from({ length: count }, (_, i) => i);
  const outside = ids.filter((id) => id >= count);
  if (outside.length > 0) throw new ConfigError([`SHARD_IDS ${outside.join(", ")} must be below SHARD_COUNT (${count})`]);
  return { count, ids };
}
