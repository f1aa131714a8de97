import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DateTime } from "luxon";
import { computeStreak, WeekCalendar } from "../../src/progress/streaks.ts";
import { weekContaining, type Weekday } from "../../src/leaderboard/week.ts";

const UTC_MONDAY = { timezone: "UTC", weekday: 1 as const };
// Monday 5 January 2026 starts week 0.
const week = (n: number, dayOffset = 2) => new Date(Date.UTC(2026, 0, 5 + n * 7 + dayOffset, 12));

describe("weekly streaks", () => {
  it("counts consecutive weeks with a newly done item, including this week", () => {
    const streak = computeStreak([week(0), week(1), week(2)], week(2, 4), UTC_MONDAY);
    expect(streak).toEqual({ weeks: 3, freezes: 0, activeThisWeek: true });
  });

  it("keeps the streak alive during the current week until it ends", () => {
    expect(computeStreak([week(0), week(1)], week(2, 1), UTC_MONDAY)).toMatchObject({ weeks: 2, activeThisWeek: false });
  });

  it("breaks the streak on a missed week when no freeze is left", () => {
    expect(computeStreak([week(0), week(1), week(3)], week(3, 3), UTC_MONDAY).weeks).toBe(1);
  });

  it("earns a freeze every four weeks and spends it on a missed week", () => {
    const times = [0, 1, 2, 3, 5, 6].map((n) => week(n));
    expect(computeStreak(times, week(6, 3), UTC_MONDAY)).toEqual({ weeks: 6, freezes: 0, activeThisWeek: true });
  });

  it("keeps at most two freezes", () => {
    const times = Array.from({ length: 12 }, (_, n) => week(n));
    expect(computeStreak(times, week(11, 3), UTC_MONDAY).freezes).toBe(2);
  });

  it("uses the group's own weeks: a Sunday-night check in Tokyo belongs to Monday's week", () => {
    const tokyo = { timezone: "Asia/Tokyo", weekday: 1 as const };
    // Sunday 11 Jan 2026 16:00 UTC is Monday 12 Jan 01:00 in Tokyo: the second week there.
    const times = [new Date("2026-01-06T03:00:00Z"), new Date("2026-01-11T16:00:00Z")];
    expect(computeStreak(times, new Date("2026-01-12T03:00:00Z"), tokyo).weeks).toBe(2);
    expect(computeStreak(times, new Date("2026-01-12T03:00:00Z"), UTC_MONDAY).weeks).toBe(1);
  });
});

describe("weekly streaks in any zone (fast-check)", () => {
  // The streak's rule stated the slow way: every check's week asked of the zone's calendar, then
  // every week from the first active one walked forward to this week, each start asked again.
  function slowStreak(times: readonly Date[], now: Date, schedule: { timezone: string; weekday: Weekday }) {
    const current = weekContaining(now, schedule.timezone, schedule.weekday);
    const active = new Set(times.filter((t) => t < current.end).map((t) => weekContaining(t, schedule.timezone, schedule.weekday).start.getTime()));
    if (active.size === 0) return { weeks: 0, freezes: 0, activeThisWeek: false };
    let weeks = 0;
    let freezes = 0;
    let start = weekContaining(new Date(Math.min(...active)), schedule.timezone, schedule.weekday);
    for (;;) {
      const isActive = active.has(start.start.getTime());
      if (isActive) {
        weeks++;
        if (weeks % 4 === 0) freezes = Math.min(2, freezes + 1);
      } else if (start.start.getTime() !== current.start.getTime()) {
        if (freezes > 0) freezes--;
        else weeks = 0;
      }
      if (start.start.getTime() === current.start.getTime()) return { weeks, freezes, activeThisWeek: isActive };
      start = weekContaining(start.end, schedule.timezone, schedule.weekday);
    }
  }

  /** Weeks from the instant's week to the current one, walked week by week (undefined after the current week). */
  function slowWeeksBefore(instant: Date, now: Date, schedule: { timezone: string; weekday: Weekday }) {
    const current = weekContaining(now, schedule.timezone, schedule.weekday).start.getTime();
    let week = weekContaining(instant, schedule.timezone, schedule.weekday);
    if (week.start.getTime() > current) return undefined;
    let weeks = 0;
    while (week.start.getTime() < current) {
      week = weekContaining(week.end, schedule.timezone, schedule.weekday);
      weeks++;
    }
    return weeks;
  }

  it("gives every member the streak their weeks say, across summer-time changes and a shared calendar", () => {
    const zones = ["UTC", "Europe/Berlin", "America/Santiago", "America/Havana", "Asia/Kolkata", "Pacific/Chatham"];
    const first = DateTime.fromISO("2025-01-01T00:00:00Z");
    // Check times near local midnights, where a week starts or not: a day, then minutes either side.
    const nearMidnight = fc.tuple(fc.integer({ min: 0, max: 730 }), fc.integer({ min: -90, max: 90 }), fc.constantFrom(0, -1));
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 1, max: 7 }),
        nearMidnight,
        fc.array(fc.array(nearMidnight, { maxLength: 30 }), { minLength: 1, maxLength: 4 }),
        (timezone, weekday, nowAt, members) => {
          const instant = ([day, minutes, ms]: [number, number, number]) =>
            first.setZone(timezone).startOf("day").plus({ days: day }).startOf("day").plus({ minutes, milliseconds: ms }).toJSDate();
          const schedule = { timezone, weekday: weekday as Weekday };
          const now = instant(nowAt);
          const calendar = new WeekCalendar(now, schedule);
          for (const checks of members) {
            const times = checks.map(instant).sort((a, b) => a.getTime() - b.getTime());
            for (const at of times) expect(calendar.weeksBefore(at)).toBe(slowWeeksBefore(at, now, schedule));
            expect(computeStreak(times, now, schedule, calendar)).toEqual(slowStreak(times, now, schedule));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
