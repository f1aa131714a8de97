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

/** What each choice means, as the privacy reply tells the member: exactly what others see. */
export const PRIVACY_LINES = {
  hidden: [
    "🙈 **Hidden:** others see none of your progress: you're left off leaderboards (and their pictures), milestone posts, item pages (your name and notes) and buddy suggestions, and `/roadmap progress member:` or `/roadmap stage member:` about you shows nothing. You still see all of it yourself.",
    "🔢 **Still counted, never named:** your items in the group's anonymous totals (the weekly post's items done, active members and pace, `/roadmap group`, and the \"+N who keep their progress private\" on item pages).",
    "📋 **Exceptions:** organisers' `/roadmap-admin export` still lists your progress, and a milestone role an organiser set up is still given (others can see roles).",
  ],
  visible: [
    "👋 **Visible on leaderboards**, in milestone posts, on item pages (with your notes), and to others' `/roadmap progress member:` and `/roadmap stage member:`.",
  ],
} as const;

/** Refuses to show a hidden member's progress to anyone but themself. */
export async function assertProgressVisible(deps: Deps, target: MemberKey, viewerId: string): Promise<void> {
  if (target.userId === viewerId) return;
  const member = await findMember(deps.db, target);
  if (member?.hidden) throw new UserError(PRIVATE_PROGRESS);
}
