import { setTimeout as sleep } from "node:timers/promises";
import { DiscordAPIError, Events, HTTPError, Routes, type Client } from "discord.js";
import type { Logger } from "pino";

/** A start-up failure whose message says the cause and the fix in one line; the process exits 1. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartupError";
  }
}

export const TOKEN_REFUSED = "Discord refused the token: reset it in the developer portal (Bot -> Reset Token) and update DISCORD_TOKEN";

const ATTEMPTS = 6;
const LONGEST_PAUSE_MS = 30_000;

/** Errors from the operating system or undici that mean no connection to Discord could be made. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EPIPE",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_HEADERS_TIMEOUT",
  "CERT_HAS_EXPIRED",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
]);

export interface ConnectOptions {
  readonly client: Client;
  readonly token: string;
  readonly logger: Logger;
  /** How long Discord may stay silent: one REST attempt, or the gateway between two signs of progress. */
  readonly timeoutMs: number;
  /** Where the bot talks to Discord (DISCORD_API_URL), for the messages; Discord's own when undefined. */
  readonly apiUrl: string | undefined;
  readonly attempts?: number;
}

/**
 * Logs the client in. First asks Discord's REST API where the gateway is, retrying with backoff
 * while Discord cannot be reached; then logs in and waits for the gateway, which discord.js keeps
 * reconnecting to by itself. Throws a StartupError with one line naming the cause and the fix
 * when Discord refuses the token (no retry helps) or the attempts run out.
 */
export async function connectToDiscord(options: ConnectOptions): Promise<void> {
  const attempts = options.attempts ?? ATTEMPTS;
  await reachRestApi(options, attempts);
  await waitForGateway(options, attempts);
}

/**
 * The same request login starts with (GET /gateway/bot), made here first: a failed login destroys
 * the client, and a discord.js client cannot log in again once destroyed.
 */
async function reachRestApi(options: ConnectOptions, attempts: number): Promise<void> {
  const host = hostOf(options.apiUrl);
  options.client.rest.setToken(options.token);
  for (let attempt = 1; ; attempt++) {
    options.logger.info({ attempt, attempts, timeoutSeconds: options.timeoutMs / 1000 }, "connecting to Discord");
    try {
      await options.client.rest.get(Routes.gatewayBot(), { signal: AbortSignal.timeout(options.timeoutMs) });
      return;
    } catch (error) {
      if (error instanceof DiscordAPIError && error.status === 401) throw new StartupError(TOKEN_REFUSED);
      const line = unreachable(error, host, options.timeoutMs);
      if (line === undefined) throw error;
      if (attempt >= attempts) throw new StartupError(`${line}; gave up after ${attempts} attempts`);
      const pauseMs = Math.min(1000 * 2 ** (attempt - 1), options.timeoutMs, LONGEST_PAUSE_MS);
      options.logger.warn({ attempt, attempts, retryInSeconds: pauseMs / 1000 }, `${line}; retrying in ${pauseMs / 1000} s (attempt ${attempt} of ${attempts})`);
      await sleep(pauseMs);
    }
  }
}

/**
 * Logs in and waits; each period of `timeoutMs` without a shard getting ready is logged, and after
 * `attempts` of them the bot gives up. Reconnecting is left to discord.js: abandoning a client
 * mid-handshake leaves its shard reconnecting on its own, a second session for the same shard.
 */
async function waitForGateway(options: ConnectOptions, attempts: number): Promise<void> {
  const seconds = options.timeoutMs / 1000;
  const silent =
    `Discord's gateway did not answer within ${seconds} s: check that no firewall or proxy blocks ` +
    "WebSocket connections to gateway.discord.gg, and https://discordstatus.com";
  await new Promise<void>((resolve, reject) => {
    let periods = 0;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(onSilence, options.timeoutMs);
    };
    const done = (error?: unknown) => {
      clearTimeout(timer);
      options.client.off(Events.ShardReady, arm);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onSilence = () => {
      periods += 1;
      if (periods >= attempts) {
        done(new StartupError(`${silent}; gave up after ${periods * seconds} s`));
        return;
      }
      options.logger.warn({ waitedSeconds: periods * seconds }, `${silent}; still trying (${periods} of ${attempts})`);
      arm();
    };
    options.client.on(Events.ShardReady, arm);
    arm();
    options.client.login(options.token).then(
      () => done(),
      (error: unknown) => {
        if (isTokenRefused(error)) return done(new StartupError(TOKEN_REFUSED));
        // Discord went away between our request and login's own: one line, and the service manager restarts us.
        const line = unreachable(error, hostOf(options.apiUrl), options.timeoutMs);
        done(line === undefined ? error : new StartupError(line));
      },
    );
  });
}

/** The gateway closing with 4004 (discord.js rejects login with this message), or a 401 turned into TokenInvalid. */
function isTokenRefused(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.message === "Authentication failed" || (error as { code?: unknown }).code === "TokenInvalid";
}

/**
 * One line for an error from a REST call to Discord that the user can act on (refused token, no
 * connection); undefined for anything else. For the command-line tools that talk to Discord.
 */
export function explainDiscordFailure(error: unknown, apiUrl: string | undefined, timeoutMs: number): string | undefined {
  if (error instanceof DiscordAPIError && error.status === 401) return TOKEN_REFUSED;
  return unreachable(error, hostOf(apiUrl), timeoutMs);
}

function hostOf(apiUrl: string | undefined): string {
  return apiUrl ? new URL(apiUrl).host : "discord.com";
}

/** The line to log when `error` means Discord could not be reached or is down; undefined for anything else. */
function unreachable(error: unknown, host: string, timeoutMs: number): string | undefined {
  if (error instanceof HTTPError || (error instanceof DiscordAPIError && error.status >= 500)) {
    return `Discord at ${host} answered ${error.status}, an error on Discord's side: see https://discordstatus.com`;
  }
  const advice = "check the network, DNS, and any proxy or firewall between this machine and Discord";
  if (error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError")) {
    return `Discord at ${host} did not answer within ${timeoutMs / 1000} s: ${advice}`;
  }
  const code = errorCode(error);
  if (code !== undefined && NETWORK_CODES.has(code)) return `Cannot reach Discord at ${host} (${code}): ${advice}`;
  return undefined;
}

/** The error's code, or its cause's (undici wraps socket errors). */
function errorCode(error: unknown): string | undefined {
  let current = error;
  for (let depth = 0; depth < 3 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
