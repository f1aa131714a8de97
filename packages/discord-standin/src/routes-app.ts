import type { RestResponse } from "./failures.ts";
import { missingAccess, unknownCommand, unknownUser } from "./discord-errors.ts";
import { apiUser } from "./payloads.ts";
import type { RestRequest, RestRouter } from "./rest-router.ts";
import type { StandInState } from "./state.ts";

/** Gateway discovery, the bot's own user and application, and application command registration. */

type Fields = Record<string, unknown>;

const ok = (body: unknown): RestResponse => ({ status: 200, body });

export function registerAppRoutes(router: RestRouter, state: StandInState): void {
  const gatewayUrl = () => state.urls.gateway;

  router.add("GET", "/gateway", () => ok({ url: gatewayUrl() }), { requiresBotToken: false });
  router.add("GET", "/gateway/bot", () =>
    ok({
      url: gatewayUrl(),
      shards: state.recommendedShards,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: state.maxConcurrency },
    }),
  );

  router.add("GET", "/users/@me", () => ok({ ...apiUser(state.world.botUser), verified: true, mfa_enabled: false, locale: "en-US" }));
  router.add("GET", "/users/{userId}", (request) => {
    const user = state.world.users.get(request.params.userId ?? "");
    if (!user) throw unknownUser();
    return ok(apiUser(user));
  });

  router.add("GET", "/applications/@me", () =>
    ok({
      id: state.applicationId,
      name: state.world.botUser.username,
      icon: null,
      description: "",
      summary: "",
      type: null,
      bot: apiUser(state.world.botUser),
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: "0".repeat(64),
      flags: 0,
      team: null,
      owner: { id: "0", username: "stand-in-developer", discriminator: "0", global_name: null, avatar: null },
      approximate_guild_count: state.world.guilds.size,
      redirect_uris: [],
      interactions_endpoint_url: null,
      tags: [],
      integration_types_config: { "0": {} },
    }),
  );

  registerCommandRoutes(router, state, "/applications/{applicationId}/commands");
  registerCommandRoutes(router, state, "/applications/{applicationId}/guilds/{guildId}/commands");
}

function registerCommandRoutes(router: RestRouter, state: StandInState, base: string): void {
  /** The scope a request addresses: undefined for global commands, else a guild the bot is in. */
  const scope = (request: RestRequest): string | undefined => {
    if (request.params.applicationId !== state.applicationId) throw missingAccess();
    const guildId = request.params.guildId;
    if (guildId !== undefined && !state.world.guilds.has(guildId)) throw missingAccess();
    return guildId;
  };
  const existing = (request: RestRequest) => {
    const command = state.commands.list(scope(request)).find((candidate) => candidate.id === request.params.commandId);
    if (!command) throw unknownCommand();
    return command;
  };

  // Like Discord, the localisation maps come back only when asked for with with_localizations=true.
  router.add("GET", base, (request) => {
    const commands = state.commands.list(scope(request));
    return ok(request.query.get("with_localizations") === "true" ? commands : commands.map(withoutLocalisations));
  });
  router.add(
    "PUT",
    base,
    (request) => ok(state.commands.replace(scope(request), Array.isArray(request.body) ? (request.body as Fields[]) : [])),
    { onReceived: () => (state.commands.putCount += 1) },
  );
  router.add("POST", base, (request) => {
    const { command, created } = state.commands.upsert(scope(request), request.body as Fields);
    return { status: created ? 201 : 200, body: command };
  });
  router.add("GET", `${base}/{commandId}`, (request) => ok(existing(request)));
  router.add("PATCH", `${base}/{commandId}`, (request) => {
    const updated = state.commands.update(scope(request), existing(request).id, request.body as Fields);
    if (!updated) throw unknownCommand();
    return ok(updated);
  });
  router.add("DELETE", `${base}/{commandId}`, (request) => {
    if (!state.commands.remove(scope(request), existing(request).id)) throw unknownCommand();
    return { status: 204 };
  });
}

/** A registered command as Discord lists it without `with_localizations`: no `*_localizations` maps anywhere. */
function withoutLocalisations<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutLocalisations) as T;
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !key.endsWith("_localizations"))
      .map(([key, inner]) => [key, withoutLocalisations(inner)]),
  ) as T;
}
