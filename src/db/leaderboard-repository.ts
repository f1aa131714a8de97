import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "./schema.ts";
import { ALL_TIME, ensureScores, pruneScorePeriods, type ScoresTables } from "./score-repository.ts";

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
  /** Members ranked (hidden and departed members are never ranked). */
  readonly ranked: number;
  readonly caller: RankedEntry | undefined;
}

interface Source {
  readonly guildId: string;
  readonly roadmapId: string;
  /** The kept window read; undefined for all time. */
  readonly periodId: string | undefined;
}

/**
 * The running scores a scope reads (see score-repository.ts): all-time, or the kept window; built
 * first if needed.
 */
async function sourceOf(db: Db, scope: LeaderboardScope): Promise<Source> {
  const [periodId] = await ensureScores(db, scope, scope.window ? [scope.window] : []);
  return { guildId: scope.guildId, roadmapId: scope.roadmapId, periodId };
}

/** The source's members with a score, as `s(user_id, score, reached_at)`. */
function scores(source: Source) {
  return source.periodId !== undefined
    ? sql`(select user_id, score, reached_at from period_scores
            where guild_id = ${source.guildId} and period_id = ${source.periodId}::bigint and score > 0) as s`
    : sql`(select user_id, done_count as score, reached_at from member_scores
            where guild_id = ${source.guildId} and roadmap_id = ${source.roadmapId} and done_count > 0) as s`;
}

/** How many members hold each score in the source, as `c(score, members)`. */
function scoreCounts(source: Source) {
  return sql`(select score, members from score_counts
               where guild_id = ${source.guildId} and roadmap_id = ${source.roadmapId}
                 and period_id = ${source.periodId ?? ALL_TIME}::bigint and score > 0) as c`;
}

/**
 * Members never ranked: hidden ones, and those who left the server. Few, and the partial index
 * members_unlisted holds exactly them (keep this condition and the index's the same).
 */
const UNLISTED = sql`(m.hidden or m.left_at is not null)`;

/** Unlisted members with a score above `score`. */
function hiddenAbove(source: Source, score: number) {
  return sql`(select count(*) from members m join ${scores(source)} on s.user_id = m.user_id
               where m.guild_id = ${source.guildId} and ${UNLISTED} and s.score > ${score})`;
}

/** Rankings leave unlisted members out. */
function notHidden(guildId: string) {
  return sql`s.user_id not in (select m.user_id from members m where m.guild_id = ${guildId} and ${UNLISTED})`;
}

interface ScoreRow {
  user_id: string;
  score: number;
  reached_at: Date;
}

const ORDER = sql`order by s.score desc, s.reached_at, s.user_id`;
const ORDER_REVERSED = sql`order by s.score, s.reached_at desc, s.user_id desc`;

function toEntry(row: ScoreRow, rank: number): RankedEntry {
  return { userId: row.user_id, rank, score: row.score, reachedAt: new Date(row.reached_at) };
}

async function callerRow(db: Db, source: Source, callerId: string): Promise<ScoreRow | undefined> {
  const { rows } = await sql<ScoreRow>`
    select s.user_id, s.score, s.reached_at from ${scores(source)}
     where s.user_id = ${callerId} and ${notHidden(source.guildId)}
  `.execute(db);
  return rows[0];
}

/**
 * Members ranked, and how many are ahead of the caller: sums over the score counts, less the hidden
 * members, plus the caller's ties reached earlier (one index range).
 */
async function counts(db: Db, source: Source, caller: ScoreRow | undefined): Promise<{ ranked: number; ahead: number }> {
  const ahead = caller
    ? sql`(select coalesce(sum(c.members), 0) from ${scoreCounts(source)} where c.score > ${caller.score})
        - ${hiddenAbove(source, caller.score)}
        + (select count(*) from ${scores(source)}
            where s.score = ${caller.score} and (s.reached_at, s.user_id) < (${caller.reached_at}::timestamptz, ${caller.user_id})
              and ${notHidden(source.guildId)})`
    : sql`0`;
  const query = sql<{ ranked: number; ahead: number }>`
    select ((select coalesce(sum(c.members), 0) from ${scoreCounts(source)}) - ${hiddenAbove(source, 0)})::int as ranked,
           (${ahead})::int as ahead
  `;
  // With many ties the planner counts them with a parallel scan, and starting its worker took ~90 ms
  // for ~8 ms of work (docs/performance.md); one process does it sooner. Scoped to this statement.
  const run = async (trx: Transaction<Database>) => {
    await sql`set local max_parallel_workers_per_gather = 0`.execute(trx);
    const { rows } = await query.execute(trx);
    await sql`set local max_parallel_workers_per_gather to default`.execute(trx);
    return rows[0] ?? { ranked: 0, ahead: 0 };
  };
  return db.isTransaction ? run(db as Transaction<Database>) : db.transaction().execute(run);
}

/** Up to `limit` ranked members just ahead of (or just behind) a member, nearest first: two index ranges. */
async function neighbours(db: Db, source: Source, of: ScoreRow, side: "ahead" | "behind", limit: number): Promise<ScoreRow[]> {
  if (limit <= 0) return [];
  const hidden = notHidden(source.guildId);
  const at = sql`(${of.reached_at}::timestamptz, ${of.user_id})`;
  const query =
    side === "ahead"
      ? sql`(select s.* from ${scores(source)} where s.score = ${of.score} and (s.reached_at, s.user_id) < ${at} and ${hidden}
              order by s.reached_at desc, s.user_id desc limit ${limit})
            union all
            (select s.* from ${scores(source)} where s.score > ${of.score} and ${hidden} ${ORDER_REVERSED} limit ${limit})`
      : sql`(select s.* from ${scores(source)} where s.score = ${of.score} and (s.reached_at, s.user_id) > ${at} and ${hidden}
              order by s.reached_at, s.user_id limit ${limit})
            union all
            (select s.* from ${scores(source)} where s.score < ${of.score} and ${hidden} ${ORDER} limit ${limit})`;
  const { rows } = await sql<ScoreRow>`select s.* from (${query}) as s ${side === "ahead" ? ORDER_REVERSED : ORDER} limit ${limit}`.execute(db);
  return rows;
}

async function pageAt(db: Db, source: Source, offset: number, limit: number): Promise<ScoreRow[]> {
  const { rows } = await sql<ScoreRow>`
    select s.user_id, s.score, s.reached_at from ${scores(source)} where ${notHidden(source.guildId)}
    ${ORDER} offset ${offset} limit ${limit}
  `.execute(db);
  return rows;
}

/**
 * One page of the ranking plus the caller's own row; `page` undefined opens on the caller's page.
 * Ranked by items done (in the window, if any) and still done, ties going to whoever reached the
 * score first; read from the running scores, so the cost barely grows with the guild.
 */
export async function leaderboardPage(
  db: Db,
  scope: LeaderboardScope,
  callerId: string,
  pageSize: number,
  page: number | undefined,
): Promise<LeaderboardPage & { page: number }> {
  const source = await sourceOf(db, scope);
  const mine = await callerRow(db, source, callerId);
  const { ranked, ahead } = await counts(db, source, mine);
  const caller = mine ? toEntry(mine, ahead + 1) : undefined;
  const wanted = page ?? (caller ? Math.floor((caller.rank - 1) / pageSize) : 0);
  const first = wanted * pageSize;
  let rows: ScoreRow[];
  if (mine && caller && Math.floor((caller.rank - 1) / pageSize) === wanted) {
    // The caller's own page: walk out from the caller instead of skipping everyone ahead.
    const before = caller.rank - 1 - first;
    rows = [
      ...(await neighbours(db, source, mine, "ahead", before)).reverse(),
      mine,
      ...(await neighbours(db, source, mine, "behind", pageSize - before - 1)),
    ];
  } else {
    rows = await pageAt(db, source, first, pageSize);
  }
  return { entries: rows.map((row, i) => toEntry(row, first + i + 1)), ranked, caller, page: wanted };
}

export interface WeekTotals {
  readonly itemsDone: number;
  readonly activeMembers: number;
  readonly stagesCompleted: number;
}

/** Group totals for a window: hidden members count here, they are just never named. */
export async function windowTotals(db: Db, scope: LeaderboardScope & { window: { start: Date; end: Date } }): Promise<WeekTotals> {
  const source = await sourceOf(db, scope);
  const { rows } = await sql<{ items: number; members: number }>`
    select coalesce(sum(c.score * c.members), 0)::int as items, coalesce(sum(c.members), 0)::int as members from ${scoreCounts(source)}
  `.execute(db);
  const stages = await db
    .selectFrom("milestones")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("guild_id", "=", scope.guildId)
    .where("roadmap_id", "=", scope.roadmapId)
    .where("milestone", "like", "stage-%")
    .where("reached_at", ">=", scope.window.start)
    .where("reached_at", "<", scope.window.end)
    .executeTakeFirstOrThrow();
  return { itemsDone: rows[0]?.items ?? 0, activeMembers: rows[0]?.members ?? 0, stagesCompleted: stages.n };
}

/**
 * Freezes a week's final standings; returns false when that week was already saved. Windows that
 * ended before this week are no longer kept.
 */
export async function saveWeek(
  trx: Transaction<Database>,
  scope: LeaderboardScope & { window: { start: Date; end: Date } },
  totals: WeekTotals,
): Promise<boolean> {
  const inserted = await trx
    .insertInto("leaderboard_weeks")
    .values({
      guild_id: scope.guildId,
      roadmap_id: scope.roadmapId,
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
  const source = await sourceOf(trx, scope);
  await sql`
    insert into weekly_standings (guild_id, roadmap_id, week_start, user_id, rank, score, reached_at)
    select ${scope.guildId}, ${scope.roadmapId}, ${scope.window.start}::timestamptz, s.user_id,
           row_number() over (${ORDER}), s.score, s.reached_at
      from ${scores(source)}
     where ${notHidden(scope.guildId)}
  `.execute(trx);
  await pruneScorePeriods(trx, scope, scope.window.start);
  return true;
}

export interface SavedWeek {
  readonly start: Date;
  readonly end: Date;
  readonly totals: WeekTotals;
}

export async function findSavedWeek(db: Db, guildId: string, roadmapId: string, weekStart: Date): Promise<SavedWeek | undefined> {
  const row = await db
    .selectFrom("leaderboard_weeks")
    .selectAll()
    .where("guild_id", "=", guildId)
    .where("roadmap_id", "=", roadmapId)
    .where("week_start", "=", weekStart)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    start: row.week_start,
    end: row.week_end,
    totals: { itemsDone: row.items_done, activeMembers: row.active_members, stagesCompleted: row.stages_completed },
  };
}

/** A saved week's standings, paged like a live leaderboard; hidden and departed members are left out at read time too. */
export async function savedStandingsPage(
  db: Db,
  guildId: string,
  roadmapId: string,
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
        .where("s.roadmap_id", "=", roadmapId)
        .where("s.week_start", "=", weekStart)
        .where("m.hidden", "=", false)
        .where("m.left_at", "is", null)
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
  const caller = callerRow ? toEntry(callerRow, callerRow.rank) : undefined;
  const wanted = page ?? (caller ? Math.floor((caller.rank - 1) / pageSize) : 0);
  const rows = await base
    .where("rank", ">", wanted * pageSize)
    .where("rank", "<=", (wanted + 1) * pageSize)
    .orderBy("rank")
    .execute();
  return { entries: rows.map((row) => toEntry(row, row.rank)), ranked: rows[0]?.ranked ?? callerRow?.ranked ?? 0, caller, page: wanted };
}

export async function weeksWon(db: Db, guildId: string, roadmapId: string, userIds: readonly string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("weekly_standings")
    .select(["user_id", sql<number>`count(*)::int`.as("wins")])
    .where("guild_id", "=", guildId)
    .where("roadmap_id", "=", roadmapId)
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
  await ensureScores(db, scope, []);
  const rows = await db
    .withTables<ScoresTables>()
    .selectFrom("member_scores")
    .select(["user_id", "done_count"])
    .where("guild_id", "=", scope.guildId)
    .where("roadmap_id", "=", scope.roadmapId)
    .where("user_id", "in", userIds)
    .execute();
  return new Map(rows.map((row) => [row.user_id, row.done_count]));
}
