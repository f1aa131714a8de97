import { sql, type Kysely } from "kysely";

// Frozen in time: never import application code here.

/**
 * The check's functions move out of the migrations into `src/db/sql/*.sql`, applied after the
 * migrations whenever a file changes (tracked here, in `sql_definitions`). The score model loses
 * what no figure needed: the item-set tables (a score now counts the items of the stored roadmap
 * layout, once per item whatever its aliases) and the per-score member counts in 8 shards (a rank is
 * an index range count). Kept scores stay as they are; `rebuild_scores` recounts a guild's.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("sql_definitions")
    .addColumn("name", "text", (col) => col.primaryKey())
    .addColumn("sha256", "text", (col) => col.notNull())
    .addColumn("applied_at", "timestamptz", (col) => col.notNull())
    .execute();
  await sql`drop function if exists roadmap_check_item(text, text, text, text[], text, timestamptz, text, text)`.execute(db);
  await sql`drop function if exists roadmap_save_position(text, text, text, text)`.execute(db);
  await sql`drop function if exists roadmap_record_check(text, text, text, text[], text, timestamptz, text)`.execute(db);
  await sql`drop function if exists roadmap_refresh_member_scores(text, text, text, timestamptz)`.execute(db);
  await sql`drop function if exists roadmap_member_snapshot(text, text, text)`.execute(db);
  await db.schema.dropTable("score_counts").execute();
  await db.schema.dropTable("score_builds").execute();
  await db.schema.dropTable("score_item_sets").execute();
}

/**
 * Restores the tables (empty). The functions the older migrations defined are not restored: going
 * below this migration is for tests of the older ones, which define what they test.
 */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("score_item_sets")
    .addColumn("items_hash", "text", (col) => col.primaryKey())
    .addColumn("item_ids", sql`text[]`, (col) => col.notNull())
    .execute();
  await db.schema
    .createTable("score_builds")
    .addColumn("guild_id", "text", (col) => col.notNull())
    .addColumn("roadmap_id", "text", (col) => col.notNull())
    .addColumn("items_hash", "text", (col) => col.notNull().references("score_item_sets.items_hash"))
    .addColumn("built_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("score_builds_pk", ["guild_id", "roadmap_id"])
    .execute();
  await db.schema
    .createTable("score_counts")
    .addColumn("guild_id", "text", (col) => col.notNull())
    .addColumn("roadmap_id", "text", (col) => col.notNull())
    .addColumn("period_id", "bigint", (col) => col.notNull())
    .addColumn("score", "integer", (col) => col.notNull())
    .addColumn("shard", "smallint", (col) => col.notNull())
    .addColumn("members", "integer", (col) => col.notNull())
    .addPrimaryKeyConstraint("score_counts_pk", ["guild_id", "roadmap_id", "period_id", "score", "shard"])
    .execute();
  await db.schema.dropTable("sql_definitions").execute();
}
