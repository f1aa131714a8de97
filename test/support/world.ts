import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import type { Catalogue } from "../../src/catalogue/catalogue.ts";
import { startStandIn, type StandIn } from "../standin/index.ts";
import { startTestBot, waitForCommands, type TestBot, type TestBotOptions } from "./bot.ts";
import { loadRealCatalogue } from "./catalogue.ts";
import { createTestDatabase } from "./postgres.ts";

/** A stand-in Discord, a fresh database cloned from the template, and the real bot connected to both. */
export interface BotWorld {
  readonly standIn: StandIn;
  readonly bot: TestBot;
  readonly database: { url: string; drop: () => Promise<void> };
  readonly catalogue: Catalogue;
  readonly roadmap: Roadmap;
  stop(): Promise<void>;
}

export async function startBotWorld(
  options: Omit<TestBotOptions, "standIn" | "databaseUrl"> & {
    /** Shape the stand-in's world before the bot connects (guilds it sees at READY). */
    beforeBot?: (standIn: StandIn) => void;
  } = {},
): Promise<BotWorld> {
  const catalogue = options.catalogue ?? (await loadRealCatalogue());
  const standIn = await startStandIn();
  const database = await createTestDatabase();
  options.beforeBot?.(standIn);
  const bot = await startTestBot({ ...options, standIn, databaseUrl: database.url, catalogue });
  await standIn.waitForReady();
  await waitForCommands(standIn);
  return {
    standIn,
    bot,
    database,
    catalogue,
    roadmap: catalogue.defaultRoadmap,
    async stop() {
      await bot.stop();
      await standIn.close();
      await database.drop();
    },
  };
}
