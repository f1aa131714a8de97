import { PermissionFlagsBits } from "discord-api-types/v10";
import type { Logger } from "pino";
import type { Roadmap } from "../catalogue/catalogue.ts";
import type { AppContext } from "../context.ts";
import { findGuild } from "../db/guild-repository.ts";
import { outboxBacklog } from "../db/outbox-repository.ts";
import type { ChannelModel, GuildModel, MemberModel, OptionValue, StandIn } from "@roadmap-bot/discord-standin";

/**
 * The sandbox's study group. Ids are fixed so that a kept database (`--data DIR`) finds the same
 * guild, channels and members on the next start.
 */
export const GROUP = {
  guildId: "1100000000000000001",
  generalId: "1100000000000000002",
  progressId: "1100000000000000003",
  name: "AI Study Group",
} as const;

/**
 * The server's roles, lowest first: one per stage for `/roadmap-admin milestone-role` to hand out,
 * and the organisers' above them (an organiser may only choose roles below their own).
 */
const ROLES = [
  { id: "1100000000000000021", name: "Stage 1 graduate", color: 0x3498db },
  { id: "1100000000000000022", name: "Stage 2 graduate", color: 0x9b59b6 },
  { id: "1100000000000000023", name: "Stage 3 graduate", color: 0x2ecc71 },
  { id: "1100000000000000020", name: "Organisers", color: 0xe67e22, permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ManageRoles },
] as const;

interface SeedMember {
  readonly id: string;
  readonly username: string;
  readonly globalName: string;
  readonly organiser?: boolean;
  /** Roadmap items done over the seeded weeks, in roadmap order. */
  readonly itemsDone: number;
  /** Target date, in days after the seeded start. */
  readonly targetInDays?: number;
}

const MEMBERS: readonly SeedMember[] = [
  { id: "1100000000000000010", username: "maya", globalName: "Maya", organiser: true, itemsDone: 8 },
  { id: "1100000000000000011", username: "ada", globalName: "Ada", itemsDone: 27, targetInDays: 240 },
  { id: "1100000000000000012", username: "ben", globalName: "Ben", itemsDone: 16, targetInDays: 365 },
  { id: "1100000000000000013", username: "chen", globalName: "Chen", itemsDone: 11 },
  { id: "1100000000000000014", username: "dina", globalName: "Dina", itemsDone: 6, targetInDays: 300 },
  { id: "1100000000000000015", username: "eli", globalName: "Eli", itemsDone: 3 },
];

/** How far back the seeded progress starts: four weeks, so steady members earn the 4-week streak celebration. */
const SEEDED_DAYS = 27;
const DAY_MS = 24 * 60 * 60_000;

export interface StudyGroup {
  readonly guild: GuildModel;
  readonly general: ChannelModel;
  readonly progress: ChannelModel;
  readonly members: readonly MemberModel[];
  readonly organiser: MemberModel;
}

/** Adds the guild, its #general and #progress channels and its members to the stand-in. */
export function createStudyGroup(standIn: StandIn): StudyGroup {
  const guild = standIn.addGuild({ id: GROUP.guildId, name: GROUP.name, generalChannel: false });
  const general = guild.addChannel({ id: GROUP.generalId, name: "general", topic: "Chat, and run /roadmap commands here" });
  const progress = guild.addChannel({ id: GROUP.progressId, name: "progress", topic: "Weekly leaderboards and milestone celebrations" });
  const organisers = ROLES.map((role) => guild.addRole({ ...role, mentionable: true })).at(-1);
  const members = MEMBERS.map((member) =>
    guild.addMember({
      id: member.id,
      username: member.username,
      globalName: member.globalName,
      ...(member.organiser && { roles: [organisers!] }),
    }),
  );
  const organiser = members[MEMBERS.findIndex((member) => member.organiser)]!;
  return { guild, general, progress, members, organiser };
}

/** Moves the bot's clock (and the stand-in's, so message times agree) to a moment. */
export type MoveClock = (to: Date) => void;

export interface SeedOptions {
  readonly standIn: StandIn;
  readonly group: StudyGroup;
  readonly context: AppContext;
  readonly roadmap: Roadmap;
  readonly moveClock: MoveClock;
  readonly logger: Logger;
}

interface CheckEvent {
  readonly at: number;
  readonly member: MemberModel;
  readonly itemId: string;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Spreads each member's checks over the seeded weeks, a little offset per member so they interleave. */
function checkEvents(group: StudyGroup, roadmap: Roadmap, startMs: number, endMs: number): CheckEvent[] {
  const events: CheckEvent[] = [];
  MEMBERS.forEach((seed, index) => {
    const member = group.members[index]!;
    for (let i = 0; i < seed.itemsDone; i++) {
      const share = (i + 1 + index / MEMBERS.length) / (seed.itemsDone + 1);
      events.push({ at: Math.floor(startMs + share * (endMs - startMs)), member, itemId: roadmap.items[i]!.id });
    }
  });
  return events.sort((a, b) => a.at - b.at);
}

/**
 * Makes the group's history the way it would really happen: the organiser runs setup, members
 * set their dates and check items through the bot's own commands, spread over the past weeks,
 * and each weekly leaderboard is posted by the bot's scheduler as the clock passes its slot.
 */
export async function seedStudyGroup(options: SeedOptions): Promise<void> {
  const { standIn, group, context, roadmap, moveClock, logger } = options;
  const endMs = Date.now() - 60_000;
  const startMs = endMs - SEEDED_DAYS * DAY_MS;
  moveClock(new Date(startMs));

  const run = async (member: MemberModel, name: string, subcommand: string, commandOptions: Record<string, OptionValue>): Promise<void> => {
    const handle = await standIn.command({ member, channel: group.general, name, subcommand, options: commandOptions });
    await handle.reply(15_000);
  };

  await run(group.organiser, "roadmap-admin", "setup", { channel: group.progress });
  for (const [index, seed] of MEMBERS.entries()) {
    if (seed.targetInDays === undefined) continue;
    await run(group.members[index]!, "roadmap", "start", { started: isoDate(startMs), target: isoDate(startMs + seed.targetInDays * DAY_MS) });
  }

  for (const event of checkEvents(group, roadmap, startMs + DAY_MS / 4, endMs)) {
    await postDueLeaderboards(options, event.at);
    moveClock(new Date(event.at));
    await run(event.member, "roadmap", "check", { item: event.itemId });
  }
  await postDueLeaderboards(options, Date.now());
  moveClock(new Date());
  await waitFor(async () => (await outboxBacklog(context.db, group.guild.id)).pending === 0, 20_000).catch(() =>
    logger.warn("the sandbox's seeded milestone posts are still waiting; they will appear shortly"),
  );
}

/** Lets the scheduler post every weekly leaderboard whose slot falls before `untilMs`, one week at a time. */
async function postDueLeaderboards(options: SeedOptions, untilMs: number): Promise<void> {
  const { group, context, moveClock, logger } = options;
  for (;;) {
    const slot = (await findGuild(context.db, group.guild.id))?.next_post_at;
    if (!slot || slot.getTime() > untilMs) return;
    moveClock(new Date(slot.getTime() + 30_000));
    // The post is queued when its slot moves on, and delivered when the queue is empty again.
    const posted = await waitFor(async () => {
      const next = (await findGuild(context.db, group.guild.id))?.next_post_at;
      if (!next || next.getTime() <= slot.getTime()) return false;
      return (await outboxBacklog(context.db, group.guild.id)).pending === 0;
    }, 20_000).then(
      () => true,
      () => false,
    );
    if (!posted) {
      logger.warn({ slot }, "the seeded weekly leaderboard did not appear in time; going on without it");
      return;
    }
  }
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
