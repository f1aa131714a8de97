import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../../src/clock.ts";
import type { AppContext } from "../../src/context.ts";
import type { DatabaseHandle } from "../../src/db/connect.ts";
import { enqueueDueLeaderboards } from "../../src/leaderboard/weekly-post.ts";
import { checkItem } from "../../src/progress/progress-service.ts";
import { loadSettings, setupGuild } from "../../src/settings/guild-settings.ts";
import { renderSettings } from "../../src/discord/render/settings.ts";
import { backends, serviceContext } from "../support/backends.ts";
import { loadRealCatalogue } from "../support/catalogue.ts";

// A server's tracks post on their own: one track's failure neither holds back the other nor is
// forgotten when the other succeeds.
describe("a server whose second track cannot post", () => {
  const postgres = backends.find((backend) => backend.name === "postgres")!;
  let handle: DatabaseHandle & { dispose(): Promise<void> };
  let ctx: AppContext;
  const clock = manualClock(new Date("2026-03-02T07:00:00Z"));
  const guildId = "810000000000000001";
  const BROKEN = "study-circle-two";

  beforeAll(async () => {
    handle = await postgres.open();
    ctx = serviceContext(handle.db, await loadRealCatalogue(), clock);
  });
  afterAll(async () => {
    await handle?.dispose();
  });

  async function failureOf(roadmapId: string) {
    return handle.db
      .selectFrom("guild_job_failures")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("job", "=", "weekly-post")
      .where("roadmap_id", "=", roadmapId)
      .executeTakeFirst();
  }

  async function queuedPosts(): Promise<string[]> {
    const rows = await handle.db.selectFrom("outbox").select("dedupe_key").where("guild_id", "=", guildId).orderBy("id").execute();
    return rows.map((row) => row.dedupe_key);
  }

  it("keeps posting the first track's weeks while the second backs off, and names the failing track in settings", async () => {
    const { track } = await setupGuild(ctx, guildId, { channelId: "123456789012345678", weekday: "monday", time: "09:00", timezone: "UTC" });
    await checkItem(ctx, { guildId, userId: "210000000000000001" }, ctx.catalogue.defaultRoadmap, ctx.catalogue.defaultRoadmap.items[0]!, null);
    // A second track whose stored zone the runtime does not know (an old or damaged row: setup refuses such a zone).
    await sql`
      insert into guild_tracks (guild_id, roadmap_id, roadmap_version, channel_id, post_weekday, post_time, timezone, next_post_at)
      values (${guildId}, ${BROKEN}, null, '123456789012345679', 1, '09:00', 'Mars/Olympus', ${track.next_post_at})`.execute(handle.db);
    await sql`insert into roadmaps (roadmap_id, guild_id, title, current_version) values (${BROKEN}, ${guildId}, 'Study Circle Two', 1)`.execute(handle.db);

    clock.set(new Date("2026-03-02T09:00:30Z"));
    expect(await enqueueDueLeaderboards(ctx)).toBe(1);
    expect(await queuedPosts()).toEqual([`leaderboard:${guildId}:2026-02-23T00:00:00.000Z`]);
    const failed = await failureOf(BROKEN);
    expect(failed).toMatchObject({ failures: 1 });
    expect(await failureOf(ctx.catalogue.defaultRoadmap.id)).toBeUndefined();

    // A week on, the first track is due again while the second still waits for its retry.
    await sql`update guild_job_failures set retry_at = ${new Date("2026-03-20T00:00:00Z")} where guild_id = ${guildId} and roadmap_id = ${BROKEN}`.execute(handle.db);
    clock.set(new Date("2026-03-09T09:00:30Z"));
    expect(await enqueueDueLeaderboards(ctx)).toBe(1);
    expect(await queuedPosts()).toEqual([`leaderboard:${guildId}:2026-02-23T00:00:00.000Z`, `leaderboard:${guildId}:2026-03-02T00:00:00.000Z`]);
    // The first track's success is its own: the second's backoff and count stand.
    expect(await failureOf(BROKEN)).toMatchObject({ failures: 1, retry_at: new Date("2026-03-20T00:00:00Z") });

    const settings = JSON.stringify(renderSettings(ctx.i18n.forServer(guildId, null), await loadSettings(ctx, guildId), null).embeds);
    expect(settings).toContain("**Study Circle Two**: Last weekly post failed");
    // Setup for that track is what resumes it.
    expect(settings).toContain(`Run \`/roadmap-admin setup roadmap: ${BROKEN}\` again to fix it.`);
  });
});
