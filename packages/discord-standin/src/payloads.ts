import {
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  OverwriteType,
  type APIChannel,
  type APIGuild,
  type APIGuildMember,
  type APIInteractionDataResolvedChannel,
  type APIInteractionGuildMember,
  type APIRole,
  type APIUser,
  type ChannelFlags,
  type GuildMemberFlags,
  type RoleFlags,
  type UserFlags,
  type GatewayGuildCreateDispatchData,
  type Locale,
} from "discord-api-types/v10";
import type { ChannelModel, GuildModel, MemberModel, RoleModel, UserModel } from "./models.ts";

/** Builders of API-shaped objects (what Discord sends) from the stand-in's models. */

const NO_FLAGS = 0;

export function apiUser(user: UserModel): APIUser {
  return {
    id: user.id,
    username: user.username,
    discriminator: "0",
    global_name: user.globalName,
    avatar: null,
    ...(user.bot && { bot: true }),
    banner: null,
    accent_color: null,
    public_flags: NO_FLAGS as UserFlags,
    flags: NO_FLAGS as UserFlags,
    avatar_decoration_data: null,
    collectibles: null,
    primary_guild: null,
  };
}

export function apiRole(role: RoleModel): APIRole {
  return {
    id: role.id,
    name: role.name,
    color: role.color,
    colors: { primary_color: role.color, secondary_color: null, tertiary_color: null },
    hoist: role.hoist,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions.toString(),
    managed: role.managedForBotId !== null,
    mentionable: role.mentionable,
    flags: NO_FLAGS as RoleFlags,
    ...(role.managedForBotId !== null && { tags: { bot_id: role.managedForBotId } }),
  };
}

export function apiGuildMember(member: MemberModel): APIGuildMember {
  return {
    user: apiUser(member.user),
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: member.roles,
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: NO_FLAGS as GuildMemberFlags,
    pending: false,
    communication_disabled_until: member.communicationDisabledUntil,
  };
}

/** The member object inside an interaction: a guild member plus its permissions in the channel. */
export function apiInteractionMember(member: MemberModel, permissions: bigint): APIInteractionGuildMember {
  return { ...apiGuildMember(member), permissions: permissions.toString() } as APIInteractionGuildMember;
}

function apiOverwrites(channel: ChannelModel) {
  return channel.overwrites.map((overwrite) => ({
    id: overwrite.id,
    type: overwrite.type === "role" ? OverwriteType.Role : OverwriteType.Member,
    allow: overwrite.allow.toString(),
    deny: overwrite.deny.toString(),
  }));
}

export function apiChannel(channel: ChannelModel): APIChannel {
  if (channel.guild === null) {
    return {
      id: channel.id,
      type: ChannelType.DM,
      name: null,
      last_message_id: channel.lastMessageId,
      recipients: channel.recipient ? [apiUser(channel.recipient)] : [],
      flags: NO_FLAGS as ChannelFlags,
    } satisfies APIChannel;
  }
  const common = {
    id: channel.id,
    guild_id: channel.guild.id,
    name: channel.name,
    position: channel.position,
    permission_overwrites: apiOverwrites(channel),
    parent_id: channel.parentId,
    nsfw: false,
    flags: 0,
  };
  switch (channel.type) {
    case ChannelType.GuildCategory:
      return { ...common, type: ChannelType.GuildCategory } as APIChannel;
    case ChannelType.GuildVoice:
      return {
        ...common,
        type: ChannelType.GuildVoice,
        bitrate: 64000,
        user_limit: 0,
        rtc_region: null,
        last_message_id: channel.lastMessageId,
        rate_limit_per_user: 0,
      } as APIChannel;
    default:
      return {
        ...common,
        type: channel.type,
        topic: channel.topic,
        last_message_id: channel.lastMessageId,
        rate_limit_per_user: 0,
        default_thread_rate_limit_per_user: 0,
        last_pin_timestamp: null,
      } as APIChannel;
  }
}

/** The partial channel object interactions carry in `channel` and `resolved.channels`. */
export function apiInteractionChannel(channel: ChannelModel, permissions: bigint): APIInteractionDataResolvedChannel {
  return { ...apiChannel(channel), permissions: permissions.toString() } as APIInteractionDataResolvedChannel;
}

export function apiGuild(guild: GuildModel): APIGuild {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: [...guild.roles.values()].map(apiRole),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: guild.textChannels[0]?.id ?? null,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotificationReplies,
    rules_channel_id: null,
    max_presences: null,
    max_members: 500000,
    vanity_url_code: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: guild.preferredLocale as Locale,
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    region: "deprecated",
  } as APIGuild;
}

/** The full guild the gateway sends when a shard becomes ready or the bot joins. */
export function gatewayGuildCreate(guild: GuildModel): GatewayGuildCreateDispatchData {
  const botMember = guild.botMember;
  return {
    ...apiGuild(guild),
    joined_at: botMember.joinedAt,
    large: false,
    unavailable: false,
    member_count: guild.members.size,
    // Without the GUILD_MEMBERS intent Discord only includes the bot's own member (and voice members).
    members: [apiGuildMember(botMember)],
    channels: [...guild.channels.values()].map(apiChannel) as GatewayGuildCreateDispatchData["channels"],
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    embedded_activities: [],
    application_command_counts: {},
    activity_instances: [],
    lazy: true,
    version: Date.now(),
  } as GatewayGuildCreateDispatchData;
}
