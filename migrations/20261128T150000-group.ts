import { type Kysely } from "kysely";

// Frozen in time: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("members")
    // Left out of other members' /roadmap buddies suggestions.
    .addColumn("buddies_opt_out", "boolean", (col) => col.notNull().defaultTo(false))
    // Opt-in weekly reminder by direct message, in the guild's time zone.
    .addColumn("remind_weekday", "smallint")
    .addColumn("remind_time", "text")
    .addColumn("remind_next_at", "timestamptz")
    .execute();
  await db.schema
    .createIndex("members_remind_next_at")
    .on("members")
    .column("remind_next_at")
    .where("remind_next_at", "is not", null)
    .execute();
  // Who has done an item, for /roadmap item and the group's map.
  await db.schema.createIndex("progress_guild_item").on("progress").columns(["guild_id", "roadmap_id", "item_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("progress_guild_item").execute();
  await db.schema.dropIndex("members_remind_next_at").execute();
  await db.schema
    .alterTable("members")
    .dropColumn("buddies_opt_out")
    .dropColumn("remind_weekday")
    .dropColumn("remind_time")
    .dropColumn("remind_next_at")
    .execute();
}
