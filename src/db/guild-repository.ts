import type { Kysely, Transaction } from "kysely";
import type { Database, GuildRow } from "./schema.ts";

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
}

/**
 * Saves an organiser's setup. Running setup again is how an organiser lifts a delivery block:
 * posts held back by it are released to the (possibly new) channel.
 */
export async function saveGuildSetup(trx: Transaction<Database>, guildId: string, setup: GuildSetup, now: Date): Promise<GuildRow> {
  await trx.insertInto("guilds").values({ guild_id: guildId }).onConflict((oc) => oc.doNothing()).execute();
  const row = await trx
    .updateTable("guilds")
    .set({
      channel_id: setup.channelId,
      post_weekday: setup.weekday,
      post_time: setup.time,
      timezone: setup.timezone,
      next_post_at: setup.nextPostAt,
      delivery_blocked: null,
      delivery_blocked_at: null,
    })
    .where("guild_id", "=", guildId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .updateTable("outbox")
    .set({ status: "pending", channel_id: setup.channelId, next_attempt_at: now, lease_until: null })
    .where("guild_id", "=", guildId)
    .where("status", "=", "blocked")
    .where("kind", "!=", "role")
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

/** Stops deliveries for a guild until an organiser runs setup again. */
export async function blockGuildDeliveries(db: Db, guildId: string, reason: string, now: Date): Promise<void> {
  await db
    .updateTable("guilds")
    .set({ delivery_blocked: reason, delivery_blocked_at: now })
    .where("guild_id", "=", guildId)
    .execute();
  await db
    .updateTable("outbox")
    .set({ status: "blocked", lease_until: null })
    .where("guild_id", "=", guildId)
    .where("status", "=", "pending")
    // Reminders go to members' DMs, not the guild's channel: they keep flowing.
    .where("kind", "!=", "reminder")
    .execute();
}

/**
 * Locks guilds whose weekly post is due. SKIP LOCKED lets another bot process take
 * the other guilds instead of waiting, and never the same one.
 */
export async function lockDueGuilds(trx: Transaction<Database>, now: Date, limit: number): Promise<GuildRow[]> {
  return trx
    .selectFrom("guilds")
    .selectAll()
    .where("next_post_at", "<=", now)
    .where("channel_id", "is not", null)
    .where("delivery_blocked", "is", null)
    .orderBy("next_post_at")
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function setNextPostAt(trx: Transaction<Database>, guildId: string, nextPostAt: Date): Promise<void> {
  await trx.updateTable("guilds").set({ next_post_at: nextPostAt }).where("guild_id", "=", guildId).execute();
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
