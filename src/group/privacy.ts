import type { AppContext } from "../context.ts";
import { findMember, type MemberKey } from "../db/progress-repository.ts";
import { UserError } from "../errors.ts";

type Deps = Pick<AppContext, "db">;

/**
 * The one answer about a hidden member: it depends on nothing but the choice they made, so it
 * says nothing about whether they have any progress at all.
 */
export const PRIVATE_PROGRESS =
  "🙈 This member keeps their progress private, so only they can see it. The group's totals are in `/roadmap group`.";

/** Refuses to show a hidden member's progress to anyone but themself. */
export async function assertProgressVisible(deps: Deps, target: MemberKey, viewerId: string): Promise<void> {
  if (target.userId === viewerId) return;
  const member = await findMember(deps.db, target);
  if (member?.hidden) throw new UserError(PRIVATE_PROGRESS);
}
