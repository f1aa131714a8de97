import { sql, type Kysely, type Transaction } from "kysely";
import type { Database, MemberRow, ProgressRow } from "./schema.ts";
import { refreshMemberScores } from "./score-repository.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface MemberKey {
  readonly guildId: string;
  readonly userId: string;
}

/**
 * Creates the guild and member rows on first use, in one statement; harmless when they exist.
 * A display name given is remembered (written only when it changed).
 */
export async function ensureMember(trx: Db, key: MemberKey, displayName?: string): Promise<void> {
  const insert = trx
    .with("guild", (db) => db.insertInto("guilds").values({ guild_id: key.guildId }).onConflict((oc) => oc.doNothing()))
    .insertInto("members")
    .values({ guild_id: key.guildId, user_id: key.userId, display_name: displayName ?? null });
  if (displayName === undefined) {
    await insert.onConflict((oc) => oc.doNothing()).execute();
    return;
  }
  await insert
    .onConflict((oc) =>
      oc
        .columns(["guild_id", "user_id"])
        .doUpdateSet({ display_name: displayName })
        .where("members.display_name", "is distinct from", displayName),
    )
    .execute();
}

/** Names members last used, for pictures. */
export async function displayNames(db: Db, guildId: string, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("members")
    .select(["user_id", "display_name"])
    .where("guild_id", "=", guildId)
    .where("user_id", "in", userIds)
    .execute();
  return new Map(rows.flatMap((row) => (row.display_name ? [[row.user_id, row.display_name] as const] : [])));
}

export async function findMember(db: Db, key: MemberKey): Promise<MemberRow | undefined> {
  return db
    .selectFrom("members")
    .selectAll()
    .where("guild_id", "=", key.guildId)
    .where("user_id", "=", key.userId)
    .executeTakeFirst();
}

export async function setJourneyDates(
  trx: Transaction<Database>,
  key: MemberKey,
  dates: { startedOn: string | null | undefined; targetOn: string | null | undefined },
  now: Date,
): Promise<MemberRow> {
  await ensureMember(trx, key);
  let update = trx.updateTable("members").set({ updated_at: now });
  if (dates.startedOn !== undefined) update = update.set({ started_on: dates.startedOn });
  if (dates.targetOn !== undefined) update = update.set({ target_on: dates.targetOn });
  return update
    .where("guild_id", "=", key.guildId)
    .where("user_id", "=", key.userId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listProgress(db: Db, key: MemberKey, roadmapId: string): Promise<ProgressRow[]> {
  return db
    .selectFrom("progress")
    .selectAll()
    .where("guild_id", "=", key.guildId)
    .where("user_id", "=", key.userId)
    .where("roadmap_id", "=", roadmapId)
    .execute();
}

export interface ItemRef {
  readonly roadmapId: string;
  /** The item's current id first, then its former ids: progress may be stored under any of them. */
  readonly itemIds: readonly [string, ...string[]];
}

/** Records an item as done; returns false when it already was (under any of its ids). */
export async function insertCheck(
  trx: Transaction<Database>,
  key: MemberKey,
  item: ItemRef,
  note: string | null,
  at: Date,
  displayName?: string,
): Promise<boolean> {
  await ensureMember(trx, key, displayName);
  const [currentId, ...formerIds] = item.itemIds;
  if (formerIds.length > 0) {
    const underFormerId = await trx
      .selectFrom("progress")
      .select("item_id")
      .where("guild_id", "=", key.guildId)
      .where("user_id", "=", key.userId)
      .where("roadmap_id", "=", item.roadmapId)
      .where("item_id", "in", formerIds)
      .executeTakeFirst();
    if (underFormerId) return false;
  }
  // One round trip: the history row is written only if the progress row was (the key makes a repeat a no-op).
  const recorded = await trx
    .with("inserted", (db) =>
      db
        .insertInto("progress")
        .values({ guild_id: key.guildId, user_id: key.userId, roadmap_id: item.roadmapId, item_id: currentId, done_at: at, note })
        .onConflict((oc) => oc.doNothing())
        .returning(["guild_id", "user_id", "roadmap_id", "item_id", "note", "done_at"]),
    )
    .insertInto("progress_events")
    .columns(["guild_id", "user_id", "roadmap_id", "item_id", "kind", "note", "at"])
    .expression((eb) =>
      eb.selectFrom("inserted").select(["guild_id", "user_id", "roadmap_id", "item_id", sql<string>`'check'`.as("kind"), "note", "done_at"]),
    )
    .returning("event_id")
    .executeTakeFirst();
  if (recorded === undefined) return false;
  await refreshMemberScores(trx, key, item.roadmapId, at);
  return true;
}

/** Removes an item's done mark; returns false when it was not done. */
export async function deleteCheck(trx: Transaction<Database>, key: MemberKey, item: ItemRef, at: Date): Promise<boolean> {
  const deleted = await trx
    .deleteFrom("progress")
    .where("guild_id", "=", key.guildId)
    .where("user_id", "=", key.userId)
    .where("roadmap_id", "=", item.roadmapId)
    .where("item_id", "in", item.itemIds)
    .returning(["item_id", "done_at"])
    .execute();
  if (deleted.length === 0) return false;
  await insertEvent(trx, key, item.roadmapId, item.itemIds[0], "uncheck", null, at);
  // The leaderboards' running scores: all time, and the windows the removed check counted in.
  for (const row of deleted) await refreshMemberScores(trx, key, item.roadmapId, row.done_at);
  return true;
}

async function insertEvent(
  trx: Transaction<Database>,
  key: MemberKey,
  roadmapId: string,
  itemId: string,
  kind: "check" | "uncheck",
  note: string | null,
  at: Date,
): Promise<void> {
  await trx
    .insertInto("progress_events")
    .values({ guild_id: key.guildId, user_id: key.userId, roadmap_id: roadmapId, item_id: itemId, kind, note, at })
    .execute();
}

/** When the member checked items, oldest first: history for pace, projections and streaks. */
export async function checkTimes(db: Db, key: MemberKey, roadmapId: string): Promise<Date[]> {
  const rows = await db
    .selectFrom("progress_events")
    .select("at")
    .where("guild_id", "=", key.guildId)
    .where("user_id", "=", key.userId)
    .where("roadmap_id", "=", roadmapId)
    .where("kind", "=", "check")
    .orderBy("at")
    .execute();
  return rows.map((row) => row.at);
}

/** Check times of several members at once, for streaks beside a leaderboard page. */
export async function checkTimesOf(db: Db, guildId: string, roadmapId: string, userIds: readonly string[]): Promise<Map<string, Date[]>> {
  const byUser = new Map<string, Date[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await db
    .selectFrom("progress_events")
    .select(["user_id", "at"])
    .where("guild_id", "=", guildId)
    .where("roadmap_id", "=", roadmapId)
    .where("kind", "=", "check")
    .where("user_id", "in", userIds)
    .orderBy("at")
    .execute();
  for (const row of rows) byUser.get(row.user_id)?.push(row.at);
  return byUser;
}

export async function guildRoadmapId(db: Db, guildId: string): Promise<string | undefined> {
  const row = await db.selectFrom("guilds").select("roadmap_id").where("guild_id", "=", guildId).executeTakeFirst();
  return row?.roadmap_id;
}

/** Every done item of every member of a guild, for the organisers' export. */
export async function listGuildProgress(db: Db, guildId: string, roadmapId: string) {
  return db
    .selectFrom("progress")
    .select(["user_id", "item_id", "done_at", "note"])
    .where("guild_id", "=", guildId)
    .where("roadmap_id", "=", roadmapId)
    .orderBy("user_id")
    .orderBy("done_at")
    .execute();
}

export interface MemberSnapshot {
  readonly progress: { item_id: string; done_at: Date }[];
  readonly member: { started_on: string | null; target_on: string | null; hidden: boolean } | undefined;
  readonly checkTimes: Date[];
  readonly guild: { timezone: string; post_weekday: number; post_time: string } | undefined;
}

/**
 * Everything a progress summary needs, in one round trip: the member's done items, their dates
 * and privacy, when they checked items, and the guild's weeks. Sits on the check's hot path.
 */
export async function memberSnapshot(db: Db, key: MemberKey, roadmapId: string): Promise<MemberSnapshot> {
  const result = await sql<{
    progress: { item_id: string; done_at: string }[] | null;
    member: { started_on: string | null; target_on: string | null; hidden: boolean } | null;
    check_times: string[] | null;
    guild: { timezone: string; post_weekday: number; post_time: string } | null;
  }>`
    select
      (select json_agg(json_build_object('item_id', p.item_id, 'done_at', p.done_at))
         from progress p
        where p.guild_id = ${key.guildId} and p.user_id = ${key.userId} and p.roadmap_id = ${roadmapId}) as progress,
      (select json_build_object('started_on', m.started_on, 'target_on', m.target_on, 'hidden', m.hidden)
         from members m
        where m.guild_id = ${key.guildId} and m.user_id = ${key.userId}) as member,
      (select json_agg(e.at order by e.at)
         from progress_events e
        where e.guild_id = ${key.guildId} and e.user_id = ${key.userId} and e.roadmap_id = ${roadmapId} and e.kind = 'check') as check_times,
      (select json_build_object('timezone', g.timezone, 'post_weekday', g.post_weekday, 'post_time', g.post_time)
         from guilds g
        where g.guild_id = ${key.guildId}) as guild`.execute(db);
  const row = result.rows[0];
  return {
    progress: (row?.progress ?? []).map((p) => ({ item_id: p.item_id, done_at: new Date(p.done_at) })),
    member: row?.member ?? undefined,
    checkTimes: (row?.check_times ?? []).map((at) => new Date(at)),
    guild: row?.guild ?? undefined,
  };
}
