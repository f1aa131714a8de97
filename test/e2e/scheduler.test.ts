import { PermissionFlagsBits } from "discord.js";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { manualClock } from "../../src/clock.ts";
import { type ChannelModel, type GuildModel, type MemberModel, type StandIn } from "../standin/index.ts";
import type { TestBot } from "../support/bot.ts";
import { startBotWorld, type BotWorld } from "../support/world.ts";
import { schedulerTicks as ticks, waitFor } from "../support/wait.ts";

let standIn: StandIn;
let bot: TestBot;
let world: BotWorld;
let roadmap: Roadmap;
// Monday 2 March 2026, 08:00 UTC = 09:00 in Berlin.
const clock = manualClock(new Date("2026-03-02T06:00:00Z"));

let guild: GuildModel;
let channel: ChannelModel;
let organiser: MemberModel;

async function command(member: MemberModel, name: "roadmap" | "roadmap-admin", subcommand: string, options: Record<string, string | number | boolean | MemberModel | ChannelModel | { id: string; name: string }> = {}) {
  const handle = await standIn.command({ member, channel: guild.textChannels[0], name, subcommand, options: options as never });
  return handle.reply();
}

async function checkItems(member: MemberModel, items: readonly number[]) {
  for (const i of items) {
    clock.advance(1_000);
    await command(member, "roadmap", "check", { item: roadmap.items[i]!.id });
  }
}



beforeAll(async () => {
  world = await startBotWorld({ clock });
  ({ standIn, bot, roadmap } = world);
});

afterAll(() => world?.stop());

beforeEach(async () => {
  clock.set(new Date("2026-03-02T06:00:00Z"));
  ({ guild, channel, organiser } = await world.addGroup());
});

afterEach(() => {
  standIn.assertNoViolations();
});

async function setup(options: Record<string, string> = {}) {
  return command(organiser, "roadmap-admin", "setup", { channel, day: "monday", time: "09:00", timezone: "Europe/Berlin", ...options });
}

describe("organiser setup", () => {
  it("sets the channel and schedule, and shows the next post in settings", async () => {
    const reply = await setup();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain("every **Monday** at **09:00** (Europe/Berlin)");
    // 06:00 UTC is 07:00 in Berlin: today's 09:00 slot is still ahead.
    const slot = Math.floor(new Date("2026-03-02T08:00:00Z").getTime() / 1000);
    expect(reply.content).toContain(`<t:${slot}:F>`);
    const settings = await command(organiser, "roadmap-admin", "settings");
    expect(JSON.stringify(settings.embeds)).toContain(`<t:${slot}:F>`);
    // The new weeks' scores are built at setup, not by the first member who opens a leaderboard.
    const built = await sql<{ n: number }>`select count(*)::int as n from score_periods where guild_id = ${guild.id}`.execute(bot.context.db);
    expect(built.rows[0]!.n).toBeGreaterThanOrEqual(2);
  });

  it("refuses members without Manage Server and changes nothing", async () => {
    const member = guild.addMember({ username: "member" });
    const reply = await command(member, "roadmap-admin", "setup", { channel });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain("Only organisers");
    const row = await bot.context.db.selectFrom("guilds").selectAll().where("guild_id", "=", guild.id).executeTakeFirst();
    expect(row?.channel_id ?? null).toBeNull();
  });

  it("refuses a channel the bot cannot post in, a malformed time and an unknown zone", async () => {
    const closed = guild.addChannel({ name: "closed", botCanSend: false });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await command(organiser, "roadmap-admin", "setup", { channel: closed })).content).toMatch(/can't (post in|see)/);
    expect((await setup({ time: "25:00" })).content).toContain("HH:MM");
    expect((await setup({ timezone: "Mars/Olympus" })).content).toContain("not a time zone I know");
  });

  it("autocompletes real time zone names", async () => {
    const handle = await standIn.autocomplete({ member: organiser, name: "roadmap-admin", subcommand: "setup", focused: "timezone", value: "berl", options: { channel } });
    const choices = await handle.autocompleteChoices();
    expect(choices.map((c) => c.value)).toContain("Europe/Berlin");
    expect(choices.length).toBeLessThanOrEqual(25);
  });
});

describe("weekly leaderboard", () => {
  it("posts once at the configured local time, in order, ties to whoever got there first", async () => {
    clock.set(new Date("2026-03-02T10:00:00Z")); // after this week's slot: first post is next Monday
    await setup();
    const [a, b, c] = [guild.addMember({ username: "ada" }), guild.addMember({ username: "bob" }), guild.addMember({ username: "cy" })];
    await checkItems(a, [0, 1]);
    await checkItems(b, [0, 1, 2]);
    await checkItems(c, [0, 1]);
    await ticks(2);
    expect(standIn.channelMessages(channel)).toHaveLength(0);

    clock.set(new Date("2026-03-09T08:00:01Z")); // Monday 09:00:01 in Berlin
    const post = await standIn.waitForChannelMessage(channel, (m) => m.embeds[0]?.title?.includes("Weekly leaderboard") ?? false);
    const lines = post.embeds[0]!.description!.split("\n").filter((line) => line.includes("<@"));
    expect(lines.map((line) => /<@(\d+)>/.exec(line)![1])).toEqual([b.id, a.id, c.id]);
    expect(post.embeds[0]!.fields?.find((f) => f.name === "The group")?.value).toContain("7 items done");
    expect(post.message.nonce).toBeDefined();

    await ticks(2);
    expect(standIn.channelMessages(channel)).toHaveLength(1);
  });

  it("catches up once after downtime, labelled late, without back-filling older weeks", async () => {
    await setup();
    await bot.stop();
    clock.set(new Date("2026-03-18T12:00:00Z")); // two slots missed (9 and 16 March)
    bot = await world.startBot();
    const post = await standIn.waitForChannelMessage(channel);
    expect(post.embeds[0]!.title).toContain("posted late");
    await ticks(2);
    expect(standIn.channelMessages(channel)).toHaveLength(1);
  });

  it("retries after a 429 and posts once", async () => {
    await setup();
    standIn.failNext({ method: "POST", route: `/channels/${channel.id}/messages`, status: 429, times: 2, retryAfterSeconds: 0.2 });
    clock.set(new Date("2026-03-02T08:00:05Z"));
    await standIn.waitForChannelMessage(channel);
    await ticks(1);
    expect(standIn.channelMessages(channel)).toHaveLength(1);
  });

  it("stops deliveries on 403 and says so in settings until setup runs again", async () => {
    await setup();
    standIn.failNext({ method: "POST", route: `/channels/${channel.id}/messages`, status: 403, times: 1 });
    clock.set(new Date("2026-03-02T08:00:05Z"));
    await ticks(2);
    expect(standIn.channelMessages(channel)).toHaveLength(0);
    const settings = await command(organiser, "roadmap-admin", "settings");
    expect(JSON.stringify(settings.embeds)).toContain("Deliveries stopped");
    expect(JSON.stringify(settings.embeds)).toContain("Missing Access");

    await setup();
    await standIn.waitForChannelMessage(channel);
    expect(standIn.channelMessages(channel)).toHaveLength(1);
  });

  it("posts this week's leaderboard now on an organiser's request", async () => {
    clock.set(new Date("2026-03-02T10:00:00Z")); // after this week's slot: nothing else is due
    await setup();
    await checkItems(guild.addMember({ username: "dee" }), [0]);
    const reply = await command(organiser, "roadmap-admin", "post-leaderboard");
    expect(reply.content).toContain("Posting this week's leaderboard");
    const post = await standIn.waitForChannelMessage(channel);
    expect(post.embeds[0]!.title).toContain("This week so far");
  });
});

describe("/roadmap leaderboard", () => {
  it("shows the caller's rank and leaves hidden members out", async () => {
    clock.set(new Date("2026-03-03T10:00:00Z"));
    const [a, b] = [guild.addMember({ username: "ann" }), guild.addMember({ username: "ben" })];
    await checkItems(a, [0, 1, 2]);
    await checkItems(b, [0]);
    await command(a, "roadmap", "privacy", { hidden: true });
    const reply = await command(b, "roadmap", "leaderboard");
    const embed = reply.embeds[0]!;
    expect(embed.description).not.toContain(a.id);
    expect(embed.description).toContain(`<@${b.id}>`);
    expect(embed.fields?.find((f) => f.name === "Your rank")?.value).toContain("#1 of 1");
    expect(embed.fields?.find((f) => f.name === "The group")?.value).toContain("4 items done");
  });
});

describe("milestones", () => {
  it("celebrates the 100th Stage 1 item once, and not again after uncheck and re-check", async () => {
    await setup();
    clock.set(new Date("2026-03-03T10:00:00Z"));
    const member = guild.addMember({ username: "finisher" });
    const stage1 = Array.from({ length: 100 }, (_, i) => i);
    for (const i of stage1.slice(0, 99)) await command(member, "roadmap", "check", { item: roadmap.items[i]!.id });
    const last = await command(member, "roadmap", "check", { item: roadmap.items[99]!.id });
    expect(last.content).toContain("Milestone: you completed **Stage 1: Foundational Skills**");

    const post = await standIn.waitForChannelMessage(channel, (m) => m.content.includes("Stage 1"));
    expect(post.content).toContain(`<@${member.id}>`);
    expect(post.embeds[0]!.fields?.[0]?.value).toContain("Clean, professional Python code");
    const posts = () => standIn.channelMessages(channel).filter((m) => m.content.includes("Stage 1"));

    await command(member, "roadmap", "uncheck", { item: roadmap.items[99]!.id });
    await command(member, "roadmap", "check", { item: roadmap.items[99]!.id });
    await ticks(2);
    expect(posts()).toHaveLength(1);
  });
});

describe("two bot processes on one database", () => {
  it("post each leaderboard and each milestone exactly once", async () => {
    // Two shards of one bot in two processes, as in a sharded deployment or a rolling deploy.
    await bot.stop();
    const shards = await Promise.all(
      [0, 1].map((id) => world.startBot({ shards: { ids: [id], count: 2 } })),
    );
    try {
      await standIn.waitForReady(2);
      clock.set(new Date("2026-03-02T10:00:00Z"));
      const groups = Array.from({ length: 8 }, (_, i) => {
        const g = standIn.addGuild({ name: `Group ${i}`, shard: [i % 2, 2] });
        return { g, ch: g.addChannel({ name: "progress" }), org: g.addMember({ username: `org${i}`, permissions: PermissionFlagsBits.ManageGuild }) };
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const { ch, org } of groups) {
        const handle = await standIn.command({ member: org, channel: ch, name: "roadmap-admin", subcommand: "setup", options: { channel: ch } });
        expect((await handle.reply()).content).toContain("Weekly leaderboard");
      }
      // A milestone whose first delivery fails, so that both processes later compete to retry it.
      const { g, ch } = groups[0]!;
      const member = g.addMember({ username: "racer" });
      await new Promise((resolve) => setTimeout(resolve, 100));
      for (let i = 0; i < 99; i++) {
        await (await standIn.command({ member, channel: ch, name: "roadmap", subcommand: "check", options: { item: roadmap.items[i]!.id } })).reply();
      }
      standIn.failNext({ method: "POST", route: `/channels/${ch.id}/messages`, status: 500, times: 4 });
      await (await standIn.command({ member, channel: ch, name: "roadmap", subcommand: "check", options: { item: roadmap.items[99]!.id } })).reply();
      await waitFor(async () => {
        const row = await shards[0]!.context.db.selectFrom("outbox").select("last_error").where("kind", "=", "milestone").where("last_error", "is not", null).executeTakeFirst();
        return row !== undefined;
      });

      clock.set(new Date("2026-03-09T09:00:01Z")); // their slot: Monday 09:00 UTC
      await ticks(4);
      for (const { ch: channelOfGroup } of groups) {
        const posts = standIn.channelMessages(channelOfGroup);
        expect(posts.filter((m) => m.embeds[0]?.title?.includes("Weekly leaderboard"))).toHaveLength(1);
      }
      expect(standIn.channelMessages(ch).filter((m) => m.content.includes("Stage 1"))).toHaveLength(1);
      const rows = await shards[0]!.context.db.selectFrom("outbox").select("status").execute();
      expect(rows.every((row) => row.status === "delivered")).toBe(true);
    } finally {
      await Promise.all(shards.map((s) => s.stop()));
      bot = await world.startBot();
    }
  });
});

describe("milestone roles", () => {
  async function finishStage1(member: MemberModel) {
    for (let i = 0; i < 100; i++) await command(member, "roadmap", "check", { item: roadmap.items[i]!.id });
  }

  const POSTING = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks;

  async function groupWhereBotHas(permissions: bigint) {
    guild = standIn.addGuild({ name: "Role Group", botPermissions: permissions });
    channel = guild.addChannel({ name: "progress" });
    // Made first, so it sits below the organiser's role: they could give it themself.
    const role = guild.addRole({ name: "Stage 1 graduate" });
    organiser = guild.addMember({ username: "organiser", permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ManageRoles });
    await new Promise((resolve) => setTimeout(resolve, 100));
    return role;
  }

  it("gives the chosen role to a member who completes the stage", async () => {
    const role = await groupWhereBotHas(POSTING | PermissionFlagsBits.ManageRoles);
    await setup();
    const chosen = await command(organiser, "roadmap-admin", "milestone-role", { stage: 1, role: role as never });
    expect(chosen.content).toContain(`<@&${role.id}>`);
    expect(chosen.content).not.toContain("can't give it");

    const member = guild.addMember({ username: "graduate" });
    await finishStage1(member);
    await waitFor(async () => standIn.roleChanges.some((c) => c.userId === member.id && c.roleId === role.id && c.action === "add"));
  });

  it("skips the reward quietly, with a log line, when the bot lacks Manage Roles", async () => {
    const role = await groupWhereBotHas(POSTING);
    await setup();
    const chosen = await command(organiser, "roadmap-admin", "milestone-role", { stage: 1, role: role as never });
    expect(chosen.content).toContain("I can't give it yet");

    const member = guild.addMember({ username: "graduate2" });
    await finishStage1(member);
    await standIn.waitForChannelMessage(channel, (m) => m.content.includes("Stage 1"));
    await waitFor(async () => bot.logs.text.includes("skipping milestone role reward"));
    expect(standIn.roleChanges.filter((c) => c.userId === member.id)).toEqual([]);
  });
});

describe("leaderboard paging", () => {
  it("opens on the caller's page and pages with buttons", async () => {
    clock.set(new Date("2026-03-03T10:00:00Z"));
    const members = Array.from({ length: 12 }, (_, i) => guild.addMember({ username: `pager${i}` }));
    for (const [i, member] of members.entries()) await checkItems(member, Array.from({ length: 13 - i }, (_, k) => k));
    const last = members.at(-1)!;
    const reply = await command(last, "roadmap", "leaderboard", { period: "week" });
    expect(reply.embeds[0]!.footer?.text).toContain("page 2/2");
    expect(reply.embeds[0]!.description).toContain(`<@${last.id}>`);
    const row = reply.components[0] as { components: { custom_id: string; label: string }[] };
    const previous = row.components.find((b) => b.label.includes("Previous"))!;
    const page1 = await (await standIn.pressButton({ member: last, message: reply, customId: previous.custom_id })).reply();
    expect(page1.embeds[0]!.footer?.text).toContain("page 1/2");
    expect(page1.embeds[0]!.description).toContain(`🥇 <@${members[0]!.id}>`);
    expect(page1.embeds[0]!.fields?.find((f) => f.name === "Your rank")?.value).toContain("#12 of 12");
  });
});
