import { sql, type Kysely } from "kysely";

// Frozen in time: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("guilds")
    .addColumn("guild_id", "text", (col) => col.primaryKey())
    .addColumn("roadmap_id", "text", (col) => col.notNull().defaultTo("ai-engineering"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("members")
    .addColumn("guild_id", "text", (col) => col.notNull().references("guilds.guild_id").onDelete("cascade"))
    .addColumn("user_id", "text", (col) => col.notNull())
    .addColumn("started_on", "date")
    .addColumn("target_on", "date")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("members_pk", ["guild_id", "user_id"])
    .addCheckConstraint("members_target_after_start", sql`target_on is null or started_on is null or target_on >= started_on`)
    .execute();

  // Current state: one row per item a member has done. The primary key makes a double check harmless.
  await db.schema
    .createTable("progress")
    .addColumn("guild_id", "text", (col) => col.notNull())
    .addColumn("user_id", "text", (col) => col.notNull())
    .addColumn("roadmap_id", "text", (col) => col.notNull())
    .addColumn("item_id", "text", (col) => col.notNull())
    .addColumn("done_at", "timestamptz", (col) => col.notNull())
    .addColumn("note", "text")
    .addPrimaryKeyConstraint("progress_pk", ["guild_id", "user_id", "roadmap_id", "item_id"])
    .addForeignKeyConstraint("progress_member_fk", ["guild_id", "user_id"], "members", ["guild_id", "user_id"], (fk) =>
      fk.onDelete("cascade"),
    )
    .execute();
  await db.schema.createIndex("progress_guild_done_at").on("progress").columns(["guild_id", "done_at"]).execute();

  // Append-only history: leaderboards and pace are computed from it.
  await db.schema
    .createTable("progress_events")
    .addColumn("event_id", "bigint", (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("guild_id", "text", (col) => col.notNull())
    .addColumn("user_id", "text", (col) => col.notNull())
    .addColumn("roadmap_id", "text", (col) => col.notNull())
    .addColumn("item_id", "text", (col) => col.notNull())
    .addColumn("kind", "text", (col) => col.notNull().check(sql`kind in ('check', 'uncheck')`))
    .addColumn("note", "text")
    .addColumn("at", "timestamptz", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("progress_events_guild_at").on("progress_events").columns(["guild_id", "at"]).execute();
  await db.schema
    .createIndex("progress_events_member_at")
    .on("progress_events")
    .columns(["guild_id", "user_id", "at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("progress_events").execute();
  await db.schema.dropTable("progress").execute();
  await db.schema.dropTable("members").execute();
  await db.schema.dropTable("guilds").execute();
}
