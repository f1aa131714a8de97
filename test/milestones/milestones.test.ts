import { beforeAll, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { milestonesJustReached } from "../../src/milestones/milestones.ts";
import { summariseProgress } from "../../src/progress/summary.ts";
import { loadRealCatalogue } from "../support/catalogue.ts";

const NOW = new Date("2026-03-30T12:00:00Z");
const UTC_MONDAY = { timezone: "UTC", weekday: 1 as const };
let roadmap: Roadmap;

beforeAll(async () => {
  roadmap = (await loadRealCatalogue()).defaultRoadmap;
});

/** A member with the first `done` items, checked once a week for `weeks` weeks up to now. */
function summaryOf(done: number, weeks = 1) {
  const checkTimes = Array.from({ length: weeks }, (_, i) => new Date(NOW.getTime() - (weeks - 1 - i) * 7 * 86_400_000));
  return summariseProgress({
    roadmap,
    progress: roadmap.items.slice(0, done).map((item) => ({ item_id: item.id, done_at: NOW })),
    startedOn: null,
    targetOn: null,
    checkTimes,
    schedule: UTC_MONDAY,
    now: NOW,
  });
}

describe("milestones a single check can reach", () => {
  it("the 100th Stage 1 item reaches Stage 1, and the 87th item passes 25%", () => {
    expect(milestonesJustReached(summaryOf(100), 1).sort()).toEqual(["stage-1"]);
    expect(milestonesJustReached(summaryOf(87), 1)).toEqual(["percent-25"]);
  });

  it("an ordinary check reaches nothing, so nothing is written", () => {
    expect(milestonesJustReached(summaryOf(120), 2)).toEqual([]);
  });

  it("the check that makes a fourth streak week reaches the 4-week streak", () => {
    expect(milestonesJustReached(summaryOf(10, 4), 1)).toEqual(["streak-4"]);
    expect(milestonesJustReached(summaryOf(10, 5), 1)).toEqual([]);
  });
});
