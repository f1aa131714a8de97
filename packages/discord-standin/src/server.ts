import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ChangeSignal } from "./change-signal.ts";
import { Clock } from "./clock.ts";
import { CommandStore } from "./commands.ts";
import { FailureInjector } from "./failures.ts";
import { GlobalRateLimit } from "./global-rate-limit.ts";
import { GatewayServer } from "./gateway.ts";
import { InteractionRegistry } from "./interactions.ts";
import { MessageStore } from "./messages.ts";
import type { OpenApiSchemas } from "./openapi-schema.ts";
import { API_BASE, ATTACHMENTS_PREFIX, RestServer } from "./rest-server.ts";
import { RestRouter } from "./rest-router.ts";
import { registerAppRoutes } from "./routes-app.ts";
import { registerChannelRoutes } from "./routes-channels.ts";
import { registerGuildRoutes } from "./routes-guilds.ts";
import { registerInteractionRoutes } from "./routes-interactions.ts";
import { SnowflakeGenerator } from "./snowflakes.ts";
import { StandIn } from "./stand-in.ts";
import type { StandInState } from "./state.ts";
import { RequestValidator } from "./validation.ts";
import { ViolationLog } from "./violations.ts";
import { World } from "./world.ts";
import { dispatchMessageEvent, dispatchWorldChange } from "./world-events.ts";

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** Discord's OpenAPI document, shipped in this package (spec/README.md says where it came from). */
export const DEFAULT_OPENAPI_PATH = resolve(PACKAGE_ROOT, "spec/openapi.json");

export interface StandInOptions {
  /**
   * Discord's OpenAPI document; default the copy in this package's `spec/`.
   * null skips schema validation.
   */
  openapiPath?: string | null;
  /** HELLO's heartbeat_interval (default 41250, Discord's). */
  heartbeatIntervalMs?: number;
  botUsername?: string;
  /** `shards` in GET /gateway/bot, used by clients with `shards: "auto"` (default 1). */
  recommendedShards?: number;
  /**
   * `max_concurrency` in GET /gateway/bot (default 16). discord.js waits 5 s between IDENTIFYs in
   * the same bucket (shard id % max_concurrency); Discord's 1 would make multi-shard tests slow.
   */
  maxConcurrency?: number;
  /** How long `enforce_nonce` deduplicates (default 5 minutes, "a few minutes" per Discord). */
  nonceWindowMs?: number;
  /** Enforce Discord's global rate limit: past this many bot requests in a second, 429 with `global: true` (default: no limit). */
  globalRateLimitPerSecond?: number;
  /**
   * Refuse (throw from `command()`) option values Discord's own client never sends: a value not
   * among the choices, a number outside min_value/max_value, text outside min_length/max_length.
   * Default false, so tests can play a stale or forged client; the sandbox turns it on.
   */
  clientRules?: boolean;
}

export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const validator = new RequestValidator(await loadSchemas(options.openapiPath === undefined ? DEFAULT_OPENAPI_PATH : options.openapiPath));
  const clock = new Clock();
  const snowflakes = new SnowflakeGenerator(clock);
  const signal = new ChangeSignal();
  const violations = new ViolationLog(signal);
  const urls = { gateway: "", attachments: "" };
  // The world and the message store report changes to the gateway, which is created after them.
  let gateway: GatewayServer | undefined;
  const world = new World({
    clock,
    snowflakes,
    botUsername: options.botUsername ?? "Roadmap Bot",
    onChange: (change) => {
      if (gateway) dispatchWorldChange(gateway, change);
      signal.notify();
    },
  });
  const token = `${Buffer.from(world.botUser.id).toString("base64url")}.${randomBytes(4).toString("base64url")}.${randomBytes(27).toString("base64url")}`;
  // Modern applications share their id with their bot user.
  const applicationId = world.botUser.id;
  const messages = new MessageStore({
    snowflakes,
    clock,
    attachmentBaseUrl: () => urls.attachments,
    onEvent: (event, message) => {
      if (gateway) dispatchMessageEvent(gateway, event, message);
      signal.notify();
    },
  });
  gateway = new GatewayServer({
    token,
    applicationId,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    world,
    signal,
    violations,
    url: () => urls.gateway,
  });
  const state: StandInState = {
    token,
    applicationId,
    recommendedShards: options.recommendedShards ?? 1,
    maxConcurrency: options.maxConcurrency ?? 16,
    nonceWindowMs: options.nonceWindowMs ?? 5 * 60_000,
    clientRules: options.clientRules ?? false,
    clock,
    snowflakes,
    signal,
    world,
    messages,
    commands: new CommandStore(snowflakes, applicationId),
    interactions: new InteractionRegistry(),
    gateway,
    violations,
    roleChanges: [],
    urls,
  };

  const router = new RestRouter();
  registerAppRoutes(router, state);
  registerChannelRoutes(router, state);
  registerGuildRoutes(router, state);
  registerInteractionRoutes(router, state);
  const failures = new FailureInjector();
  const globalRateLimit = options.globalRateLimitPerSecond === undefined ? undefined : new GlobalRateLimit(options.globalRateLimitPerSecond);
  const rest = new RestServer({ state, router, validator, failures, globalRateLimit });

  const httpServer = createServer((request, response) => {
    rest.handle(request, response).catch((error: unknown) => {
      violations.record(request.method ?? "?", request.url ?? "?", `stand-in internal error: ${String(error)}`);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  const gatewayServer = gateway;
  httpServer.on("upgrade", (request, socket, head: Buffer) => gatewayServer.handleUpgrade(request, socket, head));
  await new Promise<void>((listening) => httpServer.listen(0, "127.0.0.1", listening));
  const { port } = httpServer.address() as AddressInfo;
  urls.gateway = `ws://127.0.0.1:${port}`;
  urls.attachments = `http://127.0.0.1:${port}${ATTACHMENTS_PREFIX}`;
  return new StandIn({ state, rest, failures, httpServer, restUrl: `http://127.0.0.1:${port}${API_BASE}` });
}

/** Ajv is only needed when validating, so it is loaded only then. */
async function loadSchemas(openapiPath: string | null): Promise<OpenApiSchemas | undefined> {
  if (openapiPath === null) return undefined;
  const { OpenApiSchemas } = await import("./openapi-schema.ts");
  return OpenApiSchemas.load(openapiPath);
}
