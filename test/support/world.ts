import { PermissionFlagsBits } from "discord.js";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import type { Catalogue } from "../../src/catalogue/catalogue.ts";
import { startStandIn, type ChannelModel, type GuildModel, type MemberModel, type StandIn } from "../standin/index.ts";
import { startTestBot, waitForCommands, type TestBot, type TestBotOptions } from "./bot.ts";
import { loadRealCatalogue } from "./catalogue.ts";
import { createTestDatabase } from "./postgres.ts";
import { waitFor } from "./wait.ts";

type WorldBotOptions = Omit<TestBotOptions, "standIn" | "databaseUrl">;

/** A study group as most tests need one: a server with a #progress channel and an organiser. */
export interface Group {
  readonly guild: GuildModel;
  readonly channel: ChannelModel;
  readonly organiser: MemberModel;
}

/** A stand-in Discord, a fresh database cloned from the template, and the real bot connected to both. */
export interface BotWorld {
  readonly standIn: StandIn;
  /** The bot the world started with. */
  readonly bot: TestBot;
  readonly database: { url: string; drop: () => Promise<void> };
  readonly catalogue: Catalogue;
  readonly roadmap: Roadmap;
  /** Another bot process on the same stand-in and database (a restart, a second shard); the world stops it if the test does not. */
  startBot(options?: WorldBotOptions): Promise<TestBot>;
  /** A new server with #progress and an organiser, once a running bot has received it from the gateway. */
  addGroup(name?: string): Promise<Group>;
  stop(): Promise<void>;
}

export async function startBotWorld(
  options: WorldBotOptions & {
    /** Shape the stand-in's world before the bot connects (guilds it sees at READY). */
    beforeBot?: (standIn: StandIn) => void;
  } = {},
): Promise<BotWorld> {
  const { beforeBot, ...botOptions } = options;
  const catalogue = options.catalogue ?? (await loadRealCatalogue());
  const standIn = await startStandIn();
  const database = await createTestDatabase();
  const running = new Set<TestBot>();
  beforeBot?.(standIn);

  async function startBot(extra: WorldBotOptions = {}): Promise<TestBot> {
    const bot = await startTestBot({ ...botOptions, ...extra, standIn, databaseUrl: database.url, catalogue });
    const stop = bot.stop.bind(bot);
    running.add(bot);
    return Object.assign(bot, {
      async stop() {
        running.delete(bot);
        await stop();
      },
    });
  }

  const bot = await startBot();
  await standIn.waitForReady();
  await waitForCommands(standIn);
  return {
    standIn,
    bot,
    database,
    catalogue,
    roadmap: catalogue.defaultRoadmap,
    startBot,
    async addGroup(name = "AI Study Group") {
      const guild = standIn.addGuild({ name });
      const channel = guild.addChannel({ name: "progress" });
      const organiser = guild.addMember({ username: `${name}-organiser`, permissions: PermissionFlagsBits.ManageGuild });
      await waitFor(() => [...running].some((b) => b.client.guilds.cache.has(guild.id)), `the bot to receive ${name}`);
      return { guild, channel, organiser };
    },
    async stop() {
      for (const runningBot of [...running]) await runningBot.stop();
      await standIn.close();
      await database.drop();
    },
  };
}
