import { sql, type Kysely } from "kysely";

// Frozen in time: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
  // Where each member is, kept by every check and uncheck, so the group's views read one row
  // per member instead of every progress row.
  await db.schema
    .alterTable("members")
    .addColumn("next_item_id", "text")
    .addColumn("last_done_at", "timestamptz")
    .addColumn("current_stage", "smallint")
    .addColumn("stage_done", "integer")
    .addColumn("finished_sections", sql`text[]`)
    .execute();
  await db.schema.createIndex("members_guild_stage_active").on("members").columns(["guild_id", "current_stage", "last_done_at"]).execute();
  await db.schema.createIndex("members_guild_last_done").on("members").columns(["guild_id", "last_done_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("members_guild_last_done").execute();
  await db.schema.dropIndex("members_guild_stage_active").execute();
  await db.schema
    .alterTable("members")
    .dropColumn("next_item_id")
    .dropColumn("last_done_at")
    .dropColumn("current_stage")
    .dropColumn("stage_done")
    .dropColumn("finished_sections")
    .execute();
}
