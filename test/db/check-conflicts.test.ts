import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../../src/clock.ts";
import type { AppContext } from "../../src/context.ts";
import type { DatabaseHandle } from "../../src/db/connect.ts";
import { checkItem } from "../../src/progress/progress-service.ts";
import { backends, serviceContext } from "../support/backends.ts";
import { loadRealCatalogue } from "../support/catalogue.ts";

const postgres = backends.find((backend) => backend.name === "postgres")!;

describe("a check caught in a deadlock", () => {
  let handle: DatabaseHandle & { dispose(): Promise<void> };
  let ctx: AppContext;
  const key = { guildId: "930000000000000001", userId: "100000000000000001" };

  beforeAll(async () => {
    handle = await postgres.open();
    ctx = serviceContext(handle.db, await loadRealCatalogue(), manualClock(new Date("2026-03-02T10:00:00Z")));
  });
  afterAll(async () => {
    await handle?.dispose();
  });

  it("is saved all the same: Postgres aborts it whole, and it runs again", async () => {
    const roadmap = ctx.catalogue.defaultRoadmap;
    await checkItem(ctx, key, roadmap, roadmap.items[0]!, null);
    // A transaction locking the other way round (as a roadmap update did before it took a check's
    // order): the guild's scores locked for a rebuild, then a member's row. A check in between
    // locks the member first and waits for the scores: each waits for the other.
    let checking: Promise<unknown> | undefined;
    await handle.db.transaction().execute(async (update) => {
      await sql`select lock_guild_scores(${key.guildId}, true)`.execute(update);
      checking = checkItem(ctx, key, roadmap, roadmap.items[1]!, "deadlocked once").catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await sql`select 1 from members where guild_id = ${key.guildId} and user_id = ${key.userId} for update`.execute(update);
    });
    const result = (await checking) as Awaited<ReturnType<typeof checkItem>> | Error;
    expect(result).not.toBeInstanceOf(Error);
    expect((result as Awaited<ReturnType<typeof checkItem>>).summary.done).toBe(2);
    const stored = await sql<{ note: string | null }>`
      select note from progress where guild_id = ${key.guildId} and item_id = ${roadmap.items[1]!.id}`.execute(handle.db);
    expect(stored.rows).toEqual([{ note: "deadlocked once" }]);
  });
});
