import { Client, GatewayIntentBits, Options, type CacheWithLimitsOptions, type ClientOptions, type Role } from "discord.js";

export interface DiscordClientOptions {
  /** REST base without the version, e.g. http://127.0.0.1:8080/api; Discord's own when undefined. */
  readonly apiUrl: string | undefined;
  readonly shards?: ClientOptions["shards"];
  readonly shardCount?: number;
  /**
   * Keep every channel and role READY brings, as discord.js supports (and the bot's own member, for
   * `guild.members.me`). Off in the bot: 2,500 guilds cost 380 MB of RSS this way against 140 MB
   * (docs/performance.md); the memory benchmark measures both.
   */
  readonly keepChannelsAndRoles?: boolean;
}

/** Everything the bot never reads from a cache, limited the way discord.js supports. */
const SUPPORTED_LIMITS: CacheWithLimitsOptions = {
  ApplicationCommandManager: 0,
  ApplicationEmojiManager: 0,
  AutoModerationRuleManager: 0,
  BaseGuildEmojiManager: 0,
  DMMessageManager: 0,
  EntitlementManager: 0,
  GuildBanManager: 0,
  GuildEmojiManager: 0,
  GuildForumThreadManager: 0,
  GuildInviteManager: 0,
  GuildMessageManager: 0,
  GuildScheduledEventManager: 0,
  GuildStickerManager: 0,
  GuildTextThreadManager: 0,
  MessageManager: 0,
  PresenceManager: 0,
  ReactionManager: 0,
  ReactionUserManager: 0,
  StageInstanceManager: 0,
  ThreadManager: 0,
  ThreadMemberManager: 0,
  VoiceStateManager: 0,
  UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user.id },
};

/**
 * No members (without the GuildMembers intent they would be stale anyway), and no channels or
 * roles. discord.js's typings leave the last three managers out of `cacheWithLimits`, and it warns
 * once at start-up ("UnsupportedCacheOverwriteWarning") that limiting them breaks its cache-based
 * helpers: `channel.permissionsFor`, `member.roles`, `interaction.channel`. The bot uses none of
 * those; its start command turns that one warning off (see the README). @everyone stays so that
 * `member.roles` still works should discord.js build it internally.
 */
const NO_CHANNELS_ROLES_OR_MEMBERS = {
  GuildMemberManager: 0,
  ChannelManager: 0,
  GuildChannelManager: 0,
  RoleManager: { maxSize: 0, keepOverLimit: (role: Role) => role.id === role.guild.id },
} as CacheWithLimitsOptions;

const OWN_MEMBER_ONLY: CacheWithLimitsOptions = {
  GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
};

/**
 * A client that asks for the Guilds intent only and caches the guilds themselves (so
 * `inCachedGuild()` still tells a guild the bot is in from one it has never seen) and each guild's
 * @everyone role: no channels, roles, members, messages, presences or emojis. Channels and roles
 * are nearly all of what READY brings, yet the bot needs them only for two rare checks (can it post
 * in the setup channel, can it give a milestone role), which `permissions.ts` asks Discord for.
 */
export function createDiscordClient(options: DiscordClientOptions): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    rest: options.apiUrl ? { api: options.apiUrl } : {},
    ...(options.shards !== undefined ? { shards: options.shards } : {}),
    ...(options.shardCount !== undefined ? { shardCount: options.shardCount } : {}),
    makeCache: Options.cacheWithLimits({ ...SUPPORTED_LIMITS, ...(options.keepChannelsAndRoles ? OWN_MEMBER_ONLY : NO_CHANNELS_ROLES_OR_MEMBERS) }),
  });
}
