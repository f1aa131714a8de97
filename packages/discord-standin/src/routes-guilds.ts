import { PermissionFlagsBits } from "discord-api-types/v10";
import type { RestResponse } from "./failures.ts";
import { missingPermissions, unknownGuild, unknownMember, unknownRole } from "./discord-errors.ts";
import type { GuildModel } from "./models.ts";
import { apiChannel, apiGuild, apiGuildMember, apiRole } from "./payloads.ts";
import { guildPermissions, hasPermission } from "./permissions.ts";
import type { RestRequest, RestRouter } from "./rest-router.ts";
import type { StandInState } from "./state.ts";

/** Guilds, their channels, roles and members, and role assignment. */

const ok = (body: unknown): RestResponse => ({ status: 200, body });

export function registerGuildRoutes(router: RestRouter, state: StandInState): void {
  const guildOf = (request: RestRequest): GuildModel => {
    const guild = state.world.guilds.get(request.params.guildId ?? "");
    if (!guild) throw unknownGuild();
    return guild;
  };

  router.add("GET", "/guilds/{guildId}", (request) => {
    const guild = guildOf(request);
    const counts = request.query.get("with_counts") === "true" ? { approximate_member_count: guild.members.size, approximate_presence_count: 0 } : {};
    return ok({ ...apiGuild(guild), ...counts });
  });
  router.add("GET", "/guilds/{guildId}/channels", (request) => ok([...guildOf(request).channels.values()].map(apiChannel)));
  router.add("GET", "/guilds/{guildId}/roles", (request) => ok([...guildOf(request).roles.values()].map(apiRole)));

  router.add("GET", "/guilds/{guildId}/members", (request) => {
    const limit = Math.min(Number(request.query.get("limit") ?? 1) || 1, 1000);
    const after = BigInt(request.query.get("after") ?? "0");
    const members = [...guildOf(request).members.values()].filter((member) => BigInt(member.id) > after).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    return ok(members.slice(0, limit).map(apiGuildMember));
  });
  router.add("GET", "/guilds/{guildId}/members/search", (request) => {
    const query = (request.query.get("query") ?? "").toLowerCase();
    const limit = Math.min(Number(request.query.get("limit") ?? 1) || 1, 1000);
    const members = [...guildOf(request).members.values()].filter(
      (member) => member.username.toLowerCase().startsWith(query) || (member.nick ?? "").toLowerCase().startsWith(query),
    );
    return ok(members.slice(0, limit).map(apiGuildMember));
  });
  router.add("GET", "/guilds/{guildId}/members/{userId}", (request) => {
    const member = guildOf(request).member(request.params.userId ?? "");
    if (!member) throw unknownMember();
    return ok(apiGuildMember(member));
  });

  const changeRole = (request: RestRequest, action: "add" | "remove"): RestResponse => {
    const guild = guildOf(request);
    const role = guild.roles.get(request.params.roleId ?? "");
    if (!role) throw unknownRole();
    const member = guild.member(request.params.userId ?? "");
    if (!member) throw unknownMember();
    const bot = guild.botMember;
    const botTopPosition = Math.max(...bot.roles.map((roleId) => guild.roles.get(roleId)?.position ?? 0));
    const canManage = hasPermission(guildPermissions(guild, bot), PermissionFlagsBits.ManageRoles);
    // Discord: a bot can only assign roles strictly below its highest role, and never managed roles.
    if (!canManage || role.position >= botTopPosition || role.managedForBotId !== null || role.id === guild.id) throw missingPermissions();
    const reasonHeader = request.headers["x-audit-log-reason"];
    state.roleChanges.push({
      guildId: guild.id,
      userId: member.id,
      roleId: role.id,
      action,
      reason: typeof reasonHeader === "string" ? decodeURIComponent(reasonHeader) : undefined,
    });
    guild.setMemberRole(member, role.id, action === "add");
    return { status: 204 };
  };
  router.add("PUT", "/guilds/{guildId}/members/{userId}/roles/{roleId}", (request) => changeRole(request, "add"));
  router.add("DELETE", "/guilds/{guildId}/members/{userId}/roles/{roleId}", (request) => changeRole(request, "remove"));
}
