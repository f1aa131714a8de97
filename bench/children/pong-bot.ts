// The floor for interaction latency: the smallest discord.js bot there is, answering "pong" with no database.
import { Client, Events, GatewayIntentBits } from "discord.js";

const token = process.env.DISCORD_TOKEN;
const api = process.env.DISCORD_API_URL;
if (!token || !api) throw new Error("pong-bot needs DISCORD_TOKEN and DISCORD_API_URL");

const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api } });
client.on(Events.InteractionCreate, (interaction) => {
  if (!interaction.isChatInputCommand()) return;
  interaction.reply({ content: "pong" }).catch((error: unknown) => console.error("pong failed", error));
});
client.once(Events.ClientReady, () => console.log("pong-bot ready"));
process.on("SIGTERM", () => {
  void client.destroy().then(() => process.exit(0));
});
await client.login(token);
