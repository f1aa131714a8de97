import { expect } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { summariseProgress, type ProgressSummary } from "../../src/progress/summary.ts";

/**
 * A member's display name at its worst for the i18n limits tests: longer than any box, with
 * markdown and a mass mention in it, and letters outside ASCII.
 */
export const LONG_NAME = "Ω".repeat(40) + " A very long display name with **markdown** and @everyone ".repeat(4);

/** A title that names the member with LONG_NAME: bounded, its markdown escaped and its mention broken. */
export function expectNameBoundedAndEscaped(title: string | undefined): void {
  expect(title).not.toContain("**markdown**");
  expect(title).not.toContain("@everyone");
}

/** A member who started on 5 January 2026 with a target a year on and nothing checked yet, seen on Monday 2 March 2026. */
export function freshSummary(roadmap: Roadmap): ProgressSummary {
  return summariseProgress({
    roadmap,
    progress: [],
    currentStage: 1,
    startedOn: "2026-01-05",
    targetOn: "2027-01-05",
    checkTimes: [],
    schedule: { timezone: "UTC", weekday: 1 },
    now: new Date("2026-03-02T10:00:00Z"),
  });
}
