import { sql, type Kysely } from "kysely";

// Frozen in time: never import application code here.

/**
 * How many members hold each score in a kept window, so a weekly board's rank and totals are a sum
 * over a few rows instead of a pass over every member's (docs/performance.md: the weekly board at
 * 100k members). One row per (guild, window, score), no shards; kept by `refresh_member_standing`
 * and built by `open_score_window` / `rebuild_scores` (src/db/sql/).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("period_score_counts")
    .addColumn("guild_id", "text", (col) => col.notNull())
    .addColumn("period_id", "bigint", (col) => col.notNull().references("score_periods.period_id").onDelete("cascade"))
    .addColumn("score", "integer", (col) => col.notNull())
    .addColumn("members", "integer", (col) => col.notNull())
    .addPrimaryKeyConstraint("period_score_counts_pk", ["guild_id", "period_id", "score"])
    .execute();
  await sql`
    insert into period_score_counts (guild_id, period_id, score, members)
    select guild_id, period_id, score, count(*)::int from period_scores where score > 0 group by guild_id, period_id, score
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("period_score_counts").execute();
}
