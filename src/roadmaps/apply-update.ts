import type { Transaction } from "kysely";
import type { Roadmap } from "../catalogue/catalogue.ts";
import type { AppContext } from "../context.ts";
import { refreshMemberStanding } from "../db/progress-repository.ts";
import { memberIdsWithProgress } from "../db/roadmap-repository.ts";
import type { Database } from "../db/schema.ts";
import { rebuildScores } from "../db/score-repository.ts";
import { celebrateNewMilestones } from "../milestones/milestone-service.ts";
import { loadSummary } from "../progress/progress-service.ts";

type Deps = Pick<AppContext, "catalogue" | "clock">;

/**
 * Everything a server's members' standing depends on, moved to a new version in the caller's
 * transaction: each member's place on the roadmap and the scores. Milestones the new version
 * makes reached are recorded without a celebration (an edit of the roadmap is not an achievement);
 * those recorded before stay, so none is announced twice nor taken back.
 */
export async function moveMembersToVersion(trx: Transaction<Database>, deps: Deps, guildId: string, roadmap: Roadmap): Promise<number> {
  const now = deps.clock.now();
  const members = await memberIdsWithProgress(trx, guildId, roadmap.id);
  for (const userId of members) {
    const key = { guildId, userId };
    // The member's place on the new version (their scores follow in the rebuild below).
    await refreshMemberStanding(trx, key, roadmap);
    const summary = await loadSummary({ db: trx, catalogue: deps.catalogue, clock: deps.clock }, key, roadmap);
    await celebrateNewMilestones(trx, key, roadmap, summary, true, now, { origin: "import" });
  }
  await rebuildScores(trx, guildId, roadmap);
  return members.length;
}
