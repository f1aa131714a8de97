import type { CatalogueItem, Roadmap } from "../catalogue/catalogue.ts";
import { guildRoadmapVersions } from "../db/roadmap-repository.ts";
import { refreshQueuedScores } from "../db/score-repository.ts";
import type { AppContext } from "../context.ts";
import {
  checkAndSnapshot,
  deleteCheck,
  findMember,
  memberSnapshot,
  type MemberSnapshot,
  guildRoadmapId,
  nextItemIds,
  insertCheck,
  refreshMemberStanding,
  storedSnapshots,
  uncheckAndSnapshot,
  setPrivacyChoices,
  setJourneyDates,
  type ItemRef,
  type MemberKey,
} from "../db/progress-repository.ts";
import type { Database, MemberRow } from "../db/schema.ts";
import type { Kysely, Transaction } from "kysely";
import { celebrateNewMilestones } from "../milestones/milestone-service.ts";
import { unrecordedMilestones } from "../milestones/milestones.ts";
import { isDatabaseUnavailable } from "../db/errors.ts";
import { scheduleOf } from "../leaderboard/week.ts";
import { UserError } from "../errors.ts";
import { summariseProgress, type ProgressSummary } from "./summary.ts";

type Deps = Pick<AppContext, "db" | "catalogue" | "clock"> & Partial<Pick<AppContext, "guildRoadmaps" | "logger" | "scores">>;

export const MAX_NOTE_LENGTH = 200;

/** The roadmap a guild's group follows. */
export async function roadmapForGuild(deps: Deps, guildId: string): Promise<Roadmap> {
  if (deps.guildRoadmaps) return deps.guildRoadmaps.forGuild(deps.db, guildId);
  const id = await guildRoadmapId(deps.db, guildId);
  return (id && deps.catalogue.roadmap(id)) || deps.catalogue.defaultRoadmap;
}

/** The same for several guilds (a batch of weekly posts), by guild: one read when the roadmaps are stored. */
export async function roadmapsForGuilds(deps: Deps, guildIds: readonly string[]): Promise<Map<string, Roadmap>> {
  const roadmaps = new Map<string, Roadmap>();
  const { guildRoadmaps } = deps;
  if (!guildRoadmaps) {
    for (const guildId of new Set(guildIds)) roadmaps.set(guildId, await roadmapForGuild(deps, guildId));
    return roadmaps;
  }
  const choices = await guildRoadmapVersions(deps.db, guildIds, deps.catalogue.defaultRoadmap.id);
  for (const guildId of new Set(guildIds)) roadmaps.set(guildId, await guildRoadmaps.forChoice(deps.db, choices.get(guildId)));
  return roadmaps;
}

function itemRef(roadmap: Roadmap, item: CatalogueItem): ItemRef {
  return { roadmapId: roadmap.id, itemIds: [item.id, ...item.aliases] };
}

export interface CheckResult {
  /** False when the item was already done (or not done, for an uncheck): nothing changed. */
  readonly changed: boolean;
  readonly summary: ProgressSummary;
  /** Milestones this check reached for the first time ever. */
  readonly milestones: readonly string[];
}

export async function checkItem(
  /** `i18n`: a milestone the check reaches is celebrated in the server's language. */
  deps: Deps & Pick<AppContext, "i18n">,
  key: MemberKey,
  roadmap: Roadmap,
  item: CatalogueItem,
  note: string | null,
  displayName?: string,
): Promise<CheckResult> {
  // Postgres text cannot hold U+0000, and it means nothing in a note.
  const cleanNote = note?.replaceAll("\u0000", "").trim() || null;
  if (cleanNote && cleanNote.length > MAX_NOTE_LENGTH) {
    throw new UserError({ key: "progress:refusals.noteTooLong", values: { length: cleanNote.length, max: MAX_NOTE_LENGTH } });
  }
  const now = deps.clock.now();
  // The hot path: the check and the member's new place commit in one call; their scores are queued.
  const { changed, snapshot } = await checkAndSnapshot(deps.db, key, roadmap, itemRef(roadmap, item), cleanNote, now, displayName);
  const { summary, member } = summaryOf(snapshot, roadmap, now);
  if (!changed) return { changed, summary, milestones: [] };
  await countScores(deps, key.guildId, roadmap);
  const candidates = unrecordedMilestones(summary, snapshot.milestones);
  if (candidates.length === 0) return { changed, summary, milestones: [] };
  try {
    const milestones = await deps.db
      .transaction()
      .execute((trx) => celebrateNewMilestones(trx, key, roadmap, summary, member?.hidden ?? false, now, { origin: "check", candidates, i18n: deps.i18n }));
    return { changed, summary, milestones };
  } catch (error) {
    // The check is saved; its milestones are offered again at the member's next check.
    if (!isDatabaseUnavailable(error)) throw error;
    deps.logger?.warn({ err: error, guildId: key.guildId, userId: key.userId, candidates }, "milestones not recorded; the next check offers them again");
    return { changed, summary, milestones: [] };
  }
}

export async function uncheckItem(deps: Deps, key: MemberKey, roadmap: Roadmap, item: CatalogueItem): Promise<CheckResult> {
  const now = deps.clock.now();
  const { changed, snapshot } = await uncheckAndSnapshot(deps.db, key, roadmap, itemRef(roadmap, item), now);
  if (changed) await countScores(deps, key.guildId, roadmap);
  return { changed, summary: summaryOf(snapshot, roadmap, now).summary, milestones: [] };
}

/** Counts the scores a change queued: soon, with the guild's other changes, or (no refresher) now. */
async function countScores(deps: Deps, guildId: string, roadmap: Roadmap): Promise<void> {
  if (deps.scores) return deps.scores.queued(guildId, roadmap);
  try {
    await refreshQueuedScores(deps.db, guildId, roadmap);
  } catch (error) {
    // The change is saved and its member stays queued: the next count takes them.
    if (!isDatabaseUnavailable(error)) throw error;
    deps.logger?.warn({ err: error, guildId }, "scores not counted yet; the next change counts them");
  }
}

/** The member's next unchecked items in roadmap order, at most `count` (`next_items` in src/db/sql/progress.sql). */
export async function nextItems(
  db: Kysely<Database> | Transaction<Database>,
  key: MemberKey,
  roadmap: Roadmap,
  count: number,
): Promise<CatalogueItem[]> {
  const ids = await nextItemIds(db, key, roadmap, count);
  return ids.flatMap((id) => roadmap.item(id) ?? []);
}

export async function loadSummary(deps: Deps, key: MemberKey, roadmap: Roadmap): Promise<ProgressSummary> {
  return (await summaryWithin(deps.db, key, roadmap, deps.clock.now())).summary;
}

/**
 * Several members' summaries in one round trip, placed as their standing was last stored: for a
 * roadmap update, which has just stored every member's place on the new version.
 */
export async function loadStoredSummaries(deps: Deps, guildId: string, roadmap: Roadmap, userIds: readonly string[]): Promise<Map<string, ProgressSummary>> {
  const now = deps.clock.now();
  const snapshots = await storedSnapshots(deps.db, guildId, roadmap.id, userIds);
  return new Map([...snapshots].map(([userId, snapshot]) => [userId, summaryOf(snapshot, roadmap, now).summary]));
}

async function summaryWithin(
  db: Kysely<Database> | Transaction<Database>,
  key: MemberKey,
  roadmap: Roadmap,
  now: Date,
): Promise<{ summary: ProgressSummary; member: MemberSnapshot["member"] }> {
  return summaryOf(await memberSnapshot(db, key, roadmap), roadmap, now);
}

function summaryOf(snapshot: MemberSnapshot, roadmap: Roadmap, now: Date): { summary: ProgressSummary; member: MemberSnapshot["member"] } {
  const summary = summariseProgress({
    roadmap,
    progress: snapshot.progress,
    currentStage: snapshot.place.currentStage,
    startedOn: snapshot.member?.started_on,
    targetOn: snapshot.member?.target_on,
    checkTimes: snapshot.checkTimes,
    schedule: scheduleOf(snapshot.guild),
    now,
  });
  return { summary, member: snapshot.member };
}

/** Sets the journey dates; a date left undefined keeps its current value. */
export async function setJourney(
  deps: Deps,
  key: MemberKey,
  dates: { startedOn: string | undefined; targetOn: string | undefined },
): Promise<MemberRow> {
  return deps.db.transaction().execute(async (trx) => {
    const current = await findMember(trx, key);
    const startedOn = dates.startedOn ?? current?.started_on ?? null;
    const targetOn = dates.targetOn ?? current?.target_on ?? null;
    if (startedOn && targetOn && targetOn < startedOn) {
      throw new UserError({ key: "progress:refusals.targetBeforeStart", values: { target: targetOn, start: startedOn } });
    }
    return setJourneyDates(trx, key, { startedOn: dates.startedOn, targetOn: dates.targetOn }, deps.clock.now());
  });
}

/** Changes the privacy choices given (undefined keeps one) and returns the member's settings. */
export async function setPrivacy(
  deps: Deps,
  key: MemberKey,
  choices: { hidden: boolean | undefined; buddies: boolean | undefined },
): Promise<MemberRow> {
  return deps.db
    .transaction()
    .execute((trx) => setPrivacyChoices(trx, key, { hidden: choices.hidden, buddiesOptOut: choices.buddies === undefined ? undefined : !choices.buddies }));
}

/**
 * Checks and unchecks many items in one transaction (an import); milestones reached are
 * recorded, but an import earns no celebration and no reward role (see celebrateNewMilestones).
 */
export async function applyChanges(
  deps: Deps,
  key: MemberKey,
  roadmap: Roadmap,
  changes: { check: readonly CatalogueItem[]; uncheck: readonly CatalogueItem[]; note: string | null },
): Promise<CheckResult & { checked: number; unchecked: number }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    let checked = 0;
    let unchecked = 0;
    for (const item of changes.check) if (await insertCheck(trx, key, itemRef(roadmap, item), changes.note, now)) checked++;
    for (const item of changes.uncheck) if (await deleteCheck(trx, key, itemRef(roadmap, item), now)) unchecked++;
    if (checked + unchecked > 0) await refreshMemberStanding(trx, key, roadmap);
    const { summary, member } = await summaryWithin(trx, key, roadmap, now);
    const milestones = checked > 0 ? await celebrateNewMilestones(trx, key, roadmap, summary, member?.hidden ?? false, now, { origin: "import" }) : [];
    return { changed: checked + unchecked > 0, summary, milestones, checked, unchecked };
  });
}
