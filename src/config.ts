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

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const envSchema = z.object({
  DISCORD_TOKEN: z
    .string({ error: TOKEN_HELP })
    .trim()
    .min(1, TOKEN_HELP)
    .refine((token) => !/\s/.test(token), "DISCORD_TOKEN must not contain spaces (copy the token alone, without 'Bot ')"),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a Postgres URL such as postgres://user:password@host:5432/roadmap")
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
  ROADMAP_DIR: optionalText.transform((value) => path.resolve(value ?? "roadmap")),
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
  dataDir: string;
  /** REST base without the version, e.g. http://127.0.0.1:8080/api; undefined means Discord's own. */
  discordApiUrl: string | undefined;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  roadmapDir: string;
  schedulerCron: string;
}>;

/** Parses the environment once at start-up; throws a ConfigError whose lines a user can act on. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => issue.message));
  }
  const e = parsed.data;
  return Object.freeze({
    discordToken: e.DISCORD_TOKEN,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    discordApiUrl: e.DISCORD_API_URL?.replace(/\/+$/, ""),
    logLevel: e.LOG_LEVEL,
    roadmapDir: e.ROADMAP_DIR,
    schedulerCron: e.SCHEDULER_CRON,
  });
}
