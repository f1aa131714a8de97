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

/** Warnings we cause on purpose: the bot limits discord.js's channel and role caches to save memory. */
const EXPECTED_WARNINGS = new Set(["UnsupportedCacheOverwriteWarning"]);

/**
 * Sends process warnings through the logger instead of raw stderr, leaving out the ones the bot
 * causes on purpose. For entry points only: it replaces Node's default warning printer.
 */
export function routeProcessWarnings(logger: Logger): void {
  process.removeAllListeners("warning");
  process.on("warning", (warning) => {
    if (EXPECTED_WARNINGS.has(warning.name)) return;
    logger.warn({ warning: { name: warning.name, message: warning.message } }, "process warning");
  });
}
