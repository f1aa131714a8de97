import { sql, type Kysely } from "kysely";

// Frozen in time: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
  // Every roadmap a server can follow: the bundled ones (guild_id null, loaded from `roadmap/` at
  // start) and each server's own uploads. current_version is the version a server runs unless it
  // chose another (guilds.roadmap_version); newer versions of a bundled roadmap wait there until
  // each server's organisers confirm them.
  await db.schema
    .createTable("roadmaps")
    .addColumn("roadmap_id", "text", (col) => col.primaryKey())
    .addColumn("guild_id", "text")
    .addColumn("title", "text", (col) => col.notNull())
    .addColumn("current_version", "integer", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("removed_at", "timestamptz")
    .execute();
  await db.schema.createIndex("roadmaps_guild").on("roadmaps").column("guild_id").execute();

  await db.schema
    .createTable("roadmap_versions")
    .addColumn("roadmap_id", "text", (col) => col.notNull().references("roadmaps.roadmap_id"))
    .addColumn("version", "integer", (col) => col.notNull())
    .addColumn("document", "jsonb", (col) => col.notNull())
    .addColumn("document_hash", "text", (col) => col.notNull())
    .addColumn("source_files", sql`text[]`, (col) => col.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("roadmap_versions_pk", ["roadmap_id", "version"])
    .execute();

  // An upload or update waiting for its uploader's Confirm: in the database, so any replica can confirm it.
  await db.schema
    .createTable("roadmap_uploads")
    .addColumn("upload_id", "text", (col) => col.primaryKey())
    .addColumn("guild_id", "text", (col) => col.notNull())
    .addColumn("user_id", "text", (col) => col.notNull())
    .addColumn("action", "text", (col) => col.notNull())
    .addColumn("roadmap_id", "text")
    .addColumn("base_version", "integer")
    .addColumn("document", "jsonb")
    .addColumn("source_files", sql`text[]`, (col) => col.notNull())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (col) => col.notNull())
    .addCheckConstraint("roadmap_uploads_action", sql`action in ('upload', 'update', 'remove')`)
    .execute();

  // The version of its roadmap a server runs; null: the roadmap's current version.
  await db.schema.alterTable("guilds").addColumn("roadmap_version", "integer").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("guilds").dropColumn("roadmap_version").execute();
  await db.schema.dropTable("roadmap_uploads").execute();
  await db.schema.dropTable("roadmap_versions").execute();
  await db.schema.dropTable("roadmaps").execute();
}
