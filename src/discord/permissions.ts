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
import type { UserMessage } from "../errors.ts";

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

/** A posting permission by the name Discord shows organisers (also its message key in `admin:permissions`). */
export type PostingPermissionName = (typeof POSTING_PERMISSIONS)[number][1];

/** What an organiser needs in a channel to point the bot's posts at it: the bot posts nowhere they could not. */
const ORGANISER_POSTING_PERMISSIONS = [
  [PermissionFlagsBits.ViewChannel, "View Channel"],
  [PermissionFlagsBits.SendMessages, "Send Messages"],
] as const;

/**
 * The permissions an organiser lacks to post in a channel themself, by name, from the permissions
 * Discord computed for them there (a resolved channel's `permissions` in the interaction); all of
 * them when Discord sent none.
 */
export function missingOrganiserPermissions(permissions: Readonly<PermissionsBitField> | null): PostingPermissionName[] {
  return ORGANISER_POSTING_PERMISSIONS.filter(([flag]) => !permissions?.has(flag)).map(([, name]) => name);
}

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
  /** Whether the member is in a timeout now (communication_disabled_until in the future). */
  readonly timedOut?: boolean;
}

/** All a timed-out member keeps; owners and Administrators are exempt from timeouts. */
const TIMEOUT_PERMISSIONS = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory;

/** What a member who cannot send messages in a channel implicitly cannot do there either. */
const NEEDS_SEND_MESSAGES = [PermissionFlagsBits.MentionEveryone, PermissionFlagsBits.SendTTSMessages, PermissionFlagsBits.AttachFiles, PermissionFlagsBits.EmbedLinks];

function allPermissions(): PermissionsBitField {
  return new PermissionsBitField(PermissionsBitField.All);
}

/** The owner and Administrators get every permission, and overwrites and timeouts do not touch them. */
function unrestricted(standing: MemberStanding, roleUnion: PermissionsBitField): boolean {
  return standing.memberId === standing.guild.ownerId || roleUnion.has(PermissionFlagsBits.Administrator, false);
}

/** @everyone's permissions plus each of the member's roles'. */
function rolePermissions(standing: MemberStanding): PermissionsBitField {
  const held = new Set([standing.guild.id, ...standing.memberRoleIds]);
  return new PermissionsBitField(standing.roles.filter((role) => held.has(role.id)).map((role) => BigInt(role.permissions)));
}

function duringTimeout(standing: MemberStanding, permissions: PermissionsBitField): PermissionsBitField {
  return standing.timedOut ? new PermissionsBitField(permissions.bitfield & TIMEOUT_PERMISSIONS) : permissions;
}

/** Discord's base permissions: @everyone's, plus each of the member's roles; the owner and Administrator get everything. */
export function guildPermissions(standing: MemberStanding): PermissionsBitField {
  const roles = rolePermissions(standing);
  if (unrestricted(standing, roles)) return allPermissions();
  return duringTimeout(standing, roles);
}

/**
 * Discord's channel permissions: the base permissions, then the @everyone overwrite, then the
 * overwrites of all the member's roles together (denies before allows), then the member's own;
 * then a timeout's limits, then the implicit rules (no View Channel, nothing; no Send Messages,
 * no embeds, files, TTS or @everyone). The owner and Administrator ignore all of that; an
 * overwrite allowing Administrator makes nobody one.
 */
export function channelPermissions(standing: MemberStanding, overwrites: readonly APIOverwrite[]): PermissionsBitField {
  const base = rolePermissions(standing);
  if (unrestricted(standing, base)) return allPermissions();
  const { guild, memberId } = standing;
  const memberRoles = new Set(standing.memberRoleIds);
  const everyone = overwrites.find((overwrite) => overwrite.id === guild.id);
  const roles = overwrites.filter((overwrite) => overwrite.type === OverwriteType.Role && overwrite.id !== guild.id && memberRoles.has(overwrite.id));
  const own = overwrites.find((overwrite) => overwrite.type === OverwriteType.Member && overwrite.id === memberId);
  const explicit = base
    .remove(BigInt(everyone?.deny ?? 0))
    .add(BigInt(everyone?.allow ?? 0))
    .remove(roles.map((overwrite) => BigInt(overwrite.deny)))
    .add(roles.map((overwrite) => BigInt(overwrite.allow)))
    .remove(BigInt(own?.deny ?? 0))
    .add(BigInt(own?.allow ?? 0))
    // Discord counts Administrator from roles only; left in, has() would read it as every permission.
    .remove(PermissionFlagsBits.Administrator);
  const permissions = duringTimeout(standing, explicit);
  if (!permissions.has(PermissionFlagsBits.ViewChannel, false)) return new PermissionsBitField(0n);
  if (!permissions.has(PermissionFlagsBits.SendMessages, false)) return permissions.remove(NEEDS_SEND_MESSAGES);
  return permissions;
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

/** Why a member could not give a role by Discord's rules; `missing` names the role's permissions the member lacks. */
export type RoleAssignmentBlocker =
  | { readonly kind: "no-manage-roles" }
  | { readonly kind: "gone" }
  | { readonly kind: "everyone" }
  | { readonly kind: "managed" }
  | { readonly kind: "not-below" }
  | { readonly kind: "grants-more"; readonly missing: readonly PermissionFlag[] };

/** A permission by its discord.js flag name (`ManageRoles`): the catalogue names it in each language (`milestones:permissionNames.*`). */
export type PermissionFlag = keyof typeof PermissionFlagsBits;

/**
 * Whether this member could give the role themself: Manage Roles (Administrator and the owner
 * count), never @everyone or a managed role, and a role strictly below their highest role (the
 * owner is above every role). With `heldPermissionsOnly`, also a role that grants nothing the
 * member lacks, as Discord asks of anyone editing a role.
 */
export function roleAssignmentBlocker(
  standing: MemberStanding,
  roleId: string,
  options: { readonly heldPermissionsOnly: boolean },
): RoleAssignmentBlocker | undefined {
  const held = guildPermissions(standing);
  if (!held.has(PermissionFlagsBits.ManageRoles)) return { kind: "no-manage-roles" };
  const role = standing.roles.find((candidate) => candidate.id === roleId);
  if (!role) return { kind: "gone" };
  if (role.id === standing.guild.id) return { kind: "everyone" };
  if (role.managed) return { kind: "managed" };
  if (standing.memberId !== standing.guild.ownerId) {
    const top = highestRole(standing);
    if (!top || !outranks(top, role)) return { kind: "not-below" };
  }
  if (options.heldPermissionsOnly) {
    const missing = permissionFlags(BigInt(role.permissions) & ~held.bitfield);
    if (missing.length > 0) return { kind: "grants-more", missing };
  }
  return undefined;
}

/** Why the bot (this standing) cannot give the role, or undefined when it can: Manage Roles, and the role strictly below its highest. */
export function roleGrantProblem(standing: MemberStanding, roleId: string): UserMessage | undefined {
  const blocker = roleAssignmentBlocker(standing, roleId, { heldPermissionsOnly: false });
  switch (blocker?.kind) {
    case undefined:
      return undefined;
    case "no-manage-roles":
      return { key: "milestones:grantProblems.noManageRoles" };
    case "gone":
      return { key: "milestones:grantProblems.gone" };
    case "everyone":
      return { key: "milestones:grantProblems.everyone" };
    case "managed":
      return { key: "milestones:grantProblems.managed" };
    case "not-below":
    case "grants-more":
      return { key: "milestones:grantProblems.notBelow" };
  }
}

/** The permissions the bot lacks to post, by name; empty when it can post. */
export function missingPostingPermissions(permissions: PermissionsBitField): PostingPermissionName[] {
  return POSTING_PERMISSIONS.filter(([flag]) => !permissions.has(flag)).map(([, name]) => name);
}

/** Each permission in these bits by its flag name. */
export function permissionFlags(bits: bigint): PermissionFlag[] {
  return new PermissionsBitField(bits).toArray();
}

/** Each permission as a message, named as Discord's settings name it in the reader's language ("Manage Server", "Gerenciar servidor"). */
export function permissionFlagMessages(flags: readonly PermissionFlag[]): UserMessage[] {
  return flags.map((flag) => ({ key: `milestones:permissionNames.${flag}` }));
}

function isTimedOut(member: APIGuildMember, now: Date): boolean {
  return member.communication_disabled_until ? Date.parse(member.communication_disabled_until) > now.getTime() : false;
}

/** Several members' standings in one guild, asked of Discord now; the guild's roles are fetched once. */
export async function fetchStandings(rest: REST, guild: GuildRef, memberIds: readonly string[], now: Date): Promise<MemberStanding[]> {
  const [roles, ...members] = await Promise.all([
    rest.get(Routes.guildRoles(guild.id)) as Promise<APIRole[]>,
    ...memberIds.map((memberId) => rest.get(Routes.guildMember(guild.id, memberId)) as Promise<APIGuildMember>),
  ]);
  return members.map((member, index) => ({ guild, memberId: memberIds[index]!, memberRoleIds: member.roles, roles, timedOut: isTimedOut(member, now) }));
}

export async function fetchStanding(rest: REST, guild: GuildRef, memberId: string, now: Date): Promise<MemberStanding> {
  const [standing] = await fetchStandings(rest, guild, [memberId], now);
  return standing!;
}

/** Discord answers 403 (Missing Access) for a channel the bot cannot view and 404 for one that is gone. */
function isHiddenOrGone(error: unknown): boolean {
  return error instanceof DiscordAPIError && (error.status === 403 || error.status === 404);
}

export type PostingCheck = { readonly visible: false } | { readonly visible: true; readonly missing: readonly PostingPermissionName[] };

/** Whether the bot can see a channel of this guild and which posting permissions it lacks there, asked of Discord now. */
export async function checkPostingPermissions(client: Client<true>, guild: GuildRef, channelId: string, now: Date): Promise<PostingCheck> {
  let channel: APIChannel;
  try {
    channel = (await client.rest.get(Routes.channel(channelId))) as APIChannel;
  } catch (error) {
    if (isHiddenOrGone(error)) return { visible: false };
    throw error;
  }
  if (!("guild_id" in channel) || channel.guild_id !== guild.id) return { visible: false };
  const standing = await fetchStanding(client.rest, guild, client.user.id, now);
  const permissions = channelPermissions(standing, channel.permission_overwrites ?? []);
  return { visible: true, missing: missingPostingPermissions(permissions) };
}
