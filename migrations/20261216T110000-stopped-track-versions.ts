import { type Kysely } from "kysely";

// Frozen in time: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
  // The version a stopped track of a bundled roadmap ran, so that starting it again runs that
  // version (its members' places and scores were counted by it), not the roadmap's first one.
  await db.schema
    .createTable("stopped_track_versions")
    .addColumn("guild_id", "text", (col) => col.notNull().references("guilds.guild_id").onDelete("cascade"))
    .addColumn("roadmap_id", "text", (col) => col.notNull())
    .addColumn("roadmap_version", "integer", (col) => col.notNull())
    .addColumn("stopped_at", "timestamptz", (col) => col.notNull())
    .addPrimaryKeyConstraint("stopped_track_versions_pk", ["guild_id", "roadmap_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("stopped_track_versions").execute();
}
