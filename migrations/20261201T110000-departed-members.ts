import { sql, type Kysely } from "kysely";

// Frozen in time: never import application code here.

/**
 * Members who left the server. The bot has no member events (Guilds intent only), so it learns it
 * when Discord answers Unknown Member for them; from then on it neither names nor contacts them,
 * until they use a command again. Their rows are kept.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("members").addColumn("left_at", "timestamptz").execute();
  // Rankings leave out hidden and departed members alike: few, found through one small index.
  await sql`create index members_unlisted on members (guild_id, user_id) where hidden or left_at is not null`.execute(db);
  await db.schema.dropIndex("members_hidden").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index members_hidden on members (guild_id, user_id) where hidden`.execute(db);
  await db.schema.dropIndex("members_unlisted").execute();
  await db.schema.alterTable("members").dropColumn("left_at").execute();
}
