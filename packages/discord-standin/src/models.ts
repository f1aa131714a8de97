import { ChannelType, PermissionFlagsBits } from "discord-api-types/v10";
import type { Clock } from "./clock.ts";
import { DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS } from "./permissions.ts";
import type { SnowflakeGenerator } from "./snowflakes.ts";

/** The stand-in's world: users, guilds, their roles, channels and members. API payloads are built from these. */

export interface UserModel {
  readonly id: string;
  username: string;
  globalName: string | null;
  bot: boolean;
  /** When false, the bot's DMs to this user fail with 50007 "Cannot send messages to this user". */
  acceptsDirectMessages: boolean;
  /** The language the user set in their Discord client: every interaction they make carries it as `locale`. */
  locale: string;
}

export interface RoleModel {
  readonly id: string;
  readonly guildId: string;
  name: string;
  permissions: bigint;
  /** Higher is more powerful. @everyone is 0; the bot's role sits at BOT_ROLE_POSITION. */
  position: number;
  color: number;
  hoist: boolean;
  mentionable: boolean;
  /** Set on the bot's own integration role. */
  managedForBotId: string | null;
}

export interface PermissionOverwrite {
  /** A role id (the guild id for @everyone) or a user id. */
  id: string;
  type: "role" | "member";
  allow: bigint;
  deny: bigint;
}

export type WorldChange =
  | { kind: "guildCreated"; guild: GuildModel }
  | { kind: "guildUpdated"; guild: GuildModel }
  | { kind: "channelCreated"; channel: ChannelModel }
  | { kind: "roleCreated"; role: RoleModel }
  | { kind: "memberAdded"; member: MemberModel }
  | { kind: "memberUpdated"; member: MemberModel }
  | { kind: "memberRemoved"; guild: GuildModel; user: UserModel };

/** What models need from the world that owns them. */
export interface ModelContext {
  readonly snowflakes: SnowflakeGenerator;
  readonly clock: Clock;
  readonly botUser: UserModel;
  createUser(options: AddUserOptions): UserModel;
  emit(change: WorldChange): void;
}

export interface AddUserOptions {
  /** An explicit snowflake (default: a new one), e.g. to find the same user again in a kept database. */
  id?: string;
  username?: string;
  globalName?: string | null;
  bot?: boolean;
  acceptsDirectMessages?: boolean;
  /** Their Discord client's language (default en-US), sent as `locale` on their interactions. */
  locale?: string;
}

export interface AddChannelOptions {
  /** An explicit snowflake (default: a new one). */
  id?: string;
  name?: string;
  /** A guild channel type; default GuildText (0). */
  type?: ChannelType.GuildText | ChannelType.GuildAnnouncement | ChannelType.GuildVoice | ChannelType.GuildCategory;
  topic?: string | null;
  parent?: ChannelModel;
  /** false: an overwrite denies the bot VIEW_CHANNEL and SEND_MESSAGES here (its posts get 403 Missing Access). */
  botCanSend?: boolean;
  overwrites?: { id: string; type: "role" | "member"; allow?: bigint; deny?: bigint }[];
}

export interface AddRoleOptions {
  /** The role's snowflake (default: a new one), e.g. to find the same role again across restarts. */
  id?: string;
  name: string;
  permissions?: bigint;
  color?: number;
  hoist?: boolean;
  mentionable?: boolean;
  /** Place the role above the bot's role, so the bot cannot assign it (403 Missing Permissions). */
  aboveBot?: boolean;
}

export interface AddMemberOptions {
  /** The new user's snowflake (default: a new one); ignored with `user`. */
  id?: string;
  username?: string;
  globalName?: string | null;
  nick?: string | null;
  bot?: boolean;
  /** Granted through a role created for this member ("<username> permissions"), as on real Discord. */
  permissions?: bigint;
  roles?: (string | RoleModel)[];
  /** Put an existing user (e.g. a member of another guild) into this guild. */
  user?: UserModel;
  acceptsDirectMessages?: boolean;
  /** Their Discord client's language (default en-US), sent as `locale` on their interactions; ignored with `user`. */
  locale?: string;
}

export const BOT_ROLE_POSITION = 100;

export class ChannelModel {
  readonly id: string;
  /** null for the bot's DM channel with `recipient`. */
  readonly guild: GuildModel | null;
  readonly recipient: UserModel | null;
  name: string;
  type: ChannelType;
  topic: string | null;
  position: number;
  parentId: string | null;
  readonly overwrites: PermissionOverwrite[];
  lastMessageId: string | null = null;

  constructor(init: {
    id: string;
    guild: GuildModel | null;
    recipient?: UserModel;
    name: string;
    type: ChannelType;
    topic?: string | null;
    position?: number;
    parentId?: string | null;
    overwrites?: PermissionOverwrite[];
  }) {
    this.id = init.id;
    this.guild = init.guild;
    this.recipient = init.recipient ?? null;
    this.name = init.name;
    this.type = init.type;
    this.topic = init.topic ?? null;
    this.position = init.position ?? 0;
    this.parentId = init.parentId ?? null;
    this.overwrites = init.overwrites ?? [];
  }
}

export class MemberModel {
  readonly guild: GuildModel;
  readonly user: UserModel;
  nick: string | null;
  readonly roleIds: Set<string>;
  readonly joinedAt: string;
  /** When a timeout ends (ISO 8601), null when none: sent to the bot as Discord does; the stand-in's own permission checks ignore it. */
  communicationDisabledUntil: string | null = null;

  constructor(guild: GuildModel, user: UserModel, init: { nick?: string | null; roleIds?: Iterable<string>; joinedAt: string }) {
    this.guild = guild;
    this.user = user;
    this.nick = init.nick ?? null;
    this.roleIds = new Set(init.roleIds);
    this.joinedAt = init.joinedAt;
  }

  get id(): string {
    return this.user.id;
  }

  get username(): string {
    return this.user.username;
  }

  get globalName(): string | null {
    return this.user.globalName;
  }

  get bot(): boolean {
    return this.user.bot;
  }

  get roles(): string[] {
    return [...this.roleIds];
  }
}

export interface AddGuildOptions {
  name?: string;
  /** An explicit id. Mutually exclusive with `shard`. */
  id?: string;
  /** Generate an id that shard `[shardId, shardCount]` owns. */
  shard?: [shardId: number, shardCount: number];
  /** What the bot's managed role allows; default DEFAULT_BOT_PERMISSIONS. */
  botPermissions?: bigint;
  everyonePermissions?: bigint;
  preferredLocale?: string;
  /** Create the #general text channel Discord creates for new servers (default true). */
  generalChannel?: boolean;
}

export class GuildModel {
  readonly id: string;
  name: string;
  preferredLocale: string;
  readonly roles = new Map<string, RoleModel>();
  readonly channels = new Map<string, ChannelModel>();
  readonly members = new Map<string, MemberModel>();
  readonly everyoneRole: RoleModel;
  readonly botRole: RoleModel;
  readonly owner: MemberModel;
  readonly botMember: MemberModel;
  readonly #context: ModelContext;

  constructor(context: ModelContext, options: AddGuildOptions) {
    this.#context = context;
    if (options.id !== undefined && options.shard !== undefined) throw new Error("addGuild: pass either id or shard, not both");
    this.id = options.id ?? (options.shard ? context.snowflakes.nextOnShard(...options.shard) : context.snowflakes.next());
    this.name = options.name ?? "Study Group";
    this.preferredLocale = options.preferredLocale ?? "en-US";
    this.everyoneRole = this.#createRole({ name: "@everyone", permissions: options.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS }, this.id, 0);
    this.botRole = this.#createRole({ name: context.botUser.username, permissions: options.botPermissions ?? DEFAULT_BOT_PERMISSIONS }, context.snowflakes.next(), BOT_ROLE_POSITION);
    this.botRole.managedForBotId = context.botUser.id;
    this.owner = this.#createMember(context.createUser({ username: `${this.name.toLowerCase().replaceAll(/[^a-z0-9]+/g, "-")}-owner` }), {});
    this.botMember = this.#createMember(context.botUser, { roleIds: [this.botRole.id] });
    if (options.generalChannel !== false) this.addChannel({ name: "general" });
  }

  get ownerId(): string {
    return this.owner.id;
  }

  /** Text channels first, in creation order. */
  get textChannels(): ChannelModel[] {
    return [...this.channels.values()].filter((channel) => channel.type === ChannelType.GuildText);
  }

  addChannel(options: AddChannelOptions = {}): ChannelModel {
    if (options.id !== undefined && this.channels.has(options.id)) throw new Error(`channel ${options.id} already exists in ${this.name}`);
    const overwrites: PermissionOverwrite[] = (options.overwrites ?? []).map((overwrite) => ({
      id: overwrite.id,
      type: overwrite.type,
      allow: overwrite.allow ?? 0n,
      deny: overwrite.deny ?? 0n,
    }));
    if (options.botCanSend === false) {
      overwrites.push({
        id: this.#context.botUser.id,
        type: "member",
        allow: 0n,
        deny: PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages,
      });
    }
    const channel = new ChannelModel({
      id: options.id ?? this.#context.snowflakes.next(),
      guild: this,
      name: options.name ?? `channel-${this.channels.size + 1}`,
      type: options.type ?? ChannelType.GuildText,
      topic: options.topic ?? null,
      position: this.channels.size,
      parentId: options.parent?.id ?? null,
      overwrites,
    });
    this.channels.set(channel.id, channel);
    this.#context.emit({ kind: "channelCreated", channel });
    return channel;
  }

  addRole(options: AddRoleOptions): RoleModel {
    const roles = [...this.roles.values()];
    const position = options.aboveBot
      ? Math.max(...roles.map((role) => role.position)) + 1
      : roles.filter((role) => role.position > 0 && role.position < BOT_ROLE_POSITION).length + 1;
    if (options.id !== undefined && this.roles.has(options.id)) throw new Error(`addRole: ${this.name} already has a role ${options.id}`);
    const role = this.#createRole(options, options.id ?? this.#context.snowflakes.next(), position);
    this.#context.emit({ kind: "roleCreated", role });
    return role;
  }

  addMember(options: AddMemberOptions = {}): MemberModel {
    const user =
      options.user ??
      this.#context.createUser({
        ...(options.id !== undefined && { id: options.id }),
        ...(options.username !== undefined && { username: options.username }),
        ...(options.globalName !== undefined && { globalName: options.globalName }),
        ...(options.bot !== undefined && { bot: options.bot }),
        ...(options.acceptsDirectMessages !== undefined && { acceptsDirectMessages: options.acceptsDirectMessages }),
        ...(options.locale !== undefined && { locale: options.locale }),
      });
    if (this.members.has(user.id)) throw new Error(`${user.username} is already a member of ${this.name}`);
    const roleIds = (options.roles ?? []).map((role) => (typeof role === "string" ? role : role.id));
    for (const roleId of roleIds) {
      if (!this.roles.has(roleId)) throw new Error(`addMember: role ${roleId} is not a role of ${this.name}`);
    }
    if (options.permissions !== undefined) {
      roleIds.push(this.addRole({ name: `${user.username} permissions`, permissions: options.permissions }).id);
    }
    const member = this.#createMember(user, { roleIds, nick: options.nick ?? null });
    this.#context.emit({ kind: "memberAdded", member });
    return member;
  }

  removeMember(member: MemberModel | UserModel | string): void {
    const userId = typeof member === "string" ? member : member.id;
    const removed = this.members.get(userId);
    if (!removed) return;
    this.members.delete(userId);
    this.#context.emit({ kind: "memberRemoved", guild: this, user: removed.user });
  }

  member(userId: string): MemberModel | undefined {
    return this.members.get(userId);
  }

  /** Changes the server's language (its `guild_locale`), as a server settings change would, and tells the gateway (GUILD_UPDATE). */
  setPreferredLocale(locale: string): void {
    this.preferredLocale = locale;
    this.#context.emit({ kind: "guildUpdated", guild: this });
  }

  /** Records a role change made through the API and tells the gateway. */
  setMemberRole(member: MemberModel, roleId: string, present: boolean): void {
    if (present) member.roleIds.add(roleId);
    else member.roleIds.delete(roleId);
    this.#context.emit({ kind: "memberUpdated", member });
  }

  #createRole(options: AddRoleOptions, id: string, position: number): RoleModel {
    const role: RoleModel = {
      id,
      guildId: this.id,
      name: options.name,
      permissions: options.permissions ?? 0n,
      position,
      color: options.color ?? 0,
      hoist: options.hoist ?? false,
      mentionable: options.mentionable ?? false,
      managedForBotId: null,
    };
    this.roles.set(role.id, role);
    return role;
  }

  #createMember(user: UserModel, init: { roleIds?: string[]; nick?: string | null }): MemberModel {
    const member = new MemberModel(this, user, { ...init, joinedAt: new Date(this.#context.clock.now()).toISOString() });
    this.members.set(user.id, member);
    return member;
  }
}
