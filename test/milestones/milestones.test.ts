import { beforeAll, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { unrecordedMilestones } from "../../src/milestones/milestones.ts";
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
    // The first `done` items are done: the member is on the stage of the next one.
    currentStage: roadmap.items[done]?.stage ?? null,
    startedOn: null,
    targetOn: null,
    checkTimes,
    schedule: UTC_MONDAY,
    now: NOW,
  });
}

describe("milestones a check offers to record", () => {
  it("the 100th Stage 1 item reaches Stage 1; 25% was recorded at the 87th item", () => {
    expect(unrecordedMilestones(summaryOf(87), [])).toEqual(["percent-25"]);
    expect(unrecordedMilestones(summaryOf(100), ["percent-25"])).toEqual(["stage-1"]);
  });

  it("an ordinary check offers nothing, so nothing is written", () => {
    expect(unrecordedMilestones(summaryOf(120), ["stage-1", "percent-25"])).toEqual([]);
  });

  it("the check that makes a fourth streak week offers the 4-week streak once", () => {
    expect(unrecordedMilestones(summaryOf(10, 4), [])).toEqual(["streak-4"]);
    expect(unrecordedMilestones(summaryOf(10, 5), ["streak-4"])).toEqual([]);
  });

  it("a milestone left unrecorded (a crash after the check) is offered at the next check", () => {
    expect(unrecordedMilestones(summaryOf(120), ["percent-25"])).toEqual(["stage-1"]);
  });
});
