import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { loadCatalogue } from "../../src/catalogue/load.ts";
import { manualClock } from "../../src/clock.ts";
import type { AppContext } from "../../src/context.ts";
import type { DatabaseHandle } from "../../src/db/connect.ts";
import { UserError } from "../../src/errors.ts";
import { applyChanges, checkItem, loadSummary, setJourney, uncheckItem } from "../../src/progress/progress-service.ts";
import { backends, serviceContext } from "../support/backends.ts";
import { loadRealCatalogue, ROADMAP_DIR } from "../support/catalogue.ts";

const DAY = 86_400_000;

describe.each(backends)("progress on $name", (backend) => {
  let handle: DatabaseHandle & { dispose(): Promise<void> };
  let roadmap: Roadmap;
  let ctx: AppContext;
  const clock = manualClock(new Date("2026-03-02T10:00:00Z"));
  let guildCounter = 0;
  let guildId: string;
  const alice = () => ({ guildId, userId: "100000000000000001" });

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
    // A new guild per test keeps tests independent without re-creating the database.
    guildId = String(900000000000000000n + BigInt(++guildCounter));
    clock.set(new Date("2026-03-02T10:00:00Z"));
  });

  const item = (n: number) => roadmap.items[n]!;

  it("counts an item checked twice once, with one history event", async () => {
    const first = await checkItem(ctx, alice(), roadmap, item(0), "built a CLI");
    const second = await checkItem(ctx, alice(), roadmap, item(0), null);
    expect(first.changed).toBe(true);
    expect(second.changed).toBe(false);
    expect(second.summary.done).toBe(1);
    const events = await handle.db.selectFrom("progress_events").selectAll().where("guild_id", "=", guildId).execute();
    expect(events.map((e) => [e.kind, e.item_id, e.note])).toEqual([["check", item(0).id, "built a CLI"]]);
  });

  it("says an uncheck of something not done changed nothing", async () => {
    const result = await uncheckItem(ctx, alice(), roadmap, item(3));
    expect(result.changed).toBe(false);
    expect(result.summary.done).toBe(0);
  });

  it("records check and uncheck in the append-only history", async () => {
    await checkItem(ctx, alice(), roadmap, item(1), null);
    clock.advance(60_000);
    const result = await uncheckItem(ctx, alice(), roadmap, item(1));
    expect(result.changed).toBe(true);
    expect(result.summary.done).toBe(0);
    const kinds = await handle.db
      .selectFrom("progress_events")
      .select("kind")
      .where("guild_id", "=", guildId)
      .orderBy("at")
      .execute();
    expect(kinds.map((k) => k.kind)).toEqual(["check", "uncheck"]);
  });

  it("keeps two checks arriving at the same moment to one row", async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => checkItem(ctx, alice(), roadmap, item(2), null).catch((e: unknown) => e)),
    );
    const changed = results.filter((r) => typeof r === "object" && r !== null && "changed" in r && r.changed === true);
    expect(changed.length).toBeLessThanOrEqual(1);
    const summary = await loadSummary(ctx, alice(), roadmap);
    expect(summary.done).toBe(1);
  });

  it("shows per-stage counts and the current stage", async () => {
    for (let n = 0; n < 100; n++) await checkItem(ctx, alice(), roadmap, item(n), null);
    await checkItem(ctx, alice(), roadmap, item(100), null);
    const summary = await loadSummary(ctx, alice(), roadmap);
    expect(summary.stages.map((s) => [s.done, s.total, s.complete])).toEqual([
      [100, 100, true],
      [1, 95, false],
      [0, 150, false],
    ]);
    expect(summary.currentStage?.number).toBe(2);
    expect(summary.percent).toBe(29);
  });

  it("never lets one guild see or change another guild's progress", async () => {
    await checkItem(ctx, alice(), roadmap, item(0), null);
    const otherGuild = { guildId: `${guildId}7`, userId: alice().userId };
    expect((await loadSummary(ctx, otherGuild, roadmap)).done).toBe(0);
    expect((await uncheckItem(ctx, otherGuild, roadmap, item(0))).changed).toBe(false);
    expect((await loadSummary(ctx, alice(), roadmap)).done).toBe(1);
  });

  it("keeps progress on items that left the catalogue without counting it", async () => {
    await checkItem(ctx, alice(), roadmap, item(0), null);
    await handle.db
      .insertInto("progress")
      .values({ guild_id: guildId, user_id: alice().userId, roadmap_id: roadmap.id, item_id: "retired-item", done_at: clock.now(), note: null })
      .execute();
    const summary = await loadSummary(ctx, alice(), roadmap);
    expect(summary.done).toBe(1);
    const stored = await handle.db.selectFrom("progress").select("item_id").where("guild_id", "=", guildId).execute();
    expect(stored).toHaveLength(2);
  });

  it("counts progress stored under an item's former id (alias)", async () => {
    const renamed = item(5);
    await handle.db.transaction().execute(async (trx) => {
      await trx.insertInto("guilds").values({ guild_id: guildId }).execute();
      await trx.insertInto("members").values({ guild_id: guildId, user_id: alice().userId }).execute();
    });
    // Simulate an old row written before the item was renamed: the roadmap maps the alias back.
    const aliasRoadmap: Roadmap = { ...roadmap, item: (id) => (id === "old-name" ? renamed : roadmap.item(id)) };
    await handle.db
      .insertInto("progress")
      .values({ guild_id: guildId, user_id: alice().userId, roadmap_id: roadmap.id, item_id: "old-name", done_at: clock.now(), note: null })
      .execute();
    const summary = await loadSummary(ctx, alice(), aliasRoadmap);
    expect(summary.doneIds.has(renamed.id)).toBe(true);
  });

  it("measures pace over four weeks and projects only after two weeks of history", async () => {
    await checkItem(ctx, alice(), roadmap, item(0), null);
    clock.advance(3 * DAY);
    const early = await loadSummary(ctx, alice(), roadmap);
    expect(early.projection).toEqual({ kind: "not-enough-history", historyDays: 3 });

    for (let n = 1; n <= 7; n++) {
      clock.advance(2 * DAY);
      await checkItem(ctx, alice(), roadmap, item(n), null);
    }
    clock.advance(DAY);
    // 18 days of history, 8 items in the last four weeks: 2 per week.
    const later = await loadSummary(ctx, alice(), roadmap);
    expect(later.itemsPerWeek).toBe(2);
    expect(later.projection.kind).toBe("projected");
    if (later.projection.kind === "projected") {
      const weeksToStageEnd = (later.projection.stageFinish.getTime() - clock.now().getTime()) / (7 * DAY);
      expect(weeksToStageEnd).toBeCloseTo(92 / 2, 5);
    }
    expect(later.startedOn).toBe("2026-03-02");
  });

  it("stores journey dates and refuses a target before the start", async () => {
    const member = await setJourney(ctx, alice(), { startedOn: "2026-01-05", targetOn: "2027-06-30" });
    expect([member.started_on, member.target_on]).toEqual(["2026-01-05", "2027-06-30"]);
    await expect(setJourney(ctx, alice(), { startedOn: undefined, targetOn: "2025-12-31" })).rejects.toBeInstanceOf(UserError);
    const summary = await loadSummary(ctx, alice(), roadmap);
    expect([summary.startedOn, summary.targetOn]).toEqual(["2026-01-05", "2027-06-30"]);
  });

  it("judges pace against the member's target only after two weeks, then says on track or how far behind", async () => {
    // Plan: all 345 items from 1 March 2026 to 1 March 2027, so about 6.6 items a week.
    await setJourney(ctx, alice(), { startedOn: "2026-03-01", targetOn: "2027-03-01" });
    await checkItem(ctx, alice(), roadmap, item(0), null);
    clock.advance(5 * DAY);
    expect((await loadSummary(ctx, alice(), roadmap)).target).toEqual({ kind: "not-enough-data", historyDays: 5 });

    clock.advance(25 * DAY); // 31 days after the start: the plan expects 29 items, 1 is done
    const behind = (await loadSummary(ctx, alice(), roadmap)).target;
    expect(behind).toMatchObject({ kind: "behind", itemsBehind: 28 });

    for (let n = 1; n <= 40; n++) await checkItem(ctx, alice(), roadmap, item(n), null);
    const ahead = (await loadSummary(ctx, alice(), roadmap)).target;
    expect(ahead).toMatchObject({ kind: "on-track", itemsAhead: 12 });
    if (ahead.kind === "on-track") expect(ahead.projectedFinish).toBeInstanceOf(Date);
  });

  it("keeps the member's place on the roadmap (next item, stage, finished sections) through checks and unchecks", async () => {
    const section = roadmap.stage(1)!.sections[0]!;
    for (const entry of section.items) await checkItem(ctx, alice(), roadmap, entry, null);
    const position = () =>
      handle.db
        .selectFrom("member_places")
        .select(["next_item_id", "current_stage", "stage_done", "finished_sections", "last_done_at"])
        .where("guild_id", "=", guildId)
        .where("roadmap_id", "=", roadmap.id)
        .where("user_id", "=", alice().userId)
        .executeTakeFirstOrThrow();
    expect(await position()).toMatchObject({
      next_item_id: item(section.items.length).id,
      current_stage: 1,
      stage_done: section.items.length,
      finished_sections: [section.number],
    });
    await uncheckItem(ctx, alice(), roadmap, item(0));
    expect(await position()).toMatchObject({ next_item_id: item(0).id, stage_done: section.items.length - 1, finished_sections: [] });
    for (const entry of section.items.slice(1)) await uncheckItem(ctx, alice(), roadmap, entry);
    expect((await position()).last_done_at).toBeNull();
  });

  it("records a milestone once, and one a crash left unrecorded at the member's next check", async () => {
    await applyChanges(ctx, alice(), roadmap, { check: roadmap.items.slice(0, 86), uncheck: [], note: null });
    const reached = await checkItem(ctx, alice(), roadmap, item(86), null);
    expect(reached.milestones).toEqual(["percent-25"]);
    expect((await checkItem(ctx, alice(), roadmap, item(87), null)).milestones).toEqual([]);

    // As if the process died between the check's commit and its milestones.
    await handle.db.deleteFrom("milestones").where("guild_id", "=", guildId).execute();
    const next = await checkItem(ctx, alice(), roadmap, item(88), null);
    expect(next.milestones).toEqual(["percent-25"]);
    const rows = await handle.db.selectFrom("milestones").select("milestone").where("guild_id", "=", guildId).execute();
    expect(rows.map((row) => row.milestone)).toEqual(["percent-25"]);
  });

  describe("the member's place on the roadmap, kept by the database", () => {
    async function storedPlace() {
      return handle.db
        .selectFrom("member_places")
        .select(["next_item_id", "current_stage", "stage_done", "finished_sections", "last_done_at"])
        .where("guild_id", "=", guildId)
        .where("roadmap_id", "=", roadmap.id)
        .where("user_id", "=", alice().userId)
        .executeTakeFirstOrThrow();
    }

    /** The progress card shows the stage the one rule (member_place) stored. */
    async function expectSummaryShowsPlace(on: Roadmap = roadmap) {
      const summary = await loadSummary(ctx, alice(), on);
      expect(summary.currentStage?.number ?? null).toBe((await storedPlace()).current_stage);
    }

    it("is the first item not done and the first stage not complete, whatever was checked after them", async () => {
      const stage1 = roadmap.stage(1)!;
      const gap = stage1.sections[1]!.items[2]!;
      const later = roadmap.stage(2)!.items.slice(0, 4);
      clock.advance(60_000);
      await applyChanges(ctx, alice(), roadmap, { check: [...stage1.items.filter((entry) => entry !== gap), ...later], uncheck: [], note: null });
      expect(await storedPlace()).toMatchObject({
        next_item_id: gap.id,
        current_stage: 1,
        stage_done: stage1.items.length - 1,
        finished_sections: [
          ...stage1.sections.filter((section) => !section.items.includes(gap)).map((section) => section.number),
          ...roadmap.stage(2)!.sections.filter((section) => section.items.every((entry) => later.includes(entry))).map((section) => section.number),
        ],
      });
      await expectSummaryShowsPlace();
      await checkItem(ctx, alice(), roadmap, gap, null);
      expect(await storedPlace()).toMatchObject({ current_stage: 2, stage_done: later.length });
      await expectSummaryShowsPlace();
      await uncheckItem(ctx, alice(), roadmap, stage1.items[0]!);
      expect(await storedPlace()).toMatchObject({ next_item_id: stage1.items[0]!.id, current_stage: 1, stage_done: stage1.items.length - 1 });
      await expectSummaryShowsPlace();
    });

    it("moves to Stage 2 once Stage 1 is complete (an import), with every Stage 1 section finished", async () => {
      const stage1 = roadmap.stage(1)!;
      await applyChanges(ctx, alice(), roadmap, { check: [...stage1.items, ...roadmap.stage(2)!.items.slice(0, 3)], uncheck: [], note: null });
      const place = await storedPlace();
      expect(place.current_stage).toBe(2);
      expect(place.stage_done).toBe(3);
      expect(place.finished_sections).toEqual(stage1.sections.map((section) => section.number));
      await expectSummaryShowsPlace();
    });

    it("has no next item or current stage once the whole roadmap is done", async () => {
      await applyChanges(ctx, alice(), roadmap, { check: roadmap.items.slice(1), uncheck: [], note: null });
      await checkItem(ctx, alice(), roadmap, roadmap.items[0]!, null);
      const place = await storedPlace();
      expect([place.next_item_id, place.current_stage, place.stage_done]).toEqual([null, null, null]);
      await expectSummaryShowsPlace();
    });

    it("counts progress stored under an item's former id after the roadmap renames it", async () => {
      const first = roadmap.items[0]!;
      await checkItem(ctx, alice(), roadmap, first, null);
      const dir = await mkdtemp(path.join(tmpdir(), "roadmap-renamed-"));
      try {
        const file = parse(await readFile(path.join(ROADMAP_DIR, "ai-engineering.yaml"), "utf8"));
        file.stages[0].sections[0].items[0] = { ...file.stages[0].sections[0].items[0], id: "python-first-steps", aliases: [first.id] };
        await writeFile(path.join(dir, "ai-engineering.yaml"), stringify(file));
        const renamed = (await loadCatalogue(dir)).defaultRoadmap;
        const later = { ...ctx, catalogue: { ...ctx.catalogue, defaultRoadmap: renamed, roadmap: () => renamed } };
        // Checking the renamed item again changes nothing: it is done under its former id.
        expect((await checkItem(later, alice(), renamed, renamed.items[0]!, null)).changed).toBe(false);
        await checkItem(later, alice(), renamed, renamed.items[1]!, null);
        const place = await storedPlace();
        expect(place.next_item_id).toBe(renamed.items[2]!.id);
        await expectSummaryShowsPlace(renamed);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  it("has the migrations applied", async () => {
    const result = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(handle.db);
    expect(result.rows[0]?.n).toBeGreaterThanOrEqual(1);
  });
});
