import type { Transaction } from "kysely";
import type { Roadmap } from "../catalogue/catalogue.ts";
import { findTrack } from "../db/track-repository.ts";
import { findGuild, listMilestoneRoles } from "../db/guild-repository.ts";
import { recordMembersMilestones, recordMilestones } from "../db/milestone-repository.ts";
import { enqueue } from "../db/outbox-repository.ts";
import type { MemberKey } from "../db/progress-repository.ts";
import type { Database } from "../db/schema.ts";
import type { I18n } from "../i18n/translator.ts";
import { renderMilestonePost } from "../discord/render/milestone.ts";
import type { ProgressSummary } from "../progress/summary.ts";
import { milestonesReached, stageMilestone } from "./milestones.ts";

/**
 * How the member got there. Only checks made one by one with `/roadmap check` earn a celebration
 * and a reward role: an import (a file anyone can write) records the milestones it reaches, so
 * they are never celebrated later either, but posts nothing and gives no role.
 */
export type MilestoneOrigin = "check" | "import";

/**
 * Runs inside the change's transaction: records every milestone the member has now reached,
 * and, for a check, queues one celebration (and any role reward) for those reached for the
 * first time ever.
 */
export async function celebrateNewMilestones(
  trx: Transaction<Database>,
  key: MemberKey,
  roadmap: Roadmap,
  summary: ProgressSummary,
  hidden: boolean,
  now: Date,
  options: {
    /** The milestones this change can have reached; all reached ones when unknown. */
    readonly candidates?: readonly string[];
  } & ({ readonly origin: "import" } | { readonly origin: "check"; /** The celebration is told in the server's language. */ readonly i18n: I18n }),
): Promise<string[]> {
  const fresh = await recordMilestones(trx, key, roadmap.id, options.candidates ?? milestonesReached(summary), now);
  if (fresh.length === 0 || options.origin === "import") return fresh;
  const { i18n } = options;

  const guild = await findGuild(trx, key.guildId);
  // A server without a row runs the default roadmap: whatever roadmap is checked is its own.
  const own = (guild?.roadmap_id ?? roadmap.id) === roadmap.id;
  const track = await findTrack(trx, key.guildId, roadmap.id);
  // Celebrated in the track's channel; the server's own roadmap's is the guild's until setup made its track.
  const channelId = track?.channel_id ?? (own ? guild?.channel_id : undefined);
  const dedupe = `${key.guildId}:${key.userId}:${roadmap.id}:${fresh.join("+")}`;
  const post = renderMilestonePost(roadmap, key.userId, fresh, i18n.forServer(key.guildId, guild?.language));
  if (channelId && post && !hidden) {
    await enqueue(trx, { guildId: key.guildId, kind: "milestone", dedupeKey: `milestone:${dedupe}`, channelId, payload: post }, now);
  }
  // Stage roles are chosen for the server's own roadmap's stages: another track's stage 1 is not that.
  const roles = own ? await listMilestoneRoles(trx, key.guildId) : [];
  for (const role of roles) {
    if (!fresh.includes(stageMilestone(role.stage))) continue;
    await enqueue(
      trx,
      {
        guildId: key.guildId,
        kind: "role",
        dedupeKey: `role:${key.guildId}:${key.userId}:${role.role_id}:stage-${role.stage}`,
        channelId: null,
        payload: { userId: key.userId, roleId: role.role_id, stage: role.stage },
      },
      now,
    );
  }
  return fresh;
}

/**
 * Records every milestone each member's summary shows as reached, with no celebration and no role:
 * for a change of the roadmap, which is no achievement of theirs. Those recorded before stay, so
 * none is announced twice nor taken back.
 */
export async function recordReachedMilestones(
  trx: Transaction<Database>,
  guildId: string,
  roadmapId: string,
  summaries: ReadonlyMap<string, ProgressSummary>,
  now: Date,
): Promise<void> {
  const reached = [...summaries].flatMap(([userId, summary]) => milestonesReached(summary).map((milestone) => ({ userId, milestone })));
  await recordMembersMilestones(trx, guildId, roadmapId, reached, now);
}
