import { sql, type Kysely } from "kysely";

// Frozen in time: never import application code here.

/**
 * How many members hold each all-time score of a guild's roadmap, so an all-time board's rank and
 * totals are a sum over a few rows instead of a pass over every member's (docs/performance.md: the
 * all-time board at 100k members). The all-time twin of `period_score_counts`: one row per (guild,
 * roadmap, score above 0); kept by `refresh_member_standing` and built by `rebuild_scores`
 * (src/db/sql/). Filled here from the kept scores, which the functions already keep exact.
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
  await sql`
    insert into member_score_counts (guild_id, roadmap_id, score, members)
    select guild_id, roadmap_id, done_count, count(*)::int from member_scores where done_count > 0 group by guild_id, roadmap_id, done_count
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("member_score_counts").execute();
}
