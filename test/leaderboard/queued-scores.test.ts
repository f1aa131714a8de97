import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { leaderboardView } from "../../src/leaderboard/leaderboard-service.ts";
import type { MemberModel, StandIn } from "../standin/index.ts";
import { connectDatabase } from "../../src/db/connect.ts";
import { silentLogger } from "../support/backends.ts";
import { startBotWorld, type BotWorld } from "../support/world.ts";

let world: BotWorld;
let standIn: StandIn;
let roadmap: Roadmap;

beforeAll(async () => {
  world = await startBotWorld({ logLevel: "warn" });
  ({ standIn, roadmap } = world);
});

afterAll(() => world?.stop());

async function check(member: MemberModel, index: number) {
  return (await standIn.command({ member, name: "roadmap", subcommand: "check", options: { item: roadmap.items[index]!.id } })).reply(5_000);
}

/** The all-time board as a member sees it: each member's items done, by user id. */
async function allTimeScores(guildId: string, viewerId: string): Promise<Map<string, number>> {
  const view = await leaderboardView(world.bot.context, guildId, viewerId, "all", undefined);
  return new Map(view.entries.map((entry) => [entry.userId, entry.score]));
}

/** What the kept counts say against a fresh count of progress: equal when every change is counted. */
async function keptAndFreshCounts(guildId: string) {
  const { db } = world.bot.context;
  const kept = await sql<{ score: number; members: number }>`
    select score, members from member_score_counts where guild_id = ${guildId} and members <> 0 order by score`.execute(db);
  const fresh = await sql<{ score: number; members: number }>`
    select n as score, count(*)::int as members
      from (select user_id, count(*)::int as n from progress where guild_id = ${guildId} group by user_id) p
     group by n order by n`.execute(db);
  return { kept: kept.rows, fresh: fresh.rows };
}

describe("scores counted after the check answers", () => {
  it("answers a check while another transaction holds the guild's count rows, and counts it once they are free", async () => {
    const guild = standIn.addGuild({ name: "Locked Counts" });
    const first = guild.addMember({ username: "first" });
    const second = guild.addMember({ username: "second" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await check(first, 0)).content).toContain("Checked");
    await world.bot.context.scores!.settled(guild.id, roadmap.id);

    // Another session holds every count row of the guild (as a long count or a backup might).
    const other = await connectDatabase({ databaseUrl: world.database.url, dataDir: "", logger: silentLogger });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockedNow = new Promise<void>((resolve) => (locked = resolve));
    const holder = other.db.transaction().execute(async (trx) => {
      await sql`select 1 from member_score_counts where guild_id = ${guild.id} for update`.execute(trx);
      await sql`select 1 from member_score_hour_counts where guild_id = ${guild.id} for update`.execute(trx);
      locked();
      await held;
    });
    try {
      await lockedNow;
      // The check's own rows are its member's: it answers without waiting for the count.
      const reply = await check(second, 0);
      expect(reply.content).toContain("Checked");
    } finally {
      release();
      await holder;
      await other.close();
    }
    expect(await allTimeScores(guild.id, second.id)).toEqual(new Map([[first.id, 1], [second.id, 1]]));
    const counts = await keptAndFreshCounts(guild.id);
    expect(counts.kept).toEqual(counts.fresh);
  });

  it("counts a burst of checks in one guild exactly, as a fresh count of progress does", async () => {
    const guild = standIn.addGuild({ name: "Burst Counts" });
    const members = Array.from({ length: 30 }, (_, i) => guild.addMember({ username: `burst${i}` }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const replies = await Promise.all(members.flatMap((member, i) => Array.from({ length: 1 + (i % 4) }, (_, item) => check(member, item))));
    expect(replies.every((reply) => reply.content.includes("Checked"))).toBe(true);
    const seen = async (member: MemberModel) => (await leaderboardView(world.bot.context, guild.id, member.id, "all", undefined)).caller?.score;
    expect(await seen(members[3]!)).toBe(4);
    expect(await seen(members[0]!)).toBe(1);
    const counts = await keptAndFreshCounts(guild.id);
    expect(counts.kept).toEqual([
      { score: 1, members: 8 },
      { score: 2, members: 8 },
      { score: 3, members: 7 },
      { score: 4, members: 7 },
    ]);
    expect(counts.kept).toEqual(counts.fresh);
    const queued = await sql<{ n: number }>`select count(*)::int as n from score_refreshes where guild_id = ${guild.id}`.execute(world.bot.context.db);
    expect(queued.rows[0]!.n).toBe(0);
  });

  it("counts a change a stopped process committed but never counted, at the next scheduler pass", async () => {
    const guild = standIn.addGuild({ name: "Left Queued" });
    const member = guild.addMember({ username: "queued" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await check(member, 0)).content).toContain("Checked");
    await world.bot.context.scores!.settled(guild.id, roadmap.id);
    // What a process leaves when it stops between a check's commit and its count.
    const { db } = world.bot.context;
    await sql`
      with p as (
        insert into progress (guild_id, user_id, roadmap_id, item_id, done_at)
        values (${guild.id}, ${member.id}, ${roadmap.id}, ${roadmap.items[1]!.id}, now()) returning guild_id, user_id, roadmap_id)
      insert into score_refreshes (guild_id, roadmap_id, user_id) select guild_id, roadmap_id, user_id from p`.execute(db);
    expect(await allTimeScores(guild.id, member.id)).toEqual(new Map([[member.id, 1]]));

    await world.bot.scheduler.tick();
    expect(await allTimeScores(guild.id, member.id)).toEqual(new Map([[member.id, 2]]));
    const counts = await keptAndFreshCounts(guild.id);
    expect(counts.kept).toEqual(counts.fresh);
  });

  it("forgets members queued on a roadmap that no longer exists, and still counts the others at the same pass", async () => {
    const guild = standIn.addGuild({ name: "Gone Roadmap" });
    const member = guild.addMember({ username: "gone" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await check(member, 0)).content).toContain("Checked");
    await world.bot.context.scores!.settled(guild.id, roadmap.id);
    const { db } = world.bot.context;
    // A row for a roadmap nobody stores (removed by hand, say) beside a real change never counted.
    await sql`
      with p as (
        insert into progress (guild_id, user_id, roadmap_id, item_id, done_at)
        values (${guild.id}, ${member.id}, ${roadmap.id}, ${roadmap.items[1]!.id}, now()) returning guild_id, user_id, roadmap_id)
      insert into score_refreshes (guild_id, roadmap_id, user_id)
      select guild_id, roadmap_id, user_id from p
      union all select ${guild.id}, 'no-such-roadmap', ${member.id}`.execute(db);

    await world.bot.scheduler.tick();
    const left = await sql<{ roadmap_id: string }>`select roadmap_id from score_refreshes where guild_id = ${guild.id}`.execute(db);
    expect(left.rows).toEqual([]);
    expect(await allTimeScores(guild.id, member.id)).toEqual(new Map([[member.id, 2]]));
  });
});

