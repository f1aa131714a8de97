import { pino, type Logger } from "pino";

/** Paths that could carry the bot token; pino replaces them before anything is written. */
const REDACT = ["token", "*.token", "discordToken", "*.discordToken", "headers.authorization", "*.headers.authorization"];

export function createLogger(level: string, options: { pretty?: boolean; destination?: NodeJS.WritableStream } = {}): Logger {
  const base = { level, redact: { paths: REDACT, censor: "[redacted]" } };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty) return pino({ ...base, transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss" } } });
  return pino(base);
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
