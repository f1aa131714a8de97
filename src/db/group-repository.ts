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
    .selectFrom("progress")
    .select(sql<number>`count(distinct user_id)::int`.as("members"))
    .where("guild_id", "=", scope.guildId)
    .where("roadmap_id", "=", scope.roadmapId)
    .executeTakeFirstOrThrow();
  return row.members;
}

/** For each section, how many members have every item of it done. */
export async function sectionFinishers(
  db: Db,
  scope: GroupScope,
  sections: readonly { readonly section: string; readonly itemIds: readonly string[] }[],
): Promise<Map<string, number>> {
  const itemIds = sections.flatMap((s) => s.itemIds);
  const sectionOfItem = sections.flatMap((s) => s.itemIds.map(() => s.section));
  const result = await sql<{ section: string; finishers: number }>`
    with map as (select * from unnest(${itemIds}::text[], ${sectionOfItem}::text[]) as m(item_id, section)),
         sizes as (select section, count(*) as size from map group by section),
         per_member as (
           select p.user_id, m.section, count(*) as done
           from progress p join map m on m.item_id = p.item_id
           where p.guild_id = ${scope.guildId} and p.roadmap_id = ${scope.roadmapId}
           group by p.user_id, m.section
         )
    select pm.section, count(*)::int as finishers
    from per_member pm join sizes s on s.section = pm.section
    where pm.done = s.size
    group by pm.section`.execute(db);
  return new Map(result.rows.map((row) => [row.section, row.finishers]));
}

/**
 * Items where members are stuck: they have the item before it done, not this one, and have
 * checked nothing since `idleSince`. Counted per item, most stuck first.
 */
export async function stuckItems(
  db: Db,
  scope: GroupScope,
  orderedItemIds: readonly string[],
  idleSince: Date,
  limit: number,
): Promise<{ itemId: string; members: number }[]> {
  const positions = orderedItemIds.map((_, index) => index);
  const result = await sql<{ item_id: string; members: number }>`
    with ordered as (select * from unnest(${orderedItemIds}::text[], ${positions}::int[]) as o(item_id, pos)),
         idle as (
           select user_id from progress
           where guild_id = ${scope.guildId} and roadmap_id = ${scope.roadmapId}
           group by user_id having max(done_at) < ${idleSince}
         )
    select next.item_id, count(*)::int as members
    from progress p
    join idle i on i.user_id = p.user_id
    join ordered done_item on done_item.item_id = p.item_id
    join ordered next on next.pos = done_item.pos + 1
    where p.guild_id = ${scope.guildId} and p.roadmap_id = ${scope.roadmapId}
      and not exists (
        select 1 from progress q
        where q.guild_id = p.guild_id and q.user_id = p.user_id and q.roadmap_id = p.roadmap_id and q.item_id = next.item_id
      )
    group by next.item_id
    having count(*) >= 2
    order by members desc, min(next.pos)
    limit ${limit}`.execute(db);
  return result.rows.map((row) => ({ itemId: row.item_id, members: row.members }));
}

export interface ItemDoer {
  readonly userId: string;
  readonly hidden: boolean;
  readonly note: string | null;
  readonly doneAt: Date;
}

/** Who has an item done (under any of its ids), most recent first. */
export async function itemDoers(db: Db, scope: GroupScope, itemIds: readonly string[], limit: number): Promise<ItemDoer[]> {
  const rows = await db
    .selectFrom("progress as p")
    .innerJoin("members as m", (join) => join.onRef("m.guild_id", "=", "p.guild_id").onRef("m.user_id", "=", "p.user_id"))
    .select(["p.user_id", "m.hidden", "p.note", "p.done_at"])
    .where("p.guild_id", "=", scope.guildId)
    .where("p.roadmap_id", "=", scope.roadmapId)
    .where("p.item_id", "in", itemIds)
    .orderBy("p.done_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => ({ userId: row.user_id, hidden: row.hidden, note: row.note, doneAt: row.done_at }));
}

export interface BuddyCandidate {
  readonly userId: string;
  readonly sharedRecent: number;
  readonly stageDone: number;
}

/**
 * Members in the same stage as the caller, active since `activeSince`, visible and open to buddies,
 * with how many of the caller's recently checked items they also checked recently.
 */
export async function buddyCandidates(
  db: Db,
  scope: GroupScope,
  args: {
    callerId: string;
    stageItemIds: readonly (readonly string[])[];
    stageIndex: number;
    callerStageDone: number;
    callerRecentItemIds: readonly string[];
    activeSince: Date;
    limit: number;
  },
): Promise<BuddyCandidate[]> {
  const itemIds = args.stageItemIds.flat();
  const stageOfItem = args.stageItemIds.flatMap((ids, stage) => ids.map(() => stage));
  const sizes = args.stageItemIds.map((ids) => ids.length);
  const stageNumbers = sizes.map((_, stage) => stage);
  const result = await sql<{ user_id: string; shared_recent: number; stage_done: number }>`
    with map as (select * from unnest(${itemIds}::text[], ${stageOfItem}::int[]) as m(item_id, stage)),
         stages as (select * from unnest(${stageNumbers}::int[], ${sizes}::int[]) as s(stage, size)),
         active as (
           select p.user_id from progress p
           join members mem on mem.guild_id = p.guild_id and mem.user_id = p.user_id
           where p.guild_id = ${scope.guildId} and p.roadmap_id = ${scope.roadmapId}
             and p.user_id <> ${args.callerId} and not mem.hidden and not mem.buddies_opt_out
           group by p.user_id having max(p.done_at) >= ${args.activeSince}
         ),
         counts as (
           select p.user_id, m.stage, count(*) as done
           from progress p join map m on m.item_id = p.item_id join active a on a.user_id = p.user_id
           where p.guild_id = ${scope.guildId} and p.roadmap_id = ${scope.roadmapId}
           group by p.user_id, m.stage
         ),
         current_stage as (
           select a.user_id, min(s.stage) as stage
           from active a cross join stages s
           left join counts c on c.user_id = a.user_id and c.stage = s.stage
           where coalesce(c.done, 0) < s.size
           group by a.user_id
         )
    select * from (
      select cs.user_id,
             (select count(*)::int from progress r
               where r.guild_id = ${scope.guildId} and r.roadmap_id = ${scope.roadmapId} and r.user_id = cs.user_id
                 and r.done_at >= ${args.activeSince} and r.item_id = any(${args.callerRecentItemIds}::text[])) as shared_recent,
             coalesce((select c.done from counts c where c.user_id = cs.user_id and c.stage = cs.stage), 0)::int as stage_done
      from current_stage cs
      where cs.stage = ${args.stageIndex}
    ) candidates
    order by shared_recent desc, abs(stage_done - ${args.callerStageDone}::int), user_id
    limit ${args.limit}`.execute(db);
  return result.rows.map((row) => ({ userId: row.user_id, sharedRecent: row.shared_recent, stageDone: row.stage_done }));
}

export async function setBuddiesOptOut(trx: Transaction<Database>, scope: { guildId: string; userId: string }, optOut: boolean): Promise<void> {
  await trx.insertInto("guilds").values({ guild_id: scope.guildId }).onConflict((oc) => oc.doNothing()).execute();
  await trx
    .insertInto("members")
    .values({ guild_id: scope.guildId, user_id: scope.userId, buddies_opt_out: optOut })
    .onConflict((oc) => oc.columns(["guild_id", "user_id"]).doUpdateSet({ buddies_opt_out: optOut }))
    .execute();
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
