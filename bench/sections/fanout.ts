import { REST } from "discord.js";
import pino from "pino";
import { loadCatalogue } from "../../src/catalogue/load.ts";
import { enqueueDueLeaderboards } from "../../src/leaderboard/weekly-post.ts";
import { noMetrics } from "../../src/ops/metrics.ts";
import { deliverDue } from "../../src/scheduler/outbox-delivery.ts";
import { startStandIn } from "../../test/standin/index.ts";
import type { BenchOptions } from "../support/args.ts";
import { createBenchDatabase } from "../support/database.ts";
import { round } from "../support/stats.ts";
import { REAL_ROADMAP_DIR } from "../support/worlds.ts";

const RATE_LIMIT_PER_SECOND = 50;
const ENQUEUE_TARGET_S = 60;
const DELIVERY_TARGET_PER_S = 45;

export interface FanoutResults {
  readonly guilds: number;
  readonly enqueue: { readonly seconds: number; readonly queued: number; readonly perGuildMs: number; readonly targetSeconds: number; readonly met: boolean };
  readonly delivery: {
    /** Posts delivered in the timed sample (the first `sample` of the queue; the rest are held back to keep the run short). */
    readonly sample: number;
    readonly delivered: number;
    readonly seconds: number;
    readonly postsPerSecond: number;
    readonly globalLimitPerSecond: number;
    readonly refused429: number;
    readonly targetPerSecond: number;
    readonly met: boolean;
  };
  readonly channels: string;
}

/** Posts per guild delivered in the timed sample: ~30 s at the limit is enough for a steady rate. */
export function deliverySample(options: BenchOptions): number {
  return Math.min(options.guilds, options.quick ? options.guilds : 1_500);
}

export async function measureFanout(options: BenchOptions): Promise<FanoutResults> {
  const database = await createBenchDatabase(10);
  const standIn = await startStandIn({ globalRateLimitPerSecond: RATE_LIMIT_PER_SECOND });
  try {
    const catalogue = await loadCatalogue(REAL_ROADMAP_DIR);
    const now = new Date();
    const clock = { now: () => now };
    const logger = pino({ level: "silent" });
    // Real guilds and channels in the stand-in, so every post is checked (channel, permissions, body).
    const guilds = Array.from({ length: options.guilds }, (_, i) => standIn.addGuild({ name: `Group ${i}` }));
    await database.pool.query(
      `INSERT INTO guilds (guild_id, channel_id, next_post_at)
       SELECT g, c, $3::timestamptz FROM unnest($1::text[], $2::text[]) AS t(g, c)`,
      [guilds.map((guild) => guild.id), guilds.map((guild) => guild.textChannels[0]!.id), new Date(now.getTime() - 60_000)],
    );
    await database.pool.query("ANALYZE guilds");

    const enqueueStarted = performance.now();
    const queued = await enqueueDueLeaderboards({ db: database.db, catalogue, clock, logger });
    const enqueueSeconds = (performance.now() - enqueueStarted) / 1_000;

    const sample = deliverySample(options);
    await database.pool.query(
      `UPDATE outbox SET next_attempt_at = $2::timestamptz
        WHERE id NOT IN (SELECT id FROM outbox ORDER BY id LIMIT $1)`,
      [sample, new Date(now.getTime() + 86_400_000)],
    );
    const rest = new REST({ api: standIn.restUrl }).setToken(standIn.token);
    const deliveryStarted = performance.now();
    const report = await deliverDue({ db: database.db, clock, logger, metrics: noMetrics, pictures: undefined, rest, roleProblem: () => undefined });
    const deliverySeconds = (performance.now() - deliveryStarted) / 1_000;
    const refused429 = standIn.requests.filter((request) => request.status === 429).length;
    standIn.assertNoViolations();
    const postsPerSecond = report.delivered / deliverySeconds;
    return {
      guilds: options.guilds,
      enqueue: {
        seconds: round(enqueueSeconds, 1),
        queued,
        perGuildMs: round((enqueueSeconds * 1_000) / Math.max(1, queued)),
        targetSeconds: ENQUEUE_TARGET_S,
        met: queued === options.guilds && enqueueSeconds <= ENQUEUE_TARGET_S,
      },
      delivery: {
        sample,
        delivered: report.delivered,
        seconds: round(deliverySeconds, 1),
        postsPerSecond: round(postsPerSecond, 1),
        globalLimitPerSecond: RATE_LIMIT_PER_SECOND,
        refused429,
        targetPerSecond: DELIVERY_TARGET_PER_S,
        met: report.delivered === sample && postsPerSecond >= DELIVERY_TARGET_PER_S,
      },
      channels: "every guild and its #general channel exist in the stand-in (addGuild); the channel-message route is unchanged",
    };
  } finally {
    await standIn.close();
    await database.drop();
  }
}
