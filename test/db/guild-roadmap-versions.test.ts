import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/connect.ts";
import { guildRoadmapVersion, guildRoadmapVersions } from "../../src/db/roadmap-repository.ts";
import { backends } from "../support/backends.ts";

// The weekly tick reads which version each server runs for a whole batch at once: it must say what
// the one-server read (what every command uses) says, for every kind of choice.
describe.each(backends)("which roadmap version servers run, read together, on $name", (backend) => {
  let handle: DatabaseHandle & { dispose(): Promise<void> };
  const DEFAULT = "bench-default-roadmap";

  beforeAll(async () => {
    handle = await backend.open();
    await handle.db
      .insertInto("roadmaps")
      .values([
        { roadmap_id: DEFAULT, guild_id: null, title: "Default", current_version: 4 },
        { roadmap_id: "cohort-upload", guild_id: "900000000000000002", title: "Upload", current_version: 3 },
        { roadmap_id: "gone-upload", guild_id: "900000000000000004", title: "Gone", current_version: 2, removed_at: new Date("2026-11-01T00:00:00Z") },
      ])
      .execute();
    await handle.db
      .insertInto("guilds")
      .values([
        { guild_id: "900000000000000001" },
        { guild_id: "900000000000000002", roadmap_id: "cohort-upload", roadmap_version: 2 },
        { guild_id: "900000000000000003", roadmap_id: "cohort-upload", roadmap_version: null },
        { guild_id: "900000000000000004", roadmap_id: "gone-upload", roadmap_version: 1 },
      ])
      .execute();
  });
  afterAll(async () => {
    await handle?.dispose();
  });

  it("gives each server the version the one-server read gives it", async () => {
    // 05 has no row at all; 02 asked twice.
    const guildIds = ["900000000000000001", "900000000000000002", "900000000000000003", "900000000000000004", "900000000000000005", "900000000000000002"];
    const together = await guildRoadmapVersions(handle.db, guildIds, DEFAULT);
    for (const guildId of guildIds) expect(together.get(guildId)).toEqual(await guildRoadmapVersion(handle.db, guildId, DEFAULT));
    expect(together.get("900000000000000002")).toEqual({ roadmapId: "cohort-upload", version: 2 });
    expect(together.get("900000000000000003")).toEqual({ roadmapId: "cohort-upload", version: 3 });
    expect(together.get("900000000000000004")).toEqual({ roadmapId: DEFAULT, version: 4 });
    expect(together.get("900000000000000005")).toEqual({ roadmapId: DEFAULT, version: 4 });
  });
});
