import type { APIApplicationCommand } from "discord-api-types/v10";
import type { SnowflakeGenerator } from "./snowflakes.ts";

type Fields = Record<string, unknown>;

/** The application's registered commands: the global set and one set per guild. */
export class CommandStore {
  /** Every PUT (bulk overwrite) received on a commands route, accepted or not. */
  putCount = 0;
  readonly #global: APIApplicationCommand[] = [];
  readonly #byGuild = new Map<string, APIApplicationCommand[]>();
  readonly #snowflakes: SnowflakeGenerator;
  readonly #applicationId: string;

  constructor(snowflakes: SnowflakeGenerator, applicationId: string) {
    this.#snowflakes = snowflakes;
    this.#applicationId = applicationId;
  }

  /** The set registered for a guild, or the global set when `guildId` is undefined. */
  list(guildId?: string): APIApplicationCommand[] {
    return guildId === undefined ? this.#global : (this.#byGuild.get(guildId) ?? []);
  }

  /** The command users in `guildId` see under `name`: guild commands shadow global ones. */
  find(name: string, guildId?: string): APIApplicationCommand | undefined {
    const inGuild = guildId === undefined ? undefined : this.list(guildId).find((command) => command.name === name && (command.type ?? 1) === 1);
    return inGuild ?? this.#global.find((command) => command.name === name && (command.type ?? 1) === 1);
  }

  /** Bulk overwrite. Like Discord, a command that keeps its name (and type) keeps its id. */
  replace(guildId: string | undefined, bodies: Fields[]): APIApplicationCommand[] {
    const previous = this.list(guildId);
    const next = bodies.map((body) => {
      const type = typeof body.type === "number" ? body.type : 1;
      const existing = previous.find((command) => command.name === body.name && (command.type ?? 1) === type);
      return this.#build(body, guildId, existing?.id);
    });
    this.#setList(guildId, next);
    return next;
  }

  /** POST: creates, or overwrites the command with the same name and type. */
  upsert(guildId: string | undefined, body: Fields): { command: APIApplicationCommand; created: boolean } {
    const list = [...this.list(guildId)];
    const type = typeof body.type === "number" ? body.type : 1;
    const index = list.findIndex((command) => command.name === body.name && (command.type ?? 1) === type);
    const command = this.#build(body, guildId, index >= 0 ? list[index]?.id : undefined);
    if (index >= 0) list[index] = command;
    else list.push(command);
    this.#setList(guildId, list);
    return { command, created: index < 0 };
  }

  /** PATCH: changes the given fields, keeps the id. */
  update(guildId: string | undefined, commandId: string, body: Fields): APIApplicationCommand | undefined {
    const list = [...this.list(guildId)];
    const index = list.findIndex((command) => command.id === commandId);
    const current = list[index];
    if (current === undefined) return undefined;
    const command = this.#build({ ...current, ...body }, guildId, commandId);
    list[index] = command;
    this.#setList(guildId, list);
    return command;
  }

  remove(guildId: string | undefined, commandId: string): boolean {
    const list = this.list(guildId);
    const remaining = list.filter((command) => command.id !== commandId);
    this.#setList(guildId, remaining);
    return remaining.length !== list.length;
  }

  #setList(guildId: string | undefined, commands: APIApplicationCommand[]): void {
    if (guildId === undefined) this.#global.splice(0, this.#global.length, ...commands);
    else this.#byGuild.set(guildId, commands);
  }

  #build(body: Fields, guildId: string | undefined, id: string | undefined): APIApplicationCommand {
    const permissions = body.default_member_permissions;
    return {
      id: id ?? this.#snowflakes.next(),
      application_id: this.#applicationId,
      ...(guildId !== undefined && { guild_id: guildId }),
      version: this.#snowflakes.next(),
      type: typeof body.type === "number" ? body.type : 1,
      name: String(body.name),
      name_localizations: (body.name_localizations as APIApplicationCommand["name_localizations"]) ?? null,
      description: typeof body.description === "string" ? body.description : "",
      description_localizations: (body.description_localizations as APIApplicationCommand["description_localizations"]) ?? null,
      ...(Array.isArray(body.options) && body.options.length > 0 && { options: body.options as APIApplicationCommand["options"] }),
      default_member_permissions: permissions === null || permissions === undefined ? null : String(permissions),
      dm_permission: body.dm_permission !== false,
      nsfw: body.nsfw === true,
      contexts: (body.contexts as APIApplicationCommand["contexts"]) ?? null,
      integration_types: (body.integration_types as APIApplicationCommand["integration_types"]) ?? [0],
    } as APIApplicationCommand;
  }
}
