import { pino } from "pino";
import { loadCatalogue } from "../../src/catalogue/load.ts";
import { manualClock } from "../../src/clock.ts";
import { findBuddies, groupMap } from "../../src/group/group-service.ts";
import type { BenchOptions } from "../support/args.ts";
import { createBenchDatabase } from "../support/database.ts";
import { median, round } from "../support/stats.ts";
import { REAL_ROADMAP_DIR } from "../support/worlds.ts";

const GUILD_ID = "900000000000000002";
const USER_BASE = 200_000_000_000_000_000n;
const TARGET_MS = 100;
const RUNS = 10;

export interface GroupResults {
  readonly members: number;
  readonly progressRows: number;
  readonly groupMap: { readonly medianMs: number; readonly floorMs: number };
  readonly buddies: { readonly medianMs: number; readonly floorMs: number };
  readonly targetMs: number;
  readonly met: { readonly groupMap: boolean; readonly buddies: boolean };
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  await run(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return round(median(samples), 2);
}

/**
 * /roadmap group and /roadmap buddies for one guild of `groupMembers` members, each with a
 * different amount of Stage 1-2 done (up to ~150 items) spread over eight weeks.
 */
export async function measureGroup(options: BenchOptions): Promise<GroupResults> {
  const members = options.groupMembers;
  const catalogue = await loadCatalogue(REAL_ROADMAP_DIR);
  const roadmap = catalogue.defaultRoadmap;
  const now = new Date("2026-06-01T12:00:00Z");
  const database = await createBenchDatabase();
  try {
    const ids = roadmap.items.map((item) => item.id);
    const sections = roadmap.stages.flatMap((stage) => stage.sections);
    const sectionNumbers = sections.map((section) => section.number);
    // 1-based position of each section's last item: a member with the first k items done finished those ending by k.
    const sectionEnds = sections.map((section) => section.items.at(-1)!.position + 1);
    await database.pool.query(`INSERT INTO guilds (guild_id) VALUES ($1)`, [GUILD_ID]);
    await database.pool.query(
      `INSERT INTO members (guild_id, user_id, hidden, buddies_opt_out)
       SELECT $1, ($2::numeric + m)::text, m % 20 = 0, m % 25 = 0 FROM generate_series(1, $3) AS m`,
      [GUILD_ID, USER_BASE.toString(), members],
    );
    // Member m has the first (m * 37) % 150 items done, the latest within the last week or two.
    const inserted = await database.pool.query(
      `INSERT INTO progress (guild_id, user_id, roadmap_id, item_id, done_at, note)
       SELECT $1, ($2::numeric + m)::text, $3, ($4::text[])[i], $5::timestamptz - make_interval(hours => ((150 - i) * 9 + m % 200)), NULL
         FROM generate_series(1, $6) AS m, generate_series(1, 150) AS i
        WHERE i <= (m * 37) % 150`,
      [GUILD_ID, USER_BASE.toString(), roadmap.id, ids, now, members],
    );
    // The members' places on the roadmap, as checks keep them: next item, last check, current stage.
    await database.pool.query(
      `INSERT INTO member_places (guild_id, roadmap_id, user_id, next_item_id, last_done_at, current_stage, stage_done, finished_sections)
       SELECT $1, $8, ($2::numeric + n)::text,
              ($3::text[])[k + 1],
              CASE WHEN k = 0 THEN NULL ELSE $4::timestamptz - make_interval(hours => ((150 - k) * 9 + n % 200)) END,
              CASE WHEN k < 100 THEN 1 ELSE 2 END,
              CASE WHEN k < 100 THEN k ELSE k - 100 END,
              ARRAY(SELECT section FROM unnest($6::text[], $7::int[]) AS s(section, last) WHERE last <= k)
         FROM (SELECT n, (n * 37) % 150 AS k FROM generate_series(1, $5) AS n) s`,
      [GUILD_ID, USER_BASE.toString(), ids, now, members, sectionNumbers, sectionEnds, roadmap.id],
    );
    await database.pool.query("VACUUM ANALYZE");
    const ctx = { db: database.db, catalogue, clock: manualClock(now), logger: pino({ level: "silent" }) };
    const caller = { guildId: GUILD_ID, userId: (USER_BASE + BigInt(Math.floor(members / 2) + 1)).toString() };

    const mapMs = await timed(() => groupMap(ctx, GUILD_ID, roadmap, 1));
    const mapFloor = await timed(() =>
      database.pool.query(`SELECT item_id, count(*) FROM progress WHERE guild_id = $1 AND roadmap_id = $2 GROUP BY item_id`, [GUILD_ID, roadmap.id]),
    );
    const buddiesMs = await timed(() => findBuddies(ctx, caller, roadmap, async () => []));
    const buddiesFloor = await timed(() =>
      database.pool.query(`SELECT user_id FROM progress WHERE guild_id = $1 AND roadmap_id = $2 AND done_at >= $3 GROUP BY user_id`, [
        GUILD_ID,
        roadmap.id,
        new Date(now.getTime() - 30 * 86_400_000),
      ]),
    );
    return {
      members,
      progressRows: inserted.rowCount ?? 0,
      groupMap: { medianMs: mapMs, floorMs: mapFloor },
      buddies: { medianMs: buddiesMs, floorMs: buddiesFloor },
      targetMs: TARGET_MS,
      met: { groupMap: mapMs <= TARGET_MS, buddies: buddiesMs <= TARGET_MS },
    };
  } finally {
    await database.drop();
  }
}
