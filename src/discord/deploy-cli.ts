import { REST, Routes, type APIApplication } from "discord.js";
import { config as loadDotenv } from "dotenv";
import { slashCommands } from "../../commands/index.ts";
import { CliError, parseCommandLine, runCli } from "../cli/command-line.ts";
import { ConfigError, parseConfig, type Config } from "../config.ts";
import { commandBodies, syncCommands } from "./command-sync.ts";
import { createI18n } from "../i18n/translator.ts";
import { explainDiscordFailure } from "./connect.ts";

const USAGE = `Usage: npm run deploy-commands -- [--guild <server id>]

Registers the bot's slash commands with Discord. The bot does this itself when it starts;
this is for doing it on demand. Without --guild the commands are registered for every
server (global); with it, for one server only, where they show at once (handy for testing).
Reads DISCORD_TOKEN (and DISCORD_API_URL) from the environment or a .env file.

Options:
  --guild <id>   Register the commands for this server only (its id: 17 to 20 digits).
  -h, --help     Show this help.

Exit status: 0 when the commands were registered or already up to date, 1 when Discord
refused the token or could not be reached, 2 for a usage error.`;

const REQUEST_TIMEOUT_MS = 15_000;

async function main(): Promise<void> {
  const { values } = parseCommandLine(process.argv.slice(2), { usage: USAGE, options: { guild: { type: "string" } } });
  const guild = values.guild;
  if (guild !== undefined && !/^\d{17,20}$/.test(guild)) {
    throw new CliError(`--guild must be a server id (17 to 20 digits); got "${guild}".`, 2);
  }
  loadDotenv({ quiet: true });
  const config = readConfig();
  const rest = new REST({ timeout: REQUEST_TIMEOUT_MS, ...(config.discordApiUrl ? { api: config.discordApiUrl } : {}) }).setToken(config.discordToken);
  try {
    const application = (await rest.get(Routes.currentApplication())) as APIApplication;
    const result = await syncCommands(
      rest,
      application.id,
      commandBodies(slashCommands, createI18n({ logger: { warn: () => undefined } })),
      guild,
    );
    const scope = guild ? `server ${guild}` : "all servers (global)";
    console.log(result === "updated" ? `Slash commands updated for ${scope}.` : `Slash commands already up to date for ${scope}.`);
  } catch (error) {
    const line = explainDiscordFailure(error, config.discordApiUrl, REQUEST_TIMEOUT_MS);
    if (line !== undefined) throw new CliError(line);
    throw new CliError(`Could not deploy the commands: ${(error as Error).message}`);
  }
}

/** The bot's own settings check; its problems are printed without the bot's "cannot start" heading. */
function readConfig(): Config {
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.problems.join("\n"));
    throw error;
  }
}

await runCli(main);
