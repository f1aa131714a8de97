import {
  DiscordAPIError,
  OAuth2Scopes,
  OverwriteType,
  PermissionFlagsBits,
  PermissionsBitField,
  Routes,
  type APIChannel,
  type APIGuildMember,
  type APIOverwrite,
  type APIRole,
  type Client,
  type REST,
} from "discord.js";

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

// The client caches no channels and no roles (see client.ts): the checks below are rare (setup,
// milestone-role, each role reward), so they ask Discord for the few objects they need instead.

/** The guild as the checks need it; a cached discord.js Guild fits. */
export interface GuildRef {
  readonly id: string;
  readonly ownerId: string;
}

/** One member's standing in a guild, in Discord's API shapes (GET /guilds/{id}/roles and /members/{id}). */
export interface MemberStanding {
  readonly guild: GuildRef;
  readonly memberId: string;
  /** The member's role ids, without @everyone (as Discord sends them). */
  readonly memberRoleIds: readonly string[];
  /** Every role of the guild, @everyone (id = guild id) included. */
  readonly roles: readonly APIRole[];
}

function allPermissions(): PermissionsBitField {
  return new PermissionsBitField(PermissionsBitField.All);
}

/** Discord's base permissions: @everyone's, plus each of the member's roles; the owner and Administrator get everything. */
export function guildPermissions(standing: MemberStanding): PermissionsBitField {
  if (standing.memberId === standing.guild.ownerId) return allPermissions();
  const held = new Set([standing.guild.id, ...standing.memberRoleIds]);
  const permissions = new PermissionsBitField(standing.roles.filter((role) => held.has(role.id)).map((role) => BigInt(role.permissions)));
  return permissions.has(PermissionFlagsBits.Administrator, false) ? allPermissions() : permissions;
}

/**
 * Discord's channel permissions: the base permissions, then the @everyone overwrite, then the
 * overwrites of all the member's roles together (denies before allows), then the member's own.
 * Administrator ignores overwrites.
 */
export function channelPermissions(standing: MemberStanding, overwrites: readonly APIOverwrite[]): PermissionsBitField {
  const base = guildPermissions(standing);
  if (base.has(PermissionFlagsBits.Administrator, false)) return base;
  const { guild, memberId } = standing;
  const memberRoles = new Set(standing.memberRoleIds);
  const everyone = overwrites.find((overwrite) => overwrite.id === guild.id);
  const roles = overwrites.filter((overwrite) => overwrite.type === OverwriteType.Role && overwrite.id !== guild.id && memberRoles.has(overwrite.id));
  const own = overwrites.find((overwrite) => overwrite.type === OverwriteType.Member && overwrite.id === memberId);
  return base
    .remove(BigInt(everyone?.deny ?? 0))
    .add(BigInt(everyone?.allow ?? 0))
    .remove(roles.map((overwrite) => BigInt(overwrite.deny)))
    .add(roles.map((overwrite) => BigInt(overwrite.allow)))
    .remove(BigInt(own?.deny ?? 0))
    .add(BigInt(own?.allow ?? 0));
}

/** Role order as Discord sorts it: higher position first, and on a tie the older (smaller id) role. */
function outranks(role: APIRole, other: APIRole): boolean {
  if (role.position !== other.position) return role.position > other.position;
  return BigInt(role.id) < BigInt(other.id);
}

function highestRole(standing: MemberStanding): APIRole | undefined {
  const held = new Set([standing.guild.id, ...standing.memberRoleIds]);
  return standing.roles.filter((role) => held.has(role.id)).reduce<APIRole | undefined>((top, role) => (!top || outranks(role, top) ? role : top), undefined);
}

/** Why this member cannot give the role, or undefined when it can: Manage Roles, and the role strictly below its highest. */
export function roleGrantProblem(standing: MemberStanding, roleId: string): string | undefined {
  if (!guildPermissions(standing).has(PermissionFlagsBits.ManageRoles)) return "I lack the Manage Roles permission";
  const role = standing.roles.find((candidate) => candidate.id === roleId);
  if (!role) return "the role no longer exists";
  if (role.managed) return "the role is managed by an integration";
  const top = highestRole(standing);
  if (!top || !outranks(top, role)) return "the role is not below my highest role";
  return undefined;
}

/** The permissions the bot lacks to post, by name; empty when it can post. */
export function missingPostingPermissions(permissions: PermissionsBitField): string[] {
  return POSTING_PERMISSIONS.filter(([flag]) => !permissions.has(flag)).map(([, name]) => name);
}

async function fetchStanding(rest: REST, guild: GuildRef, memberId: string): Promise<MemberStanding> {
  const [roles, member] = await Promise.all([
    rest.get(Routes.guildRoles(guild.id)) as Promise<APIRole[]>,
    rest.get(Routes.guildMember(guild.id, memberId)) as Promise<APIGuildMember>,
  ]);
  return { guild, memberId, memberRoleIds: member.roles, roles };
}

/** Discord answers 403 (Missing Access) for a channel the bot cannot view and 404 for one that is gone. */
function isHiddenOrGone(error: unknown): boolean {
  return error instanceof DiscordAPIError && (error.status === 403 || error.status === 404);
}

export type PostingCheck = { readonly visible: false } | { readonly visible: true; readonly missing: readonly string[] };

/** Whether the bot can see a channel of this guild and which posting permissions it lacks there, asked of Discord now. */
export async function checkPostingPermissions(client: Client<true>, guild: GuildRef, channelId: string): Promise<PostingCheck> {
  let channel: APIChannel;
  try {
    channel = (await client.rest.get(Routes.channel(channelId))) as APIChannel;
  } catch (error) {
    if (isHiddenOrGone(error)) return { visible: false };
    throw error;
  }
  if (!("guild_id" in channel) || channel.guild_id !== guild.id) return { visible: false };
  const standing = await fetchStanding(client.rest, guild, client.user.id);
  const permissions = channelPermissions(standing, channel.permission_overwrites ?? []);
  return { visible: true, missing: missingPostingPermissions(permissions) };
}

/** Why the bot cannot give a role right now, or undefined when it can (or when Discord could not say). */
export async function roleProblem(client: Client, guildId: string, roleId: string): Promise<string | undefined> {
  const guild = client.guilds.cache.get(guildId);
  if (!guild) return "I am not in that server any more";
  if (!client.user) return "I cannot see my own permissions there yet";
  try {
    return roleGrantProblem(await fetchStanding(client.rest, guild, client.user.id), roleId);
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 404) return "I am not in that server any more";
    // The check only spares a doomed request: when it cannot be made, the role request itself
    // decides, and its failure is logged and retried like any other delivery.
    return undefined;
  }
}
