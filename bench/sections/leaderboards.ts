import { Kysely, PostgresDialect, type LogEvent } from "kysely";
import type pg from "pg";
import { loadCatalogue } from "../../src/catalogue/load.ts";
import type { Database } from "../../src/db/schema.ts";
import { rebuildScores } from "../../src/db/score-repository.ts";
import { leaderboardView, openCurrentWindows, type Period } from "../../src/leaderboard/leaderboard-service.ts";
import { scheduleOf } from "../../src/leaderboard/week.ts";
import type { BenchOptions } from "../support/args.ts";
import { createBenchDatabase } from "../support/database.ts";
import { median, round } from "../support/stats.ts";
import { REAL_ROADMAP_DIR } from "../support/worlds.ts";

const GUILD_ID = "900000000000000001";
const USER_BASE = 100_000_000_000_000_000n;
const TARGET_MS = 50;
/** Stop repeating a slow query after this long (at least MIN_RUNS runs still happen). */
const RUN_BUDGET_MS = 20_000;
const MIN_RUNS = 3;

const userId = (member: number): string => (USER_BASE + BigInt(member)).toString();

export interface QueryTiming {
  readonly sql: string;
  readonly ms: number;
}

export interface LeaderboardPoint {
  readonly members: number;
  readonly progressRows: number;
  readonly seedSeconds: number;
  readonly week: { readonly medianMs: number; readonly runs: number; readonly floorMs: number; readonly queries: readonly QueryTiming[] };
  readonly all: { readonly medianMs: number; readonly runs: number; readonly floorMs: number; readonly queries: readonly QueryTiming[] };
}

export interface LeaderboardResults {
  readonly itemsPerMember: number;
  readonly points: readonly LeaderboardPoint[];
  /** Time at the largest size over time at the smallest, next to the growth in members. */
  readonly growth: { readonly members: number; readonly week: number; readonly all: number };
  readonly targetMs: number;
  readonly met: { readonly week: boolean; readonly all: boolean; readonly sublinear: boolean };
  /** EXPLAIN (ANALYZE, BUFFERS) of the slowest query of each missed period, at the largest size. */
  readonly explain: Partial<Record<"week" | "all", { readonly sql: string; readonly plan: string }>>;
}

interface SavedDefinitions {
  constraints: { table: string; name: string; definition: string; kind: string }[];
  indexes: { name: string; definition: string }[];
}

/**
 * Bulk loads run far faster without indexes and the foreign key; they are dropped and rebuilt
 * from their own definitions (read from the catalogue), so the schema ends up exactly as migrated.
 */
async function dropIndexes(client: pg.PoolClient): Promise<SavedDefinitions> {
  const constraints = (
    await client.query<{ table: string; name: string; definition: string; kind: string }>(
      `SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS definition, contype AS kind
         FROM pg_constraint WHERE conrelid IN ('progress'::regclass, 'progress_events'::regclass) AND contype IN ('p', 'f', 'u')`,
    )
  ).rows;
  const indexes = (
    await client.query<{ name: string; definition: string }>(
      `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
        WHERE i.tablename IN ('progress', 'progress_events')
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    )
  ).rows;
  const foreignKeysFirst = [...constraints.filter((c) => c.kind === "f"), ...constraints.filter((c) => c.kind !== "f")];
  for (const constraint of foreignKeysFirst) {
    await client.query(`ALTER TABLE ${constraint.table} DROP CONSTRAINT ${constraint.name}`);
  }
  for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
  return { constraints, indexes };
}

async function restoreIndexes(client: pg.PoolClient, saved: SavedDefinitions): Promise<void> {
  const keysBeforeForeignKeys = [...saved.constraints.filter((c) => c.kind !== "f"), ...saved.constraints.filter((c) => c.kind === "f")];
  for (const constraint of keysBeforeForeignKeys) {
    await client.query(`ALTER TABLE ${constraint.table} ADD CONSTRAINT ${constraint.name} ${constraint.definition}`);
  }
  for (const index of saved.indexes) await client.query(index.definition);
}

/** Members `from`..`to` with `items` progress rows each (done_at spread over 8 weeks before `now`) and matching check events. */
async function seed(pool: pg.Pool, range: { from: number; to: number }, items: readonly string[], perMember: number, now: Date): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("SET maintenance_work_mem = '512MB'");
    const saved = await dropIndexes(client);
    await client.query(`INSERT INTO members (guild_id, user_id) SELECT $1, ($2::bigint + m)::text FROM generate_series($3::int, $4::int) m`, [
      GUILD_ID,
      USER_BASE.toString(),
      range.from,
      range.to,
    ]);
    // (m * 7 + k) mod items is distinct for k < items: each member has `perMember` different items.
    await client.query(
      `INSERT INTO progress (guild_id, user_id, roadmap_id, item_id, done_at)
       SELECT $1, ($2::bigint + m)::text, 'ai-engineering', ($5::text[])[1 + ((m * 7 + k) % cardinality($5::text[]))],
              $6::timestamptz - random() * interval '56 days'
         FROM generate_series($3::int, $4::int) m, generate_series(0, $7::int - 1) k`,
      [GUILD_ID, USER_BASE.toString(), range.from, range.to, items, now, perMember],
    );
    await client.query(
      `INSERT INTO progress_events (guild_id, user_id, roadmap_id, item_id, kind, at)
       SELECT guild_id, user_id, roadmap_id, item_id, 'check', done_at FROM progress
        WHERE guild_id = $1 AND user_id BETWEEN $2 AND $3`,
      [GUILD_ID, userId(range.from), userId(range.to)],
    );
    await restoreIndexes(client, saved);
    await client.query("VACUUM ANALYZE members, progress, progress_events");
  } finally {
    client.release();
  }
}

async function timeRuns(maxRuns: number, run: () => Promise<unknown>): Promise<{ medianMs: number; runs: number }> {
  await run();
  const times: number[] = [];
  const started = performance.now();
  while (times.length < maxRuns && (times.length < MIN_RUNS || performance.now() - started < RUN_BUDGET_MS)) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return { medianMs: round(median(times)), runs: times.length };
}

function oneLine(sqlText: string): string {
  return sqlText.replace(/\s+/g, " ").trim();
}

/** Inlines $n parameters so the statement can be EXPLAINed (values are ours: ids, dates, item ids). */
function literalSql(sqlText: string, parameters: readonly unknown[]): string {
  return sqlText.replace(/\$(\d+)/g, (_, n: string) => {
    const value = parameters[Number(n) - 1];
    if (value instanceof Date) return `'${value.toISOString()}'::timestamptz`;
    if (Array.isArray(value)) return `ARRAY[${value.map((v) => `'${String(v).replaceAll("'", "''")}'`).join(",")}]`;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    return `'${String(value).replaceAll("'", "''")}'`;
  });
}

export async function measureLeaderboards(options: BenchOptions): Promise<LeaderboardResults> {
  const database = await createBenchDatabase(4);
  try {
    const catalogue = await loadCatalogue(REAL_ROADMAP_DIR);
    const roadmap = catalogue.defaultRoadmap;
    const perMember = Math.min(options.itemsPerMember, roadmap.items.length);
    const now = new Date();
    const clock = { now: () => now };
    let captured: LogEvent[] | undefined;
    // The bot's own queries, on the same pool, with every statement and its duration logged.
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: database.pool }),
      log: (event) => {
        captured?.push(event);
      },
    });
    await database.pool.query("INSERT INTO guilds (guild_id) VALUES ($1)", [GUILD_ID]);

    const sizes = [...options.members].sort((a, b) => a - b);
    const points: LeaderboardPoint[] = [];
    const lastCalls: Partial<Record<Period, LogEvent[]>> = {};
    let seeded = 0;
    for (const size of sizes) {
      const seedStarted = performance.now();
      await seed(database.pool, { from: seeded + 1, to: size }, roadmap.items.map((item) => item.id), perMember, now);
      seeded = size;
      // Rows loaded by SQL bypass the kept scores: the bot recounts them from progress with its own
      // SQL (as after a change of the roadmap's items) and opens this week's, then they are vacuumed.
      await db.transaction().execute(async (trx) => {
        await rebuildScores(trx, GUILD_ID, roadmap);
        await openCurrentWindows(trx, GUILD_ID, roadmap, scheduleOf(undefined), now);
      });
      await database.pool.query("VACUUM ANALYZE member_scores, score_periods, period_scores");
      const seedSeconds = round((performance.now() - seedStarted) / 1_000, 1);
      const caller = userId(Math.ceil(size / 2));
      const measure = async (period: "week" | "all") => {
        const view = () => leaderboardView({ db, catalogue, clock }, GUILD_ID, caller, period, undefined);
        const timing = await timeRuns(options.leaderboardRuns, view);
        captured = [];
        const shown = await view();
        const calls = captured;
        captured = undefined;
        lastCalls[period] = calls;
        const floorSql =
          period === "week"
            ? ["SELECT count(user_id)::int AS n FROM progress WHERE guild_id = $1 AND done_at >= $2 AND done_at < $3", [GUILD_ID, shown.window!.start, shown.window!.end]]
            : ["SELECT count(user_id)::int AS n FROM progress WHERE guild_id = $1", [GUILD_ID]];
        const floor = await timeRuns(options.leaderboardRuns, () => database.pool.query(floorSql[0] as string, floorSql[1] as unknown[]));
        return {
          ...timing,
          floorMs: floor.medianMs,
          queries: calls.map((event) => ({ sql: oneLine(event.query.sql).slice(0, 160), ms: round(event.queryDurationMillis) })),
        };
      };
      const week = await measure("week");
      const all = await measure("all");
      points.push({ members: size, progressRows: size * perMember, seedSeconds, week, all });
      console.error(`  leaderboards: ${size} members: week ${week.medianMs} ms (floor ${week.floorMs}), all ${all.medianMs} ms (floor ${all.floorMs}), seeded in ${seedSeconds} s`);
    }

    const first = points[0]!;
    const last = points[points.length - 1]!;
    const growth = {
      members: round(last.members / first.members, 1),
      week: round(last.week.medianMs / first.week.medianMs, 1),
      all: round(last.all.medianMs / first.all.medianMs, 1),
    };
    const met = {
      week: last.week.medianMs <= TARGET_MS,
      all: last.all.medianMs <= TARGET_MS,
      // "Far below linear": growing at most a tenth as fast as the member count.
      sublinear: Math.max(growth.week, growth.all) <= Math.max(1, growth.members / 10),
    };
    const explain: LeaderboardResults["explain"] = {};
    for (const period of ["week", "all"] as const) {
      if (met[period]) continue;
      const slowest = [...(lastCalls[period] ?? [])].sort((a, b) => b.queryDurationMillis - a.queryDurationMillis)[0];
      if (!slowest) continue;
      const statement = literalSql(slowest.query.sql, slowest.query.parameters);
      const result = await database.pool.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement}`);
      explain[period] = { sql: oneLine(slowest.query.sql), plan: result.rows.map((row) => row["QUERY PLAN"]).join("\n") };
    }
    return { itemsPerMember: perMember, points, growth, targetMs: TARGET_MS, met, explain };
  } finally {
    await database.drop();
  }
}
