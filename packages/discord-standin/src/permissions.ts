import { PermissionFlagsBits } from "discord-api-types/v10";
import type { ChannelModel, GuildModel, MemberModel } from "./models.ts";

export const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((all, flag) => all | flag, 0n);

/** What a fresh guild's @everyone role allows (Discord's defaults for new servers, roughly). */
export const DEFAULT_EVERYONE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.CreateInstantInvite |
  PermissionFlagsBits.ChangeNickname |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.MentionEveryone |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.Connect |
  PermissionFlagsBits.Speak;

/** What the bot's managed role grants unless `addGuild({ botPermissions })` says otherwise. */
export const DEFAULT_BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.ManageRoles;

/** Permissions Discord reports for interactions in the bot's DMs. */
export const DIRECT_MESSAGE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.UseApplicationCommands;

export function guildPermissions(guild: GuildModel, member: MemberModel): bigint {
  if (member.id === guild.ownerId) return ALL_PERMISSIONS;
  let permissions = guild.everyoneRole.permissions;
  for (const roleId of member.roleIds) permissions |= guild.roles.get(roleId)?.permissions ?? 0n;
  return (permissions & PermissionFlagsBits.Administrator) !== 0n ? ALL_PERMISSIONS : permissions;
}

/** Discord's overwrite algorithm: @everyone overwrite, then all role overwrites together, then the member's. */
export function channelPermissions(channel: ChannelModel, member: MemberModel): bigint {
  const guild = member.guild;
  const base = guildPermissions(guild, member);
  if (base === ALL_PERMISSIONS) return ALL_PERMISSIONS;
  let permissions = base;
  const everyone = channel.overwrites.find((overwrite) => overwrite.id === guild.id);
  if (everyone) permissions = (permissions & ~everyone.deny) | everyone.allow;
  let roleAllow = 0n;
  let roleDeny = 0n;
  for (const overwrite of channel.overwrites) {
    if (overwrite.type === "role" && overwrite.id !== guild.id && member.roleIds.has(overwrite.id)) {
      roleAllow |= overwrite.allow;
      roleDeny |= overwrite.deny;
    }
  }
  permissions = (permissions & ~roleDeny) | roleAllow;
  const own = channel.overwrites.find((overwrite) => overwrite.type === "member" && overwrite.id === member.id);
  if (own) permissions = (permissions & ~own.deny) | own.allow;
  // Without VIEW_CHANNEL nothing else in the channel applies.
  return (permissions & PermissionFlagsBits.ViewChannel) === 0n ? 0n : permissions;
}

export function hasPermission(permissions: bigint, flag: bigint): boolean {
  return (permissions & flag) === flag;
}
