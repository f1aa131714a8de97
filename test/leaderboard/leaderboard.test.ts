import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { manualClock } from "../../src/clock.ts";
import type { AppContext } from "../../src/context.ts";
import type { DatabaseHandle } from "../../src/db/connect.ts";
import { leaderboardView } from "../../src/leaderboard/leaderboard-service.ts";
import { nextSlotAfter, weekContaining } from "../../src/leaderboard/week.ts";
import { enqueueDueLeaderboards } from "../../src/leaderboard/weekly-post.ts";
import { checkItem, setPrivacy, uncheckItem } from "../../src/progress/progress-service.ts";
import { setupGuild } from "../../src/settings/guild-settings.ts";
import { backends, serviceContext } from "../support/backends.ts";
import { loadRealCatalogue } from "../support/catalogue.ts";

const MINUTE = 60_000;

describe("week boundaries", () => {
  it("starts weeks on the configured weekday at midnight in the group's time zone", () => {
    // Wednesday 2026-03-04 10:00 UTC is 19:00 in Tokyo.
    const week = weekContaining(new Date("2026-03-04T10:00:00Z"), "Asia/Tokyo", 1);
    expect(week.start.toISOString()).toBe("2026-03-01T15:00:00.000Z"); // Monday 00:00 Tokyo
    expect(week.end.toISOString()).toBe("2026-03-08T15:00:00.000Z");
  });

  it("schedules the first post for next week when this week's slot has passed", () => {
    const schedule = { timezone: "Europe/Berlin", weekday: 1 as const, time: "09:00" };
    // Monday 2026-03-02 10:00 Berlin: 09:00 has passed.
    expect(nextSlotAfter(new Date("2026-03-02T09:00:00Z"), schedule).toISOString()).toBe("2026-03-09T08:00:00.000Z");
    // Monday 2026-03-02 07:00 Berlin: today's slot is still ahead.
    expect(nextSlotAfter(new Date("2026-03-02T06:00:00Z"), schedule).toISOString()).toBe("2026-03-02T08:00:00.000Z");
  });

  it("keeps the local post time across a daylight-saving change", () => {
    const schedule = { timezone: "Europe/Berlin", weekday: 1 as const, time: "09:00" };
    // Clocks go forward on Sunday 2026-03-29: 09:00 Berlin is 08:00 UTC before, 07:00 UTC after.
    const after = nextSlotAfter(new Date("2026-03-23T08:00:00Z"), schedule);
    expect(after.toISOString()).toBe("2026-03-30T07:00:00.000Z");
  });
});

describe.each(backends)("leaderboards on $name", (backend) => {
  let handle: DatabaseHandle & { dispose(): Promise<void> };
  let roadmap: Roadmap;
  let ctx: AppContext;
  const clock = manualClock(new Date("2026-03-02T10:00:00Z"));
  let guildCounter = 0;
  let guildId: string;
  const member = (n: number) => ({ guildId, userId: `20000000000000000${n}` });

  beforeAll(async () => {
    handle = await backend.open();
    const catalogue = await loadRealCatalogue();
    roadmap = catalogue.defaultRoadmap;
    ctx = serviceContext(handle.db, catalogue, clock);
  });
  afterAll(async () => {
    await handle?.dispose();
  });
  beforeEach(() => {
    guildId = String(800000000000000000n + BigInt(++guildCounter));
    clock.set(new Date("2026-03-02T10:00:00Z")); // a Monday, in UTC
  });

  async function check(n: number, items: number[]) {
    for (const i of items) {
      clock.advance(MINUTE);
      await checkItem(ctx, member(n), roadmap, roadmap.items[i]!, null);
    }
  }

  it("ranks by items done this week, ties going to whoever got there first", async () => {
    await check(1, [0, 1]);
    await check(2, [0, 1, 2]);
    await check(3, [5, 6]); // reaches 2 after member 1
    const view = await leaderboardView(ctx, guildId, member(3).userId, "week", undefined);
    expect(view.entries.map((e) => [e.userId, e.rank, e.score])).toEqual([
      [member(2).userId, 1, 3],
      [member(1).userId, 2, 2],
      [member(3).userId, 3, 2],
    ]);
    expect(view.caller?.rank).toBe(3);
    expect(view.totals).toEqual({ itemsDone: 7, activeMembers: 3, stagesCompleted: 0 });
  });

  it("counts check, uncheck, check of one item once, and an uncheck takes it back", async () => {
    await check(1, [0]);
    await uncheckItem(ctx, member(1), roadmap, roadmap.items[0]!);
    await check(1, [0]);
    let view = await leaderboardView(ctx, guildId, member(1).userId, "week", undefined);
    expect(view.caller?.score).toBe(1);
    await uncheckItem(ctx, member(1), roadmap, roadmap.items[0]!);
    view = await leaderboardView(ctx, guildId, member(1).userId, "week", undefined);
    expect(view.caller).toBeUndefined();
  });

  it("leaves hidden members off the board but keeps them in the group's totals", async () => {
    await check(1, [0, 1, 2]);
    await check(2, [0]);
    await setPrivacy(ctx, member(1), { hidden: true, buddies: undefined });
    const view = await leaderboardView(ctx, guildId, member(2).userId, "week", undefined);
    expect(view.entries.map((e) => e.userId)).toEqual([member(2).userId]);
    expect(view.entries[0]!.rank).toBe(1);
    expect(view.totals?.itemsDone).toBe(4);
  });

  it("opens on the caller's page of ten", async () => {
    for (let n = 1; n <= 9; n++) await check(n, Array.from({ length: 10 - n + 2 }, (_, i) => i));
    // Eleven more members with one item each: member 0 (the caller) ranks last.
    for (let n = 10; n <= 20; n++) {
      clock.advance(MINUTE);
      await checkItem(ctx, { guildId, userId: `3000000000000000${n}` }, roadmap, roadmap.items[0]!, null);
    }
    await check(0, [0]);
    const view = await leaderboardView(ctx, guildId, member(0).userId, "week", undefined);
    expect(view.ranked).toBe(21);
    expect(view.pageCount).toBe(3);
    expect(view.page).toBe(2);
    expect(view.caller?.rank).toBe(21);
    expect(view.entries.map((e) => e.rank)).toEqual([21]);
  });

  it("freezes last week's standings when the weekly post is made, once", async () => {
    await setupGuild(ctx, guildId, { channelId: "123456789012345678", weekday: "monday", time: "09:00", timezone: "UTC" });
    await check(1, [0, 1]);
    await check(2, [0]);
    clock.set(new Date("2026-03-09T09:00:30Z")); // next Monday's slot
    expect(await enqueueDueLeaderboards(ctx)).toBeGreaterThanOrEqual(1);
    expect(await enqueueDueLeaderboards(ctx)).toBe(0);
    await check(2, [1, 2, 3]); // this week's work does not change last week's standings
    const view = await leaderboardView(ctx, guildId, member(2).userId, "last-week", undefined);
    expect(view.frozen).toBe(true);
    expect(view.entries.map((e) => [e.userId, e.score])).toEqual([
      [member(1).userId, 2],
      [member(2).userId, 1],
    ]);
    const posts = await handle.db.selectFrom("outbox").selectAll().where("guild_id", "=", guildId).execute();
    expect(posts.filter((p) => p.kind === "leaderboard")).toHaveLength(1);
    const all = await leaderboardView(ctx, guildId, member(1).userId, "all", undefined);
    expect(all.entries.find((e) => e.userId === member(1).userId)?.weeksWon).toBe(1);
  });
});
