import path from "node:path";
import { startStandIn, type ChannelModel, type GuildModel, type MemberModel, type StandIn } from "../../test/standin/index.ts";
import { REPO_DIR } from "./args.ts";
import { createBenchDatabase, type BenchDatabase } from "./database.ts";
import { waitForBot } from "./drive.ts";
import { NodeChild } from "../../test/support/node-child.ts";

export const REAL_ROADMAP_DIR = path.join(REPO_DIR, "roadmap");

/** A stand-in Discord with one study group, and a bot process (the real bot or the pong floor) connected to it. */
export interface BenchWorld {
  readonly standIn: StandIn;
  readonly guild: GuildModel;
  readonly channel: ChannelModel;
  readonly members: readonly MemberModel[];
  readonly bot: NodeChild;
  readonly database: BenchDatabase | undefined;
  stop(): Promise<void>;
}

async function world(
  memberCount: number,
  start: (standIn: StandIn, database: BenchDatabase | undefined) => NodeChild,
  withDatabase: boolean,
  registersCommands = withDatabase,
): Promise<BenchWorld> {
  const standIn = await startStandIn();
  const guild = standIn.addGuild({ name: "Bench Group" });
  const channel = guild.textChannels[0]!;
  const members = Array.from({ length: memberCount }, (_, i) => guild.addMember({ username: `learner${i}` }));
  const database = withDatabase ? await createBenchDatabase(2) : undefined;
  const bot = start(standIn, database);
  const stop = async () => {
    await bot.stop();
    await standIn.close();
    await database?.drop();
  };
  try {
    await waitForBot(standIn, { commands: registersCommands });
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\nchild output:\n${bot.text}`);
  }
  return { standIn, guild, channel, members, bot, database, stop };
}

/** The real bot in its own process (`node --import tsx src/main.ts`), on its own bench database. */
export function startBotWorld(options: { members: number; roadmapDir?: string; nodeFlags?: string[] }): Promise<BenchWorld> {
  return world(
    options.members,
    (standIn, database) =>
      NodeChild.bot(
        {
          DISCORD_TOKEN: standIn.token,
          DISCORD_API_URL: standIn.restUrl,
          DATABASE_URL: database!.url,
          ROADMAP_DIR: options.roadmapDir ?? REAL_ROADMAP_DIR,
        },
        options.nodeFlags,
      ),
    true,
    true,
  );
}

/**
 * The floor: a minimal discord.js bot that answers every command with "pong", no database; with
 * `durable`, it commits one row to its own bench database before each answer.
 */
export function startPongWorld(options: { members: number; durable?: boolean }): Promise<BenchWorld> {
  return world(
    options.members,
    (standIn, database) =>
      NodeChild.start("bench/children/pong-bot.ts", {
        env: { DISCORD_TOKEN: standIn.token, DISCORD_API_URL: standIn.restUrl, ...(database && { DATABASE_URL: database.url }) },
      }),
    options.durable ?? false,
    false,
  );
}

/** The two latency floors, connected at once so a bench can drive them in turns with the bot. */
export interface Floors {
  readonly pong: BenchWorld;
  readonly durablePong: BenchWorld;
  stop(): Promise<void>;
}

export async function startFloors(members: number): Promise<Floors> {
  const pong = await startPongWorld({ members });
  try {
    const durablePong = await startPongWorld({ members, durable: true });
    return { pong, durablePong, stop: async () => void (await Promise.all([pong.stop(), durablePong.stop()])) };
  } catch (error) {
    await pong.stop();
    throw error;
  }
}
