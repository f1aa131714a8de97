import { describe, expect, it } from "vitest";
import { computeStreak } from "../../src/progress/streaks.ts";

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
