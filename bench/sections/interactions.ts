import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import type { BenchOptions } from "../support/args.ts";
import { driveSteady, summariseLatencies, type LatencySummary } from "../support/drive.ts";
import { median, round } from "../support/stats.ts";
import { seededRandom } from "../support/synthetic-roadmap.ts";
import type { MemberModel } from "../../test/standin/index.ts";
import { seedSecondTrack } from "../support/second-track.ts";
import type { BenchWorld, Floors } from "../support/worlds.ts";

export interface InteractionResults {
  readonly design: string;
  readonly rate: number;
  readonly seconds: number;
  readonly pong: LatencySummary;
  /** The same pong bot committing one row before each answer: the least a bot that keeps data does. */
  readonly durablePong: LatencySummary;
  readonly check: LatencySummary;
  /** The same checks by members whose Discord is in Brazilian Portuguese: what the translator costs. */
  readonly checkInPortuguese: LatencySummary;
  /** Checks by members of the guild's second track (issue 18), which they used last: no `roadmap:` needed. */
  readonly checkOnSecondTrack: LatencySummary;
  readonly progress: LatencySummary;
  readonly targets: { readonly checkP50AtMost1_25xDurable: boolean; readonly checkP99AtMost15Ms: boolean };
}

export const DESIGN =
  "stand-in in the bench process; the bot under test (node --import tsx src/main.ts), the pong floor and the pong floor committing one row each in their own child process, all connected at once and driven in turns (5 rounds of pong, durable pong, check, check by pt-BR members, check on the guild's second track by its members), so that each figure mixes the same moments of the machine";

/** Rounds the three bots take turns in: a machine that is slower for a while slows all three alike. */
const ROUNDS = 5;
/** Untimed interactions before each turn: the first after seconds of idling pay for waking up. */
const TURN_WARM_UP = 20;

/** `/roadmap check` on random items by random members (of `members`, default all): what a busy study group sends. */
export function checkSender(world: BenchWorld, roadmap: Roadmap, seed: number, options: { locale?: string; members?: readonly MemberModel[] } = {}) {
  const random = seededRandom(seed);
  const members = options.members ?? world.members;
  return () => {
    const member = members[Math.floor(random() * members.length)]!;
    const item = roadmap.items[Math.floor(random() * roadmap.items.length)]!;
    return world.standIn.command({ member, channel: world.channel, locale: options.locale, name: "roadmap", subcommand: "check", options: { item: item.id } });
  };
}

function progressSender(world: BenchWorld, seed: number) {
  const random = seededRandom(seed);
  return () => {
    const member = world.members[Math.floor(random() * world.members.length)]!;
    return world.standIn.command({ member, channel: world.channel, name: "roadmap", subcommand: "progress" });
  };
}

const MEASURED = ["pong", "durablePong", "check", "checkInPortuguese", "checkOnSecondTrack"] as const;
type Measured = (typeof MEASURED)[number];

/**
 * p50/p99 of the callback latency at a steady rate: the pong floor, the durable pong floor and
 * /roadmap check driven in turns, then /roadmap progress.
 */
export async function measureInteractions(worlds: Floors & { readonly bot: BenchWorld }, roadmap: Roadmap, options: BenchOptions): Promise<InteractionResults> {
  const { bot } = worlds;
  // Half the members follow a second track: the other half check the server's own roadmap.
  const ownMembers = bot.members.slice(0, Math.ceil(bot.members.length / 2));
  const trackMembers = bot.members.slice(ownMembers.length);
  await seedSecondTrack(bot, trackMembers, new Date());
  const { rate } = options;
  const count = rate * options.seconds;
  const warmUp = Math.max(20, Math.floor(count / 4));
  // Warm-up: JIT, the connection pools, Postgres' caches. The floors get the same payload as a
  // check (the pong bots ignore its options): only the handling differs.
  await driveSteady(rate, warmUp, checkSender(worlds.pong, roadmap, 1));
  await driveSteady(rate, warmUp, checkSender(worlds.durablePong, roadmap, 2));
  await driveSteady(rate, warmUp, checkSender(bot, roadmap, 3, { members: ownMembers }));
  await driveSteady(rate, warmUp, checkSender(bot, roadmap, 10, { members: trackMembers }));
  await driveSteady(rate, Math.max(20, Math.floor(count / 10)), progressSender(bot, 4));
  // What autovacuum does on a live database within a minute of such writes: without statistics the
  // planner may read a member's rows through the guild-wide index (every member's rows of the guild).
  await bot.database?.pool.query("analyze");

  const senders: Record<Measured, ReturnType<typeof checkSender>> = {
    pong: checkSender(worlds.pong, roadmap, 5),
    durablePong: checkSender(worlds.durablePong, roadmap, 6),
    check: checkSender(bot, roadmap, 7, { members: ownMembers }),
    checkInPortuguese: checkSender(bot, roadmap, 9, { locale: "pt-BR", members: ownMembers }),
    checkOnSecondTrack: checkSender(bot, roadmap, 11, { members: trackMembers }),
  };
  const gathered = Object.fromEntries(MEASURED.map((measured) => [measured, { latencies: [] as number[], answered: 0, sentPerSecond: [] as number[] }])) as Record<
    Measured,
    { latencies: number[]; answered: number; sentPerSecond: number[] }
  >;
  const perRound = Math.max(1, Math.ceil(count / ROUNDS));
  for (let round = 0; round < ROUNDS; round++) {
    for (const measured of MEASURED) {
      await driveSteady(rate, TURN_WARM_UP, senders[measured]);
      const { latencies, summary } = await driveSteady(rate, perRound, senders[measured]);
      const run = gathered[measured];
      run.latencies.push(...latencies);
      run.answered += summary.answered;
      run.sentPerSecond.push(summary.sentPerSecond);
    }
  }
  const summary = (measured: Measured): LatencySummary => {
    const run = gathered[measured];
    return summariseLatencies({ ...run, rate, sentPerSecond: median(run.sentPerSecond) });
  };
  const durablePong = summary("durablePong");
  const check = summary("check");
  const progress = (await driveSteady(rate, count, progressSender(bot, 8))).summary;
  return {
    design: DESIGN,
    rate,
    seconds: options.seconds,
    pong: summary("pong"),
    durablePong,
    check,
    checkInPortuguese: summary("checkInPortuguese"),
    checkOnSecondTrack: summary("checkOnSecondTrack"),
    progress,
    targets: {
      // Issue 16's target: an answer that is never lost costs at least the durable floor.
      checkP50AtMost1_25xDurable: check.p50Ms <= 1.25 * durablePong.p50Ms,
      checkP99AtMost15Ms: check.p99Ms <= 15,
    },
  };
}

export const ratio = (value: number, floor: number): number => round(value / floor, 2);
