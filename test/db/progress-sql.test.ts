import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { manualClock } from "../../src/clock.ts";
import type { AppContext } from "../../src/context.ts";
import type { DatabaseHandle } from "../../src/db/connect.ts";
import { roadmapLayout, storeRoadmapLayout } from "../../src/db/layout-repository.ts";
import { nextItemIds } from "../../src/db/progress-repository.ts";
import { applyChanges, checkItem, uncheckItem } from "../../src/progress/progress-service.ts";
import { backends, serviceContext } from "../support/backends.ts";
import { loadRealCatalogue } from "../support/catalogue.ts";

// The rules of src/db/sql/progress.sql that place a member: next_items (what /roadmap next, item
// autocomplete and reminders list) beside member_place, and the place kept per roadmap.

describe.each(backends)("a member's place in SQL on $name", (backend) => {
  let handle: DatabaseHandle & { dispose(): Promise<void> };
  let roadmap: Roadmap;
  /** A second track: another roadmap id with the same items. */
  let second: Roadmap;
  let ctx: AppContext;
  const clock = manualClock(new Date("2026-03-02T10:00:00Z"));
  let guildCounter = 0;
  let guildId: string;
  const alice = () => ({ guildId, userId: "100000000000000001" });

  beforeAll(async () => {
    handle = await backend.open();
    roadmap = (await loadRealCatalogue()).defaultRoadmap;
    second = { ...roadmap, id: "second-track" };
    ctx = serviceContext(handle.db, await loadRealCatalogue(), clock);
  });
  afterAll(async () => {
    await handle?.dispose();
  });
  beforeEach(() => {
    guildId = String(910000000000000000n + BigInt(++guildCounter));
  });

  async function placeOf(on: Roadmap) {
    const layout = roadmapLayout(on);
    await storeRoadmapLayout(handle.db, layout);
    const { rows } = await sql<{ next_item_id: string | null; current_stage: number | null }>`
      select next_item_id, current_stage from member_place(${guildId}, ${alice().userId}, ${on.id}, ${layout.hash})`.execute(handle.db);
    return rows[0]!;
  }

  const storedPlaces = () =>
    handle.db
      .selectFrom("member_places")
      .select(["roadmap_id", "next_item_id", "current_stage", "stage_done", "finished_sections", "last_done_at"])
      .where("guild_id", "=", guildId)
      .where("user_id", "=", alice().userId)
      .orderBy("roadmap_id")
      .execute();

  it("lists the first items not done in roadmap order, the first of them the member's next item", async () => {
    const done = [...roadmap.items.slice(0, 5), roadmap.items[7]!];
    await applyChanges(ctx, alice(), roadmap, { check: done, uncheck: [], note: null });
    const next = await nextItemIds(handle.db, alice(), roadmap, 5);
    expect(next).toEqual([5, 6, 8, 9, 10].map((n) => roadmap.items[n]!.id));
    expect((await placeOf(roadmap)).next_item_id).toBe(next[0]);
  });

  it("lists items from the start for a member with nothing done, and as many as asked", async () => {
    expect(await nextItemIds(handle.db, alice(), roadmap, 3)).toEqual(roadmap.items.slice(0, 3).map((item) => item.id));
    expect(await nextItemIds(handle.db, alice(), roadmap, 25)).toHaveLength(25);
  });

  it("counts an item done under its former id as done", async () => {
    const [first, ...rest] = roadmap.items;
    const renamed: Roadmap = { ...roadmap, id: roadmap.id, items: [{ ...first!, aliases: [...first!.aliases, "old-first-id"] }, ...rest] };
    await checkItem(ctx, alice(), roadmap, roadmap.items[1]!, null);
    await handle.db
      .insertInto("progress")
      .values({ guild_id: guildId, user_id: alice().userId, roadmap_id: roadmap.id, item_id: "old-first-id", done_at: clock.now(), note: null })
      .execute();
    expect(await nextItemIds(handle.db, alice(), renamed, 2)).toEqual([roadmap.items[2]!.id, roadmap.items[3]!.id]);
    expect((await placeOf(renamed)).next_item_id).toBe(roadmap.items[2]!.id);
  });

  it("lists nothing once every item is done, when the member has no next item either", async () => {
    await applyChanges(ctx, alice(), roadmap, { check: roadmap.items, uncheck: [], note: null });
    expect(await nextItemIds(handle.db, alice(), roadmap, 5)).toEqual([]);
    expect(await placeOf(roadmap)).toEqual({ next_item_id: null, current_stage: null });
  });

  it("keeps one place per roadmap: a change on one track leaves the other's place as it was", async () => {
    await checkItem(ctx, alice(), roadmap, roadmap.items[0]!, null);
    expect((await storedPlaces()).map((place) => place.roadmap_id)).toEqual([roadmap.id]);

    clock.advance(60_000);
    for (const item of second.stage(1)!.sections[0]!.items) await checkItem(ctx, alice(), second, item, null);
    const before = await storedPlaces();
    expect(before.map((place) => [place.roadmap_id, place.next_item_id])).toEqual([
      [roadmap.id, roadmap.items[1]!.id],
      [second.id, second.items[second.stage(1)!.sections[0]!.items.length]!.id],
    ]);
    expect(before[1]!.finished_sections).toEqual([second.stage(1)!.sections[0]!.number]);

    clock.advance(60_000);
    await uncheckItem(ctx, alice(), second, second.items[0]!);
    const after = await storedPlaces();
    expect(after[0]).toEqual(before[0]);
    expect(after[1]).toMatchObject({ next_item_id: second.items[0]!.id, finished_sections: [] });
  });
});
