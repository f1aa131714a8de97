import { sql, type Kysely, type Transaction } from "kysely";
import { jsonArrayFrom, jsonObjectFrom } from "kysely/helpers/postgres";
import { guildRoadmapVersionQuery, toGuildRoadmapChoice, type GuildRoadmapChoice } from "./roadmap-repository.ts";
import type { Database, GuildRow, TrackRow } from "./schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

export async function listTracks(db: Db, guildId: string): Promise<TrackRow[]> {
  return db.selectFrom("guild_tracks").selectAll().where("guild_id", "=", guildId).orderBy("created_at").orderBy("roadmap_id").execute();
}

export interface TrackSetup {
  readonly roadmapId: string;
  readonly channelId: string;
  readonly weekday: number;
  readonly time: string;
  readonly timezone: string;
  readonly nextPostAt: Date;
}

/**
 * Starts a track, or moves an existing one to a new channel and slot (its version stays). Running
 * setup for a paused track resumes it: posts held back for its old channel go to the new one.
 */
export async function saveTrack(trx: Transaction<Database>, guildId: string, setup: TrackSetup, now: Date): Promise<TrackRow> {
  await trx.insertInto("guilds").values({ guild_id: guildId }).onConflict((oc) => oc.doNothing()).execute();
  const before = await findTrack(trx, guildId, setup.roadmapId);
  const settings = {
    channel_id: setup.channelId,
    post_weekday: setup.weekday,
    post_time: setup.time,
    timezone: setup.timezone,
    next_post_at: setup.nextPostAt,
    delivery_blocked: null,
    delivery_blocked_at: null,
  };
  // A track started again runs the version it ran when it was stopped.
  const resumed = before ? undefined : await takeStoppedVersion(trx, guildId, setup.roadmapId);
  const track = await trx
    .insertInto("guild_tracks")
    .values({ guild_id: guildId, roadmap_id: setup.roadmapId, roadmap_version: resumed ?? null, ...settings })
    .onConflict((oc) => oc.columns(["guild_id", "roadmap_id"]).doUpdateSet(settings))
    .returningAll()
    .executeTakeFirstOrThrow();
  if (before?.delivery_blocked) {
    await trx
      .updateTable("outbox")
      .set({ status: "pending", channel_id: setup.channelId, next_attempt_at: now, lease_until: null })
      .where("guild_id", "=", guildId)
      .where("status", "=", "blocked")
      .where("channel_id", "=", before.channel_id)
      .execute();
  }
  return track;
}

/** The server's tracks whose channel Discord refused, the oldest pause first. */
export async function listPausedTracks(db: Db, guildId: string): Promise<TrackRow[]> {
  return db.selectFrom("guild_tracks").selectAll().where("guild_id", "=", guildId).where("delivery_blocked", "is not", null).orderBy("delivery_blocked_at").execute();
}

/** A track whose weekly post is due, with its server's choice for quiet weeks. */
export type DueTrack = TrackRow & Pick<GuildRow, "empty_weeks" | "language">;

/**
 * Locks tracks whose weekly post is due. SKIP LOCKED lets another bot process take the others
 * instead of waiting, and never the same one. A track whose channel Discord refused, or whose
 * last weekly post failed (until its retry time), waits; the server's other tracks do not.
 */
export async function lockDueTracks(trx: Transaction<Database>, now: Date, limit: number): Promise<DueTrack[]> {
  return trx
    .selectFrom("guild_tracks as t")
    .innerJoin("guilds as g", "g.guild_id", "t.guild_id")
    .selectAll("t")
    .select(["g.empty_weeks", "g.language"])
    .where("t.next_post_at", "<=", now)
    .where("t.delivery_blocked", "is", null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("guild_job_failures as f")
            .select("f.guild_id")
            .whereRef("f.guild_id", "=", "t.guild_id")
            .where("f.job", "=", "weekly-post")
            .whereRef("f.roadmap_id", "=", "t.roadmap_id")
            .where("f.retry_at", ">", now),
        ),
      ),
    )
    .orderBy("t.next_post_at")
    .limit(limit)
    .forUpdate("t")
    .skipLocked()
    .execute();
}

/**
 * Moves tracks to their next slots. A server's first track keeps its slot in the guilds row too,
 * where `/roadmap-admin settings` reads it.
 */
export async function setTracksNextPostAt(
  trx: Transaction<Database>,
  tracks: readonly { readonly guild_id: string; readonly roadmap_id: string; readonly nextPostAt: Date }[],
): Promise<void> {
  if (tracks.length === 0) return;
  const next = sql`unnest(${tracks.map((t) => t.guild_id)}::text[], ${tracks.map((t) => t.roadmap_id)}::text[], ${tracks.map((t) => t.nextPostAt)}::timestamptz[])
                     as n(guild_id, roadmap_id, next_post_at)`;
  await sql`update guild_tracks t set next_post_at = n.next_post_at from ${next}
             where t.guild_id = n.guild_id and t.roadmap_id = n.roadmap_id`.execute(trx);
  await sql`update guilds g set next_post_at = n.next_post_at from ${next}
             where g.guild_id = n.guild_id and g.roadmap_id = n.roadmap_id`.execute(trx);
}

/** Stops a track: its weekly post ends; members' progress on its roadmap is kept. */
export async function deleteTrack(trx: Transaction<Database>, guildId: string, roadmapId: string): Promise<boolean> {
  const deleted = await trx.deleteFrom("guild_tracks").where("guild_id", "=", guildId).where("roadmap_id", "=", roadmapId).executeTakeFirst();
  return deleted.numDeletedRows > 0n;
}

/** Remembers the version a track ran as it stops (`takeStoppedVersion` gives it back to setup). */
export async function keepStoppedVersion(trx: Transaction<Database>, guildId: string, roadmapId: string, version: number, now: Date): Promise<void> {
  await trx
    .insertInto("stopped_track_versions")
    .values({ guild_id: guildId, roadmap_id: roadmapId, roadmap_version: version, stopped_at: now })
    .onConflict((oc) => oc.columns(["guild_id", "roadmap_id"]).doUpdateSet({ roadmap_version: version, stopped_at: now }))
    .execute();
}

async function takeStoppedVersion(trx: Transaction<Database>, guildId: string, roadmapId: string): Promise<number | undefined> {
  const row = await trx
    .deleteFrom("stopped_track_versions")
    .where("guild_id", "=", guildId)
    .where("roadmap_id", "=", roadmapId)
    .returning("roadmap_version")
    .executeTakeFirst();
  return row?.roadmap_version;
}

/** The version of its roadmap a track runs from now on (a bundled roadmap's deployed version, confirmed for this track). */
export async function setTrackVersion(trx: Transaction<Database>, guildId: string, roadmapId: string, version: number): Promise<void> {
  await trx.updateTable("guild_tracks").set({ roadmap_version: version }).where("guild_id", "=", guildId).where("roadmap_id", "=", roadmapId).execute();
}

export async function findTrack(db: Db, guildId: string, roadmapId: string): Promise<TrackRow | undefined> {
  return db.selectFrom("guild_tracks").selectAll().where("guild_id", "=", guildId).where("roadmap_id", "=", roadmapId).executeTakeFirst();
}

/** The member follows the track (again) and it becomes their commands' default. */
export async function useTrack(db: Db, key: { guildId: string; userId: string }, roadmapId: string, now: Date): Promise<void> {
  await db
    .insertInto("member_tracks")
    .values({ guild_id: key.guildId, user_id: key.userId, roadmap_id: roadmapId, joined_at: now, last_used_at: now })
    .onConflict((oc) => oc.columns(["guild_id", "user_id", "roadmap_id"]).doUpdateSet({ last_used_at: now }))
    .execute();
}

/** A track of the server with the state of its roadmap: what a member's command needs to run it. */
export interface TrackState {
  readonly roadmapId: string;
  /** Its roadmap's title; undefined once the roadmap is no longer stored. */
  readonly title: string | undefined;
  /** The version the track pinned; null: its roadmap's current version. */
  readonly pinnedVersion: number | null;
  /** Undefined once the roadmap is no longer stored. */
  readonly currentVersion: number | undefined;
  readonly removed: boolean;
}

/** What says which roadmap a member's command works on, read in one round trip (it runs before every check). */
export interface MemberTrackContext {
  /** The roadmap the server runs as its own, and which version; undefined: the bundled default's current one. */
  readonly own: GuildRoadmapChoice | undefined;
  /** The tracks the member follows, the one used last first. */
  readonly followed: readonly string[];
  readonly tracks: readonly TrackState[];
}

export async function memberTrackContext(db: Db, key: { guildId: string; userId: string }, defaultRoadmapId: string): Promise<MemberTrackContext> {
  const row = await db
    .selectNoFrom((eb) => [
      jsonObjectFrom(guildRoadmapVersionQuery(db, key.guildId, defaultRoadmapId)).as("own"),
      jsonArrayFrom(
        eb.selectFrom("member_tracks").select("roadmap_id").where("guild_id", "=", key.guildId).where("user_id", "=", key.userId).orderBy("last_used_at", "desc"),
      ).as("followed"),
      jsonArrayFrom(
        eb
          .selectFrom("guild_tracks as t")
          .leftJoin("roadmaps as r", "r.roadmap_id", "t.roadmap_id")
          .select(["t.roadmap_id", "t.roadmap_version", "r.title", "r.current_version", (r) => r("r.removed_at", "is not", null).as("removed")])
          .where("t.guild_id", "=", key.guildId)
          .orderBy("t.created_at")
          .orderBy("t.roadmap_id"),
      ).as("tracks"),
    ])
    .executeTakeFirstOrThrow();
  return {
    own: toGuildRoadmapChoice(row.own),
    followed: row.followed.map((track) => track.roadmap_id),
    tracks: row.tracks.map((track) => ({
      roadmapId: track.roadmap_id,
      title: track.title ?? undefined,
      pinnedVersion: track.roadmap_version,
      currentVersion: track.current_version ?? undefined,
      removed: Boolean(track.removed),
    })),
  };
}
