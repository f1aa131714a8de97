import type { AppContext } from "../context.ts";
import { findMember, type MemberKey } from "../db/progress-repository.ts";
import { UserError } from "../errors.ts";

type Deps = Pick<AppContext, "db">;

/** Refuses to show a hidden member's progress to anyone but themself. */
export async function assertProgressVisible(deps: Deps, target: MemberKey, viewerId: string): Promise<void> {
  if (target.userId === viewerId) return;
  const member = await findMember(deps.db, target);
  // The one answer about a hidden member: it depends on nothing but the choice they made, so it
  // says nothing about whether they have any progress at all.
  if (member?.hidden) throw new UserError({ key: "group:privacy.private" });
}
