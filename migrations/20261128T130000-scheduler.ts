import { sql, type Kysely } from "kysely";

// Frozen in time: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("guilds")
    .addColumn("channel_id", "text")
    .addColumn("post_weekday", "smallint", (col) => col.notNull().defaultTo(1).check(sql`post_weekday between 1 and 7`))
    .addColumn("post_time", "text", (col) => col.notNull().defaultTo("09:00"))
    .addColumn("timezone", "text", (col) => col.notNull().defaultTo("UTC"))
    .addColumn("next_post_at", "timestamptz")
    .addColumn("delivery_blocked", "text")
    .addColumn("delivery_blocked_at", "timestamptz")
    .execute();
  await db.schema
    .createIndex("guilds_next_post_at")
    .on("guilds")
    .column("next_post_at")
    .where(sql.ref("next_post_at"), "is not", null)
    .execute();

  await db.schema
    .alterTable("members")
    .addColumn("hidden", "boolean", (col) => col.notNull().defaultTo(false))
    .execute();

  // One row per milestone a member ever reached: the key makes each announcement happen once, ever.
  await db.schema
    .createTable("milestones")
    .addColumn("guild_id", "text", (col) => col.notNull())
    .addColumn("user_id", "text", (col) => col.notNull())
    .addColumn("roadmap_id", "text", (col) => col.notNull())
    .addColumn("milestone", "text", (col) => col.notNull())
    .addColumn("reached_at", "timestamptz", (col) => col.notNull())
    .addPrimaryKeyConstraint("milestones_pk", ["guild_id", "user_id", "roadmap_id", "milestone"])
    .execute();
  await db.schema.createIndex("milestones_guild_reached_at").on("milestones").columns(["guild_id", "reached_at"]).execute();

  await db.schema
    .createTable("milestone_roles")
    .addColumn("guild_id", "text", (col) => col.notNull().references("guilds.guild_id").onDelete("cascade"))
    .addColumn("stage", "smallint", (col) => col.notNull())
    .addColumn("role_id", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("milestone_roles_pk", ["guild_id", "stage"])
    .execute();

  // Each posted week, with its totals; its standings follow in weekly_standings.
  await db.schema
    .createTable("leaderboard_weeks")
    .addColumn("guild_id", "text", (col) => col.notNull())
    .addColumn("week_start", "timestamptz", (col) => col.notNull())
    .addColumn("week_end", "timestamptz", (col) => col.notNull())
    .addColumn("items_done", "integer", (col) => col.notNull())
    .addColumn("active_members", "integer", (col) => col.notNull())
    .addColumn("stages_completed", "integer", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("leaderboard_weeks_pk", ["guild_id", "week_start"])
    .execute();
  await db.schema
    .createTable("weekly_standings")
    .addColumn("guild_id", "text", (col) => col.notNull())
    .addColumn("week_start", "timestamptz", (col) => col.notNull())
    .addColumn("user_id", "text", (col) => col.notNull())
    .addColumn("rank", "integer", (col) => col.notNull())
    .addColumn("score", "integer", (col) => col.notNull())
    .addColumn("reached_at", "timestamptz", (col) => col.notNull())
    .addPrimaryKeyConstraint("weekly_standings_pk", ["guild_id", "week_start", "user_id"])
    .execute();
  await db.schema.createIndex("weekly_standings_winners").on("weekly_standings").columns(["guild_id", "user_id"]).where(sql.ref("rank"), "=", 1).execute();

  // Durable outbox: a post is written first, then delivered, then marked with Discord's message id.
  await db.schema
    .createTable("outbox")
    .addColumn("id", "bigint", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("guild_id", "text", (col) => col.notNull())
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("dedupe_key", "text", (col) => col.notNull().unique())
    .addColumn("channel_id", "text")
    .addColumn("payload", "jsonb", (col) => col.notNull())
    .addColumn("status", "text", (col) => col.notNull().defaultTo("pending"))
    .addColumn("attempts", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "timestamptz", (col) => col.notNull())
    .addColumn("lease_until", "timestamptz")
    .addColumn("last_error", "text")
    .addColumn("message_id", "text")
    .addColumn("created_at", "timestamptz", (col) => col.notNull())
    .addColumn("delivered_at", "timestamptz")
    .execute();
  await db.schema
    .createIndex("outbox_pending")
    .on("outbox")
    .columns(["next_attempt_at"])
    .where(sql.ref("status"), "=", "pending")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("outbox").execute();
  await db.schema.dropTable("weekly_standings").execute();
  await db.schema.dropTable("leaderboard_weeks").execute();
  await db.schema.dropTable("milestone_roles").execute();
  await db.schema.dropTable("milestones").execute();
  await db.schema.alterTable("members").dropColumn("hidden").execute();
  await db.schema
    .alterTable("guilds")
    .dropColumn("channel_id")
    .dropColumn("post_weekday")
    .dropColumn("post_time")
    .dropColumn("timezone")
    .dropColumn("next_post_at")
    .dropColumn("delivery_blocked")
    .dropColumn("delivery_blocked_at")
    .execute();
}
