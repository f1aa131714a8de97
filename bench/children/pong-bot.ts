// The floors for interaction latency: the smallest discord.js bot there is, answering "pong" with no
// database; with DATABASE_URL, it first commits one row (one autocommit insert), the least any bot
// that keeps what a member sends must do before answering.
import { Client, Events, GatewayIntentBits } from "discord.js";
import pg from "pg";

const token = process.env.DISCORD_TOKEN;
const api = process.env.DISCORD_API_URL;
if (!token || !api) throw new Error("pong-bot needs DISCORD_TOKEN and DISCORD_API_URL");

const pool = process.env.DATABASE_URL ? new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 }) : undefined;
pool?.on("error", () => undefined);
await pool?.query("create table if not exists pong_writes (id bigint generated always as identity primary key, user_id text not null, at timestamptz not null)");

const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api } });
client.on(Events.InteractionCreate, (interaction) => {
  if (!interaction.isChatInputCommand()) return;
  const written = pool ? pool.query("insert into pong_writes (user_id, at) values ($1, now())", [interaction.user.id]) : Promise.resolve();
  written
    .then(() => interaction.reply({ content: "pong" }))
    .catch((error: unknown) => console.error("pong failed", error));
});
client.once(Events.ClientReady, () => console.log("pong-bot ready"));
process.on("SIGTERM", () => {
  void Promise.all([client.destroy(), pool?.end()]).then(() => process.exit(0));
});
await client.login(token);
