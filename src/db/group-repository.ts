import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "./schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface GroupScope {
  readonly guildId: string;
  readonly roadmapId: string;
}

/** How many members have each item done (hidden members count; they are never named). */
export async function itemDoneCounts(db: Db, scope: GroupScope): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("progress")
    .select(["item_id", sql<number>`count(*)::int`.as("members")])
    .where("guild_id", "=", scope.guildId)
    .where("roadmap_id", "=", scope.roadmapId)
    .groupBy("item_id")
    .execute();
  return new Map(rows.map((row) => [row.item_id, row.members]));
}

/** Members with at least one item done. */
export async function memberCount(db: Db, scope: GroupScope): Promise<number> {
  const row = await db
    .selectFrom("members")
    .select(sql<number>`count(*)::int`.as("members"))
    .where("guild_id", "=", scope.guildId)
    .where("last_done_at", "is not", null)
    .executeTakeFirstOrThrow();
  return row.members;
}

/** For each section, how many members have every item of it done (kept on each member's row). */
export async function sectionFinishers(db: Db, scope: GroupScope): Promise<Map<string, number>> {
  const result = await sql<{ section: string; finishers: number }>`
    select section, count(*)::int as finishers
    from members m, unnest(m.finished_sections) as section
    where m.guild_id = ${scope.guildId}
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
  const rows = await db
    .selectFrom("members")
    .select(["next_item_id", sql<number>`count(*)::int`.as("members")])
    .where("guild_id", "=", scope.guildId)
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
 * Members in the same stage as the caller, active since `activeSince`, visible, present and open to buddies,
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
      select m.user_id, coalesce(m.stage_done, 0)::int as stage_done,
             (select count(*)::int from progress r
               where r.guild_id = m.guild_id and r.user_id = m.user_id and r.roadmap_id = ${scope.roadmapId}
                 and r.done_at >= ${args.activeSince} and r.item_id = any(${args.callerRecentItemIds}::text[])) as shared_recent
      from members m
      where m.guild_id = ${scope.guildId} and m.current_stage = ${args.stage} and m.last_done_at >= ${args.activeSince}
        and not m.hidden and not m.buddies_opt_out and m.left_at is null and m.user_id <> ${args.callerId}
    ) candidates
    order by shared_recent desc, abs(stage_done - ${args.callerStageDone}::int), user_id
    limit ${args.limit}`.execute(db);
  return result.rows.map((row) => ({ userId: row.user_id, sharedRecent: row.shared_recent, stageDone: row.stage_done }));
}

/** Members who set a target date, with their journey dates. */
export async function membersWithTargets(db: Db, guildId: string) {
  return db
    .selectFrom("members")
    .select(["user_id", "started_on", "target_on"])
    .where("guild_id", "=", guildId)
    .where("target_on", "is not", null)
    .execute();
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

/** Members on the roadmap who may be named (visible, still in the server), most recently active first. */
export async function nameableMembers(db: Db, guildId: string, limit: number): Promise<{ userId: string; displayName: string | null }[]> {
  const rows = await db
    .selectFrom("members")
    .select(["user_id", "display_name"])
    .where("guild_id", "=", guildId)
    .where("last_done_at", "is not", null)
    .where("hidden", "=", false)
    .where("left_at", "is", null)
    .orderBy("last_done_at", "desc")
    .orderBy("user_id")
    .limit(limit)
    .execute();
  return rows.map((row) => ({ userId: row.user_id, displayName: row.display_name }));
}

/** Members on the roadmap who keep their progress private: only ever a count. */
export async function hiddenMemberCount(db: Db, guildId: string): Promise<number> {
  const row = await db
    .selectFrom("members")
    .select(sql<number>`count(*)::int`.as("members"))
    .where("guild_id", "=", guildId)
    .where("last_done_at", "is not", null)
    .where("hidden", "=", true)
    .executeTakeFirstOrThrow();
  return row.members;
}

/** Per named member and section, how many of the section's items they have done. */
export async function sectionDoneOf(
  db: Db,
  scope: GroupScope,
  sectionOf: SectionOfItems,
  userIds: readonly string[],
): Promise<{ userId: string; section: string; done: number }[]> {
  if (userIds.length === 0) return [];
  const result = await sql<{ user_id: string; section: string; done: number }>`
    select p.user_id, s.section, count(*)::int as done
    from progress p
    join unnest(${sectionOf.itemIds}::text[], ${sectionOf.sections}::text[]) as s(item_id, section) on s.item_id = p.item_id
    where p.guild_id = ${scope.guildId} and p.roadmap_id = ${scope.roadmapId} and p.user_id = any(${userIds}::text[])
    group by p.user_id, s.section`.execute(db);
  return result.rows.map((row) => ({ userId: row.user_id, section: row.section, done: row.done }));
}
