import { sql, type Kysely, type Transaction } from "kysely";
import type { Roadmap } from "../catalogue/catalogue.ts";
import { roadmapLayout, storeRoadmapLayout } from "./layout-repository.ts";
import type { Database } from "./schema.ts";

/**
 * Kept leaderboard scores. Every row is an exact answer to a question about `progress`, counted by
 * `counted_scores` (src/db/sql/progress.sql: the roadmap's current items, once each whatever their
 * aliases):
 *
 * - `member_scores`: per member, items done and the latest `done_at` among them (all time);
 * - `member_score_counts`: per all-time score, how many members hold it (the all-time twin of
 *   `period_score_counts` below), and `member_score_hour_counts` the same per hour it was reached
 *   in (`score_hour`), so a rank among many ties counts only the caller's own hour row by row;
 * - `period_scores`: per kept window in `score_periods` (a week or a month, exact instants) and
 *   member, items first done in the window and still done;
 * - `period_score_counts`: per kept window and score, how many members hold it, so a window's
 *   ranks and totals are sums over a few rows (docs/performance.md says what that buys).
 *
 * Every check and uncheck recounts the member's rows in its own transaction
 * (`refresh_member_standing`). Windows are opened by explicit writes (the organiser's setup, each
 * weekly post) and pruned once posted; a window nobody opened is counted from progress when read.
 * Reads never write. When a roadmap's items change, `rebuildScores` recounts a guild's rows.
 */
export type ScoresTables = {
  member_scores: { guild_id: string; roadmap_id: string; user_id: string; done_count: number; reached_at: Date | null };
  /** Per guild and roadmap, how many members hold each all-time score above 0 (kept with `member_scores`). */
  member_score_counts: { guild_id: string; roadmap_id: string; score: number; members: number };
  /** The same per hour the score was reached in (`score_hour` in scores.sql). */
  member_score_hour_counts: { guild_id: string; roadmap_id: string; score: number; reached_hour: Date; members: number };
  score_periods: { period_id: string; guild_id: string; roadmap_id: string; period_start: Date; period_end: Date };
  period_scores: { guild_id: string; period_id: string; user_id: string; score: number; reached_at: Date | null };
  /** Per kept window, how many members hold each score above 0 (kept with `period_scores`). */
  period_score_counts: { guild_id: string; period_id: string; score: number; members: number };
};

type Db = Kysely<Database> | Transaction<Database>;

export interface ScoreWindow {
  readonly start: Date;
  readonly end: Date;
}

/** The kept window's id, if someone opened it; a read. */
export async function keptWindow(db: Db, guildId: string, roadmapId: string, window: ScoreWindow): Promise<string | undefined> {
  const row = await db
    .withTables<ScoresTables>()
    .selectFrom("score_periods")
    .select(sql<string>`period_id::text`.as("period_id"))
    .where("guild_id", "=", guildId)
    .where("roadmap_id", "=", roadmapId)
    .where("period_start", "=", window.start)
    .where("period_end", "=", window.end)
    .executeTakeFirst();
  return row?.period_id;
}

/**
 * Starts keeping these windows of a guild's scores (built from progress once, then kept by every
 * check); windows already kept are left as they are. Returns their ids in order.
 */
export async function openScoreWindows(
  trx: Transaction<Database>,
  guildId: string,
  roadmap: Roadmap,
  windows: readonly ScoreWindow[],
): Promise<string[]> {
  const layout = roadmapLayout(roadmap);
  await storeRoadmapLayout(trx, layout);
  const ids: string[] = [];
  for (const window of windows) {
    const { rows } = await sql<{ id: string }>`
      select open_score_window(${guildId}, ${roadmap.id}, ${layout.hash}, ${window.start}, ${window.end})::text as id`.execute(trx);
    if (!rows[0]) throw new Error("open_score_window returned no row");
    ids.push(rows[0].id);
  }
  return ids;
}

/**
 * Recounts every kept score of a guild's roadmap (all time and every kept window) from progress,
 * for the roadmap's items as given: the write a change of the roadmap's items (retired, renamed,
 * added) needs, in the transaction of that change.
 */
export async function rebuildScores(trx: Transaction<Database>, guildId: string, roadmap: Roadmap): Promise<void> {
  const layout = roadmapLayout(roadmap);
  await storeRoadmapLayout(trx, layout);
  await sql`select rebuild_scores(${guildId}, ${roadmap.id}, ${layout.hash})`.execute(trx);
}

/** Stops keeping windows that ended by `before` (nothing reads them once their week was posted). */
export async function pruneScorePeriods(trx: Transaction<Database>, scope: { guildId: string; roadmapId: string }, before: Date): Promise<void> {
  // Not under a check that is refreshing one of these windows (lock_guild_scores, scores.sql).
  await sql`select lock_guild_scores(${scope.guildId}, true)`.execute(trx);
  await trx
    .withTables<ScoresTables>()
    .deleteFrom("score_periods")
    .where("guild_id", "=", scope.guildId)
    .where("roadmap_id", "=", scope.roadmapId)
    .where("period_end", "<=", before)
    .execute();
}
