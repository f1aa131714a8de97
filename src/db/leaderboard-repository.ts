import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "./schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface LeaderboardScope {
  readonly guildId: string;
  readonly roadmapId: string;
  /** Ids (and former ids) of the roadmap's current items: progress on retired items does not count. */
  readonly itemIds: readonly string[];
  /** Only items newly done in [start, end); the whole history when absent. */
  readonly window?: { readonly start: Date; readonly end: Date };
}

export interface RankedEntry {
  readonly userId: string;
  readonly rank: number;
  readonly score: number;
  readonly reachedAt: Date;
}

export interface LeaderboardPage {
  readonly entries: readonly RankedEntry[];
  /** Members ranked (hidden members are never ranked). */
  readonly ranked: number;
  readonly caller: RankedEntry | undefined;
}

/**
 * Scores members by items done (in the window, if any) and still done, ties going to whoever
 * reached the score first. Computed in SQL over the (guild_id, done_at) index.
 */
function rankedScores(db: Db, scope: LeaderboardScope) {
  return db
    .with("scores", (qb) => {
      let q = qb
        .selectFrom("progress")
        .select(["user_id", sql<number>`count(*)::int`.as("score"), sql<Date>`max(done_at)`.as("reached_at")])
        .where("guild_id", "=", scope.guildId)
        .where("roadmap_id", "=", scope.roadmapId)
        .where("item_id", "=", sql<string>`any(${sql.val(scope.itemIds)}::text[])`)
        .groupBy("user_id");
      if (scope.window) q = q.where("done_at", ">=", scope.window.start).where("done_at", "<", scope.window.end);
      return q;
    })
    .with("ranked", (qb) =>
      qb
        .selectFrom("scores")
        .innerJoin("members", (join) =>
          join.onRef("members.user_id", "=", "scores.user_id").on("members.guild_id", "=", scope.guildId),
        )
        .where("members.hidden", "=", false)
        .select([
          "scores.user_id",
          "scores.score",
          "scores.reached_at",
          sql<number>`(row_number() over (order by scores.score desc, scores.reached_at asc, scores.user_id))::int`.as("rank"),
          sql<number>`(count(*) over ())::int`.as("ranked"),
        ]),
    );
}

function toEntry(row: { user_id: string; rank: number; score: number; reached_at: Date }): RankedEntry {
  return { userId: row.user_id, rank: row.rank, score: row.score, reachedAt: row.reached_at };
}

/** One page of the ranking plus the caller's own row; `page` undefined opens on the caller's page. */
export async function leaderboardPage(
  db: Db,
  scope: LeaderboardScope,
  callerId: string,
  pageSize: number,
  page: number | undefined,
): Promise<LeaderboardPage & { page: number }> {
  const callerRow = await rankedScores(db, scope)
    .selectFrom("ranked")
    .selectAll()
    .where("user_id", "=", callerId)
    .executeTakeFirst();
  const caller = callerRow ? toEntry(callerRow) : undefined;
  const wanted = page ?? (caller ? Math.floor((caller.rank - 1) / pageSize) : 0);
  const rows = await rankedScores(db, scope)
    .selectFrom("ranked")
    .selectAll()
    .where("rank", ">", wanted * pageSize)
    .where("rank", "<=", (wanted + 1) * pageSize)
    .orderBy("rank")
    .execute();
  const ranked = rows[0]?.ranked ?? callerRow?.ranked ?? (await countRanked(db, scope));
  return { entries: rows.map(toEntry), ranked, caller, page: wanted };
}

async function countRanked(db: Db, scope: LeaderboardScope): Promise<number> {
  const row = await rankedScores(db, scope)
    .selectFrom("ranked")
    .select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirst();
  return row?.n ?? 0;
}

export interface WeekTotals {
  readonly itemsDone: number;
  readonly activeMembers: number;
  readonly stagesCompleted: number;
}

/** Group totals for a window: hidden members count here, they are just never named. */
export async function windowTotals(db: Db, scope: LeaderboardScope & { window: { start: Date; end: Date } }): Promise<WeekTotals> {
  const progress = await db
    .selectFrom("progress")
    .select([sql<number>`count(*)::int`.as("items"), sql<number>`count(distinct user_id)::int`.as("members")])
    .where("guild_id", "=", scope.guildId)
    .where("roadmap_id", "=", scope.roadmapId)
    .where("item_id", "=", sql<string>`any(${sql.val(scope.itemIds)}::text[])`)
    .where("done_at", ">=", scope.window.start)
    .where("done_at", "<", scope.window.end)
    .executeTakeFirstOrThrow();
  const stages = await db
    .selectFrom("milestones")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("guild_id", "=", scope.guildId)
    .where("roadmap_id", "=", scope.roadmapId)
    .where("milestone", "like", "stage-%")
    .where("reached_at", ">=", scope.window.start)
    .where("reached_at", "<", scope.window.end)
    .executeTakeFirstOrThrow();
  return { itemsDone: progress.items, activeMembers: progress.members, stagesCompleted: stages.n };
}

/** Freezes a week's final standings; returns false when that week was already saved. */
export async function saveWeek(
  trx: Transaction<Database>,
  scope: LeaderboardScope & { window: { start: Date; end: Date } },
  totals: WeekTotals,
): Promise<boolean> {
  const inserted = await trx
    .insertInto("leaderboard_weeks")
    .values({
      guild_id: scope.guildId,
      week_start: scope.window.start,
      week_end: scope.window.end,
      items_done: totals.itemsDone,
      active_members: totals.activeMembers,
      stages_completed: totals.stagesCompleted,
    })
    .onConflict((oc) => oc.doNothing())
    .returning("guild_id")
    .executeTakeFirst();
  if (!inserted) return false;
  await trx
    .insertInto("weekly_standings")
    .columns(["guild_id", "week_start", "user_id", "rank", "score", "reached_at"])
    .expression(
      rankedScores(trx, scope)
        .selectFrom("ranked")
        .select([
          sql<string>`${scope.guildId}::text`.as("guild_id"),
          sql<Date>`${scope.window.start}::timestamptz`.as("week_start"),
          "user_id",
          "rank",
          "score",
          "reached_at",
        ]),
    )
    .execute();
  return true;
}

export interface SavedWeek {
  readonly start: Date;
  readonly end: Date;
  readonly totals: WeekTotals;
}

export async function findSavedWeek(db: Db, guildId: string, weekStart: Date): Promise<SavedWeek | undefined> {
  const row = await db
    .selectFrom("leaderboard_weeks")
    .selectAll()
    .where("guild_id", "=", guildId)
    .where("week_start", "=", weekStart)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    start: row.week_start,
    end: row.week_end,
    totals: { itemsDone: row.items_done, activeMembers: row.active_members, stagesCompleted: row.stages_completed },
  };
}

/** A saved week's standings, paged like a live leaderboard; hidden members are left out at read time too. */
export async function savedStandingsPage(
  db: Db,
  guildId: string,
  weekStart: Date,
  callerId: string,
  pageSize: number,
  page: number | undefined,
): Promise<LeaderboardPage & { page: number }> {
  const base = db
    .with("ranked", (qb) =>
      qb
        .selectFrom("weekly_standings as s")
        .innerJoin("members as m", (join) => join.onRef("m.user_id", "=", "s.user_id").onRef("m.guild_id", "=", "s.guild_id"))
        .where("s.guild_id", "=", guildId)
        .where("s.week_start", "=", weekStart)
        .where("m.hidden", "=", false)
        .select([
          "s.user_id",
          "s.score",
          "s.reached_at",
          sql<number>`(row_number() over (order by s.rank))::int`.as("rank"),
          sql<number>`(count(*) over ())::int`.as("ranked"),
        ]),
    )
    .selectFrom("ranked")
    .selectAll();
  const callerRow = await base.where("user_id", "=", callerId).executeTakeFirst();
  const caller = callerRow ? toEntry(callerRow) : undefined;
  const wanted = page ?? (caller ? Math.floor((caller.rank - 1) / pageSize) : 0);
  const rows = await base
    .where("rank", ">", wanted * pageSize)
    .where("rank", "<=", (wanted + 1) * pageSize)
    .orderBy("rank")
    .execute();
  return { entries: rows.map(toEntry), ranked: rows[0]?.ranked ?? callerRow?.ranked ?? 0, caller, page: wanted };
}

export async function weeksWon(db: Db, guildId: string, userIds: readonly string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("weekly_standings")
    .select(["user_id", sql<number>`count(*)::int`.as("wins")])
    .where("guild_id", "=", guildId)
    .where("rank", "=", 1)
    .where("user_id", "in", userIds)
    .groupBy("user_id")
    .execute();
  return new Map(rows.map((row) => [row.user_id, row.wins]));
}

/** How many current items each of these members has done: the "overall %" beside their name. */
export async function doneCounts(
  db: Db,
  scope: Omit<LeaderboardScope, "window">,
  userIds: readonly string[],
): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("progress")
    .select(["user_id", sql<number>`count(*)::int`.as("done")])
    .where("guild_id", "=", scope.guildId)
    .where("roadmap_id", "=", scope.roadmapId)
    .where("item_id", "=", sql<string>`any(${sql.val(scope.itemIds)}::text[])`)
    .where("user_id", "in", userIds)
    .groupBy("user_id")
    .execute();
  return new Map(rows.map((row) => [row.user_id, row.done]));
}
