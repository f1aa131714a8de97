import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Catalogue, Roadmap } from "../../src/catalogue/catalogue.ts";
import { manualClock } from "../../src/clock.ts";
import type { AppContext } from "../../src/context.ts";
import type { DatabaseHandle } from "../../src/db/connect.ts";
import { findGuild } from "../../src/db/guild-repository.ts";
import { roadmapLayout } from "../../src/db/layout-repository.ts";
import { rebuildScores, type ScoresTables } from "../../src/db/score-repository.ts";
import { leaderboardView, openCurrentWindows } from "../../src/leaderboard/leaderboard-service.ts";
import { scheduleOf } from "../../src/leaderboard/week.ts";
import { markMembersLeft } from "../../src/db/progress-repository.ts";
import { applyChanges, checkItem, setPrivacy, uncheckItem } from "../../src/progress/progress-service.ts";
import { setupGuild } from "../../src/settings/guild-settings.ts";
import { backends, serviceContext } from "../support/backends.ts";
import { loadRealCatalogue } from "../support/catalogue.ts";

const HOUR = 60 * 60_000;

/** A small deterministic random source, so a failing sequence can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe.each(backends)("running leaderboard scores on $name", (backend) => {
  let handle: DatabaseHandle & { dispose(): Promise<void> };
  let catalogue: Catalogue;
  let roadmap: Roadmap;
  let ctx: AppContext;
  const clock = manualClock(new Date("2026-03-02T10:00:00Z"));
  let guildCounter = 0;
  let guildId: string;
  const member = (n: number) => ({ guildId, userId: `21000000000000000${n}` });

  beforeAll(async () => {
    handle = await backend.open();
    catalogue = await loadRealCatalogue();
    roadmap = catalogue.defaultRoadmap;
    ctx = serviceContext(handle.db, catalogue, clock);
  });
  afterAll(async () => {
    await handle?.dispose();
  });
  beforeEach(() => {
    guildId = String(810000000000000000n + BigInt(++guildCounter));
    clock.set(new Date("2026-03-02T10:00:00Z")); // a Monday, in UTC
  });

  /**
   * Every kept score of the guild equals a fresh count from progress: the roadmap's current items,
   * each once whatever ids (current and former) its progress is stored under.
   */
  async function expectScoresMatchProgress(items: Roadmap = roadmap): Promise<void> {
    const layout = roadmapLayout(items);
    const db = handle.db;
    const fresh = async (window?: { start: Date; end: Date }) =>
      (
        await sql<{ user_id: string; score: number; reached_at: Date }>`
          select user_id, count(*)::int as score, max(done_at) as reached_at
            from (select p.user_id, ids.item_id, max(p.done_at) as done_at
                    from progress p
                    join unnest(${[...layout.storedIds]}::text[], ${[...layout.itemIds]}::text[]) as ids(stored_id, item_id)
                      on ids.stored_id = p.item_id
                   where p.guild_id = ${guildId} and p.roadmap_id = ${items.id}
                     and (${window?.start ?? null}::timestamptz is null or p.done_at >= ${window?.start ?? null}::timestamptz)
                     and (${window?.end ?? null}::timestamptz is null or p.done_at < ${window?.end ?? null}::timestamptz)
                   group by p.user_id, ids.item_id) done
           group by user_id order by user_id`.execute(db)
      ).rows;
    const kept = await sql<{ user_id: string; score: number; reached_at: Date }>`
      select user_id, done_count as score, reached_at from member_scores
       where guild_id = ${guildId} and roadmap_id = ${items.id} and done_count > 0 order by user_id`.execute(db);
    expect(kept.rows).toEqual(await fresh());

    const periods = await sql<{ period_id: string; period_start: Date; period_end: Date }>`
      select period_id::text as period_id, period_start, period_end from score_periods where guild_id = ${guildId}`.execute(db);
    for (const period of periods.rows) {
      const keptWindow = await sql<{ user_id: string; score: number; reached_at: Date }>`
        select user_id, score, reached_at from period_scores
         where guild_id = ${guildId} and period_id = ${period.period_id}::bigint and score > 0 order by user_id`.execute(db);
      const freshWindow = await fresh({ start: period.period_start, end: period.period_end });
      expect(keptWindow.rows).toEqual(freshWindow);
      const windowCounts = await sql<{ score: number; members: number }>`
        select score, members from period_score_counts where guild_id = ${guildId} and period_id = ${period.period_id}::bigint and members <> 0 order by score`.execute(db);
      expect(windowCounts.rows).toEqual(membersPerScore(freshWindow));
    }
    // How many members hold each score: what every all-time rank and total is summed from.
    const allTimeCounts = await sql<{ score: number; members: number }>`
      select score, members from member_score_counts where guild_id = ${guildId} and roadmap_id = ${items.id} and members <> 0 order by score`.execute(db);
    const allTime = await fresh();
    expect(allTimeCounts.rows).toEqual(membersPerScore(allTime));
    const hourCounts = await sql<{ score: number; reached_hour: Date; members: number }>`
      select score, reached_hour, members from member_score_hour_counts
       where guild_id = ${guildId} and roadmap_id = ${items.id} order by score, reached_hour`.execute(db);
    expect(hourCounts.rows).toEqual(membersPerScoreAndHour(allTime));
  }

  /** The member ids in all-time rank order, from the kept scores, leaving out hidden and departed members. */
  async function allTimeRanking(): Promise<string[]> {
    const { rows } = await sql<{ user_id: string }>`
      select s.user_id from member_scores s join members m on m.guild_id = s.guild_id and m.user_id = s.user_id
       where s.guild_id = ${guildId} and s.roadmap_id = ${roadmap.id} and s.done_count > 0 and not m.hidden and m.left_at is null
       order by s.done_count desc, s.reached_at, s.user_id`.execute(handle.db);
    return rows.map((row) => row.user_id);
  }

  /** Every member's all-time board shows them at their place in the ranking, and the page the ranking's. */
  async function expectAllTimeBoardsFollow(ranking: readonly string[], members: number): Promise<void> {
    for (let n = 1; n <= members; n++) {
      const view = await leaderboardView(ctx, guildId, member(n).userId, "all", undefined);
      const place = ranking.indexOf(member(n).userId);
      expect(view.caller?.rank).toBe(place === -1 ? undefined : place + 1);
      expect(view.ranked).toBe(ranking.length);
      const first = view.page * 10;
      expect(view.entries.map((e) => [e.userId, e.rank])).toEqual(ranking.slice(first, first + 10).map((userId, i) => [userId, first + i + 1]));
    }
  }

  function membersPerScore(scores: readonly { score: number }[]): { score: number; members: number }[] {
    const counts = new Map<number, number>();
    for (const { score } of scores) counts.set(score, (counts.get(score) ?? 0) + 1);
    return [...counts].sort(([a], [b]) => a - b).map(([score, members]) => ({ score, members }));
  }

  /** Members per score and hour it was reached in (whole UTC hours), in key order. */
  function membersPerScoreAndHour(scores: readonly { score: number; reached_at: Date }[]) {
    const counts = new Map<string, { score: number; reached_hour: Date; members: number }>();
    for (const { score, reached_at } of scores) {
      const hour = new Date(Math.floor(reached_at.getTime() / HOUR) * HOUR);
      const key = `${String(score).padStart(4, "0")} ${hour.toISOString()}`;
      const counted = counts.get(key) ?? { score, reached_hour: hour, members: 0 };
      counts.set(key, { ...counted, members: counted.members + 1 });
    }
    return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([, row]) => row);
  }

  /**
   * `steps` random checks (a `checkShare` of them) and unchecks by members 1 to `members` of the
   * roadmap's first `items` items, the clock moving on by up to `maxGapMs` before each.
   */
  async function randomChanges(
    next: () => number,
    shape: { steps: number; maxGapMs: number; members: number; items: number; checkShare: number },
    afterStep?: (step: number) => Promise<void>,
  ): Promise<void> {
    for (let step = 0; step < shape.steps; step++) {
      clock.advance(Math.floor(next() * shape.maxGapMs));
      const who = member(1 + Math.floor(next() * shape.members));
      const item = roadmap.items[Math.floor(next() * shape.items)]!;
      if (next() < shape.checkShare) await checkItem(ctx, who, roadmap, item, null);
      else await uncheckItem(ctx, who, roadmap, item);
      await afterStep?.(step);
    }
  }

  /** What the weekly post does for the week that starts: keep this week's and month's scores. */
  async function openWindows(): Promise<void> {
    const schedule = scheduleOf(await findGuild(handle.db, guildId));
    await handle.db.transaction().execute((trx) => openCurrentWindows(trx, guildId, roadmap, schedule, clock.now()));
  }

  it("keeps every score equal to a fresh count after random checks and unchecks across weeks", async () => {
    const next = random(guildCounter * 7919);
    // Windows opened once; everything after is kept by checks and unchecks alone.
    await checkItem(ctx, member(1), roadmap, roadmap.items[0]!, null);
    await openWindows();
    // New weeks and months start being kept when a weekly post opens them.
    await randomChanges(next, { steps: 160, maxGapMs: 6 * HOUR, members: 5, items: 12, checkShare: 0.6 }, async (step) => {
      if (step % 40 === 39) await openWindows();
    });
    await applyChanges(ctx, member(2), roadmap, { check: roadmap.items.slice(20, 25), uncheck: roadmap.items.slice(0, 6), note: null });
    await expectScoresMatchProgress();
  });

  it("ranks every member of a kept week, and totals it, as its scores say, through checks, unchecks and a member hiding", async () => {
    const next = random(guildCounter * 104729);
    await checkItem(ctx, member(1), roadmap, roadmap.items[0]!, null);
    await openWindows();
    // At most 30 hours in all: the same week.
    await randomChanges(next, { steps: 90, maxGapMs: 20 * 60_000, members: 8, items: 6, checkShare: 0.7 });
    await setPrivacy(ctx, member(3), { hidden: true, buddies: undefined });
    const week = (await leaderboardView(ctx, guildId, member(1).userId, "week", 0)).window!;
    const { rows: scores } = await sql<{ user_id: string; score: number; hidden: boolean }>`
      select s.user_id, s.score, m.hidden from period_scores s
        join score_periods w on w.period_id = s.period_id
        join members m on m.guild_id = s.guild_id and m.user_id = s.user_id
       where s.guild_id = ${guildId} and w.period_start = ${week.start} and w.period_end = ${week.end} and s.score > 0
       order by s.score desc, s.reached_at, s.user_id`.execute(handle.db);
    const ranking = scores.filter((row) => !row.hidden).map((row) => row.user_id);
    expect(ranking.length).toBeGreaterThan(3);
    for (let n = 1; n <= 8; n++) {
      const view = await leaderboardView(ctx, guildId, member(n).userId, "week", undefined);
      const expected = ranking.indexOf(member(n).userId);
      expect(view.caller?.rank).toBe(expected === -1 ? undefined : expected + 1);
      expect(view.ranked).toBe(ranking.length);
      expect(view.totals).toMatchObject({
        itemsDone: scores.reduce((sum, row) => sum + row.score, 0),
        activeMembers: scores.length,
      });
    }
  });

  it("ranks every member all time as their scores say, through checks, unchecks, an import, a member hiding and one leaving", async () => {
    const next = random(guildCounter * 15_485_863);
    // Few items and many members: most ranks are decided among ties, by who reached the score first.
    await randomChanges(next, { steps: 120, maxGapMs: 3 * HOUR, members: 9, items: 5, checkShare: 0.7 });
    await applyChanges(ctx, member(4), roadmap, { check: roadmap.items.slice(5, 8), uncheck: roadmap.items.slice(0, 2), note: null });
    await setPrivacy(ctx, member(3), { hidden: true, buddies: undefined });
    await markMembersLeft(handle.db, guildId, [member(6).userId], clock.now());
    const ranking = await allTimeRanking();
    expect(ranking.length).toBeGreaterThan(4);
    await expectAllTimeBoardsFollow(ranking, 9);
    await expectScoresMatchProgress();
  });

  it.runIf(backend.name === "postgres")("ranks every member all time as their scores say after many of them checked at the same moment", async () => {
    for (let n = 1; n <= 12; n++) await checkItem(ctx, member(n), roadmap, roadmap.items[0]!, null);
    // Twelve members at the same score move at once, each through several scores.
    await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const who = member(i + 1);
        await checkItem(ctx, who, roadmap, roadmap.items[1]!, null);
        if (i % 3 === 0) await uncheckItem(ctx, who, roadmap, roadmap.items[0]!);
        if (i % 2 === 0) await applyChanges(ctx, who, roadmap, { check: roadmap.items.slice(2, 4), uncheck: [], note: null });
      }),
    );
    await expectScoresMatchProgress();
    await expectAllTimeBoardsFollow(await allTimeRanking(), 12);
  });

  it("ranks the new week from progress after the group changes its weekday and time zone", async () => {
    await setupGuild(ctx, guildId, { channelId: "123456789012345678", weekday: "monday", time: "09:00", timezone: "UTC" });
    clock.set(new Date("2026-03-03T10:00:00Z")); // Tuesday
    await checkItem(ctx, member(1), roadmap, roadmap.items[0]!, null);
    clock.set(new Date("2026-03-05T10:00:00Z")); // Thursday
    await checkItem(ctx, member(2), roadmap, roadmap.items[0]!, null);
    await checkItem(ctx, member(2), roadmap, roadmap.items[1]!, null);
    let view = await leaderboardView(ctx, guildId, member(1).userId, "week", undefined);
    expect(view.entries.map((e) => [e.userId, e.score])).toEqual([
      [member(2).userId, 2],
      [member(1).userId, 1],
    ]);

    // Weeks now start on Wednesday in Berlin: Tuesday's check is last week's.
    await setupGuild(ctx, guildId, { channelId: "123456789012345678", weekday: "wednesday", time: "09:00", timezone: "Europe/Berlin" });
    view = await leaderboardView(ctx, guildId, member(1).userId, "week", undefined);
    expect(view.window?.start.toISOString()).toBe("2026-03-03T23:00:00.000Z");
    expect(view.entries.map((e) => [e.userId, e.score])).toEqual([[member(2).userId, 2]]);
    expect(view.totals).toEqual({ itemsDone: 2, activeMembers: 1, stagesCompleted: 0 });
    const lastWeek = await leaderboardView(ctx, guildId, member(1).userId, "last-week", undefined);
    expect(lastWeek.entries.map((e) => [e.userId, e.score])).toEqual([[member(1).userId, 1]]);

    await uncheckItem(ctx, member(2), roadmap, roadmap.items[1]!);
    await checkItem(ctx, member(1), roadmap, roadmap.items[5]!, null);
    await expectScoresMatchProgress();
  });

  it("stops counting items that leave the roadmap, and counts an item's former id", async () => {
    await checkItem(ctx, member(1), roadmap, roadmap.items[0]!, null);
    await checkItem(ctx, member(1), roadmap, roadmap.items[1]!, null);
    await checkItem(ctx, member(2), roadmap, roadmap.items[1]!, null);
    let view = await leaderboardView(ctx, guildId, member(1).userId, "all", undefined);
    expect(view.caller?.score).toBe(2);

    // A new catalogue: item 0 retired, item 1 renamed (its old id kept as an alias).
    const renamed = { ...roadmap.items[1]!, id: "renamed-item", aliases: [roadmap.items[1]!.id] };
    const changed: Roadmap = { ...roadmap, items: [renamed, ...roadmap.items.slice(2)] };
    const changedCatalogue: Catalogue = { roadmaps: new Map([[changed.id, changed]]), roadmap: () => changed, defaultRoadmap: changed };
    const later = { ...ctx, catalogue: changedCatalogue };
    // The roadmap's update recounts the guild's scores in its own transaction; reads never do.
    await handle.db.transaction().execute((trx) => rebuildScores(trx, guildId, changed));
    view = await leaderboardView(later, guildId, member(1).userId, "all", undefined);
    expect(view.entries.map((e) => [e.userId, e.score])).toEqual([
      [member(1).userId, 1],
      [member(2).userId, 1],
    ]);
    expect((await leaderboardView(later, guildId, member(2).userId, "all", undefined)).caller?.rank).toBe(2);
    const week = await leaderboardView(later, guildId, member(1).userId, "week", undefined);
    expect(week.totals?.itemsDone).toBe(2);

    await checkItem(later, member(2), changed, changed.items[3]!, null);
    await uncheckItem(later, member(1), changed, renamed);
    await expectScoresMatchProgress(changed);
  });

  it("leaves hidden members out of ranks and page counts, but not out of totals", async () => {
    for (let n = 1; n <= 12; n++) {
      clock.advance(60_000);
      await checkItem(ctx, member(n), roadmap, roadmap.items[0]!, null);
      if (n % 2 === 0) await checkItem(ctx, member(n), roadmap, roadmap.items[1]!, null);
    }
    await setPrivacy(ctx, member(2), { hidden: true, buddies: undefined });
    await openWindows();
    const view = await leaderboardView(ctx, guildId, member(11).userId, "week", undefined);
    expect(view.ranked).toBe(11);
    // Members 4, 6, …, 12 (two items) come first, then 1, 3, …, 11 in the order they checked.
    expect(view.caller?.rank).toBe(11);
    expect(view.page).toBe(1);
    expect(view.entries.map((e) => e.userId)).toEqual([member(11).userId]);
    const first = await leaderboardView(ctx, guildId, member(11).userId, "week", 0);
    expect(first.entries.map((e) => e.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(first.entries[0]!.userId).toBe(member(4).userId);
    expect(view.totals).toEqual({ itemsDone: 18, activeMembers: 12, stagesCompleted: 0 });
  });

  it("counts an item once when progress sits under both its id and a former id", async () => {
    const item = roadmap.items[0]!;
    const withAliases = { ...item, aliases: ["old-id-1", "old-id-2"] };
    const aliased: Roadmap = { ...roadmap, items: [withAliases, ...roadmap.items.slice(1)], item: (id) => (id === item.id || withAliases.aliases.includes(id) ? withAliases : roadmap.item(id)) };
    await checkItem(ctx, member(1), aliased, withAliases, null);
    // Rows a former catalogue stored under the old ids (an import, or the days before the rename).
    await handle.db
      .insertInto("progress")
      .values(["old-id-1", "old-id-2"].map((id) => ({ guild_id: guildId, user_id: member(1).userId, roadmap_id: roadmap.id, item_id: id, done_at: clock.now(), note: null })))
      .execute();
    await handle.db.transaction().execute((trx) => rebuildScores(trx, guildId, aliased));
    const view = await leaderboardView({ ...ctx, catalogue: { ...catalogue, roadmap: () => aliased, defaultRoadmap: aliased } }, guildId, member(1).userId, "all", undefined);
    expect(view.caller?.score).toBe(1);
    await checkItem(ctx, member(1), aliased, aliased.items[1]!, null);
    await expectScoresMatchProgress(aliased);
    const kept = await handle.db.withTables<ScoresTables>().selectFrom("member_scores").select("done_count").where("guild_id", "=", guildId).executeTakeFirstOrThrow();
    expect(kept.done_count).toBe(2);
  });

  it("reads every leaderboard without writing a row", async () => {
    await setupGuild(ctx, guildId, { channelId: "123456789012345678", weekday: "monday", time: "09:00", timezone: "UTC" });
    await checkItem(ctx, member(1), roadmap, roadmap.items[0]!, null);
    clock.advance(8 * 24 * HOUR); // next week and a window nobody opened
    await checkItem(ctx, member(2), roadmap, roadmap.items[1]!, null);
    const everything = async () => {
      const tables = ["member_scores", "score_periods", "period_scores", "roadmap_layouts", "members", "progress"];
      const rows: Record<string, unknown[]> = {};
      for (const table of tables) rows[table] = (await sql`select * from ${sql.table(table)} order by 1, 2, 3`.execute(handle.db)).rows;
      return JSON.stringify(rows);
    };
    const before = await everything();
    for (const period of ["week", "last-week", "month", "all"] as const) {
      const view = await leaderboardView(ctx, guildId, member(1).userId, period, undefined);
      expect(view.ranked).toBeGreaterThan(0);
    }
    expect(await everything()).toBe(before);
  });
});
