import { randomBytes } from "node:crypto";
import {
  type APIAttachment,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
  InteractionContextType,
  InteractionType,
  type APIApplicationCommand,
  type APIApplicationCommandOption,
  type APIInteraction,
  type APIInteractionDataResolved,
  type APIMessage,
  type APIUser,
} from "discord-api-types/v10";
import { ChannelModel, MemberModel, type GuildModel, type RoleModel, type UserModel } from "./models.ts";
import { apiGuildMember, apiInteractionChannel, apiInteractionMember, apiRole, apiUser } from "./payloads.ts";
import { channelPermissions, DIRECT_MESSAGE_PERMISSIONS } from "./permissions.ts";

/** A value for a slash-command option. Users, members, channels and roles become ids plus `resolved` entries. */
export type OptionValue =
  | string
  | number
  | boolean
  | UserModel
  | MemberModel
  | ChannelModel
  | RoleModel
  | { user: UserModel | MemberModel }
  /** A file the member attaches (attachment options). */
  | { upload: { name: string; data: Buffer; contentType?: string } };

/** Stores an uploaded file and describes it as Discord's `resolved.attachments` entry. */
export type UploadRegistrar = (file: { name: string; data: Buffer; contentType?: string }) => APIAttachment;

/** Who interacts, and where: a guild member (in `channel`, default the guild's first text channel) or a user in the bot's DMs. */
export type InteractionActor =
  | { member: MemberModel; guild?: GuildModel; channel?: ChannelModel; locale?: string }
  | { dm: true; user: UserModel | MemberModel; locale?: string };

export type CommandInput = InteractionActor & {
  name: string;
  subcommand?: string;
  group?: string;
  options?: Record<string, OptionValue>;
};

export type AutocompleteInput = CommandInput & {
  /** The option being typed into. */
  focused: string;
  /** What has been typed so far. */
  value: string;
};

/** A component press. The message decides the channel; `member` (guild) or `user` (guild or DM) is who pressed. */
export type ComponentInput = ({ member: MemberModel } | { user: UserModel | MemberModel }) & {
  /** A message the bot sent: a MessageView (e.g. from `handle.reply()`), an API message, or just its id. */
  message: { id: string };
  customId: string;
  /** Optional; must be the guild the message is in. */
  guild?: GuildModel;
  locale?: string;
};

/** Where an interaction happens, resolved from an actor. */
export interface InteractionPlace {
  guild: GuildModel | null;
  channel: ChannelModel;
  user: UserModel;
  member: MemberModel | null;
  locale: string;
}

export interface InteractionIds {
  id: string;
  applicationId: string;
}

const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;

export function newInteractionToken(): string {
  return randomBytes(120).toString("base64url");
}

function isUserModel(value: unknown): value is UserModel {
  return typeof value === "object" && value !== null && "username" in value && "acceptsDirectMessages" in value;
}

function isRoleModel(value: unknown): value is RoleModel {
  return typeof value === "object" && value !== null && "guildId" in value && "permissions" in value && "position" in value;
}

function userOf(value: UserModel | MemberModel): UserModel {
  return value instanceof MemberModel ? value.user : value;
}

/** Base fields every interaction payload carries. */
export function interactionBase(place: InteractionPlace, ids: InteractionIds, type: InteractionType, token: string): Record<string, unknown> {
  const { guild, channel, member, user } = place;
  const memberPermissions = member ? channelPermissions(channel, member) : DIRECT_MESSAGE_PERMISSIONS;
  const appPermissions = guild ? channelPermissions(channel, guild.botMember) : DIRECT_MESSAGE_PERMISSIONS;
  return {
    id: ids.id,
    application_id: ids.applicationId,
    type,
    token,
    version: 1,
    ...(guild
      ? {
          guild_id: guild.id,
          guild: { id: guild.id, locale: guild.preferredLocale, features: [] },
          guild_locale: guild.preferredLocale,
          member: apiInteractionMember(member as MemberModel, memberPermissions),
        }
      : { user: apiUser(user) }),
    channel: apiInteractionChannel(channel, memberPermissions),
    channel_id: channel.id,
    app_permissions: appPermissions.toString(),
    locale: place.locale,
    entitlements: [],
    // A guild install: the guild's id, or "0" in the bot's DMs.
    authorizing_integration_owners: { "0": guild ? guild.id : "0" },
    context: guild ? InteractionContextType.Guild : InteractionContextType.BotDM,
    attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
  };
}

function inferOptionType(value: OptionValue): ApplicationCommandOptionType {
  if (typeof value === "string") return ApplicationCommandOptionType.String;
  if (typeof value === "boolean") return ApplicationCommandOptionType.Boolean;
  if (typeof value === "number") return Number.isInteger(value) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number;
  if (value instanceof ChannelModel) return ApplicationCommandOptionType.Channel;
  if (isRoleModel(value)) return ApplicationCommandOptionType.Role;
  return ApplicationCommandOptionType.User;
}

/** Collects `resolved` entries while option values are converted. */
class ResolvedCollector {
  readonly resolved: APIInteractionDataResolved = {};
  readonly #place: InteractionPlace;
  readonly #uploads: UploadRegistrar | undefined;

  constructor(place: InteractionPlace, uploads?: UploadRegistrar) {
    this.#place = place;
    this.#uploads = uploads;
  }

  attachment(file: { name: string; data: Buffer; contentType?: string }): string {
    if (!this.#uploads) throw new Error("attachment options need the stand-in's upload store");
    const attachment = this.#uploads(file);
    (this.resolved.attachments ??= {})[attachment.id] = attachment;
    return attachment.id;
  }

  user(value: UserModel | MemberModel): string {
    const user = userOf(value);
    (this.resolved.users ??= {})[user.id] = apiUser(user) as APIUser;
    const member = value instanceof MemberModel ? value : this.#place.guild?.member(user.id);
    if (member && this.#place.guild) {
      const { user: _user, deaf: _deaf, mute: _mute, ...rest } = apiGuildMember(member);
      (this.resolved.members ??= {})[user.id] = { ...rest, permissions: channelPermissions(this.#place.channel, member).toString() };
    }
    return user.id;
  }

  channel(channel: ChannelModel): string {
    const permissions = this.#place.member ? channelPermissions(channel, this.#place.member) : DIRECT_MESSAGE_PERMISSIONS;
    (this.resolved.channels ??= {})[channel.id] = apiInteractionChannel(channel, permissions);
    return channel.id;
  }

  role(role: RoleModel): string {
    (this.resolved.roles ??= {})[role.id] = apiRole(role);
    return role.id;
  }

  get isEmpty(): boolean {
    return Object.keys(this.resolved).length === 0;
  }
}

function describeCommand(input: CommandInput): string {
  return `/${[input.name, input.group, input.subcommand].filter(Boolean).join(" ")}`;
}

/** The option definitions that apply below the chosen group/subcommand, when the command is registered. */
export function leafDefinitions(command: APIApplicationCommand | undefined, input: CommandInput): APIApplicationCommandOption[] | undefined {
  if (!command) return undefined;
  let options = command.options ?? [];
  if (input.group !== undefined) {
    const group = options.find((option) => option.type === ApplicationCommandOptionType.SubcommandGroup && option.name === input.group);
    if (!group) throw new Error(`${describeCommand(input)}: the registered /${command.name} has no subcommand group "${input.group}"`);
    options = ("options" in group ? group.options : undefined) ?? [];
  }
  if (input.subcommand !== undefined) {
    const sub = options.find((option) => option.type === ApplicationCommandOptionType.Subcommand && option.name === input.subcommand);
    // A subcommand without options is stored without an `options` key.
    if (!sub) throw new Error(`${describeCommand(input)}: the registered /${command.name} has no subcommand "${input.subcommand}"`);
    options = ("options" in sub ? sub.options : undefined) ?? [];
  } else if (options.some((option) => option.type === ApplicationCommandOptionType.Subcommand || option.type === ApplicationCommandOptionType.SubcommandGroup)) {
    throw new Error(`${describeCommand(input)}: the registered /${command.name} needs a subcommand`);
  }
  return options as APIApplicationCommandOption[];
}

function optionValue(type: ApplicationCommandOptionType, value: OptionValue, collector: ResolvedCollector, label: string): string | number | boolean {
  switch (type) {
    case ApplicationCommandOptionType.String:
      if (typeof value !== "string") throw new Error(`${label} is a string option; got ${typeof value}`);
      return value;
    case ApplicationCommandOptionType.Integer:
      if (typeof value !== "number" || !Number.isInteger(value)) throw new Error(`${label} is an integer option; got ${String(value)}`);
      return value;
    case ApplicationCommandOptionType.Number:
      if (typeof value !== "number") throw new Error(`${label} is a number option; got ${typeof value}`);
      return value;
    case ApplicationCommandOptionType.Boolean:
      if (typeof value !== "boolean") throw new Error(`${label} is a boolean option; got ${typeof value}`);
      return value;
    case ApplicationCommandOptionType.Channel:
      if (!(value instanceof ChannelModel)) throw new Error(`${label} is a channel option; pass a channel model`);
      return collector.channel(value);
    case ApplicationCommandOptionType.Role:
      if (!isRoleModel(value)) throw new Error(`${label} is a role option; pass a role model`);
      return collector.role(value);
    case ApplicationCommandOptionType.User:
    case ApplicationCommandOptionType.Mentionable: {
      if (isRoleModel(value)) return collector.role(value);
      if (value instanceof MemberModel || isUserModel(value)) return collector.user(value);
      if (typeof value === "object" && value !== null && "user" in value) return collector.user(value.user);
      throw new Error(`${label} is a user option; pass a member or user model`);
    }
    case ApplicationCommandOptionType.Attachment:
      if (typeof value !== "object" || value === null || !("upload" in value)) throw new Error(`${label} is an attachment option; pass { upload: { name, data } }`);
      return collector.attachment(value.upload);
    default:
      throw new Error(`${label}: option type ${type} is not supported by the stand-in`);
  }
}

/** `data` of an APPLICATION_COMMAND (or, with `focus`, AUTOCOMPLETE) interaction. */
export function commandData(
  place: InteractionPlace,
  command: APIApplicationCommand | undefined,
  fallbackCommandId: string,
  input: CommandInput,
  focus?: { name: string; value: string },
  uploads?: UploadRegistrar,
): Record<string, unknown> {
  const definitions = leafDefinitions(command, input);
  const collector = new ResolvedCollector(place, uploads);
  const given = { ...input.options };
  const leaf: Record<string, unknown>[] = [];
  for (const [name, value] of Object.entries(given)) {
    const definition = definitions?.find((option) => option.name === name);
    if (definitions && !definition) {
      throw new Error(`${describeCommand(input)} has no option "${name}" (registered: ${definitions.map((option) => option.name).join(", ") || "none"})`);
    }
    if (focus?.name === name) continue;
    const type = definition?.type ?? inferOptionType(value);
    leaf.push({ name, type, value: optionValue(type, value, collector, `${describeCommand(input)} option "${name}"`) });
  }
  if (focus) {
    const definition = definitions?.find((option) => option.name === focus.name);
    if (definitions && !definition) throw new Error(`${describeCommand(input)} has no option "${focus.name}" to autocomplete`);
    if (definition && !("autocomplete" in definition && definition.autocomplete)) {
      throw new Error(`${describeCommand(input)} option "${focus.name}" is not registered with autocomplete: true`);
    }
    leaf.push({ name: focus.name, type: definition?.type ?? ApplicationCommandOptionType.String, value: focus.value, focused: true });
  } else if (definitions) {
    const missing = definitions.filter((option) => "required" in option && option.required && !(option.name in given));
    if (missing.length > 0) throw new Error(`${describeCommand(input)} is missing required option(s): ${missing.map((option) => option.name).join(", ")}`);
  }
  let options: Record<string, unknown>[] = leaf;
  if (input.subcommand !== undefined) options = [{ name: input.subcommand, type: ApplicationCommandOptionType.Subcommand, options }];
  if (input.group !== undefined) options = [{ name: input.group, type: ApplicationCommandOptionType.SubcommandGroup, options }];
  return {
    id: command?.id ?? fallbackCommandId,
    name: input.name,
    type: ApplicationCommandType.ChatInput,
    ...(command?.guild_id !== undefined && { guild_id: command.guild_id }),
    ...(options.length > 0 && { options }),
    ...(!collector.isEmpty && { resolved: collector.resolved }),
  };
}

/** Finds a component by custom_id anywhere in a message's component tree. */
function findComponent(components: unknown, customId: string): Record<string, unknown> | undefined {
  if (!Array.isArray(components)) return undefined;
  for (const component of components as Record<string, unknown>[]) {
    if (component.custom_id === customId) return component;
    const nested = findComponent(component.components, customId) ?? findComponent(component.accessory ? [component.accessory] : undefined, customId);
    if (nested) return nested;
  }
  return undefined;
}

/** `data` of a MESSAGE_COMPONENT interaction on `message`. */
export function componentData(message: APIMessage, customId: string, values?: string[]): Record<string, unknown> {
  const component = findComponent(message.components, customId);
  if (!component) {
    const available: string[] = [];
    const collect = (nodes: unknown): void => {
      if (!Array.isArray(nodes)) return;
      for (const node of nodes as Record<string, unknown>[]) {
        if (typeof node.custom_id === "string") available.push(node.custom_id);
        collect(node.components);
      }
    };
    collect(message.components);
    throw new Error(`message ${message.id} has no component with custom_id "${customId}" (has: ${available.join(", ") || "none"})`);
  }
  if (component.disabled === true) throw new Error(`component "${customId}" on message ${message.id} is disabled; users cannot press it`);
  const componentType = Number(component.type);
  if (values !== undefined && componentType === ComponentType.Button) throw new Error(`component "${customId}" is a button, not a select menu`);
  if (values === undefined && componentType !== ComponentType.Button) throw new Error(`component "${customId}" is a select menu; use selectMenu()`);
  return { custom_id: customId, component_type: componentType, ...(values !== undefined && { values }) };
}

/** Assembles the final payload; the cast is where our loosely built parts meet discord-api-types' union. */
export function interactionPayload(base: Record<string, unknown>, extra: Record<string, unknown>): APIInteraction {
  return { ...base, ...extra } as unknown as APIInteraction;
}
