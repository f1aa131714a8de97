import { PermissionFlagsBits } from "discord.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { manualClock } from "../../src/clock.ts";
import { type StandIn } from "../standin/index.ts";
import type { TestBot } from "../support/bot.ts";
import { pngSize } from "../support/pictures.ts";
import { startBotWorld, type BotWorld } from "../support/world.ts";

let standIn: StandIn;
let bot: TestBot;
let roadmap: Roadmap;
const clock = manualClock(new Date("2026-03-02T10:00:00Z"));

let world: BotWorld;

beforeAll(async () => {
  world = await startBotWorld({ clock, pictures: true });
  ({ standIn, bot, roadmap } = world);
  // The worker loads fonts once (about a second); replies only wait for warm pictures.
  await bot.context.pictures!.leaderboard({ title: "warm-up", entries: [] });
});

afterAll(() => world?.stop());

afterEach(() => {
  standIn.assertNoViolations();
});

describe("pictures", () => {
  it("attaches a progress card to /roadmap progress, with the embed as the text fallback", async () => {
    const guild = standIn.addGuild({ name: "Picture Group" });
    const member = guild.addMember({ username: "ada", globalName: "Ada 学习者 🚀" });
    for (const item of roadmap.items.slice(0, 5)) {
      await (await standIn.command({ member, name: "roadmap", subcommand: "check", options: { item: item.id } })).reply();
    }
    const reply = await (await standIn.command({ member, name: "roadmap", subcommand: "progress" })).reply(15_000);
    expect(reply.embeds[0]!.description).toContain("**5/345**");
    expect(reply.embeds[0]!.image?.url).toContain("progress.png");
    expect(reply.files).toHaveLength(1);
    expect(pngSize(reply.files[0]!.data)).toEqual({ width: 800, height: 400 });
  });

  it("answers a burst of /roadmap progress in time, leaving out pictures that would be late", async () => {
    const guild = standIn.addGuild({ name: "Burst Group" });
    const members = Array.from({ length: 12 }, (_, i) => guild.addMember({ username: `burst${i}` }));
    const handles = await Promise.all(members.map((member) => standIn.command({ member, name: "roadmap", subcommand: "progress" })));
    const replies = await Promise.all(handles.map((handle) => handle.reply(10_000)));
    for (const handle of handles) expect(handle.callbackLatencyMs).toBeLessThan(3_000);
    expect(replies.every((reply) => reply.embeds[0]?.description?.includes("/345"))).toBe(true);
    const withPicture = replies.filter((reply) => reply.files.length === 1);
    expect(withPicture.length).toBeGreaterThan(0);
    for (const reply of replies.filter((r) => r.files.length === 0)) expect(reply.embeds[0]!.image).toBeUndefined();
  });

  it("attaches the top-ten image to the weekly leaderboard post, with names members used", async () => {
    const guild = standIn.addGuild({ name: "Weekly Pictures" });
    const channel = guild.addChannel({ name: "progress" });
    const organiser = guild.addMember({ username: "organiser", permissions: PermissionFlagsBits.ManageGuild });
    const members = ["ann", "ben", "cy"].map((username) => guild.addMember({ username }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await (await standIn.command({ member: organiser, name: "roadmap-admin", subcommand: "setup", options: { channel } })).reply();
    for (const [i, member] of members.entries()) {
      for (const item of roadmap.items.slice(0, 3 - i)) {
        await (await standIn.command({ member, name: "roadmap", subcommand: "check", options: { item: item.id } })).reply();
      }
    }
    await (await standIn.command({ member: organiser, name: "roadmap-admin", subcommand: "post-leaderboard" })).reply();
    const post = await standIn.waitForChannelMessage(channel, (m) => m.files.length > 0, 15_000);
    expect(post.embeds[0]!.image?.url).toContain("leaderboard.png");
    const { width, height } = pngSize(post.files[0]!.data);
    expect(width).toBe(800);
    expect(height).toBeGreaterThan(200);
    const stored = await bot.context.db.selectFrom("members").select("display_name").where("user_id", "=", members[0]!.id).executeTakeFirst();
    expect(stored?.display_name).toBe("ann");
  });

  it("attaches the group's map to /roadmap group's overview, not to its section pages", async () => {
    const guild = standIn.addGuild({ name: "Map Picture Group" });
    const members = ["ann", "ben", "cy"].map((username) => guild.addMember({ username }));
    const hidden = guild.addMember({ username: "private" });
    for (const [i, member] of [...members, hidden].entries()) {
      for (const item of roadmap.items.slice(0, 4 + i * 3)) {
        await (await standIn.command({ member, name: "roadmap", subcommand: "check", options: { item: item.id } })).reply();
      }
    }
    await (await standIn.command({ member: hidden, name: "roadmap", subcommand: "privacy", options: { hidden: true } })).reply();

    const reply = await (await standIn.command({ member: members[0]!, name: "roadmap", subcommand: "group" })).reply(15_000);
    expect(reply.embeds[0]!.title).toContain("Stage 1");
    expect(reply.embeds[0]!.image?.url).toBe("attachment://group-map.png");
    expect(reply.files.map((file) => file.filename)).toEqual(["group-map.png"]);
    expect(pngSize(reply.files[0]!.data).width).toBe(800);

    const row = reply.components[0] as { components: { custom_id: string; label: string }[] };
    const nextButton = row.components.find((b) => b.label.includes("Next"))!;
    const next = await (await standIn.pressButton({ member: members[0]!, message: reply, customId: nextButton.custom_id })).reply();
    expect(next.embeds[0]!.description).toContain("1.1 Python fundamentals");
    expect(next.files).toEqual([]);
    expect(next.embeds[0]!.image).toBeUndefined();

    const backRow = next.components[0] as { components: { custom_id: string; label: string }[] };
    const previous = backRow.components.find((b) => b.label.includes("Previous"))!;
    const back = await (await standIn.pressButton({ member: members[0]!, message: next, customId: previous.custom_id })).reply();
    expect(back.embeds[0]!.image?.url).toBe("attachment://group-map.png");
    expect(back.files.map((file) => file.filename)).toEqual(["group-map.png"]);
  });
});
