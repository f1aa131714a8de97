import { sql, type Kysely } from "kysely";

// Frozen in time: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
  // A track: one roadmap a server runs, with its own channel and weekly slot; one track per roadmap.
  // The guilds row keeps its columns as the settings of the server's first track (guilds.roadmap_id)
  // for what still reads them (settings, milestones, reminders, the delivery block, which stays per
  // server); a later migration drops them once those read tracks.
  await db.schema
    .createTable("guild_tracks")
    .addColumn("guild_id", "text", (col) => col.notNull().references("guilds.guild_id").onDelete("cascade"))
    .addColumn("roadmap_id", "text", (col) => col.notNull())
    .addColumn("roadmap_version", "integer")
    .addColumn("channel_id", "text", (col) => col.notNull())
    .addColumn("post_weekday", "smallint", (col) => col.notNull())
    .addColumn("post_time", "text", (col) => col.notNull())
    .addColumn("timezone", "text", (col) => col.notNull())
    .addColumn("next_post_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("guild_tracks_pk", ["guild_id", "roadmap_id"])
    .execute();
  await db.schema.createIndex("guild_tracks_due").on("guild_tracks").column("next_post_at").execute();

  // Each configured server's settings become its one track.
  await sql`
    insert into guild_tracks (guild_id, roadmap_id, roadmap_version, channel_id, post_weekday, post_time, timezone, next_post_at)
    select guild_id, roadmap_id, roadmap_version, channel_id, post_weekday, post_time, timezone, next_post_at
    from guilds where channel_id is not null
  `.execute(db);

  // A posted week belongs to one track: two tracks with the same weekday post the same week.
  for (const table of ["leaderboard_weeks", "weekly_standings"]) {
    await db.schema.alterTable(table).addColumn("roadmap_id", "text").execute();
    await sql`update ${sql.table(table)} t set roadmap_id = g.roadmap_id from guilds g where g.guild_id = t.guild_id`.execute(db);
    // A week saved for a guild without a guilds row (none should exist) keeps an empty roadmap id rather than blocking the migration.
    await sql`update ${sql.table(table)} set roadmap_id = '' where roadmap_id is null`.execute(db);
    await db.schema.alterTable(table).alterColumn("roadmap_id", (col) => col.setNotNull()).execute();
  }
  await db.schema.alterTable("leaderboard_weeks").dropConstraint("leaderboard_weeks_pk").execute();
  await db.schema.alterTable("leaderboard_weeks").addPrimaryKeyConstraint("leaderboard_weeks_pk", ["guild_id", "roadmap_id", "week_start"]).execute();
  await db.schema.alterTable("weekly_standings").dropConstraint("weekly_standings_pk").execute();
  await db.schema.alterTable("weekly_standings").addPrimaryKeyConstraint("weekly_standings_pk", ["guild_id", "roadmap_id", "week_start", "user_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("weekly_standings").dropConstraint("weekly_standings_pk").execute();
  await sql`delete from weekly_standings s using guilds g where g.guild_id = s.guild_id and s.roadmap_id <> g.roadmap_id`.execute(db);
  await db.schema.alterTable("weekly_standings").addPrimaryKeyConstraint("weekly_standings_pk", ["guild_id", "week_start", "user_id"]).execute();
  await db.schema.alterTable("weekly_standings").dropColumn("roadmap_id").execute();
  await db.schema.alterTable("leaderboard_weeks").dropConstraint("leaderboard_weeks_pk").execute();
  await sql`delete from leaderboard_weeks w using guilds g where g.guild_id = w.guild_id and w.roadmap_id <> g.roadmap_id`.execute(db);
  await db.schema.alterTable("leaderboard_weeks").addPrimaryKeyConstraint("leaderboard_weeks_pk", ["guild_id", "week_start"]).execute();
  await db.schema.alterTable("leaderboard_weeks").dropColumn("roadmap_id").execute();
  await db.schema.dropTable("guild_tracks").execute();
}
