import { parseArgs } from "node:util";
import { DataDirInUseError } from "../db/embedded-lock.ts";
import { createLogger, routeProcessWarnings } from "../logger.ts";
import { startSandbox } from "./sandbox.ts";

/** `npm run sandbox [-- --port N] [-- --data DIR]`: try the bot in a browser, without Discord. */

const USAGE = `Usage: npm run sandbox -- [--port N] [--data DIR] [--log-level LEVEL]

  --port N       serve the page on http://127.0.0.1:N (default 3000)
  --data DIR     keep the sandbox's database in DIR (default: a temporary one, gone on exit)
  --log-level L  the bot's log level (default warn)`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: "string", default: "3000" },
      data: { type: "string" },
      "log-level": { type: "string", default: "warn" },
      help: { type: "boolean", short: "h" },
    },
  }));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const port = Number(values.port);
if (!/^\d{1,5}$/.test(values.port) || port > 65535) fail(`--port must be a port number such as 3000, not "${values.port}"`);
const level = values["log-level"];
if (!["fatal", "error", "warn", "info", "debug", "trace", "silent"].includes(level)) fail(`--log-level must be fatal, error, warn, info, debug, trace or silent`);

const logger = createLogger(level, { pretty: process.stdout.isTTY });
routeProcessWarnings(logger);
try {
  const sandbox = await startSandbox({ port, logger, onProgress: (line) => console.log(line), ...(values.data !== undefined && { dataDir: values.data }) });
  console.log(`\nRoadmap Bot sandbox is ready: ${sandbox.url}\nPress Ctrl+C to stop.`);
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    console.log("Stopping the sandbox…");
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "error while stopping the sandbox");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
} catch (error) {
  if (error instanceof Error && "code" in error && error.code === "EADDRINUSE") {
    console.error(`Port ${port} is in use. Pick another with: npm run sandbox -- --port 3001`);
  } else if (error instanceof DataDirInUseError) {
    console.error(error.message);
  } else {
    logger.fatal({ err: error }, "the sandbox could not start");
  }
  process.exit(1);
}
