import type { Kysely } from "kysely";

// Frozen in time: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
  // The language an organiser chose for the server's posts and DMs; null follows the server's
  // own Discord language (guild_locale).
  await db.schema.alterTable("guilds").addColumn("language", "text").execute();
  // The Discord locale a member last used the bot in: their DM reminders are written in it.
  await db.schema.alterTable("members").addColumn("locale", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("members").dropColumn("locale").execute();
  await db.schema.alterTable("guilds").dropColumn("language").execute();
}
