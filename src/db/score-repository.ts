import { createHash } from "node:crypto";
import { sql, type Kysely, type RawBuilder, type Transaction } from "kysely";
import type { Database } from "./schema.ts";

/**
 * Running leaderboard scores. Every row here is an exact, materialised answer to a question about
 * `progress`, restricted to the item set the guild's scores were built for:
 *
 * - `member_scores`: per member, current items done and the latest `done_at` among them (all time);
 * - `period_scores`: per window in `score_periods` (a week or a month, exact instants) and member,
 *   items newly done in the window and still done, and the latest `done_at` among them.
 *
 * Checks and unchecks recompute the member's rows (all time, and every window containing the
 * changed item's `done_at`) from the member's own progress, in the same transaction. Windows are
 * created by readers, built from progress once, and kept from then on; so a guild changing its
 * weekday or zone needs nothing: its new weeks are simply other windows. A guild whose scores were
 * built for another item set (items retired or renamed) is rebuilt by the next reader.
 *
 * Concurrency: checks hold a shared per-guild advisory lock while they refresh scores; builds and
 * pruning hold it exclusively, so a build's snapshot never misses a check that then skips it.
 */

export type ScoresTables = {
  score_item_sets: { items_hash: string; item_ids: string[] };
  score_builds: { guild_id: string; roadmap_id: string; items_hash: string; built_at: Date };
  member_scores: { guild_id: string; roadmap_id: string; user_id: string; done_count: number; reached_at: Date | null };
  score_periods: { period_id: string; guild_id: string; roadmap_id: string; period_start: Date; period_end: Date };
  period_scores: { guild_id: string; period_id: string; user_id: string; score: number; reached_at: Date | null };
  score_counts: { guild_id: string; roadmap_id: string; period_id: string; score: number; shard: number; members: number };
};

/** `score_counts.period_id` of the all-time scores. */
export const ALL_TIME = "0";
// The server-side refresh (roadmap_refresh_member_scores) computes the same shard: hashtext(user) & 7.
const SHARDS = 8;
const shardOf = (userId: string | RawBuilder<unknown>) => sql`(hashtext(${userId}) & ${sql.lit(SHARDS - 1)})`;

type Db = Kysely<Database> | Transaction<Database>;

export interface ScoreScope {
  readonly guildId: string;
  readonly roadmapId: string;
  /** Ids (and former ids) of the roadmap's current items. */
  readonly itemIds: readonly string[];
}

export interface ScoreWindow {
  readonly start: Date;
  readonly end: Date;
}

/** Names an item set: scores built for another set are stale. */
export function itemSetHash(itemIds: readonly string[]): string {
  return createHash("sha256")
    .update([...new Set(itemIds)].sort().join("\n"))
    .digest("hex");
}

// The same key as the shared lock a check takes in roadmap_refresh_member_scores (SQL).
function lockKey(guildId: string) {
  return sql`hashtext('leaderboard-scores'), hashtext(${guildId})`;
}

async function lockExclusive(trx: Transaction<Database>, guildId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${lockKey(guildId)})`.execute(trx);
}

async function inTransaction<T>(db: Db, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<Database>);
  return db.transaction().execute(work);
}

/**
 * Brings a member's scores up to date after one of their items was checked or unchecked: the
 * all-time row and every kept window containing `doneAt` (the check time, or the removed row's
 * `done_at`). Does nothing for a guild whose scores were never built (the first reader builds them).
 * The work is the server-side function `roadmap_refresh_member_scores` (migration
 * 20261130T120000-check-functions), which a check also runs from `roadmap_record_check`.
 */
export async function refreshMemberScores(
  trx: Transaction<Database>,
  key: { guildId: string; userId: string },
  roadmapId: string,
  doneAt: Date,
): Promise<void> {
  await sql`select roadmap_refresh_member_scores(${key.guildId}, ${key.userId}, ${roadmapId}, ${doneAt})`.execute(trx);
}

interface ScoreState {
  readonly hash: string | undefined;
  readonly periods: ReadonlyMap<string, string>;
}

const windowKey = (window: ScoreWindow): string => `${window.start.getTime()}/${window.end.getTime()}`;

async function readState(db: Db, scope: ScoreScope, windows: readonly ScoreWindow[]): Promise<ScoreState> {
  const starts = windows.map((window) => window.start.toISOString());
  const { rows } = await sql<{ items_hash: string | null; period_id: string | null; period_start: Date | null; period_end: Date | null }>`
    select b.items_hash, p.period_id::text as period_id, p.period_start, p.period_end
      from (select 1) as one
      left join score_builds b on b.guild_id = ${scope.guildId} and b.roadmap_id = ${scope.roadmapId}
      left join score_periods p on p.guild_id = ${scope.guildId} and p.roadmap_id = ${scope.roadmapId}
                               and p.period_start = any(${starts}::timestamptz[])
  `.execute(db);
  const periods = new Map<string, string>();
  for (const row of rows) {
    if (row.period_id && row.period_start && row.period_end) {
      periods.set(windowKey({ start: new Date(row.period_start), end: new Date(row.period_end) }), row.period_id);
    }
  }
  return { hash: rows[0]?.items_hash ?? undefined, periods };
}

/**
 * Makes sure the guild's scores are built for the scope's item set and that the windows asked for
 * are kept; returns the windows' period ids in order. Cheap when all is in place (one query); the
 * first call after a new item set or for a new window builds from progress.
 */
export async function ensureScores(db: Db, scope: ScoreScope, windows: readonly ScoreWindow[]): Promise<string[]> {
  const hash = itemSetHash(scope.itemIds);
  const pick = (state: ScoreState) => windows.map((window) => state.periods.get(windowKey(window)));
  const state = await readState(db, scope, windows);
  const ids = pick(state);
  if (state.hash === hash && ids.every((id) => id !== undefined)) return ids as string[];
  return inTransaction(db, async (trx) => {
    await lockExclusive(trx, scope.guildId);
    let current = await readState(trx, scope, windows);
    if (current.hash !== hash) {
      await rebuildAllTime(trx, scope, hash);
      current = { hash, periods: new Map() };
    }
    const result: string[] = [];
    for (const window of windows) result.push(current.periods.get(windowKey(window)) ?? (await buildPeriod(trx, scope, window)));
    return result;
  });
}

/** Rebuilds the guild's all-time scores for an item set and drops its windows (they are rebuilt on demand). */
async function rebuildAllTime(trx: Transaction<Database>, scope: ScoreScope, hash: string): Promise<void> {
  const db = trx.withTables<ScoresTables>();
  await db.deleteFrom("score_periods").where("guild_id", "=", scope.guildId).where("roadmap_id", "=", scope.roadmapId).execute();
  await db.deleteFrom("member_scores").where("guild_id", "=", scope.guildId).where("roadmap_id", "=", scope.roadmapId).execute();
  await db
    .insertInto("score_item_sets")
    .values({ items_hash: hash, item_ids: sql<string[]>`${[...new Set(scope.itemIds)]}::text[]` as unknown as string[] })
    .onConflict((oc) => oc.doNothing())
    .execute();
  await db
    .insertInto("score_builds")
    .values({ guild_id: scope.guildId, roadmap_id: scope.roadmapId, items_hash: hash, built_at: new Date() })
    .onConflict((oc) => oc.columns(["guild_id", "roadmap_id"]).doUpdateSet({ items_hash: hash, built_at: new Date() }))
    .execute();
  await sql`
    insert into member_scores (guild_id, roadmap_id, user_id, done_count, reached_at)
    select p.guild_id, p.roadmap_id, p.user_id, count(*)::int, max(p.done_at)
      from progress p
     where p.guild_id = ${scope.guildId} and p.roadmap_id = ${scope.roadmapId}
       and p.item_id = any(${[...scope.itemIds]}::text[])
     group by p.guild_id, p.roadmap_id, p.user_id
  `.execute(trx);
  await sql`delete from score_counts where guild_id = ${scope.guildId} and roadmap_id = ${scope.roadmapId}`.execute(trx);
  await sql`
    insert into score_counts (guild_id, roadmap_id, period_id, score, shard, members)
    select guild_id, roadmap_id, 0, done_count, ${shardOf(sql.ref("user_id"))}, count(*)::int
      from member_scores
     where guild_id = ${scope.guildId} and roadmap_id = ${scope.roadmapId} and done_count > 0
     group by guild_id, roadmap_id, done_count, 5
  `.execute(trx);
}

/** Starts keeping a window: its scores are built from progress once, then kept by checks. */
async function buildPeriod(trx: Transaction<Database>, scope: ScoreScope, window: ScoreWindow): Promise<string> {
  const created = await trx
    .withTables<ScoresTables>()
    .insertInto("score_periods")
    .values({ guild_id: scope.guildId, roadmap_id: scope.roadmapId, period_start: window.start, period_end: window.end } as never)
    .returning(sql<string>`period_id::text`.as("period_id"))
    .executeTakeFirstOrThrow();
  await sql`
    insert into period_scores (guild_id, period_id, user_id, score, reached_at)
    select p.guild_id, ${created.period_id}::bigint, p.user_id, count(*)::int, max(p.done_at)
      from progress p
     where p.guild_id = ${scope.guildId} and p.done_at >= ${window.start} and p.done_at < ${window.end}
       and p.roadmap_id = ${scope.roadmapId} and p.item_id = any(${[...scope.itemIds]}::text[])
     group by p.guild_id, p.user_id
  `.execute(trx);
  await sql`
    insert into score_counts (guild_id, roadmap_id, period_id, score, shard, members)
    select ${scope.guildId}, ${scope.roadmapId}, period_id, score, ${shardOf(sql.ref("user_id"))}, count(*)::int
      from period_scores
     where guild_id = ${scope.guildId} and period_id = ${created.period_id}::bigint and score > 0
     group by period_id, score, 5
  `.execute(trx);
  return created.period_id;
}

/** Stops keeping windows that ended by `before` (nothing reads them once their week was posted). */
export async function pruneScorePeriods(trx: Transaction<Database>, scope: Omit<ScoreScope, "itemIds">, before: Date): Promise<void> {
  await lockExclusive(trx, scope.guildId);
  await trx
    .withTables<ScoresTables>()
    .deleteFrom("score_periods")
    .where("guild_id", "=", scope.guildId)
    .where("roadmap_id", "=", scope.roadmapId)
    .where("period_end", "<=", before)
    .execute();
  await sql`
    delete from score_counts c
     where c.guild_id = ${scope.guildId} and c.roadmap_id = ${scope.roadmapId} and c.period_id <> 0
       and not exists (select 1 from score_periods p where p.period_id = c.period_id)
  `.execute(trx);
}
