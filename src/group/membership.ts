import type { AppContext } from "../context.ts";
import { markMemberPresent, markMembersLeft, type MemberKey } from "../db/progress-repository.ts";

type Deps = Pick<AppContext, "db" | "clock">;

/**
 * Asks Discord which of these members are no longer in the server (Unknown Member); any other
 * answer, or none, counts as still there. The bot has no member events, so it asks when it is
 * about to name someone.
 */
export type FindDeparted = (userIds: readonly string[]) => Promise<readonly string[]>;

/** Of these members, the ones who left; they are remembered as gone, so nothing names or contacts them. */
export async function departedAmong(deps: Deps, guildId: string, userIds: readonly string[], findDeparted: FindDeparted): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const departed = [...new Set(await findDeparted(userIds))].filter((id) => userIds.includes(id));
  await markMembersLeft(deps.db, guildId, departed, deps.clock.now());
  return new Set(departed);
}

/** Whoever uses a command is in the server: a member marked as gone is back. Their locale is kept for their DMs. */
export async function memberIsPresent(deps: Pick<AppContext, "db" | "logger">, key: MemberKey, locale: string): Promise<void> {
  try {
    await markMemberPresent(deps.db, key, locale);
  } catch (error) {
    // Only naming them again waits on this; the command itself goes on.
    deps.logger.warn({ err: error, guildId: key.guildId, userId: key.userId }, "could not mark a returning member as present");
  }
}
