import { sql, type Kysely } from "kysely";

// Frozen in time: never import application code here.

/**
 * A member's place (next item, current stage and its items done, finished sections, last check)
 * is kept per roadmap, so each track's group views read their own members: one row per guild,
 * roadmap and member, written by every change on that roadmap. The places kept so far on
 * `members` describe each server's own roadmap; they move here, and the columns go.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("member_places")
    .addColumn("guild_id", "text", (col) => col.notNull())
    .addColumn("roadmap_id", "text", (col) => col.notNull())
    .addColumn("user_id", "text", (col) => col.notNull())
    .addColumn("next_item_id", "text")
    .addColumn("last_done_at", "timestamptz")
    .addColumn("current_stage", "smallint")
    .addColumn("stage_done", "integer")
    .addColumn("finished_sections", sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
    .addPrimaryKeyConstraint("member_places_pk", ["guild_id", "roadmap_id", "user_id"])
    .addForeignKeyConstraint("member_places_member", ["guild_id", "user_id"], "members", ["guild_id", "user_id"], (cb) => cb.onDelete("cascade"))
    .execute();
  // The group views: members on a stage active lately (buddies), and the most recently active.
  await sql`create index member_places_stage_active on member_places (guild_id, roadmap_id, current_stage, last_done_at)`.execute(db);
  await sql`create index member_places_last_done on member_places (guild_id, roadmap_id, last_done_at)`.execute(db);
  await sql`
    insert into member_places (guild_id, roadmap_id, user_id, next_item_id, last_done_at, current_stage, stage_done, finished_sections)
    select m.guild_id, g.roadmap_id, m.user_id, m.next_item_id, m.last_done_at, m.current_stage, m.stage_done, coalesce(m.finished_sections, '{}')
      from members m
      join guilds g on g.guild_id = m.guild_id
     where m.next_item_id is not null or m.last_done_at is not null or m.current_stage is not null`.execute(db);
  await db.schema.dropIndex("members_guild_last_done").execute();
  await db.schema.dropIndex("members_guild_stage_active").execute();
  await db.schema
    .alterTable("members")
    .dropColumn("next_item_id")
    .dropColumn("last_done_at")
    .dropColumn("current_stage")
    .dropColumn("stage_done")
    .dropColumn("finished_sections")
    .execute();
}

/** Puts each member's place on their server's own roadmap back on `members`; other tracks' places are dropped. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("members")
    .addColumn("next_item_id", "text")
    .addColumn("last_done_at", "timestamptz")
    .addColumn("current_stage", "smallint")
    .addColumn("stage_done", "integer")
    .addColumn("finished_sections", sql`text[]`)
    .execute();
  await db.schema.createIndex("members_guild_stage_active").on("members").columns(["guild_id", "current_stage", "last_done_at"]).execute();
  await db.schema.createIndex("members_guild_last_done").on("members").columns(["guild_id", "last_done_at"]).execute();
  await sql`
    update members m
       set next_item_id = p.next_item_id, last_done_at = p.last_done_at, current_stage = p.current_stage,
           stage_done = p.stage_done, finished_sections = p.finished_sections
      from member_places p
      join guilds g on g.guild_id = p.guild_id and g.roadmap_id = p.roadmap_id
     where m.guild_id = p.guild_id and m.user_id = p.user_id`.execute(db);
  await db.schema.dropTable("member_places").execute();
}
