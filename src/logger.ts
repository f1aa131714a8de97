import { pino, type Logger } from "pino";

/** Paths that could carry the bot token; pino replaces them before anything is written. */
const REDACT = ["token", "*.token", "discordToken", "*.discordToken", "headers.authorization", "*.headers.authorization"];

export function createLogger(level: string, options: { pretty?: boolean; destination?: NodeJS.WritableStream } = {}): Logger {
  const base = { level, redact: { paths: REDACT, censor: "[redacted]" } };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty) return pino({ ...base, transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss" } } });
  return pino(base);
}
