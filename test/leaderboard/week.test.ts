import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { weekContaining, type Weekday } from "../../src/leaderboard/week.ts";

describe("a group's weeks", () => {
  // Zones whose clocks change at midnight (Santiago springs forward at 24:00, Havana falls back from 01:00 to 00:00), and ordinary ones.
  const zones = ["UTC", "Europe/Berlin", "America/Santiago", "America/Havana", "Asia/Kolkata", "Pacific/Chatham"];

  it("start at the same moment whichever instant of the week asks, and end where the next week starts (fast-check)", () => {
    const first = Date.UTC(2025, 0, 1);
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 2 * 365 * 24 * 60 }), (timezone, day, minutes) => {
        const weekday = day as Weekday;
        const week = weekContaining(new Date(first + minutes * 60_000), timezone, weekday);
        expect(weekContaining(week.start, timezone, weekday)).toEqual(week);
        expect(weekContaining(new Date(week.end.getTime() - 1), timezone, weekday)).toEqual(week);
        expect(weekContaining(week.end, timezone, weekday).start).toEqual(week.end);
      }),
      { numRuns: 2_000 },
    );
  });

  it("start on the first moment of the day where summer time skips midnight", () => {
    // Chile moved its clocks from 00:00 to 01:00 on Sunday 7 September 2025: that Sunday began at 01:00 (-03).
    const week = weekContaining(new Date("2025-09-10T12:00:00Z"), "America/Santiago", 7);
    expect(week.start.toISOString()).toBe("2025-09-07T04:00:00.000Z");
    expect(weekContaining(new Date("2025-09-06T12:00:00Z"), "America/Santiago", 7).end.toISOString()).toBe("2025-09-07T04:00:00.000Z");
  });
});
