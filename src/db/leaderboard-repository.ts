import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "./schema.ts";
import { keptWindow, type ScoreWindow } from "./score-repository.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface LeaderboardScope {
  readonly guildId: string;
  readonly roadmapId: string;
  /** The roadmap's stored layout (`roadmapLayout(roadmap).hash`): what counts, for a window nobody opened. */
  readonly layoutHash: string;
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

/** Where a scope's scores are read: kept all-time rows, a kept window, or progress itself. */
type Source =
  | { readonly kind: "all-time"; readonly guildId: string; readonly roadmapId: string }
  | { readonly kind: "kept-window"; readonly guildId: string; readonly periodId: string }
  | { readonly kind: "counted"; readonly guildId: string; readonly roadmapId: string; readonly layoutHash: string; readonly window: ScoreWindow };

async function sourceOf(db: Db, scope: LeaderboardScope): Promise<Source> {
  const { guildId, roadmapId, window } = scope;
  if (!window) return { kind: "all-time", guildId, roadmapId };
  const periodId = await keptWindow(db, guildId, roadmapId, window);
  if (periodId !== undefined) return { kind: "kept-window", guildId, periodId };
  return { kind: "counted", guildId, roadmapId, layoutHash: scope.layoutHash, window };
}

/** A kept window's members with a score (`period_id` a value, or a column of an outer query). */
export function keptWindowScores(guildId: unknown, periodId: unknown) {
  return sql`select ps.user_id, ps.score, ps.reached_at from period_scores ps
              where ps.guild_id = ${guildId} and ps.period_id = ${periodId}::bigint and ps.score > 0`;
}

/** A window's members with a score counted from progress: for a window nobody opened. */
export function countedWindowScores(guildId: unknown, roadmapId: unknown, layoutHash: unknown, start: unknown, end: unknown) {
  return sql`select c.user_id, c.score, c.reached_at from counted_scores(${guildId}, ${roadmapId}, ${layoutHash}, ${start}::timestamptz, ${end}::timestamptz) c`;
}

/** The source's members with a score, as `s(user_id, score, reached_at)`. */
function scores(source: Source) {
  switch (source.kind) {
    case "all-time":
      return sql`(select user_id, done_count as score, reached_at from member_scores
                   where guild_id = ${source.guildId} and roadmap_id = ${source.roadmapId} and done_count > 0) as s`;
    case "kept-window":
      return sql`(${keptWindowScores(source.guildId, source.periodId)}) as s`;
    case "counted":
      return sql`(${countedWindowScores(source.guildId, source.roadmapId, source.layoutHash, source.window.start, source.window.end)}) as s`;
  }
}

/**
 * Members never ranked: hidden ones, and those who left the server. Few, and the partial index
 * members_unlisted holds exactly them (keep this condition and the index's the same).
 */
export const UNLISTED = sql`(m.hidden or m.left_at is not null)`;

/** Rankings leave unlisted members out (`s` the scores; `guildId` a value or a column of an outer query). */
export function notHidden(guildId: unknown) {
  return sql`s.user_id not in (select m.user_id from members m where m.guild_id = ${guildId} and ${UNLISTED})`;
}

interface ScoreRow {
  user_id: string;
  score: number;
  reached_at: Date;
}

/** The ranking's order: most items first, ties to whoever reached the score first. */
export const ORDER = sql`order by s.score desc, s.reached_at, s.user_id`;
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
 * Members ranked and how many of them rank ahead of the caller, and (hidden members included) the
 * items and members scoring: one pass over the rank index serves the page and the group's totals.
 */
interface Counts {
  ranked: number;
  ahead: number;
  items: number;
  members: number;
}

/** Whether the row `s` ranks ahead of the caller (false when there is no caller). */
function aheadOf(caller: ScoreRow | undefined) {
  return caller
    ? sql`(s.score > ${caller.score}
           or (s.score = ${caller.score} and (s.reached_at, s.user_id) < (${caller.reached_at}::timestamptz, ${caller.user_id})))`
    : sql`false`;
}

async function counts(db: Db, source: Source, caller: ScoreRow | undefined): Promise<Counts> {
  if (source.kind !== "counted") return keptCounts(db, source, caller);
  const ahead = aheadOf(caller);
  const listed = notHidden(source.guildId);
  const { rows } = await sql<Counts>`
    select (count(*) filter (where ${listed}))::int as ranked, (count(*) filter (where ${listed} and ${ahead}))::int as ahead,
           coalesce(sum(s.score), 0)::int as items, count(*)::int as members
      from ${scores(source)}
  `.execute(db);
  return rows[0] ?? { ranked: 0, ahead: 0, items: 0, members: 0 };
}

/** A kept source's member count per score, as `c(score, members)`: `member_score_counts` or `period_score_counts`. */
function scoreCounts(source: Source & { kind: "all-time" | "kept-window" }) {
  return source.kind === "all-time"
    ? sql`(select score, members from member_score_counts
            where guild_id = ${source.guildId} and roadmap_id = ${source.roadmapId}) as c`
    : sql`(select score, members from period_score_counts
            where guild_id = ${source.guildId} and period_id = ${source.periodId}::bigint) as c`;
}

/**
 * How many members tie with the caller's score and rank ahead of them. A window's ties are an index
 * range of one score. All time, where a large guild ties by the tens of thousands (everyone who
 * finished a stage), the ties of earlier hours are summed from `member_score_hour_counts` and only
 * the caller's own hour is counted row by row (`score_hour`, scores.sql).
 */
function tiesAheadOf(source: Source & { kind: "all-time" | "kept-window" }, caller: ScoreRow) {
  const before = sql`(s.reached_at, s.user_id) < (${caller.reached_at}::timestamptz, ${caller.user_id})`;
  if (source.kind === "kept-window") return sql`(select count(*) from ${scores(source)} where s.score = ${caller.score} and ${before})`;
  const hour = sql`score_hour(${caller.reached_at}::timestamptz)`;
  return sql`((select coalesce(sum(h.members), 0) from member_score_hour_counts h
                where h.guild_id = ${source.guildId} and h.roadmap_id = ${source.roadmapId}
                  and h.score = ${caller.score} and h.reached_hour < ${hour})
              + (select count(*) from ${scores(source)} where s.score = ${caller.score} and s.reached_at >= ${hour} and ${before}))`;
}

/**
 * The same counts for kept scores, from their member count per score: the unlisted members (few)
 * are subtracted rather than filtered out, and only some of the caller's ties ahead are counted row
 * by row (tiesAheadOf), so a board at 100k members reads a few hundred count rows, not every
 * member's row.
 */
async function keptCounts(db: Db, source: Source & { kind: "all-time" | "kept-window" }, caller: ScoreRow | undefined): Promise<Counts> {
  const ahead = aheadOf(caller);
  const tiesAhead = caller ? tiesAheadOf(source, caller) : sql`0`;
  const { rows } = await sql<Counts>`
    with tally as (
      select coalesce(sum(c.members), 0)::int as members, coalesce(sum(c.score::bigint * c.members), 0)::int as items,
             coalesce(sum(c.members) filter (where c.score > ${caller?.score ?? null}::int), 0)::int as higher
        from ${scoreCounts(source)}
    ),
    unlisted as (
      select count(*)::int as ranked, (count(*) filter (where ${ahead}))::int as ahead
        from members m join ${scores(source)} on s.user_id = m.user_id
       where m.guild_id = ${source.guildId} and ${UNLISTED}
    )
    select t.members - u.ranked as ranked, t.higher + ${tiesAhead}::int - u.ahead as ahead, t.items, t.members
      from tally t, unlisted u
  `.execute(db);
  return rows[0] ?? { ranked: 0, ahead: 0, items: 0, members: 0 };
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
 * score first; read from the kept scores (or, for a window nobody opened, counted from progress).
 */
export async function leaderboardPage(
  db: Db,
  scope: LeaderboardScope,
  callerId: string,
  pageSize: number,
  page: number | undefined,
): Promise<LeaderboardPage & { page: number; scoring: Scoring }> {
  const source = await sourceOf(db, scope);
  const mine = await callerRow(db, source, callerId);
  const { ranked, ahead, items, members } = await counts(db, source, mine);
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
  return { entries: rows.map((row, i) => toEntry(row, first + i + 1)), ranked, caller, page: wanted, scoring: { items, members } };
}

/** Items done and members who scored in a window (hidden members count here, they are just never named). */
export interface Scoring {
  readonly items: number;
  readonly members: number;
}

export interface WeekTotals {
  readonly itemsDone: number;
  readonly activeMembers: number;
  readonly stagesCompleted: number;
}

/** Stages members completed in [start, end) (values, or columns of an outer query). */
export function stagesCompletedIn(guildId: unknown, roadmapId: unknown, start: unknown, end: unknown) {
  return sql<number>`(select count(*)::int from milestones m
                       where m.guild_id = ${guildId} and m.roadmap_id = ${roadmapId} and m.milestone like 'stage-%'
                         and m.reached_at >= ${start}::timestamptz and m.reached_at < ${end}::timestamptz)`;
}

/** Group totals for a window: hidden members count here, they are just never named. */
export async function windowTotals(
  db: Db,
  scope: LeaderboardScope & { window: { start: Date; end: Date } },
  known?: Scoring,
): Promise<WeekTotals> {
  const scoring = known ?? (await counts(db, await sourceOf(db, scope), undefined));
  const { rows } = await sql<{ n: number }>`select ${stagesCompletedIn(scope.guildId, scope.roadmapId, scope.window.start, scope.window.end)} as n`.execute(db);
  const stages = rows[0] ?? { n: 0 };
  return { itemsDone: scoring.items, activeMembers: scoring.members, stagesCompleted: stages.n };
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
        .where(sql<boolean>`not ${UNLISTED}`)
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

/** How many current items each of these members has done (the "overall %" beside their name), for several servers' pages at once, in the order asked. */
export async function doneCountsOf(
  db: Db,
  asked: readonly { readonly guildId: string; readonly roadmapId: string; readonly userIds: readonly string[] }[],
): Promise<Map<string, number>[]> {
  const keys = asked.flatMap((scope, n) => scope.userIds.map((userId) => ({ n, guildId: scope.guildId, roadmapId: scope.roadmapId, userId })));
  const found = asked.map(() => new Map<string, number>());
  if (keys.length === 0) return found;
  const { rows } = await sql<{ n: number; user_id: string; done_count: number }>`
    select k.n::int as n, s.user_id, s.done_count
      from unnest(${keys.map((k) => k.n)}::int[], ${keys.map((k) => k.guildId)}::text[], ${keys.map((k) => k.roadmapId)}::text[], ${keys.map((k) => k.userId)}::text[])
           as k(n, guild_id, roadmap_id, user_id)
      join member_scores s on s.guild_id = k.guild_id and s.roadmap_id = k.roadmap_id and s.user_id = k.user_id`.execute(db);
  for (const row of rows) found[row.n]!.set(row.user_id, row.done_count);
  return found;
}
