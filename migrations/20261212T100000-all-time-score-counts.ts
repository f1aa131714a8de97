import { sql, type Kysely } from "kysely";

// Frozen in time: never import application code here.

/**
 * How many members hold each all-time score of a guild's roadmap, so an all-time board's rank is a
 * sum over a few rows instead of a pass over every member's (docs/performance.md: the all-time board
 * at 100k members):
 * - `member_score_counts`: per (guild, roadmap, score above 0), the all-time twin of
 *   `period_score_counts`: members ranked above a score, and the totals;
 * - `member_score_hour_counts`: the same per hour the score was reached in: the members tied on a
 *   score who reached it in an earlier hour, so only the caller's own hour is counted row by row.
 * Kept by `refresh_member_standing` and built by `rebuild_scores` (src/db/sql/). Filled here from the
 * kept scores, with the hour as `score_hour` (scores.sql) defines it when this was written.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("member_score_counts")
    .addColumn("guild_id", "text", (col) => col.notNull())
    .addColumn("roadmap_id", "text", (col) => col.notNull())
    .addColumn("score", "integer", (col) => col.notNull())
    .addColumn("members", "integer", (col) => col.notNull())
    .addPrimaryKeyConstraint("member_score_counts_pk", ["guild_id", "roadmap_id", "score"])
    .execute();
  await db.schema
    .createTable("member_score_hour_counts")
    .addColumn("guild_id", "text", (col) => col.notNull())
    .addColumn("roadmap_id", "text", (col) => col.notNull())
    .addColumn("score", "integer", (col) => col.notNull())
    .addColumn("reached_hour", "timestamptz", (col) => col.notNull())
    .addColumn("members", "integer", (col) => col.notNull())
    .addPrimaryKeyConstraint("member_score_hour_counts_pk", ["guild_id", "roadmap_id", "score", "reached_hour"])
    .execute();
  await sql`
    insert into member_score_counts (guild_id, roadmap_id, score, members)
    select guild_id, roadmap_id, done_count, count(*)::int from member_scores where done_count > 0 group by guild_id, roadmap_id, done_count
  `.execute(db);
  await sql`
    insert into member_score_hour_counts (guild_id, roadmap_id, score, reached_hour, members)
    select guild_id, roadmap_id, done_count, date_bin('1 hour', reached_at, timestamptz '2000-01-01 00:00:00+00') as hour, count(*)::int
      from member_scores where done_count > 0
     group by guild_id, roadmap_id, done_count, hour
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("member_score_hour_counts").execute();
  await db.schema.dropTable("member_score_counts").execute();
}
