import { DiscordAPIError, PermissionFlagsBits, type APIRole, type Client, type REST } from "discord.js";
import type { AppContext } from "../context.ts";
import { findMilestoneRewards } from "../db/guild-repository.ts";
import {
  fetchStanding,
  fetchStandings,
  permissionFlagMessages,
  permissionFlags,
  roleAssignmentBlocker,
  roleGrantProblem,
  type GuildRef,
  type MemberStanding,
  type PermissionFlag,
  type RoleAssignmentBlocker,
} from "../discord/permissions.ts";
import { UserError, type UserMessage } from "../errors.ts";

/**
 * Permissions a reward role may never carry. The bot gives a reward to anyone who ticks off a
 * stage, so whatever the role grants is, in effect, open to every member: moderation, server
 * management and mass pings stay with roles people give by hand.
 */
export const ELEVATED_PERMISSIONS =
  PermissionFlagsBits.Administrator |
  PermissionFlagsBits.ManageGuild |
  PermissionFlagsBits.ManageRoles |
  PermissionFlagsBits.ManageChannels |
  PermissionFlagsBits.ManageWebhooks |
  PermissionFlagsBits.ManageMessages |
  PermissionFlagsBits.ManageNicknames |
  PermissionFlagsBits.ManageThreads |
  PermissionFlagsBits.ManageEvents |
  PermissionFlagsBits.ManageGuildExpressions |
  PermissionFlagsBits.KickMembers |
  PermissionFlagsBits.BanMembers |
  PermissionFlagsBits.ModerateMembers |
  PermissionFlagsBits.MuteMembers |
  PermissionFlagsBits.DeafenMembers |
  PermissionFlagsBits.MoveMembers |
  PermissionFlagsBits.ViewAuditLog |
  PermissionFlagsBits.MentionEveryone;

/** The role's elevated permissions; empty when it carries none. */
export function elevatedPermissions(role: Pick<APIRole, "permissions">): PermissionFlag[] {
  return permissionFlags(BigInt(role.permissions) & ELEVATED_PERMISSIONS);
}

/**
 * What an organiser is told, in their language, when Discord's rules would not let them give the
 * role themself. Permissions are named as Discord names them in the organiser's language.
 */
function refusalFor(blocker: RoleAssignmentBlocker, roleId: string): UserMessage {
  const role = `<@&${roleId}>`;
  switch (blocker.kind) {
    case "no-manage-roles":
      return { key: "milestones:rewardRole.noManageRoles" };
    case "gone":
      return { key: "milestones:rewardRole.gone" };
    case "everyone":
      return { key: "milestones:rewardRole.everyone" };
    case "managed":
      return { key: "milestones:rewardRole.managed", values: { role } };
    case "not-below":
      return { key: "milestones:rewardRole.notBelow", values: { role } };
    case "grants-more":
      return { key: "milestones:rewardRole.grantsMore", values: { role, permissions: permissionFlagMessages(blocker.missing) } };
  }
}

export interface RewardRoleApproval {
  /** The role's permissions now, recorded with the choice. */
  readonly permissions: bigint;
  /** Why the bot cannot give it yet (its own permissions), or undefined when it can. */
  readonly botProblem: UserMessage | undefined;
}

/**
 * Checks a reward role against the organiser choosing it, asked of Discord now: the organiser
 * could give the role themself (Discord's rules, and no permission they lack), and it carries no
 * elevated permission. Throws a UserError saying which rule it breaks. Whether the bot can give it
 * is reported, not refused: that is the organiser's to fix, and each grant checks it again.
 */
export async function approveRewardRole(
  rest: REST,
  guild: GuildRef,
  ids: { readonly organiserId: string; readonly botId: string; readonly roleId: string },
  now: Date,
): Promise<RewardRoleApproval> {
  if (ids.roleId === guild.id) throw new UserError(refusalFor({ kind: "everyone" }, ids.roleId));
  const [organiser, bot] = await fetchStandings(rest, guild, [ids.organiserId, ids.botId], now);
  const blocker = roleAssignmentBlocker(organiser!, ids.roleId, { heldPermissionsOnly: true });
  if (blocker) throw new UserError(refusalFor(blocker, ids.roleId));
  const role = organiser!.roles.find((candidate) => candidate.id === ids.roleId)!;
  const elevated = elevatedPermissions(role);
  if (elevated.length > 0) {
    throw new UserError({ key: "milestones:rewardRole.elevated", values: { role: `<@&${role.id}>`, permissions: permissionFlagMessages(elevated) } });
  }
  return { permissions: BigInt(role.permissions), botProblem: roleGrantProblem(bot!, ids.roleId) };
}

type GrantDeps = Pick<AppContext, "db" | "clock">;

/**
 * Why a queued reward must not be given now, or undefined when it may. Asked before every grant,
 * because the role may have changed since it was chosen: it must still be a stage's reward, carry
 * no elevated permission, have gained no permission since it was approved, and the bot must be
 * able to give it.
 */
export async function rewardGrantProblem(deps: GrantDeps, client: Client, guildId: string, roleId: string): Promise<UserMessage | undefined> {
  const rewards = await findMilestoneRewards(deps.db, guildId, roleId);
  if (rewards.length === 0) return { key: "milestones:grantProblems.notReward" };
  const guild = client.guilds.cache.get(guildId);
  if (!guild) return { key: "milestones:grantProblems.notInServer" };
  if (!client.user) return { key: "milestones:grantProblems.ownPermissionsUnknown" };
  let standing: MemberStanding;
  try {
    standing = await fetchStanding(client.rest, guild, client.user.id, deps.clock.now());
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 404) return { key: "milestones:grantProblems.notInServer" };
    // Unlike the bot's own permissions, the role's safety cannot be left to Discord to decide:
    // the delivery fails here, its lease runs out, and it is tried again later.
    throw error;
  }
  const role = standing.roles.find((candidate) => candidate.id === roleId);
  if (!role) return { key: "milestones:grantProblems.gone" };
  const elevated = elevatedPermissions(role);
  if (elevated.length > 0) return { key: "milestones:grantProblems.nowElevated", values: { permissions: permissionFlagMessages(elevated) } };
  const current = BigInt(role.permissions);
  for (const reward of rewards) {
    if (reward.vetted_permissions === null) continue;
    const gained = current & ~BigInt(reward.vetted_permissions);
    if (gained !== 0n) {
      return { key: "milestones:grantProblems.gained", values: { permissions: permissionFlagMessages(permissionFlags(gained)) } };
    }
  }
  return roleGrantProblem(standing, roleId);
}
