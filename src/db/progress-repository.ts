import { sql, type Kysely, type RawBuilder, type Transaction } from "kysely";
import type { Roadmap } from "../catalogue/catalogue.ts";
import { retryingConflicts } from "./errors.ts";
import { roadmapLayout, storeRoadmapLayout, withLayout } from "./layout-repository.ts";
import type { Database, MemberRow, ProgressRow } from "./schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface MemberKey {
  readonly guildId: string;
  readonly userId: string;
}

/** Creates the guild and member rows on first use, in one statement; harmless when they exist. */
export async function ensureMember(trx: Db, key: MemberKey): Promise<void> {
  await trx
    .with("guild", (db) => db.insertInto("guilds").values({ guild_id: key.guildId }).onConflict((oc) => oc.doNothing()))
    .insertInto("members")
    .values({ guild_id: key.guildId, user_id: key.userId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Names members last used, for pictures. */
export async function displayNames(db: Db, guildId: string, userIds: readonly string[]): Promise<Map<string, string>> {
  const [names] = await displayNamesOf(db, [{ guildId, userIds }]);
  return names ?? new Map();
}

/** The same for members of several guilds at once, in the order asked. */
export async function displayNamesOf(db: Db, asked: readonly { readonly guildId: string; readonly userIds: readonly string[] }[]): Promise<Map<string, string>[]> {
  const keys = asked.flatMap((scope, n) => scope.userIds.map((userId) => ({ n, guildId: scope.guildId, userId })));
  const found = asked.map(() => new Map<string, string>());
  if (keys.length === 0) return found;
  const { rows } = await sql<{ n: number; user_id: string; display_name: string | null }>`
    select k.n::int as n, m.user_id, m.display_name
      from unnest(${keys.map((k) => k.n)}::int[], ${keys.map((k) => k.guildId)}::text[], ${keys.map((k) => k.userId)}::text[]) as k(n, guild_id, user_id)
      join members m on m.guild_id = k.guild_id and m.user_id = k.user_id`.execute(db);
  for (const row of rows) if (row.display_name) found[row.n]!.set(row.user_id, row.display_name);
  return found;
}

/** Members Discord says left the server: from now on they are neither named nor contacted. */
export async function markMembersLeft(db: Db, guildId: string, userIds: readonly string[], at: Date): Promise<void> {
  if (userIds.length === 0) return;
  await db
    .updateTable("members")
    .set({ left_at: at })
    .where("guild_id", "=", guildId)
    .where("user_id", "in", userIds)
    .where("left_at", "is", null)
    .execute();
}

/**
 * A member who used the bot is in the server (no longer marked as gone), in this locale. Writes only
 * when something differs. Returns whether the member is known at all: a command can make a
 * new member, who is then marked by calling this again.
 */
export async function markMemberPresent(db: Db, key: MemberKey, locale: string): Promise<boolean> {
  const { rows } = await sql<{ known: boolean }>`
    with marked as (
      update members set left_at = null, locale = ${locale}
       where guild_id = ${key.guildId} and user_id = ${key.userId}
         and (left_at is not null or locale is distinct from ${locale})
      returning 1)
    select exists (select 1 from members where guild_id = ${key.guildId} and user_id = ${key.userId}) as known`.execute(db);
  return rows[0]?.known ?? false;
}

export async function findMember(db: Db, key: MemberKey): Promise<MemberRow | undefined> {
  return db
    .selectFrom("members")
    .selectAll()
    .where("guild_id", "=", key.guildId)
    .where("user_id", "=", key.userId)
    .executeTakeFirst();
}

/** Sets the privacy choices given (undefined keeps one) and returns the member's row, created if new. */
export async function setPrivacyChoices(
  trx: Transaction<Database>,
  key: MemberKey,
  choices: { hidden: boolean | undefined; buddiesOptOut: boolean | undefined },
): Promise<MemberRow> {
  await ensureMember(trx, key);
  const changes = {
    ...(choices.hidden !== undefined && { hidden: choices.hidden }),
    ...(choices.buddiesOptOut !== undefined && { buddies_opt_out: choices.buddiesOptOut }),
  };
  if (Object.keys(changes).length === 0) {
    const member = await findMember(trx, key);
    if (!member) throw new Error("member row missing right after it was ensured");
    return member;
  }
  return trx
    .updateTable("members")
    .set(changes)
    .where("guild_id", "=", key.guildId)
    .where("user_id", "=", key.userId)
    .returningAll()
    .executeTakeFirstOrThrow();
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

/**
 * Records an item as done (creating the guild and member rows on first use, remembering a display
 * name given); returns false when the item already was done under any of its ids. The member's
 * standing is left to `refreshMemberStanding`, once after all of a transaction's changes. The rule
 * is `record_check` in src/db/sql/progress.sql.
 */
export async function insertCheck(
  trx: Transaction<Database>,
  key: MemberKey,
  item: ItemRef,
  note: string | null,
  at: Date,
  displayName?: string,
): Promise<boolean> {
  const result = await sql<{ changed: boolean }>`
    select record_check(${key.guildId}, ${key.userId}, ${item.roadmapId}, ${[...item.itemIds]}::text[],
                        ${note}, ${at}, ${displayName ?? null}) as changed`.execute(trx);
  return result.rows[0]?.changed === true;
}

/** Removes an item's done mark and records the uncheck (`record_uncheck`); returns false when it was not done. */
export async function deleteCheck(trx: Transaction<Database>, key: MemberKey, item: ItemRef, at: Date): Promise<boolean> {
  const result = await sql<{ changed: boolean }>`
    select record_uncheck(${key.guildId}, ${key.userId}, ${item.roadmapId}, ${[...item.itemIds]}::text[], ${at}) as changed`.execute(trx);
  return result.rows[0]?.changed === true;
}

type SingleChangeJson = { layout_missing?: true; changed: boolean; snapshot: SnapshotJson };

async function singleChange(
  db: Kysely<Database>,
  roadmap: Roadmap,
  call: (layout: string) => RawBuilder<{ result: SingleChangeJson }>,
): Promise<{ changed: boolean; snapshot: MemberSnapshot }> {
  return withLayout(db, roadmap, async (layout) => {
    // One statement, its own transaction: a deadlock with a roadmap update aborted it whole.
    const row = (await retryingConflicts(() => call(layout).execute(db))).rows[0]?.result;
    if (!row) throw new Error("a check or uncheck returned no row");
    if (row.layout_missing) return "layout-missing";
    return { changed: row.changed, snapshot: parseSnapshot(row.snapshot) };
  });
}

/**
 * A single check as the bot answers it, in one round trip and one transaction of its own
 * (`change_item`): `insertCheck`, the member's new place with their scores queued for a count
 * (`refreshQueuedScores`), and their snapshot after both.
 */
export async function checkAndSnapshot(
  db: Kysely<Database>,
  key: MemberKey,
  roadmap: Roadmap,
  item: ItemRef,
  note: string | null,
  at: Date,
  displayName?: string,
): Promise<{ changed: boolean; snapshot: MemberSnapshot }> {
  return singleChange(db, roadmap, (layout) => sql`
    select change_item(${key.guildId}, ${key.userId}, ${item.roadmapId}, ${[...item.itemIds]}::text[], true,
                       ${note}, ${at}, ${displayName ?? null}, ${layout}) as result`);
}

/** A single uncheck, the same way. */
export async function uncheckAndSnapshot(
  db: Kysely<Database>,
  key: MemberKey,
  roadmap: Roadmap,
  item: ItemRef,
  at: Date,
): Promise<{ changed: boolean; snapshot: MemberSnapshot }> {
  return singleChange(db, roadmap, (layout) => sql`
    select change_item(${key.guildId}, ${key.userId}, ${item.roadmapId}, ${[...item.itemIds]}::text[], false,
                       null, ${at}, null, ${layout}) as result`);
}

/**
 * Brings the member's standing (place on the roadmap, all-time and kept window scores) up to date
 * after their progress changed; called in the transaction of the changes (an import), which counts
 * at once rather than queueing (`refresh_member_standing`).
 */
export async function refreshMemberStanding(trx: Transaction<Database>, key: MemberKey, roadmap: Roadmap): Promise<void> {
  await withLayout(trx, roadmap, async (layout) => {
    const { rows } = await sql<{ stored: boolean }>`
      select exists (select 1 from roadmap_layouts where layout_hash = ${layout}) as stored`.execute(trx);
    if (!rows[0]?.stored) return "layout-missing";
    await sql`select refresh_member_standing(${key.guildId}, ${key.userId}, ${roadmap.id}, ${layout})`.execute(trx);
    return undefined;
  });
}

/**
 * Moves every member with progress on a roadmap to this version of it, in the update's
 * transaction: their places and the guild's kept scores, counted once (`refresh_roadmap_standings`,
 * which takes its locks in a check's order). Returns the members moved.
 */
export async function refreshRoadmapStandings(trx: Transaction<Database>, guildId: string, roadmap: Roadmap): Promise<string[]> {
  const layout = roadmapLayout(roadmap);
  await storeRoadmapLayout(trx, layout);
  const { rows } = await sql<{ members: string[] }>`
    select refresh_roadmap_standings(${guildId}, ${roadmap.id}, ${layout.hash}) as members`.execute(trx);
  return rows[0]?.members ?? [];
}

/**
 * When the member first checked each item, oldest first: history for streaks and their start. A
 * re-check counts no more than it scores (member_snapshot in src/db/sql/progress.sql reads the same).
 */
export async function checkTimes(db: Db, key: MemberKey, roadmapId: string): Promise<Date[]> {
  const rows = await db
    .selectFrom("progress_events")
    .select((eb) => eb.fn.min("at").as("at"))
    .where("guild_id", "=", key.guildId)
    .where("user_id", "=", key.userId)
    .where("roadmap_id", "=", roadmapId)
    .where("kind", "=", "check")
    .groupBy("item_id")
    .orderBy("at")
    .execute();
  return rows.map((row) => row.at);
}

/** First check times of several members at once, for streaks beside a leaderboard page. */
export async function checkTimesOf(db: Db, guildId: string, roadmapId: string, userIds: readonly string[]): Promise<Map<string, Date[]>> {
  const [times] = await checkTimesOfMany(db, [{ guildId, roadmapId, userIds }]);
  return times ?? new Map();
}

/** Each member's first check of each item, oldest first, for members of several guilds at once, in the order asked. */
export async function checkTimesOfMany(
  db: Db,
  asked: readonly { readonly guildId: string; readonly roadmapId: string; readonly userIds: readonly string[] }[],
): Promise<Map<string, Date[]>[]> {
  const found = asked.map((scope) => new Map<string, Date[]>(scope.userIds.map((id) => [id, []])));
  const keys = asked.flatMap((scope, n) => scope.userIds.map((userId) => ({ n, guildId: scope.guildId, roadmapId: scope.roadmapId, userId })));
  if (keys.length === 0) return found;
  const { rows } = await sql<{ n: number; user_id: string; at: Date }>`
    select k.n::int as n, e.user_id, min(e.at) as at
      from unnest(${keys.map((k) => k.n)}::int[], ${keys.map((k) => k.guildId)}::text[], ${keys.map((k) => k.roadmapId)}::text[], ${keys.map((k) => k.userId)}::text[])
           as k(n, guild_id, roadmap_id, user_id)
      join progress_events e on e.guild_id = k.guild_id and e.roadmap_id = k.roadmap_id and e.user_id = k.user_id and e.kind = 'check'
     group by k.n, e.user_id, e.item_id
     order by at`.execute(db);
  for (const row of rows) found[row.n]!.get(row.user_id)?.push(new Date(row.at));
  return found;
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

/** Where a member stands on the roadmap, as `member_place` (src/db/sql/progress.sql) places them. */
export interface MemberPlace {
  /** The first stage not complete; null once the whole roadmap is done. */
  readonly currentStage: number | null;
  /** The first item not done, in roadmap order. */
  readonly nextItemId: string | null;
}

export interface MemberSnapshot {
  readonly progress: { item_id: string; done_at: Date }[];
  readonly place: MemberPlace;
  /** Milestones the member reached before (recorded, and celebrated if they were to be). */
  readonly milestones: readonly string[];
  readonly member: { started_on: string | null; target_on: string | null; hidden: boolean } | undefined;
  readonly checkTimes: Date[];
  readonly guild: { timezone: string; post_weekday: number; post_time: string } | undefined;
}

interface SnapshotJson {
  layout_missing?: true;
  progress: { item_id: string; done_at: string }[] | null;
  place: { current_stage: number | null; next_item_id: string | null } | null;
  member: { started_on: string | null; target_on: string | null; hidden: boolean } | null;
  check_times: string[] | null;
  guild: { timezone: string; post_weekday: number; post_time: string } | null;
  milestones: string[] | null;
}

function parseSnapshot(json: SnapshotJson | undefined): MemberSnapshot {
  return {
    progress: (json?.progress ?? []).map((p) => ({ item_id: p.item_id, done_at: new Date(p.done_at) })),
    place: { currentStage: json?.place?.current_stage ?? null, nextItemId: json?.place?.next_item_id ?? null },
    member: json?.member ?? undefined,
    checkTimes: (json?.check_times ?? []).map((at) => new Date(at)),
    guild: json?.guild ?? undefined,
    milestones: json?.milestones ?? [],
  };
}

/**
 * Everything a progress summary needs, in one round trip: the member's done items, their dates
 * and privacy, when they checked items, their place on the roadmap, and the guild's weeks
 * (`member_snapshot`).
 */
export async function memberSnapshot(db: Db, key: MemberKey, roadmap: Roadmap): Promise<MemberSnapshot> {
  return withLayout(db, roadmap, async (layout) => {
    const result = await sql<{ snapshot: SnapshotJson }>`
      select member_snapshot(${key.guildId}, ${key.userId}, ${roadmap.id}, ${layout}) as snapshot`.execute(db);
    const snapshot = result.rows[0]?.snapshot;
    return snapshot?.layout_missing ? "layout-missing" : parseSnapshot(snapshot);
  });
}

/**
 * Several members' snapshots in one round trip, each placed as their standing was last stored
 * (`member_snapshot` without a layout): for a roadmap update, right after it stored their places.
 */
export async function storedSnapshots(db: Db, guildId: string, roadmapId: string, userIds: readonly string[]): Promise<Map<string, MemberSnapshot>> {
  if (userIds.length === 0) return new Map();
  const { rows } = await sql<{ user_id: string; snapshot: SnapshotJson }>`
    select u.user_id, member_snapshot(${guildId}, u.user_id, ${roadmapId}, null::text) as snapshot
      from unnest(${[...userIds]}::text[]) as u(user_id)`.execute(db);
  return new Map(rows.map((row) => [row.user_id, parseSnapshot(row.snapshot)]));
}

/**
 * The member's next items on the roadmap, at most `limit`, in roadmap order; the first is their next
 * item as `member_place` places them (`next_items` in src/db/sql/progress.sql, the one rule for both).
 */
export async function nextItemIds(db: Db, key: MemberKey, roadmap: Roadmap, limit: number): Promise<string[]> {
  return withLayout(db, roadmap, async (layout) => {
    // One round trip: a row with no item when none is left, and `stored` false when the layout is not stored yet.
    const { rows } = await sql<{ stored: boolean; item_id: string | null }>`
      select l.stored, n.item_id
        from (select exists (select 1 from roadmap_layouts where layout_hash = ${layout}) as stored) l
        left join lateral next_items(${key.guildId}, ${key.userId}, ${roadmap.id}, ${layout}, ${limit}) n on true
       order by n.item_position`.execute(db);
    if (!rows[0]?.stored) return "layout-missing";
    return rows.flatMap((row) => (row.item_id === null ? [] : [row.item_id]));
  });
}
