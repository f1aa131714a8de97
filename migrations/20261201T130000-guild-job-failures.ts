import { sql, type Kysely } from "kysely";

// Frozen in time: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
  // A guild's scheduled work that failed (its weekly post, a reminder), kept until it next succeeds:
  // the scheduler waits until retry_at instead of failing every tick, and settings show it.
  await db.schema
    .createTable("guild_job_failures")
    .addColumn("guild_id", "text", (col) => col.notNull())
    .addColumn("job", "text", (col) => col.notNull())
    .addColumn("failures", "integer", (col) => col.notNull())
    .addColumn("reason", "text", (col) => col.notNull())
    .addColumn("failed_at", "timestamptz", (col) => col.notNull())
    .addColumn("retry_at", "timestamptz", (col) => col.notNull())
    .addPrimaryKeyConstraint("guild_job_failures_pk", ["guild_id", "job"])
    .addCheckConstraint("guild_job_failures_job", sql`job in ('weekly-post', 'reminder')`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("guild_job_failures").execute();
}
