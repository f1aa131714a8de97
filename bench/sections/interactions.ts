import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import type { BenchOptions } from "../support/args.ts";
import { driveSteady, type LatencySummary } from "../support/drive.ts";
import { round } from "../support/stats.ts";
import { seededRandom } from "../support/synthetic-roadmap.ts";
import type { BenchWorld } from "../support/worlds.ts";

export interface InteractionResults {
  readonly design: string;
  readonly rate: number;
  readonly seconds: number;
  readonly pong: LatencySummary;
  /** The same pong bot committing one row before each answer: the least a bot that keeps data does. */
  readonly durablePong: LatencySummary;
  readonly check: LatencySummary;
  readonly progress: LatencySummary;
  readonly targets: { readonly checkP50AtMost2xPong: boolean; readonly checkP99AtMost15Ms: boolean };
}

export const DESIGN =
  "stand-in in the bench process; the bot under test (node --import tsx src/main.ts), the pong floor and the pong floor committing one row each in their own child process, run one after the other";

/** `/roadmap check` on random items by random members: what a busy study group sends. */
export function checkSender(world: BenchWorld, roadmap: Roadmap, seed: number) {
  const random = seededRandom(seed);
  return () => {
    const member = world.members[Math.floor(random() * world.members.length)]!;
    const item = roadmap.items[Math.floor(random() * roadmap.items.length)]!;
    return world.standIn.command({ member, channel: world.channel, name: "roadmap", subcommand: "check", options: { item: item.id } });
  };
}

function progressSender(world: BenchWorld, seed: number) {
  const random = seededRandom(seed);
  return () => {
    const member = world.members[Math.floor(random() * world.members.length)]!;
    return world.standIn.command({ member, channel: world.channel, name: "roadmap", subcommand: "progress" });
  };
}

/** p50/p99 of the callback latency at a steady rate, for the pong floor, /roadmap check and /roadmap progress. */
export async function measurePong(pong: BenchWorld, roadmap: Roadmap, options: BenchOptions): Promise<LatencySummary> {
  const count = options.rate * options.seconds;
  // The same payload as a check (the pong bot ignores its options): only the handling differs.
  await driveSteady(options.rate, Math.max(20, Math.floor(count / 4)), checkSender(pong, roadmap, 1));
  return (await driveSteady(options.rate, count, checkSender(pong, roadmap, 2))).summary;
}

export async function measureBotLatency(
  bot: BenchWorld,
  roadmap: Roadmap,
  options: BenchOptions,
  floors: { pong: LatencySummary; durablePong: LatencySummary },
): Promise<InteractionResults> {
  const { pong, durablePong } = floors;
  const count = options.rate * options.seconds;
  // Warm-up: JIT, the connection pool, Postgres' caches.
  await driveSteady(options.rate, Math.max(20, Math.floor(count / 4)), checkSender(bot, roadmap, 3));
  await driveSteady(options.rate, Math.max(20, Math.floor(count / 10)), progressSender(bot, 4));
  // What autovacuum does on a live database within a minute of such writes: without statistics the
  // planner may read a member's rows through the guild-wide index (every member's rows of the guild).
  await bot.database?.pool.query("analyze");
  const check = (await driveSteady(options.rate, count, checkSender(bot, roadmap, 5))).summary;
  const progress = (await driveSteady(options.rate, count, progressSender(bot, 6))).summary;
  return {
    design: DESIGN,
    rate: options.rate,
    seconds: options.seconds,
    pong,
    durablePong,
    check,
    progress,
    targets: {
      checkP50AtMost2xPong: check.p50Ms <= 2 * pong.p50Ms,
      checkP99AtMost15Ms: check.p99Ms <= 15,
    },
  };
}

export const ratio = (value: number, floor: number): number => round(value / floor, 2);
