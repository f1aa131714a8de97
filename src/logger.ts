import { createRequire } from "node:module";
import { pino, type Logger, type LoggerOptions } from "pino";
import { redactSecrets } from "./log-redaction.ts";

/** Paths that could carry the bot token; pino replaces them before anything is written. */
const REDACT = ["token", "*.token", "discordToken", "*.discordToken", "headers.authorization", "*.headers.authorization"];

export interface CreateLoggerOptions {
  /** Human-readable lines when the pretty printer (a dev dependency) is installed; JSON otherwise. */
  readonly pretty?: boolean;
  readonly destination?: NodeJS.WritableStream;
  /** Strings never to write, such as the bot token: replaced in every line, whatever field or message holds them. */
  readonly secrets?: readonly string[];
}

export function createLogger(level: string, options: CreateLoggerOptions = {}): Logger {
  const secrets = options.secrets ?? [];
  const base: LoggerOptions = {
    level,
    redact: { paths: REDACT, censor: "[redacted]" },
    // The last step before a line is written, so it covers messages, errors and nested fields alike.
    hooks: { streamWrite: (line) => redactSecrets(line, secrets) },
  };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty && prettyPrinterInstalled()) {
    return pino({ ...base, transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss" } } });
  }
  return pino(base);
}

/** pino-pretty is a dev dependency: a production install (`npm ci --omit=dev`) has none, and logs JSON. */
function prettyPrinterInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve("pino-pretty");
    return true;
  } catch {
    return false;
  }
}

/**
 * Also logs every process warning through the logger, as one structured line. It only adds a
 * listener: Node's own printer and other modules' listeners still get every warning. Warnings the
 * process was started not to show (Node's `--disable-warning=TYPE_OR_CODE`) are not logged either:
 * the bot's start command turns off the one it causes on purpose that way (discord.js's
 * UnsupportedCacheOverwriteWarning, see src/discord/client.ts). Returns a function that removes
 * this listener and no other.
 */
export function routeProcessWarnings(logger: Logger, execArgv: readonly string[] = process.execArgv): () => void {
  const disabled = disabledWarnings(execArgv);
  const log = (warning: Error & { code?: string }): void => {
    if (disabled.has(warning.name) || (warning.code !== undefined && disabled.has(warning.code))) return;
    logger.warn({ warning: { name: warning.name, message: warning.message, ...(warning.code !== undefined && { code: warning.code }) } }, "process warning");
  };
  process.on("warning", log);
  return () => process.off("warning", log);
}

/** The types and codes named by `--disable-warning=X` or `--disable-warning X` among Node's flags. */
function disabledWarnings(execArgv: readonly string[]): Set<string> {
  const names = new Set<string>();
  execArgv.forEach((flag, index) => {
    if (flag.startsWith("--disable-warning=")) names.add(flag.slice("--disable-warning=".length));
    else if (flag === "--disable-warning" && execArgv[index + 1] !== undefined) names.add(execArgv[index + 1]!);
  });
  return names;
}
