import { sql } from "kysely";
import { expect, it } from "vitest";
import { useMigrationDatabase } from "../support/migration-database.ts";

const migrationDatabase = useMigrationDatabase();

it("gives each configured server its one track with its channel and slot, and keeps its posted weeks", async () => {
  const { migrator, db } = migrationDatabase;
  const down = await migrator.migrateTo("20261203T100000-roadmaps");
  expect(down.error).toBeUndefined();

  const next = new Date("2026-03-09T08:00:00Z");
  const week = new Date("2026-03-02T08:00:00Z");
  await sql`insert into guilds (guild_id, roadmap_id, roadmap_version, channel_id, post_weekday, post_time, timezone, next_post_at)
            values ('1', 'ai-engineering', 2, '10', 1, '09:00', 'Europe/Berlin', ${next})`.execute(db);
  // Never set up: no channel, so no track.
  await sql`insert into guilds (guild_id) values ('2')`.execute(db);
  await sql`insert into leaderboard_weeks (guild_id, week_start, week_end, items_done, active_members, stages_completed)
            values ('1', ${week}, ${next}, 3, 1, 0)`.execute(db);
  await sql`insert into weekly_standings (guild_id, week_start, user_id, rank, score, reached_at) values ('1', ${week}, '5', 1, 3, ${week})`.execute(db);

  const up = await migrator.migrateToLatest();
  expect(up.error).toBeUndefined();
  const tracks = await sql`select guild_id, roadmap_id, roadmap_version, channel_id, post_weekday, post_time, timezone, next_post_at from guild_tracks`.execute(db);
  expect(tracks.rows).toEqual([
    { guild_id: "1", roadmap_id: "ai-engineering", roadmap_version: 2, channel_id: "10", post_weekday: 1, post_time: "09:00", timezone: "Europe/Berlin", next_post_at: next },
  ]);
  expect((await sql`select guild_id, roadmap_id from leaderboard_weeks`.execute(db)).rows).toEqual([{ guild_id: "1", roadmap_id: "ai-engineering" }]);
  expect((await sql`select user_id, roadmap_id from weekly_standings`.execute(db)).rows).toEqual([{ user_id: "5", roadmap_id: "ai-engineering" }]);

  const back = await migrator.migrateTo("20261203T100000-roadmaps");
  expect(back.error).toBeUndefined();
  expect((await sql`select count(*)::int as n from weekly_standings`.execute(db)).rows).toEqual([{ n: 1 }]);
});
