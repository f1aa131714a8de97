import { sql } from "kysely";
import { expect, it } from "vitest";
import { leaderboardPage } from "../../src/db/leaderboard-repository.ts";
import { useMigrationDatabase } from "../support/migration-database.ts";

const migrationDatabase = useMigrationDatabase();

it("counts the members of each all-time score kept before the upgrade, so the all-time board ranks them as before", async () => {
  const { migrator, db } = migrationDatabase;
  const down = await migrator.migrateTo("20261210T100000-member-places");
  expect(down.error).toBeUndefined();

  const at = (day: number) => new Date(Date.UTC(2026, 2, day));
  await sql`insert into guilds (guild_id) values ('1')`.execute(db);
  await sql`insert into members (guild_id, user_id) select '1', u from unnest(array['10', '11', '12', '13', '14']) u`.execute(db);
  await sql`update members set hidden = true where user_id = '13'`.execute(db);
  await sql`insert into member_scores (guild_id, roadmap_id, user_id, done_count, reached_at) values
              ('1', 'ai-engineering', '10', 3, ${at(5)}), ('1', 'ai-engineering', '11', 5, ${at(4)}),
              ('1', 'ai-engineering', '12', 3, ${at(2)}), ('1', 'ai-engineering', '13', 5, ${at(1)}),
              ('1', 'ai-engineering', '14', 0, null), ('1', 'other-roadmap', '10', 2, ${at(3)})`.execute(db);

  const up = await migrator.migrateToLatest();
  expect(up.error).toBeUndefined();
  const counts = await sql`select roadmap_id, score, members from member_score_counts order by roadmap_id, score`.execute(db);
  expect(counts.rows).toEqual([
    { roadmap_id: "ai-engineering", score: 3, members: 2 },
    { roadmap_id: "ai-engineering", score: 5, members: 2 },
    { roadmap_id: "other-roadmap", score: 2, members: 1 },
  ]);
  const hours = await sql`select roadmap_id, score, reached_hour, members from member_score_hour_counts order by roadmap_id, score, reached_hour`.execute(db);
  expect(hours.rows).toEqual([
    { roadmap_id: "ai-engineering", score: 3, reached_hour: at(2), members: 1 },
    { roadmap_id: "ai-engineering", score: 3, reached_hour: at(5), members: 1 },
    { roadmap_id: "ai-engineering", score: 5, reached_hour: at(1), members: 1 },
    { roadmap_id: "ai-engineering", score: 5, reached_hour: at(4), members: 1 },
    { roadmap_id: "other-roadmap", score: 2, reached_hour: at(3), members: 1 },
  ]);
  // Member 13 (hidden) is above member 10 but not ranked; 12 reached 3 items before 10 did.
  const page = await leaderboardPage(db, { guildId: "1", roadmapId: "ai-engineering", layoutHash: "unused for all time" }, "10", 10, undefined);
  expect(page.caller?.rank).toBe(3);
  expect(page.ranked).toBe(3);
  expect(page.entries.map((entry) => [entry.userId, entry.rank])).toEqual([
    ["11", 1],
    ["12", 2],
    ["10", 3],
  ]);

  const back = await migrator.migrateTo("20261210T100000-member-places");
  expect(back.error).toBeUndefined();
  const left = await sql`select count(*)::int as n from information_schema.tables where table_name in ('member_score_counts', 'member_score_hour_counts')`.execute(db);
  expect(left.rows).toEqual([{ n: 0 }]);
});
