import { sql, type Kysely } from "kysely";

// Frozen in time: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
  // Each track posts in its own channel: when Discord refuses one, only that track pauses (why and
  // since when), until an organiser runs setup for it again.
  await db.schema.alterTable("guild_tracks").addColumn("delivery_blocked", "text").addColumn("delivery_blocked_at", "timestamptz").execute();
  // A server paused before this kept all its tracks waiting: they stay paused until setup runs.
  await sql`
    UPDATE guild_tracks t SET delivery_blocked = g.delivery_blocked, delivery_blocked_at = g.delivery_blocked_at
      FROM guilds g
     WHERE g.guild_id = t.guild_id AND g.delivery_blocked IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("guild_tracks").dropColumn("delivery_blocked").dropColumn("delivery_blocked_at").execute();
}
