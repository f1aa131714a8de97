import { REST } from "discord.js";
import { SECOND_ROADMAP_ID, writeTwoRoadmapDir } from "../support/second-track.ts";
import type { Catalogue, Roadmap } from "../../src/catalogue/catalogue.ts";
import pino from "pino";
import { createGuildRoadmaps } from "../../src/catalogue/guild-roadmaps.ts";
import { loadCatalogue } from "../../src/catalogue/load.ts";
import { syncBundledRoadmaps } from "../../src/roadmaps/bundled-roadmaps.ts";
import { openScoreWindowsOf, rebuildScores } from "../../src/db/score-repository.ts";
import { currentWindows } from "../../src/leaderboard/leaderboard-service.ts";
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

const RATE_LIMIT_PER_SECOND = 50;
const ENQUEUE_TARGET_S = 60;
const DELIVERY_TARGET_PER_S = 45;

export interface FanoutResults {
  readonly guilds: number;
  /** Tracks in every guild, each with its own channel and members (some members follow both). */
  readonly tracksPerGuild: number;
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

/** Every guild runs the bundled roadmap and a second track (issue 18), each due in the same tick. */
const TRACKS_PER_GUILD = 2;

/** Posts delivered in the timed sample: ~30 s at the limit is enough for a steady rate. */
export function deliverySample(options: BenchOptions): number {
  const posts = options.guilds * TRACKS_PER_GUILD;
  return Math.min(posts, options.quick ? posts : 1_500);
}

/** The bundled roadmap and a second one, loaded as the bot loads `roadmap/` at start (see second-track.ts). */
async function twoRoadmaps(): Promise<Catalogue> {
  const roadmaps = await writeTwoRoadmapDir();
  try {
    return await loadCatalogue(roadmaps.dir);
  } finally {
    await roadmaps.dispose();
  }
}

/** Checks each fan-out member made over the two weeks before the tick; the first in the week reported. */
const CHECKS_PER_MEMBER = 5;

/**
 * Members with a few checks in every due guild, as the bot would have stored them (progress rows and
 * their history), so each post ranks real standings. Times come from a hash, not random(): the same
 * guilds get the same standings in every run.
 */
/** Members `first`..`first + perGuild - 1` of every guild, following the track of `roadmap`. */
interface TrackMembers {
  readonly roadmap: Roadmap;
  readonly first: number;
  readonly perGuild: number;
}

/**
 * Members with a few checks in every due guild, as the bot would have stored them (progress rows and
 * their history), so each post ranks real standings. Times come from a hash, not random(): the same
 * guilds get the same standings in every run.
 */
async function seedMembers(database: BenchDatabase, guildIds: readonly string[], track: TrackMembers, now: Date, week: Week): Promise<void> {
  const { roadmap } = track;
  const users = `SELECT g.id AS guild_id, (800000000000000000 + g.n * 1000 + m)::text AS user_id, m
       FROM unnest($1::text[]) WITH ORDINALITY AS g(id, n), generate_series($2::int, $2::int + $3::int - 1) AS m`;
  await database.pool.query(
    `INSERT INTO members (guild_id, user_id, display_name) SELECT guild_id, user_id, 'Learner ' || m FROM (${users}) u ON CONFLICT DO NOTHING`,
    [guildIds, track.first, track.perGuild],
  );
  await database.pool.query(
    `INSERT INTO member_tracks (guild_id, user_id, roadmap_id, joined_at, last_used_at) SELECT guild_id, user_id, $4::text, $5::timestamptz, $5::timestamptz FROM (${users}) u`,
    [guildIds, track.first, track.perGuild, roadmap.id, week.start],
  );
  await database.pool.query(
    `INSERT INTO progress (guild_id, user_id, roadmap_id, item_id, done_at)
     SELECT u.guild_id, u.user_id, $4::text, ($5::text[])[1 + (abs(hashtext(u.user_id || $4)) + k) % cardinality($5::text[])],
            CASE WHEN k = 1 THEN $7::timestamptz + (abs(hashtext(u.user_id || $4 || ':1')) % $8::int) * interval '1 second'
                 ELSE $6::timestamptz - (abs(hashtext(u.user_id || $4 || ':' || k)) % 1209600) * interval '1 second' END
       FROM (${users}) u, generate_series(1, $9::int) AS k`,
    [guildIds, track.first, track.perGuild, roadmap.id, roadmap.items.map((item) => item.id), now, week.start, Math.floor((week.end.getTime() - week.start.getTime()) / 1_000), CHECKS_PER_MEMBER],
  );
  await database.pool.query(
    `INSERT INTO progress_events (guild_id, user_id, roadmap_id, item_id, kind, at)
     SELECT guild_id, user_id, roadmap_id, item_id, 'check', done_at FROM progress WHERE roadmap_id = $1`,
    [roadmap.id],
  );
}

/** Workers building scores at once, as the scheduler composes (each guild in its own transaction). */
const BUILD_WORKERS = 4;

/**
 * A running bot keeps each guild's all-time scores as members check. Rows seeded by SQL bypass
 * that, so they are counted here by the bot's own rebuild (what a change of the roadmap's items
 * costs).
 */
async function keepScores(database: BenchDatabase, guildIds: readonly string[], roadmaps: readonly Roadmap[]): Promise<void> {
  const work = guildIds.flatMap((guildId) => roadmaps.map((roadmap) => ({ guildId, roadmap })));
  let next = 0;
  const worker = async () => {
    while (next < work.length) {
      const { guildId, roadmap } = work[next++]!;
      await database.db.transaction().execute((trx) => rebuildScores(trx, guildId, roadmap));
    }
  };
  await Promise.all(Array.from({ length: BUILD_WORKERS }, worker));
}

/** Guilds whose windows are opened in one statement while the bench prepares the tick. */
const OPEN_CHUNK = 1_000;

/**
 * So that the timed tick is a week like any other: the reported week and its month were opened
 * when the week began (by the previous week's post, or by setup), so the post reads them kept and
 * opens the new week and month itself. Opened a chunk of guilds at a time, the tables analysed after
 * each, as autovacuum would over the weeks (see docs/performance.md: plans made while these tables
 * were empty made a first tick on them four times slower).
 */
async function openReportedWindows(database: BenchDatabase, guildIds: readonly string[], roadmaps: readonly Roadmap[], week: Week): Promise<void> {
  const windows = currentWindows(scheduleOf(undefined), week.start);
  for (let first = 0; first < guildIds.length; first += OPEN_CHUNK) {
    const chunk = guildIds.slice(first, first + OPEN_CHUNK);
    await database.db
      .transaction()
      .execute((trx) => openScoreWindowsOf(trx, chunk.flatMap((guildId) => roadmaps.flatMap((roadmap) => windows.map((window) => ({ guildId, roadmap, window }))))));
    await database.pool.query("ANALYZE score_periods, period_scores, period_score_counts");
  }
}

export async function measureFanout(options: BenchOptions): Promise<FanoutResults> {
  const database = await createBenchDatabase(10);
  const standIn = await startStandIn({ globalRateLimitPerSecond: RATE_LIMIT_PER_SECOND });
  try {
    const catalogue = await twoRoadmaps();
    const own = catalogue.defaultRoadmap;
    const second = catalogue.roadmap(SECOND_ROADMAP_ID)!;
    const logger = pino({ level: "silent" });
    await syncBundledRoadmaps(database.db, catalogue, logger);
    const now = new Date();
    const clock = { now: () => now };
    const slot = new Date(now.getTime() - 60_000);
    // Every guild has the default schedule, so one week is reported for all.
    const week = weekReportedAt(slot, scheduleOf(undefined));
    // Real guilds and channels in the stand-in, so every post is checked (channel, permissions, body).
    const guilds = Array.from({ length: options.guilds }, (_, i) => standIn.addGuild({ name: `Group ${i}` }));
    const secondChannels = guilds.map((guild) => guild.addChannel({ name: "second-cohort" }).id);
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
    // The second track: its own channel and the same slot, so both are due in the timed tick.
    await database.pool.query(
      `INSERT INTO guild_tracks (guild_id, roadmap_id, channel_id, post_weekday, post_time, timezone, next_post_at)
       SELECT g.guild_id, $3, t.c, g.post_weekday, g.post_time, g.timezone, g.next_post_at
         FROM guilds g JOIN unnest($1::text[], $2::text[]) AS t(g, c) ON t.g = g.guild_id`,
      [guildIds, secondChannels, second.id],
    );
    // The second track's members: the upper half of the first's (in both tracks) and as many of its own.
    const half = Math.max(1, Math.floor(options.guildMembers / 2));
    await seedMembers(database, guildIds, { roadmap: own, first: 1, perGuild: options.guildMembers }, now, week);
    await seedMembers(database, guildIds, { roadmap: second, first: options.guildMembers - half + 1, perGuild: options.guildMembers }, now, week);
    await database.pool.query("ANALYZE");
    const buildStarted = performance.now();
    await keepScores(database, guildIds, [own, second]);
    const buildSeconds = (performance.now() - buildStarted) / 1_000;
    await openReportedWindows(database, guildIds, [own, second], week);
    await database.pool.query("VACUUM ANALYZE");

    const enqueueStarted = performance.now();
    const guildRoadmaps = createGuildRoadmaps(catalogue);
    const queued = await enqueueDueLeaderboards({ db: database.db, catalogue, guildRoadmaps, clock, logger, metrics: noMetrics, i18n: createI18n({ logger }) });
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
    // The bot starts its picture worker when it starts, long before a weekly delivery: its start
    // (a thread, a few hundred font files) is not part of the delivery's time.
    const pictures = createPictureRenderer();
    await pictures.leaderboard({ title: "warm-up", entries: [] });
    const deliveryStarted = performance.now();
    const report = await deliverDue({ db: database.db, clock, logger, metrics: noMetrics, pictures, rest, roleProblem: () => undefined }).finally(() => pictures.close());
    const deliverySeconds = (performance.now() - deliveryStarted) / 1_000;
    const refused429 = standIn.requests.filter((request) => request.status === 429).length;
    const withPicture = standIn.requests.filter((request) => request.method === "POST" && request.status === 200 && request.files.length > 0).length;
    standIn.assertNoViolations();
    const postsPerSecond = report.delivered / deliverySeconds;
    return {
      guilds: options.guilds,
      tracksPerGuild: TRACKS_PER_GUILD,
      membersPerGuild: options.guildMembers,
      scoreBuildSeconds: round(buildSeconds, 1),
      enqueue: {
        seconds: round(enqueueSeconds, 1),
        queued,
        postsWithStandings,
        perGuildMs: round((enqueueSeconds * 1_000) / Math.max(1, queued)),
        targetSeconds: ENQUEUE_TARGET_S,
        met: queued === options.guilds * TRACKS_PER_GUILD && postsWithStandings === queued && enqueueSeconds <= ENQUEUE_TARGET_S,
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
      channels: "every guild, its #general channel (first track) and #second-cohort channel (second track) exist in the stand-in; the channel-message route is unchanged",
    };
  } finally {
    await standIn.close();
    await database.drop();
  }
}
