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

  it("defers at once an interaction that queued past the defer point", () => {
    expect(deferDelayMs(now - 2_500, now)).toBe(0);
  });

  it("takes an age past Discord's deadline for a clock ahead of Discord's, and waits the full delay", () => {
    expect(deferDelayMs(now - 60_000, now)).toBe(DEFER_AFTER_MS);
  });

  it("ignores a timestamp in the future (a clock behind Discord's)", () => {
    expect(deferDelayMs(now + 5_000, now)).toBe(DEFER_AFTER_MS);
  });
});
