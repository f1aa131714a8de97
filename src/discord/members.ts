import type { MemberKey } from "../db/progress-repository.ts";
import { UserError } from "../errors.ts";
import type { GuildAutocompleteInteraction, GuildButtonInteraction, GuildCommandInteraction } from "./command.ts";
import { safeText } from "./render/text.ts";

type GuildInteraction = GuildCommandInteraction | GuildAutocompleteInteraction | GuildButtonInteraction;

export function callerKey(interaction: GuildInteraction): MemberKey {
  return { guildId: interaction.guildId, userId: interaction.user.id };
}

export interface MemberTarget {
  readonly key: MemberKey;
  readonly displayName: string;
  readonly isCaller: boolean;
}

/** The member named by an optional `member:` option, or the caller; refuses bots and people outside the server. */
export function targetMember(interaction: GuildCommandInteraction, optionName = "member"): MemberTarget {
  const user = interaction.options.getUser(optionName);
  if (!user || user.id === interaction.user.id) {
    return { key: callerKey(interaction), displayName: interaction.member.displayName, isCaller: true };
  }
  if (user.bot) {
    throw new UserError(`${safeText(user.username, 40)} is a bot, and bots don't follow the roadmap. Pick a member instead.`);
  }
  const member = interaction.options.getMember(optionName);
  if (!member) {
    throw new UserError(`${safeText(user.username, 40)} isn't a member of this server, so there is no progress to show.`);
  }
  return { key: { guildId: interaction.guildId, userId: user.id }, displayName: member.displayName, isCaller: false };
}
