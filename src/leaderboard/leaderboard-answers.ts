import type { AppContext } from "../context.ts";
import { leaderboardView, PERIODS } from "./leaderboard-service.ts";

type Deps = Pick<AppContext, "db" | "catalogue" | "clock">;

/**
 * Every leaderboard page each guild's members can ask for (every period, every page), as text:
 * two databases holding the same data answer with the same map. Used to verify a move.
 */
export async function leaderboardAnswers(deps: Deps, guildIds: readonly string[]): Promise<Map<string, string>> {
  const answers = new Map<string, string>();
  for (const guildId of guildIds) {
    for (const period of PERIODS) {
      for (let page = 1, pageCount = 1; page <= pageCount; page++) {
        const view = await leaderboardView(deps, guildId, "", period, page);
        pageCount = view.pageCount;
        answers.set(`${guildId} ${period} page ${page}`, JSON.stringify({ ...view, roadmap: view.roadmap.id }));
      }
    }
  }
  return answers;
}

/** The keys whose answers differ (or exist on one side only). */
export function differentAnswers(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((key) => before.get(key) !== after.get(key));
}
