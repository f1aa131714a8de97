import { describe, expect, it } from "vitest";
import { DEFER_AFTER_MS, deferDelayMs } from "../../src/discord/responder.ts";

describe("when a slow answer is deferred", () => {
  const now = Date.parse("2026-11-28T12:00:00Z");

  it("waits the full delay for an interaction that arrives at once", () => {
    expect(deferDelayMs(now, now)).toBe(DEFER_AFTER_MS);
  });

  it("counts the time an interaction spent queued (a burst), so the deferral still beats Discord's 3 s", () => {
    expect(deferDelayMs(now - 1_000, now)).toBe(DEFER_AFTER_MS - 1_000);
  });

  it("never defers at once because of an old timestamp or a clock ahead of Discord's: 300 ms at the least", () => {
    expect(deferDelayMs(now - 60_000, now)).toBe(300);
  });

  it("ignores a timestamp in the future (a clock behind Discord's)", () => {
    expect(deferDelayMs(now + 5_000, now)).toBe(DEFER_AFTER_MS);
  });
});
