import { DateTime } from "luxon";
import type { Roadmap } from "../catalogue/catalogue.ts";
import type { AppContext } from "../context.ts";
import { findGuild } from "../db/guild-repository.ts";
import {
  doneCountsOf,
  findSavedWeek,
  leaderboardPage,
  savedStandingsPage,
  weeksWon,
  windowTotals,
  type LeaderboardPage,
  type LeaderboardScope,
  type RankedEntry,
  type Scoring,
  type WeekTotals,
} from "../db/leaderboard-repository.ts";
import type { Transaction } from "kysely";
import { roadmapLayout } from "../db/layout-repository.ts";
import { openScoreWindows } from "../db/score-repository.ts";
import type { Database, TrackRow } from "../db/schema.ts";
import { roadmapOfTrack, type ViewedTrack } from "../tracks/tracks.ts";
import { roadmapForGuild } from "../progress/progress-service.ts";
import { checkTimesOfMany } from "../db/progress-repository.ts";
import { computeStreak, WeekCalendar } from "../progress/streaks.ts";
import { previousWeek, scheduleOf, weekContaining, type Week, type WeeklySchedule } from "./week.ts";

export const PAGE_SIZE = 10;
export const PERIODS = ["week", "last-week", "month", "all"] as const;
export type Period = (typeof PERIODS)[number];

type Deps = Pick<AppContext, "db" | "catalogue" | "clock"> & Partial<Pick<AppContext, "scores">>;

export interface LeaderboardEntry extends RankedEntry {
  /** Whole percent of the roadmap done. */
  readonly overallPercent: number;
  readonly weeksWon: number;
  /** Weekly streak, in weeks. */
  readonly streak: number;
}

export interface LeaderboardView {
  readonly period: Period;
  readonly roadmap: Roadmap;
  readonly window: Week | undefined;
  /** The group's time zone: the window's days are its days. */
  readonly timezone: string;
  readonly page: number;
  readonly pageCount: number;
  readonly ranked: number;
  readonly entries: readonly LeaderboardEntry[];
  readonly caller: LeaderboardEntry | undefined;
  readonly totals: WeekTotals | undefined;
  /** When the current week resets (for the week view). */
  readonly resetsAt: Date | undefined;
  /** True when the view shows standings frozen by a weekly post. */
  readonly frozen: boolean;
}

/** The scope of a guild's scores on a roadmap. */
export function scoreScope(roadmap: Roadmap, guildId: string): Omit<LeaderboardScope, "window"> {
  return { guildId, roadmapId: roadmap.id, layoutHash: roadmapLayout(roadmap).hash };
}

function monthContaining(instant: Date, timezone: string): Week {
  const start = DateTime.fromJSDate(instant, { zone: timezone }).startOf("month");
  return { start: start.toJSDate(), end: start.plus({ months: 1 }).toJSDate() };
}

export async function leaderboardView(
  deps: Deps,
  guildId: string,
  callerId: string,
  period: Period,
  page: number | undefined,
  /** The track shown; undefined: the server's own roadmap. */
  track?: ViewedTrack,
): Promise<LeaderboardView> {
  const guild = await findGuild(deps.db, guildId);
  const roadmap = track?.roadmap ?? (await roadmapForGuild(deps, guildId));
  // A track's weeks follow its own slot.
  const schedule = scheduleOf(track?.schedule ?? guild);
  const now = deps.clock.now();
  const base = scoreScope(roadmap, guildId);
  // A member who just checked an item sees it counted.
  await deps.scores?.settled(guildId, roadmap.id);

  let window: Week | undefined;
  let frozen = false;
  let result;
  if (period === "last-week") {
    window = previousWeek(now, schedule.timezone, schedule.weekday);
    const saved = await findSavedWeek(deps.db, guildId, roadmap.id, window.start);
    frozen = saved !== undefined;
    result = saved
      ? await savedStandingsPage(deps.db, guildId, roadmap.id, window.start, callerId, PAGE_SIZE, page)
      : await leaderboardPage(deps.db, { ...base, window }, callerId, PAGE_SIZE, page);
  } else {
    window =
      period === "week"
        ? weekContaining(now, schedule.timezone, schedule.weekday)
        : period === "month"
          ? monthContaining(now, schedule.timezone)
          : undefined;
    result = await leaderboardPage(deps.db, { ...base, window }, callerId, PAGE_SIZE, page);
  }

  return assembleView(deps.db, {
    period,
    roadmap,
    base,
    window,
    result,
    frozen,
    resetsAt: period === "week" ? window?.end : undefined,
    schedule,
    now,
  });
}

type Db = Deps["db"] | Transaction<Database>;

/** A page of ranked entries and what the view around it shows. */
export interface ViewRequest {
  readonly period: Period;
  readonly roadmap: Roadmap;
  readonly base: Omit<LeaderboardScope, "window">;
  readonly window: Week | undefined;
  /** A live page also brings its window's items and members scoring (a frozen one does not). */
  readonly result: LeaderboardPage & { page: number; scoring?: Scoring };
  readonly frozen: boolean;
  readonly resetsAt: Date | undefined;
  readonly schedule: WeeklySchedule;
  readonly now: Date;
  /** Totals the caller already has for this window. */
  readonly totals?: WeekTotals;
}

/** Adds totals, overall % and weeks won to a page of ranked entries. */
export async function assembleView(db: Db, request: ViewRequest): Promise<LeaderboardView> {
  const { base, window, result } = request;
  const totals = request.totals ?? (window ? await windowTotals(db, { ...base, window }, result.scoring) : undefined);
  const [view] = await assembleViews(db, [{ ...request, totals }]);
  return view!;
}

/** The same for several pages at once (a batch of weekly posts), each with its totals known; in the order given. */
export async function assembleViews(db: Db, requests: readonly (ViewRequest & { readonly totals: WeekTotals | undefined })[]): Promise<LeaderboardView[]> {
  const asked = requests.map(({ base, result }) => ({
    guildId: base.guildId,
    roadmapId: base.roadmapId,
    userIds: [...new Set([...result.entries.map((e) => e.userId), ...(result.caller ? [result.caller.userId] : [])])],
  }));
  const counts = await doneCountsOf(db, asked);
  const times = await checkTimesOfMany(db, asked);
  const views: LeaderboardView[] = [];
  for (const [n, request] of requests.entries()) {
    const { roadmap, result } = request;
    const calendar = new WeekCalendar(request.now, request.schedule);
    const wins = request.period === "all" ? await weeksWon(db, asked[n]!.guildId, asked[n]!.roadmapId, asked[n]!.userIds) : new Map<string, number>();
    const enrich = (entry: RankedEntry): LeaderboardEntry => ({
      ...entry,
      overallPercent: Math.floor(((counts[n]!.get(entry.userId) ?? 0) * 100) / roadmap.items.length),
      weeksWon: wins.get(entry.userId) ?? 0,
      streak: computeStreak(times[n]!.get(entry.userId) ?? [], request.now, request.schedule, calendar).weeks,
    });
    views.push({
      period: request.period,
      roadmap,
      window: request.window,
      timezone: request.schedule.timezone,
      page: result.page,
      pageCount: Math.max(1, Math.ceil(result.ranked / PAGE_SIZE)),
      ranked: result.ranked,
      entries: result.entries.map(enrich),
      caller: result.caller ? enrich(result.caller) : undefined,
      totals: request.totals,
      resetsAt: request.resetsAt,
      frozen: request.frozen,
    });
  }
  return views;
}

/**
 * Starts keeping the scores of the week and the month containing `now` (a window nobody opened is
 * counted from progress at every read: slower in a large guild, never wrong). Called by the
 * organiser's setup and by each weekly post, as explicit writes.
 */
export async function openCurrentWindows(
  trx: Transaction<Database>,
  guildId: string,
  roadmap: Roadmap,
  schedule: WeeklySchedule,
  now: Date,
): Promise<void> {
  await openScoreWindows(trx, guildId, roadmap, currentWindows(schedule, now));
}

/** The week and the month containing `now`: the windows kept for a track's current leaderboards. */
export function currentWindows(schedule: WeeklySchedule, now: Date): Week[] {
  return [weekContaining(now, schedule.timezone, schedule.weekday), monthContaining(now, schedule.timezone)];
}

/**
 * Keeps the current week and month of the track an organiser has just set up: its roadmap, as the
 * track runs it, and its own slot (a new weekday or zone means new weeks). Nothing is recounted:
 * every check keeps the scores already kept, and a change of the roadmap's items recounts them
 * itself (moveMembersToVersion).
 */
export async function openTrackWindows(deps: Pick<AppContext, "db" | "catalogue" | "clock" | "guildRoadmaps">, track: TrackRow): Promise<void> {
  const running = await roadmapOfTrack(deps, track);
  // Setup has just found the roadmap; a removal in between leaves nothing to keep.
  if (!running) return;
  await deps.db.transaction().execute((trx) => openCurrentWindows(trx, track.guild_id, running.roadmap, scheduleOf(track), deps.clock.now()));
}

