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

/**
 * A group's weeks counted back from the one containing `now`, in its zone and on its weekday: each
 * week's start is asked of the zone's calendar once, however many members' check times are placed
 * in it (a leaderboard's streaks share one calendar).
 */
export class WeekCalendar {
  /** `starts[i]`: the start of the week `i` weeks before the current one, in ms. */
  private readonly starts: number[];
  private readonly currentEnd: number;

  constructor(
    now: Date,
    private readonly schedule: { readonly timezone: string; readonly weekday: Weekday },
  ) {
    const current = weekContaining(now, schedule.timezone, schedule.weekday);
    this.starts = [current.start.getTime()];
    this.currentEnd = current.end.getTime();
  }

  /** How many weeks before the current one an instant falls in (0: this week); undefined after this week. */
  weeksBefore(instant: Date): number | undefined {
    const at = instant.getTime();
    if (at >= this.currentEnd) return undefined;
    const { starts } = this;
    while (starts[starts.length - 1]! > at) {
      starts.push(weekContaining(new Date(starts[starts.length - 1]! - 1), this.schedule.timezone, this.schedule.weekday).start.getTime());
    }
    // Starts run newest first: the first one at or before the instant is its week.
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (starts[middle]! <= at) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}

/** Weekly streak from the times a member checked items, in the guild's weeks. */
export function computeStreak(
  checkTimes: readonly Date[],
  now: Date,
  schedule: { timezone: string; weekday: Weekday },
  /** The group's calendar for `now`, when several members' streaks are computed at once. */
  calendar: WeekCalendar = new WeekCalendar(now, schedule),
): Streak {
  const active = new Set<number>();
  for (const at of checkTimes) {
    const weeksBefore = calendar.weeksBefore(at);
    if (weeksBefore !== undefined) active.add(weeksBefore);
  }
  if (active.size === 0) return { weeks: 0, freezes: 0, activeThisWeek: false };
  let weeks = 0;
  let freezes = 0;
  // From the first active week up to the current one: an active week counts, a missed one spends a freeze or ends the streak.
  for (let weeksBefore = Math.max(...active); weeksBefore >= 1; weeksBefore--) {
    if (active.has(weeksBefore)) {
      weeks++;
      if (weeks % WEEKS_PER_FREEZE === 0) freezes = Math.min(MAX_FREEZES, freezes + 1);
    } else if (freezes > 0) {
      freezes--;
    } else {
      weeks = 0;
    }
  }
  const activeThisWeek = active.has(0);
  if (activeThisWeek) {
    weeks++;
    if (weeks % WEEKS_PER_FREEZE === 0) freezes = Math.min(MAX_FREEZES, freezes + 1);
  }
  return { weeks, freezes, activeThisWeek };
}
