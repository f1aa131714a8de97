import { sql, type Kysely } from "kysely";

// Frozen in time: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
  // A server's tracks post on their own: a failing track's backoff is its own, so it neither holds
  // back the server's other tracks nor is cleared by their success. '' for work that is not a
  // track's (reminders).
  await db.schema.alterTable("guild_job_failures").addColumn("roadmap_id", "text", (col) => col.notNull().defaultTo("")).execute();
  await db.schema.alterTable("guild_job_failures").dropConstraint("guild_job_failures_pk").execute();
  await db.schema.alterTable("guild_job_failures").addPrimaryKeyConstraint("guild_job_failures_pk", ["guild_id", "job", "roadmap_id"]).execute();
  // A weekly-post failure recorded before was the server's: each of its tracks keeps it, as each waited on it.
  await sql`
    INSERT INTO guild_job_failures (guild_id, job, roadmap_id, failures, reason, failed_at, retry_at)
    SELECT f.guild_id, f.job, t.roadmap_id, f.failures, f.reason, f.failed_at, f.retry_at
      FROM guild_job_failures f JOIN guild_tracks t ON t.guild_id = f.guild_id
     WHERE f.job = 'weekly-post' AND f.roadmap_id = ''`.execute(db);
  await sql`DELETE FROM guild_job_failures WHERE job = 'weekly-post' AND roadmap_id = ''`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DELETE FROM guild_job_failures f USING guild_job_failures g
     WHERE f.guild_id = g.guild_id AND f.job = g.job AND f.roadmap_id > g.roadmap_id`.execute(db);
  await db.schema.alterTable("guild_job_failures").dropConstraint("guild_job_failures_pk").execute();
  await sql`UPDATE guild_job_failures SET roadmap_id = ''`.execute(db);
  await db.schema.alterTable("guild_job_failures").addPrimaryKeyConstraint("guild_job_failures_pk", ["guild_id", "job"]).execute();
  await db.schema.alterTable("guild_job_failures").dropColumn("roadmap_id").execute();
}
