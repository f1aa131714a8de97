import { DateTime } from "luxon";
import { weekContaining, type Weekday } from "../leaderboard/week.ts";

export const STREAK_MILESTONES = [4, 12, 26, 52] as const;
const WEEKS_PER_FREEZE = 4;
const MAX_FREEZES = 2;

export interface Streak {
  /** Consecutive weeks with at least one newly done item (frozen weeks keep it alive). */
  readonly weeks: number;
  /** Freezes in hand: one earned every four streak weeks, at most two, spent on a missed week. */
  readonly freezes: number;
  /** Whether this week already counts; if not, the streak is still alive until the week ends. */
  readonly activeThisWeek: boolean;
}

/** Weekly streak from the times a member checked items, in the guild's weeks. */
export function computeStreak(checkTimes: readonly Date[], now: Date, schedule: { timezone: string; weekday: Weekday }): Streak {
  if (checkTimes.length === 0) return { weeks: 0, freezes: 0, activeThisWeek: false };
  const weekOf = (instant: Date) => weekContaining(instant, schedule.timezone, schedule.weekday).start.getTime();
  // Check times come oldest first, many in the same week: the zone's calendar is asked once a week.
  const active = new Set<number>();
  let checkWeek: { start: Date; end: Date } | undefined;
  for (const at of checkTimes) {
    if (!checkWeek || at < checkWeek.start || at >= checkWeek.end) checkWeek = weekContaining(at, schedule.timezone, schedule.weekday);
    active.add(checkWeek.start.getTime());
  }
  const current = weekOf(now);
  let weekStart = DateTime.fromMillis(Math.min(...active), { zone: schedule.timezone });
  let weeks = 0;
  let freezes = 0;
  while (weekStart.toMillis() < current) {
    if (active.has(weekStart.toMillis())) {
      weeks++;
      if (weeks % WEEKS_PER_FREEZE === 0) freezes = Math.min(MAX_FREEZES, freezes + 1);
    } else if (freezes > 0) {
      freezes--;
    } else {
      weeks = 0;
    }
    weekStart = weekStart.plus({ weeks: 1 });
  }
  const activeThisWeek = active.has(current);
  if (activeThisWeek) {
    weeks++;
    if (weeks % WEEKS_PER_FREEZE === 0) freezes = Math.min(MAX_FREEZES, freezes + 1);
  }
  return { weeks, freezes, activeThisWeek };
}
