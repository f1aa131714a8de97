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

/**
 * Whoever uses a command is in the server: a member marked as gone is back. Their locale is kept for
 * their DMs. Returns whether the member was known (false also when the write failed: only naming
 * them again waits on this, so the command itself goes on).
 */
async function memberIsPresent(deps: Pick<AppContext, "db" | "logger">, key: MemberKey, locale: string): Promise<boolean> {
  try {
    return await markMemberPresent(deps.db, key, locale);
  } catch (error) {
    deps.logger.warn({ err: error, guildId: key.guildId, userId: key.userId }, "could not mark a returning member as present");
    return true;
  }
}

/**
 * Marks the member present while `run` answers, so the write adds no round trip to the answer; a
 * member that `run` has just created is marked once it is done. Both are written before the
 * caller answers, so what the member sees next already has them.
 */
export async function whilePresent<T>(deps: Pick<AppContext, "db" | "logger">, key: MemberKey, locale: string, run: () => Promise<T>): Promise<T> {
  const marking = memberIsPresent(deps, key, locale);
  const result = await run().finally(() => marking);
  if (!(await marking)) await memberIsPresent(deps, key, locale);
  return result;
}
