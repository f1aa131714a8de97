import { sql, type Kysely, type Transaction } from "kysely";
import type { Database, EmptyWeeks, GuildJob, GuildJobFailureRow, GuildRow, TrackRow } from "./schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

export async function findGuild(db: Db, guildId: string): Promise<GuildRow | undefined> {
  return db.selectFrom("guilds").selectAll().where("guild_id", "=", guildId).executeTakeFirst();
}

export interface GuildSetup {
  readonly channelId: string;
  readonly weekday: number;
  readonly time: string;
  readonly timezone: string;
  readonly nextPostAt: Date;
  /** A language code, null to follow the server's Discord language, undefined to keep the current choice. */
  readonly language?: string | null;
  /** Undefined keeps the group's current choice. */
  readonly emptyWeeks?: EmptyWeeks;
}

/**
 * Saves an organiser's setup. Running setup again is how an organiser lifts a delivery block:
 * posts held back by it are released to the (possibly new) channel.
 */
export async function saveGuildSetup(trx: Transaction<Database>, guildId: string, setup: GuildSetup, now: Date): Promise<GuildRow> {
  await trx.insertInto("guilds").values({ guild_id: guildId }).onConflict((oc) => oc.doNothing()).execute();
  const before = await findGuild(trx, guildId);
  const row = await trx
    .updateTable("guilds")
    .set({
      channel_id: setup.channelId,
      post_weekday: setup.weekday,
      post_time: setup.time,
      timezone: setup.timezone,
      next_post_at: setup.nextPostAt,
      ...(setup.emptyWeeks !== undefined && { empty_weeks: setup.emptyWeeks }),
      delivery_blocked: null,
      delivery_blocked_at: null,
      ...(setup.language !== undefined && { language: setup.language }),
    })
    .where("guild_id", "=", guildId)
    .returningAll()
    .executeTakeFirstOrThrow();
  // New settings deserve a fresh try at once, not the end of a backoff meant for the old ones.
  await trx.deleteFrom("guild_job_failures").where("guild_id", "=", guildId).execute();
  // Posts held back for another track's channel wait for that track's setup.
  const oldChannel = before?.channel_id ?? null;
  await trx
    .updateTable("outbox")
    .set({ status: "pending", channel_id: setup.channelId, next_attempt_at: now, lease_until: null })
    .where("guild_id", "=", guildId)
    .where("status", "=", "blocked")
    .where("kind", "!=", "role")
    .$if(oldChannel !== null, (qb) => qb.where((eb) => eb.or([eb("channel_id", "=", oldChannel), eb("channel_id", "is", null)])))
    .execute();
  await trx
    .updateTable("outbox")
    .set({ status: "pending", next_attempt_at: now, lease_until: null })
    .where("guild_id", "=", guildId)
    .where("status", "=", "blocked")
    .where("kind", "=", "role")
    .execute();
  return row;
}

/**
 * The server-wide choices of a setup (language, quiet weeks) when it sets up a track other than the
 * server's own roadmap's; undefined keeps a choice.
 */
export async function saveServerChoices(trx: Transaction<Database>, guildId: string, choices: Pick<GuildSetup, "language" | "emptyWeeks">): Promise<GuildRow> {
  const set = {
    ...(choices.language !== undefined && { language: choices.language }),
    ...(choices.emptyWeeks !== undefined && { empty_weeks: choices.emptyWeeks }),
  };
  if (Object.keys(set).length > 0) await trx.updateTable("guilds").set(set).where("guild_id", "=", guildId).execute();
  return trx.selectFrom("guilds").selectAll().where("guild_id", "=", guildId).executeTakeFirstOrThrow();
}

/**
 * Another track becomes the server's own roadmap (its version, channel and slot), as when a track
 * that was the server's own stops: settings, milestone posts and group views then follow it.
 */
export async function adoptTrackAsServerRoadmap(trx: Transaction<Database>, guildId: string, track: TrackRow): Promise<void> {
  await trx
    .updateTable("guilds")
    .set({
      roadmap_id: track.roadmap_id,
      roadmap_version: track.roadmap_version,
      channel_id: track.channel_id,
      post_weekday: track.post_weekday,
      post_time: track.post_time,
      timezone: track.timezone,
      next_post_at: track.next_post_at,
      delivery_blocked: track.delivery_blocked,
      delivery_blocked_at: track.delivery_blocked_at,
    })
    .where("guild_id", "=", guildId)
    .execute();
}

/**
 * Stops what goes to a channel Discord refused, until an organiser runs setup again: the tracks
 * posting there pause, and the posts waiting for it are held back. Other tracks' channels go on.
 * The server's own channel also pauses the server (settings, `post-leaderboard`) and its role
 * rewards, as before tracks.
 */
export async function blockChannelDeliveries(db: Db, guildId: string, channelId: string, reason: string, now: Date): Promise<void> {
  await db
    .updateTable("guild_tracks")
    .set({ delivery_blocked: reason, delivery_blocked_at: now })
    .where("guild_id", "=", guildId)
    .where("channel_id", "=", channelId)
    .execute();
  const own = await db
    .updateTable("guilds")
    .set({ delivery_blocked: reason, delivery_blocked_at: now })
    .where("guild_id", "=", guildId)
    .where("channel_id", "=", channelId)
    .returning("guild_id")
    .executeTakeFirst();
  await db
    .updateTable("outbox")
    .set({ status: "blocked", lease_until: null })
    .where("guild_id", "=", guildId)
    .where("status", "=", "pending")
    // Reminders go to members' DMs, not the guild's channel: they keep flowing.
    .where((eb) => (own ? eb.or([eb("channel_id", "=", channelId), eb("kind", "=", "role")]) : eb("channel_id", "=", channelId)))
    .execute();
}

/** The reward for a stage, with who chose it and the role's permissions then; null removes it. */
export interface MilestoneRoleChoice {
  readonly roleId: string;
  readonly setBy: string;
  readonly vettedPermissions: bigint;
}

export async function setMilestoneRole(db: Db, guildId: string, stage: number, choice: MilestoneRoleChoice | null): Promise<void> {
  if (choice === null) {
    await db.deleteFrom("milestone_roles").where("guild_id", "=", guildId).where("stage", "=", stage).execute();
    return;
  }
  const row = { role_id: choice.roleId, set_by: choice.setBy, vetted_permissions: choice.vettedPermissions.toString() };
  await db.insertInto("guilds").values({ guild_id: guildId }).onConflict((oc) => oc.doNothing()).execute();
  await db
    .insertInto("milestone_roles")
    .values({ guild_id: guildId, stage, ...row })
    .onConflict((oc) => oc.columns(["guild_id", "stage"]).doUpdateSet(row))
    .execute();
}

export async function listMilestoneRoles(db: Db, guildId: string): Promise<{ stage: number; role_id: string }[]> {
  return db.selectFrom("milestone_roles").select(["stage", "role_id"]).where("guild_id", "=", guildId).orderBy("stage").execute();
}

/** Whose scheduled work: a guild's job, and for a track's work (its weekly post) the track's roadmap. */
export interface GuildJobTarget {
  readonly guildId: string;
  readonly job: GuildJob;
  /** The track's roadmap; absent for work that is not a track's. */
  readonly roadmapId?: string;
}

/** Failures in a row so far for a guild's job (0 when its last run succeeded). */
export async function guildJobFailures(db: Db, target: GuildJobTarget): Promise<number> {
  const row = await db
    .selectFrom("guild_job_failures")
    .select("failures")
    .where("guild_id", "=", target.guildId)
    .where("job", "=", target.job)
    .where("roadmap_id", "=", target.roadmapId ?? "")
    .executeTakeFirst();
  return row?.failures ?? 0;
}

export interface GuildJobFailure {
  readonly target: GuildJobTarget;
  readonly reason: string;
  readonly failedAt: Date;
  readonly retryAt: Date;
}

/** Records one more failure in a row of a guild's job. */
export async function recordGuildJobFailure(db: Db, failure: GuildJobFailure): Promise<void> {
  const values = { reason: failure.reason.slice(0, 500), failed_at: failure.failedAt, retry_at: failure.retryAt };
  const { guildId, job, roadmapId = "" } = failure.target;
  await db
    .insertInto("guild_job_failures")
    .values({ guild_id: guildId, job, roadmap_id: roadmapId, failures: 1, ...values })
    .onConflict((oc) => oc.columns(["guild_id", "job", "roadmap_id"]).doUpdateSet({ ...values, failures: sql`guild_job_failures.failures + 1` }))
    .execute();
}

/** These jobs succeeded: their failures in a row end (one statement for a batch of them). */
export async function clearGuildJobFailures(db: Db, targets: readonly GuildJobTarget[]): Promise<void> {
  if (targets.length === 0) return;
  await sql`
    delete from guild_job_failures f
     using unnest(${targets.map((t) => t.guildId)}::text[], ${targets.map((t) => t.job)}::text[], ${targets.map((t) => t.roadmapId ?? "")}::text[])
           as t(guild_id, job, roadmap_id)
     where f.guild_id = t.guild_id and f.job = t.job and f.roadmap_id = t.roadmap_id`.execute(db);
}

export async function listGuildJobFailures(db: Db, guildId: string): Promise<GuildJobFailureRow[]> {
  return db.selectFrom("guild_job_failures").selectAll().where("guild_id", "=", guildId).orderBy("job").orderBy("roadmap_id").execute();
}

/** Every stage this role is the reward for, with who chose it and what it was checked with. */
export async function findMilestoneRewards(
  db: Db,
  guildId: string,
  roleId: string,
): Promise<{ stage: number; set_by: string | null; vetted_permissions: string | null }[]> {
  return db
    .selectFrom("milestone_roles")
    .select(["stage", "set_by", "vetted_permissions"])
    .where("guild_id", "=", guildId)
    .where("role_id", "=", roleId)
    .orderBy("stage")
    .execute();
}
