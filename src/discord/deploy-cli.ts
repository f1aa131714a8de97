import { parseArgs } from "node:util";
import { REST, Routes, type APIApplication } from "discord.js";
import { config as loadDotenv } from "dotenv";
import { slashCommands } from "../../commands/index.ts";
import { ConfigError, parseConfig } from "../config.ts";
import { syncCommands } from "./command-sync.ts";

loadDotenv({ quiet: true });

const { values } = parseArgs({ options: { guild: { type: "string" } } });
if (values.guild !== undefined && !/^\d{17,20}$/.test(values.guild)) {
  console.error(`--guild must be a server id (17 to 20 digits); got "${values.guild}".`);
  process.exit(1);
}

try {
  const config = parseConfig(process.env);
  const rest = new REST(config.discordApiUrl ? { api: config.discordApiUrl } : {}).setToken(config.discordToken);
  const application = (await rest.get(Routes.currentApplication())) as APIApplication;
  const result = await syncCommands(
    rest,
    application.id,
    slashCommands.map((command) => command.data),
    values.guild,
  );
  const scope = values.guild ? `server ${values.guild}` : "all servers (global)";
  console.log(result === "updated" ? `Slash commands updated for ${scope}.` : `Slash commands already up to date for ${scope}.`);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Could not deploy the commands: ${(error as Error).message}`);
  process.exitCode = 1;
}
