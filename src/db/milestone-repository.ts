import type { Transaction } from "kysely";
import type { MemberKey } from "./progress-repository.ts";
import type { Database } from "./schema.ts";

/** Records milestones; returns only those this member never reached before. */
export async function recordMilestones(
  trx: Transaction<Database>,
  key: MemberKey,
  roadmapId: string,
  milestones: readonly string[],
  at: Date,
): Promise<string[]> {
  if (milestones.length === 0) return [];
  const inserted = await trx
    .insertInto("milestones")
    .values(milestones.map((milestone) => ({ guild_id: key.guildId, user_id: key.userId, roadmap_id: roadmapId, milestone, reached_at: at })))
    .onConflict((oc) => oc.doNothing())
    .returning("milestone")
    .execute();
  const fresh = new Set(inserted.map((row) => row.milestone));
  return milestones.filter((milestone) => fresh.has(milestone));
}

/** Records several members' milestones in one statement; those recorded before stay as they were. */
export async function recordMembersMilestones(
  trx: Transaction<Database>,
  guildId: string,
  roadmapId: string,
  reached: readonly { userId: string; milestone: string }[],
  at: Date,
): Promise<void> {
  if (reached.length === 0) return;
  await trx
    .insertInto("milestones")
    .values(reached.map(({ userId, milestone }) => ({ guild_id: guildId, user_id: userId, roadmap_id: roadmapId, milestone, reached_at: at })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}
