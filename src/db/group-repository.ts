import { sql, type Kysely, type Transaction } from "kysely";
import type { Roadmap } from "../catalogue/catalogue.ts";
import { withLayout } from "./layout-repository.ts";
import type { Database } from "./schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface GroupScope {
  readonly guildId: string;
  readonly roadmapId: string;
}

/** A group's scope with its roadmap's stored layout, for counts of what counts (`counted_progress`, progress.sql). */
export interface CountedScope extends GroupScope {
  readonly layoutHash: string;
}

/** The scope on the roadmap's layout, stored first when it is not yet (so nothing done is missed). */
export async function countedScope(db: Db, guildId: string, roadmap: Roadmap): Promise<CountedScope> {
  return withLayout(db, roadmap, async (layoutHash) => {
    const { rows } = await sql<{ stored: boolean }>`
      select exists (select 1 from roadmap_layouts where layout_hash = ${layoutHash}) as stored`.execute(db);
    return rows[0]?.stored ? { guildId, roadmapId: roadmap.id, layoutHash } : "layout-missing";
  });
}

/** What counts on one stage: each member's items done, once each whatever ids they were checked under. */
function countedOnStage(scope: CountedScope, stage: number) {
  return sql`(select * from counted_progress(${scope.guildId}, ${scope.roadmapId}, ${scope.layoutHash}, null, null)
               where stage = ${stage})`;
}

/**
 * How many members have each of these items done, by the item's current id, whatever ids they
 * checked it under (a member who checked two items later merged into one counts once). Hidden
 * members count; they are never named. Counted per stored id (an index-only count), less the
 * members holding several ids of one item, counted only for items with former ids: counting
 * distinct members of every item instead took 11× as long at 10,000 members.
 */
export async function itemDoneCounts(db: Db, scope: GroupScope, items: ItemIdsOf): Promise<Map<string, number>> {
  const perStoredId = await db
    .selectFrom("progress")
    .select(["item_id", sql<number>`count(*)::int`.as("members")])
    .where("guild_id", "=", scope.guildId)
    .where("roadmap_id", "=", scope.roadmapId)
    .groupBy("item_id")
    .execute();
  const stored = new Map(perStoredId.map((row) => [row.item_id, row.members]));
  const counts = new Map<string, number>();
  items.storedIds.forEach((storedId, n) => counts.set(items.itemIds[n]!, (counts.get(items.itemIds[n]!) ?? 0) + (stored.get(storedId) ?? 0)));
  // Only items with progress under more than one of their ids can have a member counted twice.
  const held = items.storedIds.flatMap((storedId, n) => (stored.has(storedId) ? [[storedId, items.itemIds[n]!] as const] : []));
  const idsHeld = new Map<string, number>();
  for (const [, id] of held) idsHeld.set(id, (idsHeld.get(id) ?? 0) + 1);
  const pairs = held.filter(([, id]) => idsHeld.get(id)! > 1);
  if (pairs.length === 0) return counts;
  const { rows } = await sql<{ item_id: string; extra: number }>`
    select m.item_id, (count(*) - count(distinct p.user_id))::int as extra
      from unnest(${pairs.map(([storedId]) => storedId)}::text[], ${pairs.map(([, id]) => id)}::text[]) as m(stored_id, item_id)
      join progress p on p.guild_id = ${scope.guildId} and p.roadmap_id = ${scope.roadmapId} and p.item_id = m.stored_id
     group by m.item_id`.execute(db);
  for (const row of rows) counts.set(row.item_id, counts.get(row.item_id)! - row.extra);
  return counts;
}

/** Items as progress may store them: each id an item was checked under (current or former), beside the item's current id. */
export interface ItemIdsOf {
  readonly storedIds: readonly string[];
  readonly itemIds: readonly string[];
}

/** The members' places on the scope's roadmap (`member_places`): one row per member with a change on it. */
function placesOn(db: Db, scope: GroupScope) {
  return db.selectFrom("member_places").where("guild_id", "=", scope.guildId).where("roadmap_id", "=", scope.roadmapId);
}

/** Members with at least one item of the roadmap done. */
export async function memberCount(db: Db, scope: GroupScope): Promise<number> {
  const row = await placesOn(db, scope)
    .select(sql<number>`count(*)::int`.as("members"))
    .where("last_done_at", "is not", null)
    .executeTakeFirstOrThrow();
  return row.members;
}

/** For each section, how many members have every item of it done (kept on each member's place). */
export async function sectionFinishers(db: Db, scope: GroupScope): Promise<Map<string, number>> {
  const result = await sql<{ section: string; finishers: number }>`
    select section, count(*)::int as finishers
    from member_places p, unnest(p.finished_sections) as section
    where p.guild_id = ${scope.guildId} and p.roadmap_id = ${scope.roadmapId}
    group by section`.execute(db);
  return new Map(result.rows.map((row) => [row.section, row.finishers]));
}

/**
 * Items where members are stuck: their next item in roadmap order (so the one before it is
 * done), and they have checked nothing since `idleSince`. Counted per item, most stuck first.
 */
export async function stuckItems(
  db: Db,
  scope: GroupScope,
  firstItemId: string,
  idleSince: Date,
): Promise<{ itemId: string; members: number }[]> {
  const rows = await placesOn(db, scope)
    .select(["next_item_id", sql<number>`count(*)::int`.as("members")])
    .where("last_done_at", "<", idleSince)
    .where("next_item_id", "is not", null)
    .where("next_item_id", "!=", firstItemId)
    .groupBy("next_item_id")
    .having(sql`count(*)`, ">=", 2)
    .execute();
  return rows.map((row) => ({ itemId: row.next_item_id!, members: row.members }));
}

export interface ItemDoer {
  readonly userId: string;
  readonly hidden: boolean;
  /** Discord said they left the server: never named. */
  readonly left: boolean;
  readonly note: string | null;
  readonly doneAt: Date;
}

/** Who has an item done (under any of its ids), most recent first. */
export async function itemDoers(db: Db, scope: GroupScope, itemIds: readonly string[], limit: number): Promise<ItemDoer[]> {
  const rows = await db
    .selectFrom("progress as p")
    .innerJoin("members as m", (join) => join.onRef("m.guild_id", "=", "p.guild_id").onRef("m.user_id", "=", "p.user_id"))
    .select(["p.user_id", "m.hidden", "m.left_at", "p.note", "p.done_at"])
    .where("p.guild_id", "=", scope.guildId)
    .where("p.roadmap_id", "=", scope.roadmapId)
    .where("p.item_id", "in", itemIds)
    .orderBy("p.done_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => ({ userId: row.user_id, hidden: row.hidden, left: row.left_at !== null, note: row.note, doneAt: row.done_at }));
}

export interface BuddyCandidate {
  readonly userId: string;
  readonly sharedRecent: number;
  readonly stageDone: number;
}

/**
 * Members on the roadmap in the same stage as the caller, active since `activeSince`, visible, present and open to buddies,
 * with how many of the caller's recently checked items they also checked recently.
 */
export async function buddyCandidates(
  db: Db,
  scope: GroupScope,
  args: {
    callerId: string;
    stage: number;
    callerStageDone: number;
    callerRecentItemIds: readonly string[];
    activeSince: Date;
    limit: number;
  },
): Promise<BuddyCandidate[]> {
  const result = await sql<{ user_id: string; shared_recent: number; stage_done: number }>`
    select * from (
      select p.user_id, coalesce(p.stage_done, 0)::int as stage_done,
             (select count(*)::int from progress r
               where r.guild_id = p.guild_id and r.user_id = p.user_id and r.roadmap_id = p.roadmap_id
                 and r.done_at >= ${args.activeSince} and r.item_id = any(${args.callerRecentItemIds}::text[])) as shared_recent
      from member_places p
      join members m on m.guild_id = p.guild_id and m.user_id = p.user_id
      where p.guild_id = ${scope.guildId} and p.roadmap_id = ${scope.roadmapId}
        and p.current_stage = ${args.stage} and p.last_done_at >= ${args.activeSince}
        and not m.hidden and not m.buddies_opt_out and m.left_at is null and p.user_id <> ${args.callerId}
    ) candidates
    order by shared_recent desc, abs(stage_done - ${args.callerStageDone}::int), user_id
    limit ${args.limit}`.execute(db);
  return result.rows.map((row) => ({ userId: row.user_id, sharedRecent: row.shared_recent, stageDone: row.stage_done }));
}

/** A member who set a target date, with their journey dates and current stage as stored (`member_places`). */
export interface MemberWithTarget {
  readonly user_id: string;
  readonly started_on: string | null;
  readonly target_on: string | null;
  readonly current_stage: number | null;
}

/** Members on each of these servers' roadmaps who set a target date (a batch of weekly posts), in the order asked. */
export async function membersWithTargetsOf(db: Db, scopes: readonly GroupScope[]): Promise<MemberWithTarget[][]> {
  const found = scopes.map((): MemberWithTarget[] => []);
  if (scopes.length === 0) return found;
  const { rows } = await sql<MemberWithTarget & { n: number }>`
    select k.n::int as n, m.user_id, m.started_on, m.target_on, p.current_stage
      from unnest(${scopes.map((scope) => scope.guildId)}::text[], ${scopes.map((scope) => scope.roadmapId)}::text[]) with ordinality as k(guild_id, roadmap_id, n)
      join members m on m.guild_id = k.guild_id and m.target_on is not null
      join member_places p on p.guild_id = m.guild_id and p.user_id = m.user_id and p.roadmap_id = k.roadmap_id`.execute(db);
  for (const { n, ...member } of rows) found[n - 1]!.push(member);
  return found;
}

/** Done items of several members at once. */
export async function progressOf(db: Db, scope: GroupScope, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom("progress")
    .select(["user_id", "item_id", "done_at"])
    .where("guild_id", "=", scope.guildId)
    .where("roadmap_id", "=", scope.roadmapId)
    .where("user_id", "in", userIds)
    .execute();
}

/** Which section each item id (aliases included) belongs to, as parallel arrays for `unnest`. */
export interface SectionOfItems {
  readonly itemIds: readonly string[];
  readonly sections: readonly string[];
}

/**
 * Per section, how many members have each number of its items done: `{ section, done, members }`
 * (members with none of a section's items are absent). Hidden members count here; they are never named.
 */
export async function sectionDoneDistribution(
  db: Db,
  scope: GroupScope,
  sectionOf: SectionOfItems,
): Promise<{ section: string; done: number; members: number }[]> {
  const result = await sql<{ section: string; done: number; members: number }>`
    with per_member as (
      select p.user_id, s.section, count(*)::int as done
      from progress p
      join unnest(${sectionOf.itemIds}::text[], ${sectionOf.sections}::text[]) as s(item_id, section) on s.item_id = p.item_id
      where p.guild_id = ${scope.guildId} and p.roadmap_id = ${scope.roadmapId}
      group by p.user_id, s.section
    )
    select section, done, count(*)::int as members from per_member group by section, done`.execute(db);
  return result.rows;
}

/** Members on the roadmap with an item of it done, with their privacy and presence. */
function activeMembersOn(db: Db, scope: GroupScope) {
  return db
    .selectFrom("member_places as p")
    .innerJoin("members as m", (join) => join.onRef("m.guild_id", "=", "p.guild_id").onRef("m.user_id", "=", "p.user_id"))
    .where("p.guild_id", "=", scope.guildId)
    .where("p.roadmap_id", "=", scope.roadmapId)
    .where("p.last_done_at", "is not", null);
}

/** Members on the roadmap who may be named (visible, still in the server), most recently active first. */
export async function nameableMembers(db: Db, scope: GroupScope, limit: number): Promise<{ userId: string; displayName: string | null }[]> {
  const rows = await activeMembersOn(db, scope)
    .select(["m.user_id", "m.display_name"])
    .where("m.hidden", "=", false)
    .where("m.left_at", "is", null)
    .orderBy("p.last_done_at", "desc")
    .orderBy("m.user_id")
    .limit(limit)
    .execute();
  return rows.map((row) => ({ userId: row.user_id, displayName: row.display_name }));
}

/** Members on the roadmap who keep their progress private: only ever a count. */
export async function hiddenMemberCount(db: Db, scope: GroupScope): Promise<number> {
  const row = await activeMembersOn(db, scope)
    .select(sql<number>`count(*)::int`.as("members"))
    .where("m.hidden", "=", true)
    .executeTakeFirstOrThrow();
  return row.members;
}

/** Per named member and section of a stage, how many of the section's items they have done. */
export async function sectionDoneOf(db: Db, scope: CountedScope, stage: number, userIds: readonly string[]): Promise<{ userId: string; section: string; done: number }[]> {
  if (userIds.length === 0) return [];
  const result = await sql<{ user_id: string; section: string; done: number }>`
    select c.user_id, c.section, count(*)::int as done
      from ${countedOnStage(scope, stage)} c
     where c.user_id = any(${userIds}::text[])
     group by c.user_id, c.section`.execute(db);
  return result.rows.map((row) => ({ userId: row.user_id, section: row.section, done: row.done }));
}
