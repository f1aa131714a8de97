import { sql } from "kysely";
import { expect, it } from "vitest";
import { useMigrationDatabase } from "../support/migration-database.ts";

const migrationDatabase = useMigrationDatabase();

it("gives items re-checked before the upgrade their first check time back, and rebuilds the scores", async () => {
  const { migrator, db } = migrationDatabase;
  const down = await migrator.migrateTo("20261130T120000-check-functions");
  expect(down.error).toBeUndefined();

  const week1 = new Date("2026-03-02T10:00:00Z");
  const week3 = new Date("2026-03-16T10:00:00Z");
  await sql`insert into guilds (guild_id) values ('1')`.execute(db);
  await sql`insert into members (guild_id, user_id) values ('1', '2')`.execute(db);
  // Farmed on the old code: done in week 1, unchecked and checked again in week 3.
  await sql`insert into progress (guild_id, user_id, roadmap_id, item_id, done_at) values ('1', '2', 'ai-engineering', 'a', ${week3}), ('1', '2', 'ai-engineering', 'b', ${week1})`.execute(db);
  await sql`insert into progress_events (guild_id, user_id, roadmap_id, item_id, kind, at) values
    ('1', '2', 'ai-engineering', 'a', 'check', ${week1}), ('1', '2', 'ai-engineering', 'a', 'uncheck', ${week3}),
    ('1', '2', 'ai-engineering', 'a', 'check', ${week3}), ('1', '2', 'ai-engineering', 'b', 'check', ${week1})`.execute(db);
  await sql`insert into score_item_sets (items_hash, item_ids) values ('h', '{a,b}')`.execute(db);
  await sql`insert into score_builds (guild_id, roadmap_id, items_hash) values ('1', 'ai-engineering', 'h')`.execute(db);

  const up = await migrator.migrateTo("20261201T140000-milestone-role-vetting");
  expect(up.error).toBeUndefined();
  const rows = await sql<{ item_id: string; done_at: Date }>`select item_id, done_at from progress order by item_id`.execute(db);
  expect(rows.rows).toEqual([
    { item_id: "a", done_at: week1 },
    { item_id: "b", done_at: week1 },
  ]);
  expect((await sql`select * from score_builds`.execute(db)).rows).toEqual([]);
  // The later migrations (the item-set tables go) apply on top.
  expect((await migrator.migrateToLatest()).error).toBeUndefined();
});
