import { sql, type Transaction } from "kysely";
import type { Database } from "./schema.ts";
import {
  countedWindowScores,
  keptWindowScores,
  notHidden,
  ORDER,
  stagesCompletedIn,
  UNLISTED,
  type RankedEntry,
  type WeekTotals,
} from "./leaderboard-repository.ts";
import { keptWindowsOf, pruneScorePeriodsOf } from "./score-repository.ts";

/** A week a track's post reports on. */
export interface ClosingWeek {
  readonly guildId: string;
  readonly roadmapId: string;
  /** What counts, for a week nobody opened (`roadmapLayout(roadmap).hash`). */
  readonly layoutHash: string;
  readonly start: Date;
  readonly end: Date;
}

/**
 * Freezes the final standings of a batch of weeks (each once: a week saved already keeps its
 * standings) and returns each week's totals, in the order given: one statement reads each week's
 * scores once for its totals and its standings. Windows that ended before a week are no longer kept.
 */
export async function saveWeeks(trx: Transaction<Database>, weeks: readonly ClosingWeek[]): Promise<WeekTotals[]> {
  if (weeks.length === 0) return [];
  const periods = await keptWindowsOf(
    trx,
    weeks.map((week) => ({ guildId: week.guildId, roadmapId: week.roadmapId, window: { start: week.start, end: week.end } })),
  );
  const t = (column: string) => sql.ref(`t.${column}`);
  const { rows } = await sql<{ items_done: number; active_members: number; stages_completed: number }>`
    with t as (
      select * from unnest(${weeks.map((w) => w.guildId)}::text[], ${weeks.map((w) => w.roadmapId)}::text[], ${weeks.map((w) => w.layoutHash)}::text[],
                           ${weeks.map((w) => w.start)}::timestamptz[], ${weeks.map((w) => w.end)}::timestamptz[], ${periods.map((id) => id ?? null)}::bigint[])
             with ordinality as t(guild_id, roadmap_id, layout_hash, week_start, week_end, period_id, n)
    ),
    scored as (
      select t.n, s.* from t cross join lateral (${keptWindowScores(t("guild_id"), t("period_id"))}) s where t.period_id is not null
      union all
      select t.n, s.* from t cross join lateral (${countedWindowScores(t("guild_id"), t("roadmap_id"), t("layout_hash"), t("week_start"), t("week_end"))}) s
       where t.period_id is null
    ),
    totals as (
      select t.n, coalesce(sum(s.score), 0)::int as items_done, count(s.user_id)::int as active_members,
             ${stagesCompletedIn(t("guild_id"), t("roadmap_id"), t("week_start"), t("week_end"))} as stages_completed
        from t left join scored s on s.n = t.n
       group by t.n, t.guild_id, t.roadmap_id, t.week_start, t.week_end
    ),
    weeks as (
      insert into leaderboard_weeks (guild_id, roadmap_id, week_start, week_end, items_done, active_members, stages_completed)
      select t.guild_id, t.roadmap_id, t.week_start, t.week_end, x.items_done, x.active_members, x.stages_completed
        from t join totals x on x.n = t.n
      on conflict do nothing
      returning guild_id, roadmap_id, week_start
    ),
    standings as (
      insert into weekly_standings (guild_id, roadmap_id, week_start, user_id, rank, score, reached_at)
      select t.guild_id, t.roadmap_id, t.week_start, s.user_id, row_number() over (partition by t.n ${ORDER}), s.score, s.reached_at
        from scored s
        join t on t.n = s.n
        join weeks w on w.guild_id = t.guild_id and w.roadmap_id = t.roadmap_id and w.week_start = t.week_start
       where ${notHidden(t("guild_id"))}
    )
    select items_done, active_members, stages_completed from totals order by n`.execute(trx);
  await pruneScorePeriodsOf(
    trx,
    weeks.map((week) => ({ guildId: week.guildId, roadmapId: week.roadmapId, before: week.start })),
  );
  return rows.map((row) => ({ itemsDone: row.items_done, activeMembers: row.active_members, stagesCompleted: row.stages_completed }));
}

/** The first page of each saved week's standings, in the order given; departed and hidden members left out at read time too. */
export async function savedStandingsFirstPages(
  trx: Transaction<Database>,
  weeks: readonly Pick<ClosingWeek, "guildId" | "roadmapId" | "start">[],
  pageSize: number,
): Promise<{ entries: RankedEntry[]; ranked: number }[]> {
  const pages = weeks.map(() => ({ entries: [] as RankedEntry[], ranked: 0 }));
  if (weeks.length === 0) return pages;
  const { rows } = await sql<{ n: number; user_id: string; score: number; reached_at: Date; rank: number; ranked: number }>`
    select t.n::int as n, x.user_id, x.score, x.reached_at, x.rank, x.ranked
      from unnest(${weeks.map((w) => w.guildId)}::text[], ${weeks.map((w) => w.roadmapId)}::text[], ${weeks.map((w) => w.start)}::timestamptz[])
           with ordinality as t(guild_id, roadmap_id, week_start, n)
     cross join lateral (
       select s.user_id, s.score, s.reached_at, (row_number() over (order by s.rank))::int as rank, (count(*) over ())::int as ranked
         from weekly_standings s join members m on m.user_id = s.user_id and m.guild_id = s.guild_id
        where s.guild_id = t.guild_id and s.roadmap_id = t.roadmap_id and s.week_start = t.week_start and not ${UNLISTED}
     ) x
     where x.rank <= ${pageSize}
     order by t.n, x.rank`.execute(trx);
  for (const row of rows) {
    const page = pages[row.n - 1]!;
    page.entries.push({ userId: row.user_id, rank: row.rank, score: row.score, reachedAt: new Date(row.reached_at) });
    page.ranked = row.ranked;
  }
  return pages;
}
