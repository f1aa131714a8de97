import { startStandIn } from "../../test/standin/index.ts";
import type { BenchOptions } from "../support/args.ts";
import { NodeChild } from "../../test/support/node-child.ts";
import { round } from "../support/stats.ts";

const MB = 1024 * 1024;
const TARGET_MB = 150;
const TARGET_RATIO = 0.5;

export interface ClientMemory {
  readonly rssMb: number;
  /** RSS of the same process before logging in (Node, tsx, discord.js loaded). */
  readonly rssBeforeLoginMb: number;
  readonly heapUsedMb: number;
  readonly readyMs: number;
  readonly cached: Record<string, number>;
}

export interface MemoryResults {
  readonly guilds: number;
  readonly channelsPerGuild: number;
  readonly rolesPerGuild: number;
  readonly bot: ClientMemory;
  /** The bot's client with the channel and role caches kept, as discord.js supports (keepChannelsAndRoles). */
  readonly supported: ClientMemory;
  readonly defaultClient: ClientMemory;
  readonly ratio: number;
  readonly targets: { readonly rssMb: number; readonly ratio: number };
  readonly met: { readonly rss: boolean; readonly ratio: boolean };
}

async function measureClient(mode: "bot" | "supported" | "default", env: Record<string, string>): Promise<ClientMemory> {
  const child = NodeChild.start("bench/children/memory-client.ts", { args: [mode], env, nodeFlags: ["--expose-gc"] });
  try {
    const line = await child.waitForLine(/^\{"memory"/, 180_000);
    const { memory } = JSON.parse(line) as { memory: { rssBefore: number; rss: number; heapUsed: number; readyMs: number; cached: Record<string, number> } };
    return {
      rssMb: round(memory.rss / MB, 1),
      rssBeforeLoginMb: round(memory.rssBefore / MB, 1),
      heapUsedMb: round(memory.heapUsed / MB, 1),
      readyMs: round(memory.readyMs, 0),
      cached: memory.cached,
    };
  } finally {
    await child.stop();
  }
}

/**
 * RSS after READY with many large guilds, each client in its own process: the bot's (no channels or
 * roles cached), the same with discord.js's supported caches (channels and roles kept), and discord.js's defaults.
 */
export async function measureMemory(options: BenchOptions): Promise<MemoryResults> {
  const standIn = await startStandIn();
  try {
    for (let g = 0; g < options.memoryGuilds; g++) {
      const guild = standIn.addGuild({ name: `Group ${g}` });
      for (let c = guild.channels.size; c < options.channelsPerGuild; c++) guild.addChannel({ name: `channel-${c}` });
      for (let r = 0; r < options.rolesPerGuild; r++) guild.addRole({ name: `role-${r}` });
    }
    const env = { DISCORD_TOKEN: standIn.token, DISCORD_API_URL: standIn.restUrl };
    const bot = await measureClient("bot", env);
    const supported = await measureClient("supported", env);
    const defaultClient = await measureClient("default", env);
    const ratio = round(bot.rssMb / defaultClient.rssMb, 2);
    return {
      guilds: options.memoryGuilds,
      channelsPerGuild: options.channelsPerGuild,
      rolesPerGuild: options.rolesPerGuild,
      bot,
      supported,
      defaultClient,
      ratio,
      targets: { rssMb: TARGET_MB, ratio: TARGET_RATIO },
      met: { rss: bot.rssMb <= TARGET_MB, ratio: ratio <= TARGET_RATIO },
    };
  } finally {
    await standIn.close();
  }
}
