import { sql, type Kysely } from "kysely";

// Frozen in time: never import application code here.

/**
 * Running leaderboard scores, kept by every check and uncheck so a leaderboard reads an index range
 * instead of aggregating the guild's whole progress. Nothing is filled here: the bot builds a guild's
 * scores from `progress` the first time it needs them (it knows the roadmap's current items; a
 * migration does not).
 */
export async function up(db: Kysely<any>): Promise<void> {
  // The item ids (current ids and aliases) a build counted, shared by every guild built from them.
  await db.schema
    .createTable("score_item_sets")
    .addColumn("items_hash", "text", (col) => col.primaryKey())
    .addColumn("item_ids", sql`text[]`, (col) => col.notNull())
    .execute();

  // Which item set a guild's scores were built for: another set (items retired or renamed) means a rebuild.
  await db.schema
    .createTable("score_builds")
    .addColumn("guild_id", "text", (col) => col.notNull())
    .addColumn("roadmap_id", "text", (col) => col.notNull())
    .addColumn("items_hash", "text", (col) => col.notNull().references("score_item_sets.items_hash"))
    .addColumn("built_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("score_builds_pk", ["guild_id", "roadmap_id"])
    .execute();

  // All-time: items done per member, and when the last of them was done (ties go to the earlier).
  await db.schema
    .createTable("member_scores")
    .addColumn("guild_id", "text", (col) => col.notNull())
    .addColumn("roadmap_id", "text", (col) => col.notNull())
    .addColumn("user_id", "text", (col) => col.notNull())
    .addColumn("done_count", "integer", (col) => col.notNull())
    .addColumn("reached_at", "timestamptz")
    .addPrimaryKeyConstraint("member_scores_pk", ["guild_id", "roadmap_id", "user_id"])
    .addForeignKeyConstraint("member_scores_member_fk", ["guild_id", "user_id"], "members", ["guild_id", "user_id"], (fk) =>
      fk.onDelete("cascade"),
    )
    .execute();
  await sql`create index member_scores_rank on member_scores (guild_id, roadmap_id, done_count desc, reached_at, user_id)`.execute(db);

  // Windows (weeks, months) whose scores are kept; a window exists once it was built from progress.
  await db.schema
    .createTable("score_periods")
    .addColumn("period_id", "bigint", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("guild_id", "text", (col) => col.notNull())
    .addColumn("roadmap_id", "text", (col) => col.notNull())
    .addColumn("period_start", "timestamptz", (col) => col.notNull())
    .addColumn("period_end", "timestamptz", (col) => col.notNull())
    .addUniqueConstraint("score_periods_window", ["guild_id", "roadmap_id", "period_start", "period_end"])
    .execute();

  // A window's scores: items newly done in it and still done, and when the member reached that count.
  await db.schema
    .createTable("period_scores")
    .addColumn("guild_id", "text", (col) => col.notNull())
    .addColumn("period_id", "bigint", (col) => col.notNull().references("score_periods.period_id").onDelete("cascade"))
    .addColumn("user_id", "text", (col) => col.notNull())
    .addColumn("score", "integer", (col) => col.notNull())
    .addColumn("reached_at", "timestamptz")
    .addPrimaryKeyConstraint("period_scores_pk", ["guild_id", "period_id", "user_id"])
    .addForeignKeyConstraint("period_scores_member_fk", ["guild_id", "user_id"], "members", ["guild_id", "user_id"], (fk) =>
      fk.onDelete("cascade"),
    )
    .execute();
  await sql`create index period_scores_rank on period_scores (guild_id, period_id, score desc, reached_at, user_id)`.execute(db);

  // How many members hold each score, per window (period 0: all time), so a rank or a total is a
  // sum over a few hundred rows instead of a count over every member. Split in shards (by user) so
  // concurrent checks in one guild rarely wait on the same row.
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

  // Hidden members are few: rankings leave them out through this small index.
  await sql`create index members_hidden on members (guild_id, user_id) where hidden`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("members_hidden").execute();
  await db.schema.dropTable("score_counts").execute();
  await db.schema.dropTable("period_scores").execute();
  await db.schema.dropTable("score_periods").execute();
  await db.schema.dropTable("member_scores").execute();
  await db.schema.dropTable("score_builds").execute();
  await db.schema.dropTable("score_item_sets").execute();
}
