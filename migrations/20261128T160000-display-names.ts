import type { Kysely } from "kysely";

// Frozen in time: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
  // The name a member last used the bot under, for pictures posted without an interaction at hand.
  await db.schema.alterTable("members").addColumn("display_name", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("members").dropColumn("display_name").execute();
}
