import { ChannelType } from "discord-api-types/v10";
import type { Clock } from "./clock.ts";
import {
  ChannelModel,
  GuildModel,
  type AddGuildOptions,
  type AddUserOptions,
  type ModelContext,
  type UserModel,
  type WorldChange,
} from "./models.ts";
import type { SnowflakeGenerator } from "./snowflakes.ts";

/** Every user, guild and DM channel the stand-in knows, plus the bot itself. */
export class World {
  readonly guilds = new Map<string, GuildModel>();
  readonly users = new Map<string, UserModel>();
  readonly botUser: UserModel;
  readonly #dmChannels = new Map<string, ChannelModel>();
  readonly #context: ModelContext;
  readonly #onChange: (change: WorldChange) => void;
  #userCounter = 0;

  constructor(init: { clock: Clock; snowflakes: SnowflakeGenerator; botUsername: string; onChange: (change: WorldChange) => void }) {
    this.#onChange = init.onChange;
    this.botUser = this.#addUser(init.snowflakes.next(), { username: init.botUsername, bot: true });
    this.#context = {
      clock: init.clock,
      snowflakes: init.snowflakes,
      botUser: this.botUser,
      createUser: (options) => this.addUser(options),
      emit: (change) => {
        // Changes made while a guild is being built are part of its GUILD_CREATE, not separate events.
        if (this.guilds.has(guildIdOf(change))) this.#onChange(change);
      },
    };
  }

  addUser(options: AddUserOptions = {}): UserModel {
    if (options.id !== undefined && this.users.has(options.id)) throw new Error(`user ${options.id} already exists`);
    return this.#addUser(options.id ?? this.#context.snowflakes.next(), options);
  }

  addGuild(options: AddGuildOptions = {}): GuildModel {
    const guild = new GuildModel(this.#context, options);
    if (this.guilds.has(guild.id)) throw new Error(`guild ${guild.id} already exists`);
    this.guilds.set(guild.id, guild);
    this.#onChange({ kind: "guildCreated", guild });
    return guild;
  }

  channel(channelId: string): ChannelModel | undefined {
    for (const guild of this.guilds.values()) {
      const channel = guild.channels.get(channelId);
      if (channel) return channel;
    }
    return [...this.#dmChannels.values()].find((channel) => channel.id === channelId);
  }

  /** The bot's DM channel with `user`, created on first use (like POST /users/@me/channels). */
  directMessageChannel(user: UserModel): ChannelModel {
    let channel = this.#dmChannels.get(user.id);
    if (!channel) {
      channel = new ChannelModel({ id: this.#context.snowflakes.next(), guild: null, recipient: user, name: user.username, type: ChannelType.DM });
      this.#dmChannels.set(user.id, channel);
    }
    return channel;
  }

  existingDirectMessageChannel(userId: string): ChannelModel | undefined {
    return this.#dmChannels.get(userId);
  }

  #addUser(id: string, options: AddUserOptions): UserModel {
    this.#userCounter += 1;
    const user: UserModel = {
      id,
      username: options.username ?? `user${this.#userCounter}`,
      globalName: options.globalName ?? null,
      bot: options.bot ?? false,
      acceptsDirectMessages: options.acceptsDirectMessages ?? true,
      locale: options.locale ?? "en-US",
    };
    this.users.set(user.id, user);
    return user;
  }
}

function guildIdOf(change: WorldChange): string {
  switch (change.kind) {
    case "guildCreated":
    case "guildUpdated":
    case "memberRemoved":
      return change.guild.id;
    case "channelCreated":
      return change.channel.guild?.id ?? "";
    case "roleCreated":
      return change.role.guildId;
    case "memberAdded":
    case "memberUpdated":
      return change.member.guild.id;
  }
}
