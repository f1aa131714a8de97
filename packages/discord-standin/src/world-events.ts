import { GatewayDispatchEvents, GatewayIntentBits } from "discord-api-types/v10";
import type { GatewayServer } from "./gateway.ts";
import type { MessageEvent, StoredMessage } from "./messages.ts";
import type { WorldChange } from "./models.ts";
import { apiChannel, apiGuild, apiGuildMember, apiRole, apiUser, gatewayGuildCreate } from "./payloads.ts";

/** Turns changes to the world and to messages into the gateway events Discord would send. */

export function dispatchWorldChange(gateway: GatewayServer, change: WorldChange): void {
  switch (change.kind) {
    case "guildCreated":
      gateway.dispatch(change.guild.id, GatewayDispatchEvents.GuildCreate, gatewayGuildCreate(change.guild), GatewayIntentBits.Guilds);
      return;
    case "guildUpdated":
      gateway.dispatch(change.guild.id, GatewayDispatchEvents.GuildUpdate, apiGuild(change.guild), GatewayIntentBits.Guilds);
      return;
    case "channelCreated": {
      const guild = change.channel.guild;
      if (guild) gateway.dispatch(guild.id, GatewayDispatchEvents.ChannelCreate, apiChannel(change.channel), GatewayIntentBits.Guilds);
      return;
    }
    case "roleCreated":
      gateway.dispatch(change.role.guildId, GatewayDispatchEvents.GuildRoleCreate, { guild_id: change.role.guildId, role: apiRole(change.role) }, GatewayIntentBits.Guilds);
      return;
    case "memberAdded":
      gateway.dispatch(change.member.guild.id, GatewayDispatchEvents.GuildMemberAdd, { ...apiGuildMember(change.member), guild_id: change.member.guild.id }, GatewayIntentBits.GuildMembers);
      return;
    case "memberUpdated":
      gateway.dispatch(change.member.guild.id, GatewayDispatchEvents.GuildMemberUpdate, { ...apiGuildMember(change.member), guild_id: change.member.guild.id }, GatewayIntentBits.GuildMembers);
      return;
    case "memberRemoved":
      gateway.dispatch(change.guild.id, GatewayDispatchEvents.GuildMemberRemove, { guild_id: change.guild.id, user: apiUser(change.user) }, GatewayIntentBits.GuildMembers);
      return;
  }
}

export function dispatchMessageEvent(gateway: GatewayServer, event: MessageEvent, message: StoredMessage): void {
  if (message.ephemeral) return;
  const guild = message.channel.guild;
  const intent = guild ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages;
  const where = guild ? { guild_id: guild.id } : {};
  switch (event) {
    case "created": {
      const author = guild?.member(message.api.author.id);
      const member = author ? (({ user: _user, ...rest }) => rest)(apiGuildMember(author)) : undefined;
      gateway.dispatch(guild?.id ?? null, GatewayDispatchEvents.MessageCreate, { ...message.api, ...where, ...(member && { member }) }, intent);
      return;
    }
    case "updated":
      gateway.dispatch(guild?.id ?? null, GatewayDispatchEvents.MessageUpdate, { ...message.api, ...where }, intent);
      return;
    case "deleted":
      gateway.dispatch(guild?.id ?? null, GatewayDispatchEvents.MessageDelete, { id: message.api.id, channel_id: message.channel.id, ...where }, intent);
      return;
  }
}
