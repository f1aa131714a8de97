import { config as loadDotenv } from "dotenv";
import { startBot } from "./app.ts";
import { CatalogueError } from "./catalogue/load.ts";
import { ConfigError, parseConfig } from "./config.ts";
import { DataDirInUseError } from "./db/embedded-lock.ts";
import { StartupError } from "./discord/connect.ts";
import { createLogger, routeProcessWarnings } from "./logger.ts";

loadDotenv({ quiet: true });

let config;
try {
  config = parseConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const logger = createLogger(config.logLevel, { pretty: process.stdout.isTTY, secrets: [config.discordToken] });
routeProcessWarnings(logger);
process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled promise rejection"));

try {
  const bot = await startBot({ config, logger });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping: finishing work in flight");
    bot.stop().then(
      () => {
        logger.info("stopped");
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "error while stopping");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
} catch (error) {
  if (error instanceof CatalogueError || error instanceof StartupError || error instanceof DataDirInUseError) {
    logger.fatal(error.message);
  } else if (isMissingFolder(error, config.roadmapDir)) {
    logger.fatal(`No roadmap folder at ${config.roadmapDir}: set ROADMAP_DIR to the folder of roadmap files (npm run roadmap:validate checks one)`);
  } else {
    logger.fatal({ err: error }, "Roadmap Bot could not start");
  }
  process.exit(1);
}

function isMissingFolder(error: unknown, folder: string): boolean {
  const { code, path } = error as NodeJS.ErrnoException;
  return (code === "ENOENT" || code === "ENOTDIR") && path === folder;
}
