import { OAuth2Scopes, PermissionFlagsBits, type Client, type GuildBasedChannel, type GuildMember } from "discord.js";

/**
 * What the invite link asks for: read and post in the group's channel with embeds and images,
 * and give milestone roles. Manage Roles is optional; without it role rewards are skipped.
 */
export const INVITE_PERMISSIONS = [
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.AttachFiles,
  PermissionFlagsBits.ManageRoles,
];

export function inviteUrl(client: Client<true>): string {
  return client.generateInvite({ scopes: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands], permissions: INVITE_PERMISSIONS });
}

/** What the bot needs in the channel it posts leaderboards and celebrations in. */
const POSTING_PERMISSIONS = [
  [PermissionFlagsBits.ViewChannel, "View Channel"],
  [PermissionFlagsBits.SendMessages, "Send Messages"],
  [PermissionFlagsBits.EmbedLinks, "Embed Links"],
] as const;

/** The permissions the bot lacks to post in a channel, by name; empty when it can post. */
export function missingPostingPermissions(channel: GuildBasedChannel, me: GuildMember): string[] {
  const permissions = channel.permissionsFor(me);
  return POSTING_PERMISSIONS.filter(([flag]) => !permissions.has(flag)).map(([, name]) => name);
}

/** Why the bot cannot give a role right now, or undefined when it can. */
export function roleProblem(client: Client, guildId: string, roleId: string): string | undefined {
  const guild = client.guilds.cache.get(guildId);
  if (!guild) return "I am not in that server any more";
  const me = guild.members.me;
  if (!me) return "I cannot see my own permissions there yet";
  if (!me.permissions.has(PermissionFlagsBits.ManageRoles)) return "I lack the Manage Roles permission";
  const role = guild.roles.cache.get(roleId);
  if (!role) return "the role no longer exists";
  if (role.managed) return "the role is managed by an integration";
  if (me.roles.highest.comparePositionTo(role) <= 0) return "the role is not below my highest role";
  return undefined;
}
