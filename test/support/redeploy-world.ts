import { PermissionFlagsBits } from "discord.js";
import { buildCatalogue, buildRoadmap, type Catalogue } from "../../src/catalogue/catalogue.ts";
import type { RoadmapFile } from "../../src/catalogue/schema.ts";
import type { Clock } from "../../src/clock.ts";
import type { GuildModel, MemberModel } from "../standin/index.ts";
import { startTestBot, waitForCommands, type TestBot } from "./bot.ts";
import { startBotWorld, type BotWorld } from "./world.ts";

/**
 * A server with an organiser, whose operator can deploy a changed `roadmap/` file: the bot stops
 * and starts again with the bundled roadmap's new document, on the same database.
 */
export interface RedeployWorld {
  readonly world: BotWorld;
  readonly guild: GuildModel;
  readonly organiser: MemberModel;
  /** Restarts the bot with the bundled roadmaps' documents replaced (the first is the default); returns the new catalogue and bot. */
  redeploy(documents: RoadmapFile | readonly RoadmapFile[]): Promise<{ catalogue: Catalogue; bot: TestBot }>;
  stop(): Promise<void>;
}

export async function startRedeployWorld(clock: Clock, guildName: string, options: { catalogue?: Catalogue } = {}): Promise<RedeployWorld> {
  let guild: GuildModel | undefined;
  let redeployed: TestBot | undefined;
  const world = await startBotWorld({ clock, ...options, beforeBot: (s) => (guild = s.addGuild({ name: guildName })) });
  const organiser = guild!.addMember({ username: "organiser", permissions: PermissionFlagsBits.ManageGuild });
  return {
    world,
    guild: guild!,
    organiser,
    async redeploy(documents) {
      await (redeployed ?? world.bot).stop();
      const all: readonly RoadmapFile[] = Array.isArray(documents) ? documents : [documents];
      const catalogue = buildCatalogue(all.map((document) => buildRoadmap(document)), all[0]!.id);
      redeployed = await startTestBot({ standIn: world.standIn, databaseUrl: world.database.url, clock, catalogue });
      await world.standIn.waitForReady();
      await waitForCommands(world.standIn);
      return { catalogue, bot: redeployed };
    },
    async stop() {
      await redeployed?.stop();
      await world.database.drop();
      await world.standIn.close();
    },
  };
}
