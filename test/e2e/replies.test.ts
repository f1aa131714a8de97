import { PermissionFlagsBits } from "discord.js";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { manualClock } from "../../src/clock.ts";
import type { ChannelModel, GuildModel, MemberModel, StandIn } from "../standin/index.ts";
import { waitFor } from "../support/wait.ts";
import { startBotWorld, type BotWorld } from "../support/world.ts";

// Tuesday 3 March 2026, 11:00 in Berlin.
const clock = manualClock(new Date("2026-03-03T10:00:00Z"));
let world: BotWorld;
let standIn: StandIn;
let roadmap: Roadmap;
let guild: GuildModel;
let channel: ChannelModel;
let organiser: MemberModel;

type Options = Record<string, string | number | boolean | ChannelModel>;

async function run(member: MemberModel, subcommand: string, options: Options = {}, name = "roadmap") {
  return (await standIn.command({ member, channel: guild.textChannels[0], name, subcommand, options: options as never })).reply();
}

async function check(member: MemberModel, indexes: Iterable<number>) {
  for (const i of indexes) await run(member, "check", { item: roadmap.items[i]!.id });
}

async function setup(options: Options = {}) {
  return run(organiser, "setup", { channel, day: "monday", time: "09:00", timezone: "Europe/Berlin", ...options }, "roadmap-admin");
}

async function nextPostAt(): Promise<Date | null> {
  const row = await world.bot.context.db.selectFrom("guilds").select("next_post_at").where("guild_id", "=", guild.id).executeTakeFirst();
  return row?.next_post_at ?? null;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

beforeAll(async () => {
  world = await startBotWorld({ clock });
  ({ standIn, roadmap } = world);
});

afterAll(() => world?.stop());

beforeEach(async () => {
  clock.set(new Date("2026-03-03T10:00:00Z"));
  guild = standIn.addGuild({ name: "Replies Group" });
  channel = guild.addChannel({ name: "progress" });
  organiser = guild.addMember({ username: "organiser", permissions: PermissionFlagsBits.ManageGuild });
  await new Promise((resolve) => setTimeout(resolve, 100));
});

afterEach(() => {
  standIn.assertNoViolations();
});

describe("/roadmap stage", () => {
  it("repeats the section's heading, marked continued, on a page that starts inside it", async () => {
    const member = guild.addMember({ username: "reader" });
    const first = await run(member, "stage", { number: 2 });
    const row = first.components[0] as { components: { custom_id: string; label: string }[] };
    const next = row.components.find((button) => button.label.includes("Next"))!;
    const second = await (await standIn.pressButton({ member, message: first, customId: next.custom_id })).reply();
    const lines = second.embeds[0]!.description!.split("\n");
    expect(lines[0]).toBe("**2.2 Prompt engineering** (continued)");
    expect(lines[1]).toMatch(/^⬜ /);
    expect(second.embeds[0]!.footer!.text).toContain("page 2/4");
  });
});

describe("/roadmap group", () => {
  it("names each figure of a section: who finished it, and how much of it the group has done", async () => {
    const members = range(0, 6).map((i) => guild.addMember({ username: `member${i}` }));
    await check(members[0]!, range(0, 24)); // all of 1.1
    for (const member of members.slice(1)) await check(member, [0]);
    const overview = await run(members[0]!, "group", { stage: 1 });
    const line = overview.embeds[0]!.description!.split("\n").find((l) => l.startsWith("**1.1 "))!;
    // 24 + 5 of 6 × 24 item checks: 20%, and the bar shows that share, not the finishers'.
    expect(line).toContain("finished by 1/6 members");
    expect(line).toContain("20% of its items done `██░░░░░░`");
  });

  it("has no page footer while nobody has started (there is nothing to page)", async () => {
    const reply = await run(guild.addMember({ username: "early" }), "group");
    expect(reply.embeds[0]!.footer!.text).not.toContain("page");
  });
});

describe("options with choices", () => {
  it("understands a choice's name in any case, not only its value", async () => {
    const member = guild.addMember({ username: "chooser" });
    await check(member, [0]);
    expect((await run(member, "leaderboard", { period: "All time" })).embeds[0]!.title).toBe("🏆 All-time leaderboard");
    expect((await run(member, "leaderboard", { period: "this MONTH" })).embeds[0]!.title).toBe("🏆 This month's leaderboard");
    expect((await run(member, "leaderboard", { period: "Last-Week" })).embeds[0]!.title).toBe("🏆 Last week's final standings");
    const exported = await run(member, "export", { format: "Spreadsheet (.csv)" });
    expect(exported.files[0]!.filename).toMatch(/\.csv$/);
  });

  it("refuses a value outside the choices politely, listing them, and changes nothing", async () => {
    const member = guild.addMember({ username: "forger" });
    const board = await run(member, "leaderboard", { period: "forever" });
    expect(board.ephemeral).toBe(true);
    expect(board.embeds).toHaveLength(0);
    expect(board.content).toContain('"forever" is not one of the choices for `period`');
    expect(board.content).toContain("**All time**");

    const refused = await setup({ day: "someday" });
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toContain("**Monday**");
    expect(await nextPostAt()).toBeNull();

    const remind = await run(member, "remind", { weekday: "never" });
    expect(remind.content).toContain("**Off**");
    const row = await world.bot.context.db.selectFrom("members").select("remind_weekday").where("guild_id", "=", guild.id).where("user_id", "=", member.id).executeTakeFirst();
    expect(row?.remind_weekday ?? null).toBeNull();
  });
});

describe("weekdays, weeks and pages", () => {
  it("names weekdays properly in setup, settings and reminders", async () => {
    expect((await setup({ day: "Friday" })).content).toContain("every **Friday** at **09:00** (Europe/Berlin)");
    expect(JSON.stringify((await run(organiser, "settings", {}, "roadmap-admin")).embeds)).toContain("Friday 09:00 (Europe/Berlin)");
    expect((await run(organiser, "remind", { weekday: "wednesday", time: "18:00" })).content).toContain("every **Wednesday** at **18:00**");
  });

  it("shows a week as its seven days in the group's time zone, and no page footer on a one-page board", async () => {
    await setup();
    const member = guild.addMember({ username: "weekly" });
    await check(member, [0]);
    const embed = (await run(member, "leaderboard")).embeds[0]!;
    expect(embed.description).toContain("Mon, Mar 2 – Sun, Mar 8 (Europe/Berlin)");
    expect(embed.description).not.toContain("→");
    expect(embed.footer!.text).not.toContain("page");
  });
});

describe("empty periods", () => {
  it("tells a finished week in the past tense, and a running one as an invitation", async () => {
    const member = guild.addMember({ username: "quiet" });
    const last = (await run(member, "leaderboard", { period: "last-week" })).embeds[0]!;
    expect(last.description).toContain("Nobody checked an item that week.");
    expect(last.description).not.toContain("Be the first");
    expect((await run(member, "leaderboard")).embeds[0]!.description).toContain("Nobody has checked an item this week yet. Be the first");
  });

  it("posts a short note for a quiet week, or nothing once the organiser chose to skip them", async () => {
    expect((await setup()).content).toContain("gets a short note");
    clock.set(new Date("2026-03-09T08:00:01Z")); // Monday 09:00:01 in Berlin
    const post = await standIn.waitForChannelMessage(channel);
    expect(post.embeds[0]!.description).toContain("A quiet week: nobody checked an item.");
    expect(post.embeds[0]!.fields ?? []).toHaveLength(0); // no empty table, no totals of zero

    expect((await setup({ empty_weeks: "skip" })).content).toContain("gets no post");
    expect(JSON.stringify((await run(organiser, "settings", {}, "roadmap-admin")).embeds)).toContain("No post when nobody checked anything");
    clock.set(new Date("2026-03-16T08:00:01Z"));
    await waitFor(async () => ((await nextPostAt())?.getTime() ?? 0) > clock.now().getTime(), "the quiet week's slot to pass");
    expect(standIn.channelMessages(channel)).toHaveLength(1);
    // The week is still there to ask about.
    const member = guild.addMember({ username: "asker" });
    expect((await run(member, "leaderboard", { period: "last-week" })).embeds[0]!.description).toContain("Nobody checked an item that week.");
  });
});

describe("item autocomplete", () => {
  it("shows the stage, the section's number and its name, within 100 characters", async () => {
    const member = guild.addMember({ username: "typer" });
    const handle = await standIn.autocomplete({ member, name: "roadmap", subcommand: "check", focused: "item", value: "2.3" });
    const choices = await handle.autocompleteChoices();
    expect(choices.length).toBeGreaterThan(0);
    for (const choice of choices) {
      const item = roadmap.item(String(choice.value))!;
      expect(choice.name.length).toBeLessThanOrEqual(100);
      // The title comes first and whole (these titles are short enough); the section's name is cut before it is.
      expect(choice.name.startsWith(`${item.title} · S${item.stage} ${item.section} `)).toBe(true);
    }
    const names = choices.filter((choice) => roadmap.item(String(choice.value))!.section === "2.3").map((choice) => choice.name);
    expect(names.some((name) => name.endsWith("· S2 2.3 RAG (retrieval-augmented generation)"))).toBe(true);
    expect(names.every((name) => name.includes("· S2 2.3 RAG (retrieval"))).toBe(true);
  });
});
