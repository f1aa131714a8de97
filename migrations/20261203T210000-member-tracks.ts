import { sql, type Kysely } from "kysely";

// Frozen in time: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
  // The tracks a member follows (`/roadmap join`, or a check with `roadmap:`), and which one they
  // used last: their commands' default. A member of a server's one track needs no row.
  await db.schema
    .createTable("member_tracks")
    .addColumn("guild_id", "text", (col) => col.notNull())
    .addColumn("user_id", "text", (col) => col.notNull())
    .addColumn("roadmap_id", "text", (col) => col.notNull())
    .addColumn("joined_at", "timestamptz", (col) => col.notNull())
    .addColumn("last_used_at", "timestamptz", (col) => col.notNull())
    .addPrimaryKeyConstraint("member_tracks_pk", ["guild_id", "user_id", "roadmap_id"])
    .addForeignKeyConstraint("member_tracks_track", ["guild_id", "roadmap_id"], "guild_tracks", ["guild_id", "roadmap_id"], (cb) => cb.onDelete("cascade"))
    .execute();
  await sql`create index member_tracks_last_used on member_tracks (guild_id, user_id, last_used_at desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("member_tracks").execute();
}
