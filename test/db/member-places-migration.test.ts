import { sql } from "kysely";
import { expect, it } from "vitest";
import { useMigrationDatabase } from "../support/migration-database.ts";

const migrationDatabase = useMigrationDatabase();

it("moves each member's place to their server's own roadmap, and back on the way down", async () => {
  const { migrator, db } = migrationDatabase;
  expect((await migrator.migrateTo("20261205T100000-empty-weeks")).error).toBeUndefined();

  const last = new Date("2026-03-02T10:00:00Z");
  await sql`insert into guilds (guild_id, roadmap_id) values ('1', 'ai-engineering'), ('2', 'web-path')`.execute(db);
  await sql`insert into members (guild_id, user_id, next_item_id, last_done_at, current_stage, stage_done, finished_sections) values
            ('1', '10', 'item-b', ${last}, 1, 3, '{1.1}'),
            ('2', '20', 'page-c', ${last}, 2, 0, null),
            ('1', '11', null, null, null, null, null)`.execute(db);

  expect((await migrator.migrateToLatest()).error).toBeUndefined();
  const places = await sql`select guild_id, roadmap_id, user_id, next_item_id, last_done_at, current_stage, stage_done, finished_sections
                             from member_places order by guild_id, user_id`.execute(db);
  // The member who never checked anything has no place.
  expect(places.rows).toEqual([
    { guild_id: "1", roadmap_id: "ai-engineering", user_id: "10", next_item_id: "item-b", last_done_at: last, current_stage: 1, stage_done: 3, finished_sections: ["1.1"] },
    { guild_id: "2", roadmap_id: "web-path", user_id: "20", next_item_id: "page-c", last_done_at: last, current_stage: 2, stage_done: 0, finished_sections: [] },
  ]);
  const columns = await sql<{ column_name: string }>`select column_name from information_schema.columns where table_name = 'members' and column_name = 'next_item_id'`.execute(db);
  expect(columns.rows).toEqual([]);

  // A place on another track has no home below this migration: only the server's own roadmap's goes back.
  await sql`insert into member_places (guild_id, roadmap_id, user_id, next_item_id) values ('1', 'web-path', '10', 'page-a')`.execute(db);
  expect((await migrator.migrateTo("20261205T100000-empty-weeks")).error).toBeUndefined();
  const back = await sql`select user_id, next_item_id, current_stage, finished_sections from members order by user_id`.execute(db);
  expect(back.rows).toEqual([
    { user_id: "10", next_item_id: "item-b", current_stage: 1, finished_sections: ["1.1"] },
    { user_id: "11", next_item_id: null, current_stage: null, finished_sections: null },
    { user_id: "20", next_item_id: "page-c", current_stage: 2, finished_sections: [] },
  ]);
});
