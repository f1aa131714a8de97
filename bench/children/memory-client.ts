// Logs a discord.js client in, waits for READY (every GUILD_CREATE), forces a GC and prints its memory as JSON.
// argv[2]: "bot" (the bot's createDiscordClient, with its cache limits), "supported" (the same keeping channels and
// roles, as discord.js supports) or "default" (the discord.js guide's client).
import { Client, Events, GatewayIntentBits } from "discord.js";
import { createDiscordClient } from "../../src/discord/client.ts";

const mode = process.argv[2];
const token = process.env.DISCORD_TOKEN;
const api = process.env.DISCORD_API_URL;
if (!token || !api || (mode !== "bot" && mode !== "default" && mode !== "supported")) throw new Error("usage: DISCORD_TOKEN=… DISCORD_API_URL=… memory-client.ts bot|default");
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");

function settle(): NodeJS.MemoryUsage {
  for (let i = 0; i < 3; i++) gc!();
  return process.memoryUsage();
}

const before = settle();
const client = mode !== "default" ? createDiscordClient({ apiUrl: api, keepChannelsAndRoles: mode === "supported" }) : new Client({ intents: [GatewayIntentBits.Guilds], rest: { api } });
const started = performance.now();
client.once(Events.ClientReady, async (ready) => {
  const readyMs = performance.now() - started;
  // Let the last events' garbage become collectable before measuring.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const after = settle();
  const cached = {
    guilds: ready.guilds.cache.size,
    channels: ready.channels.cache.size,
    roles: ready.guilds.cache.reduce((total, guild) => total + guild.roles.cache.size, 0),
    members: ready.guilds.cache.reduce((total, guild) => total + guild.members.cache.size, 0),
    users: ready.users.cache.size,
  };
  console.log(JSON.stringify({ memory: { mode, readyMs, rssBefore: before.rss, rss: after.rss, heapUsed: after.heapUsed, external: after.external, cached } }));
  await client.destroy();
  process.exit(0);
});
await client.login(token);
