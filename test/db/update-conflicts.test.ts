import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRoadmap, type Roadmap } from "../../src/catalogue/catalogue.ts";
import type { RoadmapFile } from "../../src/catalogue/schema.ts";
import { manualClock } from "../../src/clock.ts";
import type { AppContext } from "../../src/context.ts";
import type { DatabaseHandle } from "../../src/db/connect.ts";
import { insertRoadmap, savePendingUpload } from "../../src/db/roadmap-repository.ts";
import { leaderboardView } from "../../src/leaderboard/leaderboard-service.ts";
import { checkItem } from "../../src/progress/progress-service.ts";
import { confirmPending } from "../../src/roadmaps/roadmap-uploads.ts";
import { documentHash } from "../../src/roadmaps/stored-document.ts";
import { backends, serviceContext } from "../support/backends.ts";
import { loadRealCatalogue } from "../support/catalogue.ts";

// An organiser confirms a new version of the server's upload while the group keeps checking its
// items: Postgres runs the update and the checks side by side, and must give up neither.

const postgres = backends.find((backend) => backend.name === "postgres")!;
const guildId = "940000000000000001";
const organiser = { guildId, userId: "190000000000000001" };
/**
 * Enough members that the update is still at work more than a second after a check starts waiting
 * on it: Postgres looks for a deadlock once a wait has lasted deadlock_timeout (1 s), so before the
 * update took a check's lock order, the update was the one caught.
 */
const MEMBERS = 1200;
const member = (n: number) => ({ guildId, userId: `1${String(n).padStart(17, "0")}` });

/**
 * A version with its first item reworded and an item added to its first section. It removes none:
 * a check that began on version 1 and lands after the update counts its items as version 1 did.
 */
function editedDocument(document: RoadmapFile): RoadmapFile {
  const [stage, ...stages] = document.stages;
  const [section, ...sections] = stage!.sections;
  const [first, ...items] = section!.items;
  const added = { id: "an-item-added-by-the-update", title: "An item added by the update" };
  return {
    ...document,
    stages: [{ ...stage!, sections: [{ ...section!, items: [{ ...first!, title: `${first!.title} (revised)` }, ...items, added] }, ...sections] }, ...stages],
  };
}

describe("a roadmap update while members check items", () => {
  let handle: DatabaseHandle & { dispose(): Promise<void> };
  let ctx: AppContext;
  let roadmap: Roadmap;
  const clock = manualClock(new Date("2026-03-02T10:00:00Z"));

  beforeAll(async () => {
    handle = await postgres.open();
    const catalogue = await loadRealCatalogue();
    ctx = serviceContext(handle.db, catalogue, clock);
    // The server's own upload (the bundled roadmap's items, under an id of its own), version 1.
    const document: RoadmapFile = { ...catalogue.defaultRoadmap.document, id: "study-group-path", title: "Study Group Path" };
    roadmap = buildRoadmap(document);
    const version = { roadmapId: roadmap.id, version: 1, document, documentHash: documentHash(document), language: null, sourceFiles: ["path.md"], createdBy: organiser.userId };
    await insertRoadmap(handle.db, { roadmapId: roadmap.id, guildId, title: roadmap.title }, version);
    for (let n = 1; n <= MEMBERS; n++) await checkItem(ctx, member(n), roadmap, roadmap.items[0]!, null);
  }, 120_000);

  afterAll(async () => {
    await handle?.dispose();
  });

  it("applies the update, and every check made meanwhile is saved and counted", async () => {
    // Its next version, previewed by the organiser (what `/roadmap-admin roadmap update` saves).
    const pendingId = "update-under-checks";
    const next = editedDocument(roadmap.document);
    await savePendingUpload(handle.db, {
      uploadId: pendingId, guildId, userId: organiser.userId, action: "update", roadmapId: roadmap.id, baseVersion: 1,
      document: next, sourceFiles: ["path.md"], expiresAt: new Date(clock.now().getTime() + 60_000),
    });
    let updating = true;
    /** How many items each member has done. */
    const checked = new Map<number, number>(Array.from({ length: MEMBERS }, (_, i) => [i + 1, 1]));
    // Members (odd and even, on two connections) check their next item, in no order, until the
    // update is done: some of them are members the update has already moved.
    const checker = async (parity: number) => {
      do {
        const n = 2 * Math.floor(Math.random() * (MEMBERS / 2)) + parity;
        const done = checked.get(n)!;
        await checkItem(ctx, member(n), roadmap, roadmap.items[done]!, null);
        checked.set(n, done + 1);
      } while (updating);
    };
    const checks = Promise.allSettled([checker(1), checker(2)]);
    const update = confirmPending(ctx, organiser, pendingId).finally(() => (updating = false));
    const [applied, checkers] = await Promise.all([update.catch((error: unknown) => error), checks]);

    expect(applied).toEqual({ action: "update", title: roadmap.title, version: 2, members: MEMBERS });
    expect(checkers.filter((result) => result.status === "rejected")).toEqual([]);

    // Every check is saved, and the leaderboard counts each member's items.
    const done = await sql<{ user_id: string; items: number }>`
      select user_id, count(*)::int as items from progress where guild_id = ${guildId} group by user_id`.execute(handle.db);
    const expected = new Map([...checked].map(([n, items]) => [member(n).userId, items]));
    expect(new Map(done.rows.map((row) => [row.user_id, row.items]))).toEqual(expected);
    const track = { roadmap: buildRoadmap(next), schedule: undefined };
    for (const n of [1, 2, MEMBERS]) {
      const board = await leaderboardView(ctx, guildId, member(n).userId, "all", undefined, track);
      expect(board.caller?.score).toBe(expected.get(member(n).userId));
    }
  }, 120_000);
});
