import { sql } from "kysely";
import { expect, it } from "vitest";
import { useMigrationDatabase } from "../support/migration-database.ts";

const migrationDatabase = useMigrationDatabase();

it("keeps a server paused before tracks had their own pause paused on each of its tracks, and others running", async () => {
  const { migrator, db } = migrationDatabase;
  expect((await migrator.migrateTo("20261205T100000-empty-weeks")).error).toBeUndefined();
  const at = new Date("2026-03-09T08:00:00Z");
  await sql`insert into guilds (guild_id, channel_id, delivery_blocked, delivery_blocked_at) values ('1', '10', 'Missing Access in <#10>', ${at}), ('2', '20', null, null)`.execute(db);
  await sql`insert into guild_tracks (guild_id, roadmap_id, channel_id, post_weekday, post_time, timezone)
            values ('1', 'ai-engineering', '10', 1, '09:00', 'UTC'), ('1', 'web', '11', 1, '09:00', 'UTC'), ('2', 'ai-engineering', '20', 1, '09:00', 'UTC')`.execute(db);

  expect((await migrator.migrateToLatest()).error).toBeUndefined();
  const tracks = await sql`select guild_id, roadmap_id, delivery_blocked, delivery_blocked_at from guild_tracks order by guild_id, roadmap_id`.execute(db);
  expect(tracks.rows).toEqual([
    { guild_id: "1", roadmap_id: "ai-engineering", delivery_blocked: "Missing Access in <#10>", delivery_blocked_at: at },
    { guild_id: "1", roadmap_id: "web", delivery_blocked: "Missing Access in <#10>", delivery_blocked_at: at },
    { guild_id: "2", roadmap_id: "ai-engineering", delivery_blocked: null, delivery_blocked_at: null },
  ]);

  expect((await migrator.migrateTo("20261205T100000-empty-weeks")).error).toBeUndefined();
  expect((await sql`select count(*)::int as n from guild_tracks`.execute(db)).rows).toEqual([{ n: 3 }]);
});
