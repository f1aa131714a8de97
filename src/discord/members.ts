// From discord.js, not @discordjs/rest: the client's REST is discord.js's CommonJS copy, and
// instanceof only matches errors from that same copy.
import { DiscordAPIError, type Guild } from "discord.js";
import type { MemberKey } from "../db/progress-repository.ts";
import { UserError } from "../errors.ts";
import type { GuildAutocompleteInteraction, GuildButtonInteraction, GuildCommandInteraction } from "./command.ts";
import type { UserArg } from "./options.ts";
import { truncate } from "./render/text.ts";

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
export function targetMember(interaction: GuildCommandInteraction, named: UserArg | undefined): MemberTarget {
  const user = named?.user;
  if (!user || user.id === interaction.user.id) {
    return { key: callerKey(interaction), displayName: interaction.member.displayName, isCaller: true };
  }
  if (user.bot) {
    throw new UserError({ key: "errors:members.isBot", values: { name: truncate(user.username, 40) } });
  }
  const member = named.member;
  if (!member) {
    throw new UserError({ key: "errors:members.notInServer", values: { name: truncate(user.username, 40) } });
  }
  return { key: { guildId: interaction.guildId, userId: user.id }, displayName: member.displayName, isCaller: false };
}

/** Discord's "Unknown Member": the user is not (or no longer) in the server. */
export const UNKNOWN_MEMBER = 10007;

export function isUnknownMember(error: unknown): boolean {
  return error instanceof DiscordAPIError && Number(error.code) === UNKNOWN_MEMBER;
}

/**
 * Which of these users Discord says are not in the guild, asked one by one (the member cache is
 * off, and without member events it would be stale anyway). Any other failure counts as present:
 * a missed departure is better than forgetting someone who is still here.
 */
export async function departedFromGuild(guild: Guild, userIds: readonly string[]): Promise<string[]> {
  const answers = await Promise.all(
    userIds.map((userId) =>
      guild.members.fetch({ user: userId, force: true, cache: false }).then(
        () => undefined,
        (error: unknown) => (isUnknownMember(error) ? userId : undefined),
      ),
    ),
  );
  return answers.filter((userId) => userId !== undefined);
}
