import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { Logger } from "pino";
import { startBot, type RunningBot } from "../app.ts";
import { parseConfig } from "../config.ts";
import { findGuild } from "../db/guild-repository.ts";
import { createLogger } from "../logger.ts";
import { DEFAULT_OPENAPI_PATH, startStandIn, type StandIn } from "@roadmap-bot/discord-standin";
import { createSandboxHttp } from "./http.ts";
import { offsetClock } from "./offset-clock.ts";
import { createStudyGroup, seedStudyGroup } from "./seed.ts";
import { SandboxSession } from "./session.ts";

export interface SandboxOptions {
  /** Port of the page (default 3000; 0 picks a free one). */
  readonly port?: number;
  /** Keep the database here (default: a temporary directory, removed on close). */
  readonly dataDir?: string;
  readonly logger?: Logger;
  /** Validate the bot's requests against Discord's OpenAPI document (default true). */
  readonly validate?: boolean;
  /** Told what the sandbox is doing while it starts, one line each (e.g. seeding, only when it seeds). */
  readonly onProgress?: (line: string) => void;
}

export interface RunningSandbox {
  /** The page, e.g. http://127.0.0.1:3000/ */
  readonly url: string;
  readonly standIn: StandIn;
  readonly bot: RunningBot;
  readonly session: SandboxSession;
  close(): Promise<void>;
}

const HOST = "127.0.0.1";
const ROADMAP_DIR = path.resolve(import.meta.dirname, "../../roadmap");
/** Next to a kept database: how far the sandbox clock had been moved, so its weeks stay in order. */
const STATE_FILE = "sandbox.json";

async function savedOffset(dataDir: string): Promise<number> {
  try {
    const saved = JSON.parse(await readFile(path.join(dataDir, STATE_FILE), "utf8")) as { clockOffsetMs?: unknown };
    return typeof saved.clockOffsetMs === "number" ? Math.max(0, saved.clockOffsetMs) : 0;
  } catch {
    return 0;
  }
}

/**
 * The real bot, unchanged, against a local stand-in Discord and an embedded database, with a
 * seeded study group and a page that plays the Discord client. Nothing leaves 127.0.0.1.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const logger = options.logger ?? createLogger("warn");
  const keep = options.dataDir !== undefined;
  const dataDir = keep ? path.resolve(options.dataDir!) : await mkdtemp(path.join(os.tmpdir(), "roadmap-sandbox-"));
  await mkdir(dataDir, { recursive: true });
  const cleanups: (() => Promise<void>)[] = keep ? [] : [() => rm(dataDir, { recursive: true, force: true })];
  let closing: Promise<void> | undefined;
  // Once: closing again (a second Ctrl+C, a test's afterAll) waits for the first close.
  const cleanUp = (): Promise<void> =>
    (closing ??= (async () => {
      for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => logger.warn({ err: error }, "sandbox cleanup failed"));
    })());

  try {
    // The port first: a busy one is reported at once, not after seeding.
    let session: SandboxSession | undefined;
    const http = createSandboxHttp(() => session, logger);
    await new Promise<void>((listening, failed) => {
      http.server.once("error", failed);
      http.server.listen(options.port ?? 3000, HOST, () => {
        http.server.off("error", failed);
        listening();
      });
    });
    cleanups.push(() => http.close());
    options.onProgress?.("Starting the sandbox: the real bot, a local stand-in Discord and an embedded database…");

    const standIn = await startStandIn({ openapiPath: options.validate === false ? null : DEFAULT_OPENAPI_PATH, clientRules: true });
    cleanups.push(() => standIn.close());
    const group = createStudyGroup(standIn);

    const offset = keep ? await savedOffset(dataDir) : 0;
    const clock = offsetClock(offset);
    standIn.advanceClock(offset);
    // The production parser, so the sandbox gets every config field's default too.
    const config = parseConfig({
      DISCORD_TOKEN: standIn.token,
      DATA_DIR: dataDir,
      DISCORD_API_URL: standIn.restUrl,
      LOG_LEVEL: "warn",
      ROADMAP_DIR,
      SCHEDULER_CRON: "* * * * * *",
      HTTP_HOST: HOST,
    });
    const bot = await startBot({ config, logger, clock, pictures: true });
    cleanups.push(() => bot.stop());
    await standIn.waitForReady(1, 30_000);
    await waitForCommands(standIn);

    const started = new SandboxSession({
      standIn,
      bot,
      group,
      clock,
      onClockMoved: () => {
        http.notify();
        if (keep) void writeFile(path.join(dataDir, STATE_FILE), JSON.stringify({ clockOffsetMs: clock.offsetMs })).catch(() => undefined);
      },
    });
    const alreadySeeded = (await findGuild(bot.context.db, group.guild.id))?.channel_id != null;
    if (!alreadySeeded) {
      options.onProgress?.("Seeding the AI Study Group (a few weeks of progress, through the bot's own commands)…");
      await seedStudyGroup({ standIn, group, context: bot.context, roadmap: bot.context.catalogue.defaultRoadmap, moveClock: (to) => started.moveClock(to), logger });
    }
    started.open();
    session = started;

    const unsubscribe = standIn.onChange(() => http.notify());
    cleanups.push(async () => unsubscribe());
    const { port } = http.server.address() as AddressInfo;
    return { url: `http://${HOST}:${port}/`, standIn, bot, session: started, close: cleanUp };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

async function waitForCommands(standIn: StandIn, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (standIn.registeredCommands().length === 0) {
    if (Date.now() > deadline) throw new Error("the bot did not register its slash commands");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
