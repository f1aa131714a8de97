import type { Transaction } from "kysely";
import type { Roadmap } from "../catalogue/catalogue.ts";
import type { AppContext } from "../context.ts";
import { refreshRoadmapStandings } from "../db/progress-repository.ts";
import type { Database } from "../db/schema.ts";
import { recordReachedMilestones } from "../milestones/milestone-service.ts";
import { loadStoredSummaries } from "../progress/progress-service.ts";

type Deps = Pick<AppContext, "catalogue" | "clock">;

/** Members whose summaries are read in one round trip (each holds the member's done items). */
const SUMMARY_BATCH = 250;

/**
 * Everything a server's members' standing depends on, moved to a new version in the caller's
 * transaction: every member's place on the roadmap and the scores, each counted once and locked
 * in a check's order (`refreshRoadmapStandings`). Milestones the new version makes reached are
 * recorded without a celebration (an edit of the roadmap is not an achievement); those recorded
 * before stay, so none is announced twice nor taken back.
 */
export async function moveMembersToVersion(trx: Transaction<Database>, deps: Deps, guildId: string, roadmap: Roadmap): Promise<number> {
  const now = deps.clock.now();
  const members = await refreshRoadmapStandings(trx, guildId, roadmap);
  const trxDeps = { db: trx, catalogue: deps.catalogue, clock: deps.clock };
  for (let start = 0; start < members.length; start += SUMMARY_BATCH) {
    const summaries = await loadStoredSummaries(trxDeps, guildId, roadmap, members.slice(start, start + SUMMARY_BATCH));
    await recordReachedMilestones(trx, guildId, roadmap.id, summaries, now);
  }
  return members.length;
}
