import { type Kysely } from "kysely";

// Frozen in time: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
  // Members whose scores wait to be counted: a check writes a row and answers; the guild's queued
  // members are then counted together (refresh_queued_scores in src/db/sql/progress.sql). Rows are
  // only ever inserted and claimed by deleting them, so a check never waits on a count.
  await db.schema
    .createTable("score_refreshes")
    .addColumn("guild_id", "text", (col) => col.notNull())
    .addColumn("roadmap_id", "text", (col) => col.notNull())
    .addColumn("user_id", "text", (col) => col.notNull())
    .addColumn("queued_at", "timestamptz", (col) => col.notNull().defaultTo(db.fn("now")))
    .addForeignKeyConstraint("score_refreshes_member", ["guild_id", "user_id"], "members", ["guild_id", "user_id"], (cb) => cb.onDelete("cascade"))
    .execute();
  await db.schema.createIndex("score_refreshes_scope").on("score_refreshes").columns(["guild_id", "roadmap_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("score_refreshes").execute();
}
