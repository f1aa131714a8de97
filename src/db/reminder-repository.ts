import type { Kysely, Transaction } from "kysely";
import type { MemberKey } from "./progress-repository.ts";
import type { Database } from "./schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface ReminderSetting {
  /** ISO weekday, 1 = Monday. */
  readonly weekday: number;
  /** `HH:MM` in the guild's time zone. */
  readonly time: string;
  readonly nextAt: Date;
}

/** A member whose reminder is due, with what the scheduler needs from their guild. */
export interface DueReminder {
  readonly guildId: string;
  readonly userId: string;
  readonly weekday: number;
  readonly time: string;
  /** The slot that fell due. */
  readonly dueAt: Date;
  /** The Discord locale the member last used the bot in: their reminder speaks it. */
  readonly locale: string | null;
}

export async function saveReminder(trx: Transaction<Database>, key: MemberKey, setting: ReminderSetting, now: Date): Promise<void> {
  await trx.insertInto("guilds").values({ guild_id: key.guildId }).onConflict((oc) => oc.doNothing()).execute();
  const columns = { remind_weekday: setting.weekday, remind_time: setting.time, remind_next_at: setting.nextAt };
  await trx
    .insertInto("members")
    .values({ guild_id: key.guildId, user_id: key.userId, ...columns })
    .onConflict((oc) => oc.columns(["guild_id", "user_id"]).doUpdateSet({ ...columns, updated_at: now }))
    .execute();
}

/** Turns a member's reminder off; harmless when it already is. */
export async function clearReminder(db: Db, key: MemberKey): Promise<void> {
  await db
    .updateTable("members")
    .set({ remind_weekday: null, remind_time: null, remind_next_at: null })
    .where("guild_id", "=", key.guildId)
    .where("user_id", "=", key.userId)
    .execute();
}

/**
 * Locks members whose reminder is due. SKIP LOCKED lets another bot process take the others
 * instead of waiting, and never the same member; only the members rows are locked, so the
 * guilds' weekly posts are not held up.
 */
export async function lockDueReminders(trx: Transaction<Database>, now: Date, limit: number): Promise<DueReminder[]> {
  const rows = await trx
    .selectFrom("members")
    .select(["guild_id", "user_id", "remind_weekday", "remind_time", "remind_next_at", "locale"])
    .where("remind_next_at", "<=", now)
    .where("remind_weekday", "is not", null)
    .where("remind_time", "is not", null)
    .orderBy("remind_next_at")
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map((row) => ({
    guildId: row.guild_id,
    userId: row.user_id,
    weekday: row.remind_weekday!,
    time: row.remind_time!,
    dueAt: row.remind_next_at!,
    locale: row.locale,
  }));
}

export async function setReminderNextAt(trx: Transaction<Database>, key: MemberKey, nextAt: Date): Promise<void> {
  await trx
    .updateTable("members")
    .set({ remind_next_at: nextAt })
    .where("guild_id", "=", key.guildId)
    .where("user_id", "=", key.userId)
    .execute();
}

/** Whether the member checked any item at or after `since`. */
export async function checkedSince(db: Db, key: MemberKey, since: Date): Promise<boolean> {
  const row = await db
    .selectFrom("progress_events")
    .select("event_id")
    .where("guild_id", "=", key.guildId)
    .where("user_id", "=", key.userId)
    .where("kind", "=", "check")
    .where("at", ">=", since)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
