import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { type InteractionHandle, type MemberModel, type StandIn } from "../standin/index.ts";
import type { TestBot } from "../support/bot.ts";
import { startBotWorld, type BotWorld } from "../support/world.ts";

let standIn: StandIn;
let bot: TestBot;
let world: BotWorld;
let roadmap: Roadmap;

beforeAll(async () => {
  world = await startBotWorld({ logLevel: "warn" });
  ({ standIn, bot, roadmap } = world);
});

afterAll(() => world?.stop());

describe("a burst of interactions", () => {
  it("answers 500 checks from 200 members sent within one second, each before the deadline, with no lost or doubled rows", async () => {
    const guild = standIn.addGuild({ name: "Busy Group" });
    const members: MemberModel[] = Array.from({ length: 200 }, (_, i) => guild.addMember({ username: `learner${i}` }));
    await new Promise((resolve) => setTimeout(resolve, 200));

    const sends: Promise<InteractionHandle>[] = [];
    // Ten bursts of 50, 90 ms apart: 500 interactions within one second.
    for (let burst = 0; burst < 10; burst++) {
      if (burst > 0) await new Promise((resolve) => setTimeout(resolve, 90));
      for (let j = 0; j < 50; j++) {
        const i = burst * 50 + j;
        const member = members[i % 200]!;
        const item = roadmap.items[Math.floor(i / 200)]!;
        sends.push(standIn.command({ member, name: "roadmap", subcommand: "check", options: { item: item.id } }));
      }
    }
    const handles = await Promise.all(sends);
    const replies = await Promise.all(handles.map((handle) => handle.reply(10_000)));

    expect(replies.filter((reply) => reply.content.includes("Checked"))).toHaveLength(500);
    const latencies = handles.map((handle) => handle.callbackLatencyMs ?? Infinity);
    expect(Math.max(...latencies)).toBeLessThan(3_000);

    const progress = await bot.context.db.selectFrom("progress").select(["user_id", "item_id"]).execute();
    const events = await bot.context.db.selectFrom("progress_events").select("event_id").execute();
    expect(progress).toHaveLength(500);
    expect(new Set(progress.map((row) => `${row.user_id}/${row.item_id}`)).size).toBe(500);
    expect(events).toHaveLength(500);
    // The leaderboard's counts, gathered after the answers, hold every check once.
    await bot.context.scores!.settled(guild.id, roadmap.id);
    const { rows: counts } = await sql<{ score: number; members: number }>`
      select score, members from member_score_counts where guild_id = ${guild.id} and members <> 0 order by score`.execute(bot.context.db);
    expect(counts).toEqual([
      { score: 2, members: 100 },
      { score: 3, members: 100 },
    ]);
    standIn.assertNoViolations();
  });
});
