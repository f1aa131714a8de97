import { sql, type Kysely } from "kysely";

// Frozen in time: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
  // An import the member has previewed but not yet confirmed; the Confirm button names it.
  await db.schema
    .createTable("import_previews")
    .addColumn("preview_id", "text", (col) => col.primaryKey())
    .addColumn("guild_id", "text", (col) => col.notNull())
    .addColumn("user_id", "text", (col) => col.notNull())
    .addColumn("roadmap_id", "text", (col) => col.notNull())
    .addColumn("check_ids", "jsonb", (col) => col.notNull())
    .addColumn("uncheck_ids", "jsonb", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("import_previews").execute();
}
