import { Writable } from "node:stream";
import { startBot, type RunningBot } from "../../src/app.ts";
import type { Catalogue } from "../../src/catalogue/catalogue.ts";
import { manualClock, type Clock } from "../../src/clock.ts";
import { parseConfig, type Config } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import type { StandIn } from "../standin/index.ts";
import { ROADMAP_DIR } from "./catalogue.ts";

/** Everything the bot logged, as parsed JSON lines and as raw text (for grepping secrets). */
export class CapturedLogs extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    this.lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    callback();
  }
  get entries(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
  get text(): string {
    return this.lines.join("\n");
  }
}

export interface TestBot extends RunningBot {
  readonly logs: CapturedLogs;
}

export interface TestBotOptions {
  readonly standIn: StandIn;
  readonly databaseUrl: string | undefined;
  readonly databaseMigrationUrl?: string;
  readonly dataDir?: string;
  readonly clock?: Clock;
  readonly catalogue?: Catalogue;
  /** Scheduler ticks; every second by default so tests see posts quickly. */
  readonly schedulerCron?: string;
  readonly logLevel?: Config["logLevel"];
  readonly shards?: { ids: number[]; count: number };
  /** Serve /healthz and /metrics (0: any free port). */
  readonly httpPort?: number;
  /** Start the picture worker (off by default: it costs a second of CPU per bot). */
  readonly pictures?: boolean;
}

/** The real bot, unchanged, wired to the stand-in Discord and a test database. */
export async function startTestBot(options: TestBotOptions): Promise<TestBot> {
  const logs = new CapturedLogs();
  // The same parser as production, so a new config field gets its default here too.
  const config = parseConfig({
    DISCORD_TOKEN: options.standIn.token,
    DATABASE_URL: options.databaseUrl,
    DATABASE_MIGRATION_URL: options.databaseMigrationUrl,
    DATA_DIR: options.dataDir,
    DISCORD_API_URL: options.standIn.restUrl,
    LOG_LEVEL: options.logLevel ?? "info",
    ROADMAP_DIR,
    SCHEDULER_CRON: options.schedulerCron ?? "* * * * * *",
    SHARD_COUNT: options.shards ? String(options.shards.count) : undefined,
    SHARD_IDS: options.shards?.ids.join(","),
    HTTP_PORT: options.httpPort === undefined ? undefined : String(options.httpPort),
  });
  const bot = await startBot({
    config,
    logger: createLogger(config.logLevel, { destination: logs }),
    clock: options.clock ?? manualClock(new Date()),
    catalogue: options.catalogue,
    pictures: options.pictures ?? false,
  });
  return Object.assign(bot, { logs });
}

/** Waits until the bot registered its commands, so interactions carry the real option types. */
export async function waitForCommands(standIn: StandIn, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (standIn.registeredCommands().length === 0) {
    if (Date.now() > deadline) throw new Error("the bot did not register its slash commands");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
