import { sql, type Kysely, type Transaction } from "kysely";
import type { Roadmap } from "../catalogue/catalogue.ts";
import { roadmapLayout, storeRoadmapLayout, withLayout } from "./layout-repository.ts";
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
 * A check or uncheck queues its member in `score_refreshes` and answers; the members queued in a
 * guild are then counted together (`refreshQueuedScores`, src/leaderboard/score-refresher.ts), and
 * an import counts its member in its own transaction. Windows are opened by explicit writes (the organiser's setup, each
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
  /** Members whose changes are not counted yet (inserted by change_item, claimed by refresh_queued_scores). */
  score_refreshes: { guild_id: string; roadmap_id: string; user_id: string; queued_at: Date };
};

type Db = Kysely<Database> | Transaction<Database>;

export interface ScoreWindow {
  readonly start: Date;
  readonly end: Date;
}

/** The kept window's id, if someone opened it; a read. */
export async function keptWindow(db: Db, guildId: string, roadmapId: string, window: ScoreWindow): Promise<string | undefined> {
  const [id] = await keptWindowsOf(db, [{ guildId, roadmapId, window }]);
  return id;
}

/** A window of a guild's scores on a roadmap. */
export interface GuildWindow {
  readonly guildId: string;
  readonly roadmapId: string;
  readonly window: ScoreWindow;
}

/** The same for several windows at once, in the order asked. */
export async function keptWindowsOf(db: Db, windows: readonly GuildWindow[]): Promise<(string | undefined)[]> {
  if (windows.length === 0) return [];
  const { rows } = await sql<{ n: number; period_id: string }>`
    select w.n::int as n, p.period_id::text as period_id
      from ${windowList(windows)}
      join score_periods p on p.guild_id = w.guild_id and p.roadmap_id = w.roadmap_id and p.period_start = w.period_start and p.period_end = w.period_end`.execute(db);
  const found = windows.map((): string | undefined => undefined);
  for (const row of rows) found[row.n - 1] = row.period_id;
  return found;
}

/** Windows as `w(guild_id, roadmap_id, period_start, period_end, n)`, n counting from 1 in the order given. */
function windowList(windows: readonly GuildWindow[]) {
  return sql`unnest(${windows.map((w) => w.guildId)}::text[], ${windows.map((w) => w.roadmapId)}::text[],
                    ${windows.map((w) => w.window.start)}::timestamptz[], ${windows.map((w) => w.window.end)}::timestamptz[])
               with ordinality as w(guild_id, roadmap_id, period_start, period_end, n)`;
}

/**
 * Starts keeping these windows of a guild's scores (built from progress once, then kept by every
 * check); windows already kept are left as they are.
 */
export async function openScoreWindows(trx: Transaction<Database>, guildId: string, roadmap: Roadmap, windows: readonly ScoreWindow[]): Promise<void> {
  await openScoreWindowsOf(trx, windows.map((window) => ({ guildId, roadmap, window })));
}

/** The same for windows of several guilds and roadmaps, in one statement. */
export async function openScoreWindowsOf(
  trx: Transaction<Database>,
  windows: readonly { readonly guildId: string; readonly roadmap: Roadmap; readonly window: ScoreWindow }[],
): Promise<void> {
  if (windows.length === 0) return;
  const layouts = new Map(windows.map(({ roadmap }) => [roadmap, roadmapLayout(roadmap)]));
  for (const layout of new Set(layouts.values())) await storeRoadmapLayout(trx, layout);
  await sql`
    select open_score_windows(${windows.map((w) => w.guildId)}::text[], ${windows.map((w) => w.roadmap.id)}::text[],
                              ${windows.map((w) => layouts.get(w.roadmap)!.hash)}::text[],
                              ${windows.map((w) => w.window.start)}::timestamptz[], ${windows.map((w) => w.window.end)}::timestamptz[])`.execute(trx);
}

/**
 * Takes these guilds' score locks (exclusive, as a build does: lock_guild_scores in scores.sql), in
 * one order for every caller (lock_guilds_scores), so batches writing several guilds' scores never
 * wait on each other in a cycle.
 */
export async function lockGuildsScores(trx: Transaction<Database>, guildIds: readonly string[]): Promise<void> {
  if (guildIds.length === 0) return;
  await sql`select lock_guilds_scores(${[...guildIds]}::text[])`.execute(trx);
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

/**
 * Counts the scores of the members queued in a guild on this roadmap (as given: the version the
 * guild runs), in one transaction of its own. Returns how many members it counted.
 */
export async function refreshQueuedScores(db: Kysely<Database>, guildId: string, roadmap: Roadmap): Promise<number> {
  return withLayout(db, roadmap, async (layout) => {
    const { rows } = await sql<{ stored: boolean; counted: number | null }>`
      select l.stored, case when l.stored then refresh_queued_scores(${guildId}, ${roadmap.id}, ${layout}) end as counted
        from (select exists (select 1 from roadmap_layouts where layout_hash = ${layout}) as stored) l`.execute(db);
    return rows[0]?.stored ? (rows[0].counted ?? 0) : "layout-missing";
  });
}

/** Guilds and roadmaps with members queued for a count, the longest waiting first. */
export async function queuedScoreScopes(db: Db, limit: number): Promise<{ guildId: string; roadmapId: string }[]> {
  const { rows } = await sql<{ guild_id: string; roadmap_id: string }>`
    select guild_id, roadmap_id from score_refreshes
     group by guild_id, roadmap_id
     order by min(queued_at)
     limit ${limit}`.execute(db);
  return rows.map((row) => ({ guildId: row.guild_id, roadmapId: row.roadmap_id }));
}

/** Forgets the members queued for a count on a roadmap the guild can no longer read (its roadmap is gone). */
export async function discardQueuedScores(db: Db, guildId: string, roadmapId: string): Promise<void> {
  await sql`delete from score_refreshes where guild_id = ${guildId} and roadmap_id = ${roadmapId}`.execute(db);
}

/** Stops keeping windows of these servers' roadmaps that ended by `before` (nothing reads them once their week was posted). */
export async function pruneScorePeriodsOf(
  trx: Transaction<Database>,
  scopes: readonly { readonly guildId: string; readonly roadmapId: string; readonly before: Date }[],
): Promise<void> {
  if (scopes.length === 0) return;
  // Not under a check that is refreshing one of these windows (lock_guild_scores, scores.sql).
  await lockGuildsScores(trx, scopes.map((scope) => scope.guildId));
  await sql`
    delete from score_periods p
     using unnest(${scopes.map((s) => s.guildId)}::text[], ${scopes.map((s) => s.roadmapId)}::text[], ${scopes.map((s) => s.before)}::timestamptz[])
           as x(guild_id, roadmap_id, before)
     where p.guild_id = x.guild_id and p.roadmap_id = x.roadmap_id and p.period_end <= x.before`.execute(trx);
}
