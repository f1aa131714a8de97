import type { CatalogueItem, CatalogueStage, Roadmap } from "../catalogue/catalogue.ts";
import type { AppContext } from "../context.ts";
import type { Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import type { GroupMapView } from "../pictures/group-map.ts";
import type { WeeklySchedule } from "../leaderboard/week.ts";
import { summariseProgress } from "../progress/summary.ts";
import {
  buddyCandidates,
  countedScope,
  hiddenMemberCount,
  membersWithTargetsOf,
  type MemberWithTarget,
  nameableMembers,
  sectionDoneDistribution,
  sectionDoneOf,
  progressOf,
  itemDoers,
  itemDoneCounts,
  memberCount,
  sectionFinishers,
  stuckItems,
  type BuddyCandidate,
  type ItemDoer,
  type SectionOfItems,
} from "../db/group-repository.ts";
import { checkTimesOf, listProgress, type MemberKey } from "../db/progress-repository.ts";
import { loadSummary } from "../progress/progress-service.ts";
import { departedAmong, type FindDeparted } from "./membership.ts";

type Deps = Pick<AppContext, "db" | "catalogue" | "clock">;

const DAY_MS = 86_400_000;
export const STUCK_AFTER_DAYS = 14;
export const BUDDY_ACTIVE_DAYS = 30;
export const MAX_BUDDIES = 5;

export interface SectionMap {
  readonly number: string;
  readonly title: string;
  readonly finishers: number;
  readonly items: readonly { readonly item: CatalogueItem; readonly members: number }[];
}

export interface GroupMap {
  readonly roadmap: Roadmap;
  readonly stage: CatalogueStage;
  readonly members: number;
  readonly sections: readonly SectionMap[];
  readonly stuck: readonly { readonly item: CatalogueItem; readonly members: number }[];
}

/**
 * Where a track's group is on a stage of its roadmap: finishers per section, share per item, and
 * where members are stuck. Only the track's members count: those with progress on its roadmap.
 */
export async function groupMap(deps: Deps, guildId: string, roadmap: Roadmap, stageNumber: number): Promise<GroupMap | undefined> {
  const stage = roadmap.stage(stageNumber);
  if (!stage) return undefined;
  const scope = { guildId, roadmapId: roadmap.id };
  const stored = storedIdsOf(stage);
  const counts = await itemDoneCounts(deps.db, scope, { storedIds: stored.map((id) => id.storedId), itemIds: stored.map((id) => id.item.id) });
  const members = await memberCount(deps.db, scope);
  const finishers = await sectionFinishers(deps.db, scope);
  const idleSince = new Date(deps.clock.now().getTime() - STUCK_AFTER_DAYS * DAY_MS);
  const stuck = (await stuckItems(deps.db, scope, roadmap.items[0]?.id ?? "", idleSince))
    .map((row) => ({ ...row, position: roadmap.item(row.itemId)?.position ?? Infinity }))
    .sort((a, b) => b.members - a.members || a.position - b.position)
    .slice(0, 3);
  return {
    roadmap,
    stage,
    members,
    sections: stage.sections.map((section) => ({
      number: section.number,
      title: section.title,
      finishers: finishers.get(section.number) ?? 0,
      items: section.items.map((item) => ({ item, members: counts.get(item.id) ?? 0 })),
    })),
    stuck: stuck.flatMap((row) => {
      const item = roadmap.item(row.itemId);
      return item ? [{ item, members: row.members }] : [];
    }),
  };
}

/**
 * Who is where on a stage, for the group's picture. A small group is shown member by member (only
 * members who may be named; hidden ones as a count); a larger one as how many are at each level.
 */
export type GroupMembersOnStage = GroupMapView;

/** Above this many members who may be named, the picture shows the distribution instead of names. */
const MAX_NAMED_ON_MAP = 12;

/** Every id progress may hold an item of the stage under (its current id and its former ones), with the item. */
function storedIdsOf(stage: CatalogueStage): { storedId: string; item: CatalogueItem }[] {
  return stage.items.flatMap((item) => [item.id, ...item.aliases].map((storedId) => ({ storedId, item })));
}

function sectionOfItems(stage: CatalogueStage): SectionOfItems {
  const stored = storedIdsOf(stage);
  return { itemIds: stored.map((id) => id.storedId), sections: stored.map((id) => id.item.section) };
}

export async function groupMembersOnStage(deps: Deps, guildId: string, map: GroupMap, findDeparted: FindDeparted): Promise<GroupMembersOnStage> {
  const scope = { guildId, roadmapId: map.roadmap.id };
  const hidden = await hiddenMemberCount(deps.db, scope);
  const nameable = await nameableMembers(deps.db, scope, MAX_NAMED_ON_MAP + 1);
  if (nameable.length <= MAX_NAMED_ON_MAP) {
    const departed = await departedAmong(deps, guildId, nameable.map((member) => member.userId), findDeparted);
    const named = nameable.filter((member) => !departed.has(member.userId));
    const counted = await countedScope(deps.db, guildId, map.roadmap);
    const done = await sectionDoneOf(deps.db, counted, map.stage.number, named.map((member) => member.userId));
    const rows = named.map((member) => ({
      displayName: member.displayName ?? "member",
      done: map.sections.map((section) => done.find((row) => row.userId === member.userId && row.section === section.number)?.done ?? 0),
    }));
    return { kind: "members", rows: rows.sort((a, b) => sum(b.done) - sum(a.done)), hidden };
  }
  // The whole group's levels count progress rows by id, not what counts (counted_progress): at
  // 10,000 members that rule's de-duplication costs about 20 times as much and the picture would
  // miss its budget. A member with an item under two of its ids can only overshoot, hence the clamp.
  const counts = await sectionDoneDistribution(deps.db, scope, sectionOfItems(map.stage));
  return {
    kind: "distribution",
    hidden,
    spread: map.sections.map((section) => {
      const items = section.items.length;
      const rows = counts.filter((row) => row.section === section.number);
      const at = (test: (done: number) => boolean) => rows.filter((row) => test(Math.min(items, row.done))).reduce((total, row) => total + row.members, 0);
      const finished = at((done) => done >= items);
      const overHalf = at((done) => done < items && done * 2 >= items);
      const started = at((done) => done > 0 && done * 2 < items);
      return { finished, overHalf, started, notStarted: Math.max(0, map.members - finished - overHalf - started) };
    }),
  };
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

export interface ItemPeers {
  readonly item: CatalogueItem;
  /** Members named as having it done, most recent first (at most SHOWN_DOERS). */
  readonly named: readonly ItemDoer[];
  /** Visible members who have it done beyond those named. */
  readonly more: number;
  /** Notes left by visible members, most recent first (at most SHOWN_NOTES). */
  readonly notes: readonly ItemDoer[];
  /** Members who have it done but keep their progress private: counted, never named. */
  readonly hiddenCount: number;
  /** Visible members who have it done but left the server: counted, never named. */
  readonly leftCount: number;
}

const MAX_DOERS = 200;
const SHOWN_DOERS = 20;
const SHOWN_NOTES = 10;
/** Rounds of asking Discord who left: a round's departures let others move up into view. */
const PRESENCE_ROUNDS = 3;

function shownOf(visible: readonly ItemDoer[]): { named: ItemDoer[]; notes: ItemDoer[] } {
  return {
    named: visible.slice(0, SHOWN_DOERS),
    notes: visible.filter((doer) => doer.note && doer.note !== "imported").slice(0, SHOWN_NOTES),
  };
}

/**
 * Who has done an item, and their notes. Everyone about to be named is first checked with Discord:
 * members who left are remembered as gone and only counted, never named.
 */
export async function itemPeers(
  deps: Deps,
  guildId: string,
  roadmap: Roadmap,
  item: CatalogueItem,
  findDeparted: FindDeparted,
): Promise<ItemPeers> {
  const doers = await itemDoers(deps.db, { guildId, roadmapId: roadmap.id }, [item.id, ...item.aliases], MAX_DOERS);
  let visible = doers.filter((doer) => !doer.hidden && !doer.left);
  const confirmed = new Set<string>();
  for (let round = 0; round < PRESENCE_ROUNDS; round++) {
    const { named, notes } = shownOf(visible);
    const unconfirmed = [...new Set([...named, ...notes].map((doer) => doer.userId))].filter((id) => !confirmed.has(id));
    if (unconfirmed.length === 0) break;
    const departed = await departedAmong(deps, guildId, unconfirmed, findDeparted);
    for (const id of unconfirmed) if (!departed.has(id)) confirmed.add(id);
    visible = visible.filter((doer) => !departed.has(doer.userId));
  }
  const { named, notes } = shownOf(visible);
  const hiddenCount = doers.filter((doer) => doer.hidden).length;
  return { item, named, more: visible.length - named.length, notes, hiddenCount, leftCount: doers.length - hiddenCount - visible.length };
}

export interface Buddies {
  readonly stage: CatalogueStage | undefined;
  readonly buddies: readonly BuddyCandidate[];
}

/**
 * Members on the same stage of the roadmap, active lately, most alike in what they checked recently,
 * best first. Candidates are checked with Discord first: people who left the server are remembered as gone.
 */
export async function findBuddies(deps: Deps, key: MemberKey, roadmap: Roadmap, findDeparted: FindDeparted): Promise<Buddies> {
  const summary = await loadSummary(deps, key, roadmap);
  const stage = summary.currentStage;
  if (!stage) return { stage, buddies: [] };
  const activeSince = new Date(deps.clock.now().getTime() - BUDDY_ACTIVE_DAYS * DAY_MS);
  const recent = (await listProgress(deps.db, key, roadmap.id)).filter((row) => row.done_at >= activeSince).map((row) => row.item_id);
  const stageIndex = roadmap.stages.indexOf(stage);
  const buddies = await buddyCandidates(deps.db, { guildId: key.guildId, roadmapId: roadmap.id }, {
    callerId: key.userId,
    stage: stage.number,
    callerStageDone: summary.stages[stageIndex]?.done ?? 0,
    callerRecentItemIds: recent,
    activeSince,
    limit: MAX_BUDDIES * 2,
  });
  const departed = await departedAmong(deps, key.guildId, buddies.map((buddy) => buddy.userId), findDeparted);
  return { stage, buddies: buddies.filter((buddy) => !departed.has(buddy.userId)).slice(0, MAX_BUDDIES) };
}

export interface StagePace {
  readonly stage: CatalogueStage;
  readonly onTrack: number;
  readonly behind: number;
  readonly notEnoughData: number;
}

/**
 * For the weekly post: per stage, how many members with a target date are on track or behind, for
 * a batch of servers' roadmaps in the order asked; servers where nobody set a target cost one read for all.
 */
export async function groupPaces(
  db: Deps["db"] | Transaction<Database>,
  groups: readonly { readonly guildId: string; readonly schedule: WeeklySchedule; readonly roadmap: Roadmap }[],
  now: Date,
): Promise<StagePace[][]> {
  const withTargets = await membersWithTargetsOf(db, groups.map(({ guildId, roadmap }) => ({ guildId, roadmapId: roadmap.id })));
  const paces: StagePace[][] = [];
  for (const [n, { guildId, schedule, roadmap }] of groups.entries()) {
    const members = withTargets[n]!;
    paces.push(members.length === 0 ? [] : await paceOf(db, { guildId, schedule }, roadmap, members, now));
  }
  return paces;
}

async function paceOf(
  db: Deps["db"] | Transaction<Database>,
  guild: { guildId: string; schedule: WeeklySchedule },
  roadmap: Roadmap,
  members: readonly MemberWithTarget[],
  now: Date,
): Promise<StagePace[]> {
  const scope = { guildId: guild.guildId, roadmapId: roadmap.id };
  const userIds = members.map((m) => m.user_id);
  const rows = await progressOf(db, scope, userIds);
  const times = await checkTimesOf(db, guild.guildId, roadmap.id, userIds);
  const byStage = new Map<number, { onTrack: number; behind: number; notEnoughData: number }>();
  for (const member of members) {
    const summary = summariseProgress({
      roadmap,
      progress: rows.filter((row) => row.user_id === member.user_id),
      currentStage: member.current_stage,
      startedOn: member.started_on,
      targetOn: member.target_on,
      checkTimes: times.get(member.user_id) ?? [],
      schedule: guild.schedule,
      now,
    });
    if (!summary.currentStage) continue;
    const tally = byStage.get(summary.currentStage.number) ?? { onTrack: 0, behind: 0, notEnoughData: 0 };
    if (summary.target.kind === "on-track") tally.onTrack++;
    else if (summary.target.kind === "behind") tally.behind++;
    else if (summary.target.kind === "not-enough-data") tally.notEnoughData++;
    byStage.set(summary.currentStage.number, tally);
  }
  return roadmap.stages.flatMap((stage) => {
    const tally = byStage.get(stage.number);
    return tally ? [{ stage, ...tally }] : [];
  });
}
