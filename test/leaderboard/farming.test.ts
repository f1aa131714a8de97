import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { manualClock } from "../../src/clock.ts";
import type { AppContext } from "../../src/context.ts";
import type { DatabaseHandle } from "../../src/db/connect.ts";
import { leaderboardView, type Period } from "../../src/leaderboard/leaderboard-service.ts";
import { applyChanges, checkItem, loadSummary, uncheckItem } from "../../src/progress/progress-service.ts";
import type { MemberModel } from "../standin/index.ts";
import { backends, serviceContext } from "../support/backends.ts";
import { loadRealCatalogue } from "../support/catalogue.ts";
import { startBotWorld, type BotWorld } from "../support/world.ts";

const MINUTE = 60_000;
const WEEK_1 = new Date("2026-03-02T10:00:00Z"); // a Monday, in UTC
const WEEK_3 = new Date("2026-03-16T10:00:00Z");

describe.each(backends)("re-checked items on $name", (backend) => {
  let handle: DatabaseHandle & { dispose(): Promise<void> };
  let roadmap: Roadmap;
  let ctx: AppContext;
  const clock = manualClock(WEEK_1);
  let guildCounter = 0;
  let guildId: string;
  const member = (n: number) => ({ guildId, userId: `23000000000000000${n}` });
  const items = (from: number, to: number) => roadmap.items.slice(from, to);

  beforeAll(async () => {
    handle = await backend.open();
    roadmap = (await loadRealCatalogue()).defaultRoadmap;
    ctx = serviceContext(handle.db, await loadRealCatalogue(), clock);
  });
  afterAll(async () => {
    await handle?.dispose();
  });
  beforeEach(() => {
    guildId = String(830000000000000000n + BigInt(++guildCounter));
    clock.set(WEEK_1);
  });

  async function board(period: Period, viewer = member(9)) {
    const view = await leaderboardView(ctx, guildId, viewer.userId, period, undefined);
    return {
      scores: view.entries.map((e) => [e.userId, e.score]),
      totals: view.totals,
      streaks: new Map(view.entries.map((e) => [e.userId, e.streak])),
    };
  }

  async function checkAll(n: number, list: Roadmap["items"]) {
    for (const item of list) {
      clock.advance(MINUTE);
      await checkItem(ctx, member(n), roadmap, item, null);
    }
  }

  it("never score again in a later week when unchecked and checked again; a new item does", async () => {
    await checkAll(1, items(0, 10));
    await checkAll(2, items(0, 2));
    clock.set(WEEK_3);
    for (const item of items(0, 10)) await uncheckItem(ctx, member(1), roadmap, item);
    await checkAll(1, items(0, 10));
    await checkAll(1, items(10, 11)); // genuinely new this week
    await checkAll(2, items(2, 3));

    const week = await board("week");
    expect(week.scores).toEqual([
      [member(1).userId, 1],
      [member(2).userId, 1],
    ]);
    expect(week.totals?.itemsDone).toBe(2);
    expect((await board("month")).scores).toEqual([
      [member(1).userId, 11],
      [member(2).userId, 3],
    ]);
    expect((await board("all")).scores).toEqual([
      [member(1).userId, 11],
      [member(2).userId, 3],
    ]);
  });

  it("never score again through an import that unchecks everything and one that checks it all back", async () => {
    await applyChanges(ctx, member(3), roadmap, { check: items(0, 40), uncheck: [], note: "imported" });
    clock.set(WEEK_3);
    await checkAll(4, items(0, 2)); // an honest member this week
    await applyChanges(ctx, member(3), roadmap, { check: [], uncheck: items(0, 40), note: null }); // import replace:true of an empty file
    clock.advance(MINUTE);
    await applyChanges(ctx, member(3), roadmap, { check: items(0, 40), uncheck: [], note: "imported" });

    const week = await board("week");
    expect(week.scores).toEqual([[member(4).userId, 2]]);
    expect(week.totals?.itemsDone).toBe(2);
    expect((await board("all")).scores[0]).toEqual([member(3).userId, 40]);
  });

  it("keep no streak alive: unchecking and re-checking one old item each week is not a study streak", async () => {
    const week = 7 * 24 * 60 * MINUTE;
    await checkAll(6, items(0, 1));
    await checkAll(7, items(0, 1));
    for (let n = 1; n <= 4; n++) {
      clock.set(new Date(WEEK_1.getTime() + n * week));
      await uncheckItem(ctx, member(6), roadmap, roadmap.items[0]!);
      const result = await checkItem(ctx, member(6), roadmap, roadmap.items[0]!, null);
      expect(result.milestones).toEqual([]);
      await checkAll(7, items(n, n + 1)); // a new item every week
    }
    clock.set(new Date(WEEK_1.getTime() + 4 * week + MINUTE * 90));
    expect((await loadSummary(ctx, member(6), roadmap)).streak.weeks).toBe(0);
    expect((await loadSummary(ctx, member(7), roadmap)).streak.weeks).toBe(5);
    const streaks = (await board("all", member(7))).streaks;
    expect(streaks.get(member(6).userId)).toBe(0);
    expect(streaks.get(member(7).userId)).toBe(5);
  });

  it("still count in the week they were first done, once they are done again", async () => {
    await checkAll(5, items(0, 3));
    await uncheckItem(ctx, member(5), roadmap, roadmap.items[0]!);
    expect((await board("week")).scores).toEqual([[member(5).userId, 2]]);
    clock.advance(2 * 24 * 60 * MINUTE); // later the same week
    await checkAll(5, items(0, 1));
    expect((await board("week")).scores).toEqual([[member(5).userId, 3]]);
  });
});

describe("/roadmap import replace:true and back, through the bot", () => {
  let world: BotWorld;
  const clock = manualClock(WEEK_1);

  beforeAll(async () => {
    world = await startBotWorld({ clock });
  });
  afterAll(() => world?.stop());
  afterEach(() => world.standIn.assertNoViolations());

  type Options = Record<string, string | boolean | { upload: { name: string; data: Buffer; contentType: string } }>;
  const run = async (member: MemberModel, subcommand: string, options: Options = {}) =>
    (await world.standIn.command({ member, name: "roadmap", subcommand, options })).reply();
  const upload = (text: string) => ({ upload: { name: "progress.md", data: Buffer.from(text), contentType: "text/markdown" } });

  async function importAndConfirm(member: MemberModel, text: string, replace: boolean) {
    const preview = await run(member, "import", { file: upload(text), replace });
    const row = preview.components[0] as { components: { custom_id: string; label: string }[] };
    const confirm = row.components.find((button) => button.label === "Confirm")!;
    return (await world.standIn.pressButton({ member, message: preview, customId: confirm.custom_id })).reply();
  }

  it("does not make a long-finished member this week's winner", async () => {
    const guild = world.standIn.addGuild({ name: "Farm Group" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const farmer = guild.addMember({ username: "farmer" });
    const honest = guild.addMember({ username: "honest" });
    const items = world.roadmap.items.slice(0, 60);
    const done = items.map((item) => `- [x] ${item.title}`).join("\n");
    const first = /Imported: (\d+) checked/.exec((await importAndConfirm(farmer, done, false)).content)?.[1];
    expect(Number(first)).toBeGreaterThan(50);

    clock.set(WEEK_3);
    await run(honest, "check", { item: world.roadmap.items[0]!.id });
    const nothing = items.map((item) => `- [ ] ${item.title}`).join("\n");
    expect((await importAndConfirm(farmer, nothing, true)).content).toContain(`${first} unchecked`);
    expect((await importAndConfirm(farmer, done, false)).content).toContain(`Imported: ${first} checked`);

    const board = (await run(honest, "leaderboard")).embeds[0]!;
    expect(board.description).toContain(`🥇 <@${honest.id}> · **1 item**`);
    expect(board.description).not.toContain(farmer.id);
    const all = (await run(honest, "leaderboard", { period: "all" })).embeds[0]!;
    expect(all.description).toContain(`🥇 <@${farmer.id}> · **${first} items**`);
  });
});
