import { REST } from "discord.js";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import pino from "pino";
import { loadCatalogue } from "../../src/catalogue/load.ts";
import { rebuildScores } from "../../src/db/score-repository.ts";
import { scheduleOf, weekReportedAt, type Week } from "../../src/leaderboard/week.ts";
import { enqueueDueLeaderboards } from "../../src/leaderboard/weekly-post.ts";
import { createI18n } from "../../src/i18n/translator.ts";
import { noMetrics } from "../../src/ops/metrics.ts";
import { createPictureRenderer } from "../../src/pictures/render-pool.ts";
import { deliverDue } from "../../src/scheduler/outbox-delivery.ts";
import { startStandIn } from "../../test/standin/index.ts";
import type { BenchOptions } from "../support/args.ts";
import { createBenchDatabase, type BenchDatabase } from "../support/database.ts";
import { round } from "../support/stats.ts";
import { REAL_ROADMAP_DIR } from "../support/worlds.ts";

const RATE_LIMIT_PER_SECOND = 50;
const ENQUEUE_TARGET_S = 60;
const DELIVERY_TARGET_PER_S = 45;

export interface FanoutResults {
  readonly guilds: number;
  readonly membersPerGuild: number;
  /** Building every guild's all-time scores before the timed tick: what a guild's first post adds. */
  readonly scoreBuildSeconds: number;
  readonly enqueue: {
    readonly seconds: number;
    readonly queued: number;
    /** Posts whose leaderboard ranks members: all of them, or the tick measured empty guilds. */
    readonly postsWithStandings: number;
    readonly perGuildMs: number;
    readonly targetSeconds: number;
    readonly met: boolean;
  };
  readonly delivery: {
    /** Posts delivered in the timed sample (the first `sample` of the queue; the rest are held back to keep the run short). */
    readonly sample: number;
    readonly delivered: number;
    readonly seconds: number;
    readonly postsPerSecond: number;
    readonly globalLimitPerSecond: number;
    readonly refused429: number;
    /** Posts that went out with their leaderboard picture, drawn at delivery as in production. */
    readonly withPicture: number;
    readonly targetPerSecond: number;
    readonly met: boolean;
  };
  readonly channels: string;
}

/** Posts per guild delivered in the timed sample: ~30 s at the limit is enough for a steady rate. */
export function deliverySample(options: BenchOptions): number {
  return Math.min(options.guilds, options.quick ? options.guilds : 1_500);
}

/** Checks each fan-out member made over the two weeks before the tick; the first in the week reported. */
const CHECKS_PER_MEMBER = 5;

/**
 * Members with a few checks in every due guild, as the bot would have stored them (progress rows and
 * their history), so each post ranks real standings. Times come from a hash, not random(): the same
 * guilds get the same standings in every run.
 */
async function seedMembers(database: BenchDatabase, guildIds: readonly string[], perGuild: number, roadmap: Roadmap, now: Date, week: Week): Promise<void> {
  await database.pool.query(
    `INSERT INTO members (guild_id, user_id, display_name)
     SELECT g.id, (800000000000000000 + g.n * 1000 + m)::text, 'Learner ' || m
       FROM unnest($1::text[]) WITH ORDINALITY AS g(id, n), generate_series(1, $2::int) AS m`,
    [guildIds, perGuild],
  );
  await database.pool.query(
    `INSERT INTO progress (guild_id, user_id, roadmap_id, item_id, done_at)
     SELECT m.guild_id, m.user_id, $1, ($2::text[])[1 + (abs(hashtext(m.user_id)) + k) % cardinality($2::text[])],
            CASE WHEN k = 1 THEN $4::timestamptz + (abs(hashtext(m.user_id || ':1')) % $5::int) * interval '1 second'
                 ELSE $3::timestamptz - (abs(hashtext(m.user_id || ':' || k)) % 1209600) * interval '1 second' END
       FROM members m, generate_series(1, $6::int) AS k`,
    [roadmap.id, roadmap.items.map((item) => item.id), now, week.start, Math.floor((week.end.getTime() - week.start.getTime()) / 1_000), CHECKS_PER_MEMBER],
  );
  await database.pool.query(
    `INSERT INTO progress_events (guild_id, user_id, roadmap_id, item_id, kind, at)
     SELECT guild_id, user_id, roadmap_id, item_id, 'check', done_at FROM progress`,
  );
}

/** Workers building scores at once, as the scheduler composes (each guild in its own transaction). */
const BUILD_WORKERS = 4;

/**
 * A running bot keeps each guild's all-time scores as members check. Rows seeded by SQL bypass
 * that, so they are counted here by the bot's own rebuild (what a change of the roadmap's items
 * costs), and the timed tick is a week like any other. The reported week was never opened, as in a
 * guild set up before it: the post counts it from the week's progress.
 */
async function keepScores(database: BenchDatabase, guildIds: readonly string[], roadmap: Roadmap): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < guildIds.length) {
      const guildId = guildIds[next++]!;
      await database.db.transaction().execute((trx) => rebuildScores(trx, guildId, roadmap));
    }
  };
  await Promise.all(Array.from({ length: BUILD_WORKERS }, worker));
}

export async function measureFanout(options: BenchOptions): Promise<FanoutResults> {
  const database = await createBenchDatabase(10);
  const standIn = await startStandIn({ globalRateLimitPerSecond: RATE_LIMIT_PER_SECOND });
  try {
    const catalogue = await loadCatalogue(REAL_ROADMAP_DIR);
    const now = new Date();
    const clock = { now: () => now };
    const slot = new Date(now.getTime() - 60_000);
    // Every guild has the default schedule, so one week is reported for all.
    const week = weekReportedAt(slot, scheduleOf(undefined));
    const logger = pino({ level: "silent" });
    // Real guilds and channels in the stand-in, so every post is checked (channel, permissions, body).
    const guilds = Array.from({ length: options.guilds }, (_, i) => standIn.addGuild({ name: `Group ${i}` }));
    const guildIds = guilds.map((guild) => guild.id);
    await database.pool.query(
      `INSERT INTO guilds (guild_id, channel_id, next_post_at)
       SELECT g, c, $3::timestamptz FROM unnest($1::text[], $2::text[]) AS t(g, c)`,
      [guildIds, guilds.map((guild) => guild.textChannels[0]!.id), slot],
    );
    // Each guild's one track, as setup makes it (the default weekday, time and zone).
    await database.pool.query(
      `INSERT INTO guild_tracks (guild_id, roadmap_id, channel_id, post_weekday, post_time, timezone, next_post_at)
       SELECT guild_id, roadmap_id, channel_id, post_weekday, post_time, timezone, next_post_at FROM guilds WHERE guild_id = ANY($1::text[])`,
      [guildIds],
    );
    await seedMembers(database, guildIds, options.guildMembers, catalogue.defaultRoadmap, now, week);
    await database.pool.query("ANALYZE");
    const buildStarted = performance.now();
    await keepScores(database, guildIds, catalogue.defaultRoadmap);
    const buildSeconds = (performance.now() - buildStarted) / 1_000;
    await database.pool.query("VACUUM ANALYZE");

    const enqueueStarted = performance.now();
    const queued = await enqueueDueLeaderboards({ db: database.db, catalogue, clock, logger, metrics: noMetrics, i18n: createI18n({ logger }) });
    const enqueueSeconds = (performance.now() - enqueueStarted) / 1_000;
    // Every post should rank its guild's members (the leaderboard picture is described only then).
    const { rows: ranked } = await database.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox WHERE payload ? 'picture'");
    const postsWithStandings = ranked[0]?.n ?? 0;

    const sample = deliverySample(options);
    await database.pool.query(
      `UPDATE outbox SET next_attempt_at = $2::timestamptz
        WHERE id NOT IN (SELECT id FROM outbox ORDER BY id LIMIT $1)`,
      [sample, new Date(now.getTime() + 86_400_000)],
    );
    const rest = new REST({ api: standIn.restUrl }).setToken(standIn.token);
    const deliveryStarted = performance.now();
    const pictures = createPictureRenderer();
    const report = await deliverDue({ db: database.db, clock, logger, metrics: noMetrics, pictures, rest, roleProblem: () => undefined }).finally(() => pictures.close());
    const deliverySeconds = (performance.now() - deliveryStarted) / 1_000;
    const refused429 = standIn.requests.filter((request) => request.status === 429).length;
    const withPicture = standIn.requests.filter((request) => request.method === "POST" && request.status === 200 && request.files.length > 0).length;
    standIn.assertNoViolations();
    const postsPerSecond = report.delivered / deliverySeconds;
    return {
      guilds: options.guilds,
      membersPerGuild: options.guildMembers,
      scoreBuildSeconds: round(buildSeconds, 1),
      enqueue: {
        seconds: round(enqueueSeconds, 1),
        queued,
        postsWithStandings,
        perGuildMs: round((enqueueSeconds * 1_000) / Math.max(1, queued)),
        targetSeconds: ENQUEUE_TARGET_S,
        met: queued === options.guilds && postsWithStandings === queued && enqueueSeconds <= ENQUEUE_TARGET_S,
      },
      delivery: {
        sample,
        delivered: report.delivered,
        seconds: round(deliverySeconds, 1),
        postsPerSecond: round(postsPerSecond, 1),
        globalLimitPerSecond: RATE_LIMIT_PER_SECOND,
        refused429,
        withPicture,
        targetPerSecond: DELIVERY_TARGET_PER_S,
        met: report.delivered === sample && withPicture === sample && postsPerSecond >= DELIVERY_TARGET_PER_S,
      },
      channels: "every guild and its #general channel exist in the stand-in (addGuild); the channel-message route is unchanged",
    };
  } finally {
    await standIn.close();
    await database.drop();
  }
}
