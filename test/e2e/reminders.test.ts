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
// Monday 2 March 2026, 11:00 in Berlin (UTC+1 until the end of March).
const MONDAY = new Date("2026-03-02T10:00:00Z");
// Wednesday 4 March 2026, 18:00 in Berlin.
const WEDNESDAY_SLOT = new Date("2026-03-04T17:00:00Z");
const clock = manualClock(MONDAY);

let guild: GuildModel;
let channel: ChannelModel;
let organiser: MemberModel;

type Options = Record<string, string | number | boolean | ChannelModel>;

async function command(member: MemberModel, name: "roadmap" | "roadmap-admin", subcommand: string, options: Options = {}, inGuild = guild) {
  const handle = await standIn.command({ member, channel: inGuild.textChannels[0], name, subcommand, options: options as never });
  return handle.reply();
}

const remind = (member: MemberModel, options: Options, inGuild = guild) => command(member, "roadmap", "remind", options, inGuild);

async function reminderOf(member: MemberModel) {
  return bot.context.db
    .selectFrom("members")
    .select(["remind_weekday", "remind_time", "remind_next_at"])
    .where("guild_id", "=", member.guild.id)
    .where("user_id", "=", member.id)
    .executeTakeFirst();
}

async function reminderRows(member: MemberModel) {
  return bot.context.db.selectFrom("outbox").selectAll().where("kind", "=", "reminder").where("dedupe_key", "like", `reminder:${member.guild.id}:${member.id}:%`).execute();
}


const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
const unix = (date: Date) => Math.floor(date.getTime() / 1000);

beforeAll(async () => {
  world = await startBotWorld({ clock });
  ({ standIn, bot, roadmap } = world);
});

afterAll(() => world?.stop());

beforeEach(async () => {
  clock.set(MONDAY);
  ({ guild, channel, organiser } = await world.addGroup());
  const setup = await command(organiser, "roadmap-admin", "setup", { channel, day: "monday", time: "09:00", timezone: "Europe/Berlin" });
  expect(setup.content).toContain("Europe/Berlin");
});

afterEach(() => {
  standIn.assertNoViolations();
  expect(bot.logs.text).not.toContain("could not queue weekly reminders");
});

describe("turning reminders on", () => {
  it("confirms by DM and replies ephemerally with the next reminder time in the group's zone", async () => {
    const member = guild.addMember({ username: "ada" });
    await settle();
    const reply = await remind(member, { weekday: "wednesday", time: "18:00" });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain("every **Wednesday** at **18:00** (Europe/Berlin)");
    expect(reply.content).toContain(`<t:${unix(WEDNESDAY_SLOT)}:F>`);
    const dms = standIn.directMessages(member);
    expect(dms).toHaveLength(1);
    expect(dms[0]!.content).toContain("Weekly reminders from **AI Study Group** are on");
    expect(await reminderOf(member)).toEqual({ remind_weekday: 3, remind_time: "18:00", remind_next_at: WEDNESDAY_SLOT });
  });

  it("defaults to 18:00", async () => {
    const member = guild.addMember({ username: "dee" });
    await settle();
    const reply = await remind(member, { weekday: "wednesday" });
    expect(reply.content).toContain("at **18:00**");
    expect((await reminderOf(member))?.remind_time).toBe("18:00");
  });
});

describe("weekly reminders", () => {
  it("DM a member who checked nothing this week exactly once, with their next items, and not one who did", async () => {
    const [idle, busy] = [guild.addMember({ username: "idle" }), guild.addMember({ username: "busy" })];
    await settle();
    // Last week the idle member did the first two items; this week nothing.
    clock.set(new Date("2026-02-25T12:00:00Z"));
    for (const i of [0, 1]) await command(idle, "roadmap", "check", { item: roadmap.items[i]!.id });
    clock.set(MONDAY);
    await remind(idle, { weekday: "wednesday", time: "18:00" });
    await remind(busy, { weekday: "wednesday", time: "18:00" });
    await command(busy, "roadmap", "check", { item: roadmap.items[0]!.id });

    clock.set(new Date(WEDNESDAY_SLOT.getTime() + 1_000));
    await waitFor(() => standIn.directMessages(idle).length === 2);
    const reminder = standIn.directMessages(idle)[1]!;
    expect(reminder.content).toContain("haven't checked anything off this week");
    expect(reminder.content).not.toMatch(/https?:\/\//);
    const listed = reminder.embeds[0]!.description!;
    for (const i of [2, 3, 4]) expect(listed).toContain(roadmap.items[i]!.title);
    expect(listed).not.toContain(roadmap.items[0]!.title);
    expect(reminder.message.nonce).toBeDefined();

    await ticks(2);
    expect(standIn.directMessages(idle)).toHaveLength(2);
    expect(standIn.directMessages(busy)).toHaveLength(1); // only the confirmation
    expect((await reminderOf(idle))?.remind_next_at).toEqual(new Date("2026-03-11T17:00:00Z"));
    expect((await reminderOf(busy))?.remind_next_at).toEqual(new Date("2026-03-11T17:00:00Z"));
  });

  it("still reach members who are hidden from the leaderboards", async () => {
    const member = guild.addMember({ username: "shy" });
    await settle();
    await command(member, "roadmap", "privacy", { hidden: true });
    await remind(member, { weekday: "wednesday", time: "18:00" });
    clock.set(new Date(WEDNESDAY_SLOT.getTime() + 1_000));
    await waitFor(() => standIn.directMessages(member).length === 2);
  });

  it("skip missed slots after downtime: one reminder, then the next slot after now", async () => {
    const member = guild.addMember({ username: "late" });
    await settle();
    await remind(member, { weekday: "wednesday", time: "18:00" });
    clock.set(new Date("2026-03-19T10:00:00Z")); // two slots missed (4 and 11 March)
    await waitFor(() => standIn.directMessages(member).length === 2);
    await ticks(2);
    expect(standIn.directMessages(member)).toHaveLength(2);
    expect((await reminderOf(member))?.remind_next_at).toEqual(new Date("2026-03-25T17:00:00Z"));
  });
});

describe("direct messages closed", () => {
  it("tells the member how to open them and stores nothing", async () => {
    const member = guild.addMember({ username: "closed", acceptsDirectMessages: false });
    await settle();
    const reply = await remind(member, { weekday: "wednesday", time: "18:00" });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain("DMs are closed for this server");
    expect(reply.content).toContain("Privacy Settings");
    expect(standIn.directMessages(member)).toHaveLength(0);
    const row = await reminderOf(member);
    expect(row?.remind_next_at ?? null).toBeNull();
    expect(row?.remind_weekday ?? null).toBeNull();
  });

  it("switches the reminder off when DMs close later, without retrying or blocking the group's posts", async () => {
    const member = guild.addMember({ username: "closes-later" });
    await settle();
    await remind(member, { weekday: "wednesday", time: "18:00" });
    member.user.acceptsDirectMessages = false;

    clock.set(new Date(WEDNESDAY_SLOT.getTime() + 1_000));
    await waitFor(async () => (await reminderRows(member))[0]?.status === "failed");
    const [row] = await reminderRows(member);
    expect(row!.last_error).toContain("DMs closed");
    expect(row!.attempts).toBe(1);
    expect(await reminderOf(member)).toEqual({ remind_weekday: null, remind_time: null, remind_next_at: null });

    await ticks(2);
    expect((await reminderRows(member))[0]!.attempts).toBe(1);
    expect(standIn.directMessages(member)).toHaveLength(1); // the confirmation, from before
    const group = await bot.context.db.selectFrom("guilds").select("delivery_blocked").where("guild_id", "=", guild.id).executeTakeFirstOrThrow();
    expect(group.delivery_blocked).toBeNull();
    await command(organiser, "roadmap-admin", "post-leaderboard");
    await standIn.waitForChannelMessage(channel, (m) => m.embeds[0]?.title?.includes("This week so far") ?? false);
  });

  it("switches the reminder off on a 50007 from Discord's DM route", async () => {
    const member = guild.addMember({ username: "blocked-bot" });
    await settle();
    await remind(member, { weekday: "wednesday", time: "18:00" });
    standIn.failNext({ method: "POST", route: /^\/channels\/\d+\/messages$/, status: 403, code: 50007, message: "Cannot send messages to this user" });
    clock.set(new Date(WEDNESDAY_SLOT.getTime() + 1_000));
    await waitFor(async () => (await reminderRows(member))[0]?.status === "failed");
    expect((await reminderOf(member))?.remind_next_at ?? null).toBeNull();
  });
});

describe("changing reminders", () => {
  it("off turns them off", async () => {
    const member = guild.addMember({ username: "stopper" });
    await settle();
    await remind(member, { weekday: "friday", time: "07:30" });
    expect((await reminderOf(member))?.remind_weekday).toBe(5);
    const reply = await remind(member, { weekday: "off" });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain("reminders are off");
    expect(await reminderOf(member)).toEqual({ remind_weekday: null, remind_time: null, remind_next_at: null });
    clock.set(new Date("2026-03-06T07:00:00Z"));
    await ticks(2);
    expect(standIn.directMessages(member)).toHaveLength(1);
  });

  it("refuses a malformed time and changes nothing", async () => {
    const member = guild.addMember({ username: "typo" });
    await settle();
    await remind(member, { weekday: "wednesday", time: "18:00" });
    const before = await reminderOf(member);
    for (const time of ["25:00", "6pm", "18:7"]) {
      const reply = await remind(member, { weekday: "monday", time });
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toContain("HH:MM");
    }
    expect(await reminderOf(member)).toEqual(before);
    expect(standIn.directMessages(member)).toHaveLength(1);
  });
});

describe("two bot processes on one database", () => {
  it("send each reminder exactly once", async () => {
    await bot.stop();
    const shards = await Promise.all(
      [0, 1].map((id) => world.startBot({ shards: { ids: [id], count: 2 } })),
    );
    try {
      await standIn.waitForReady(2);
      const groups = [0, 1].map((shard) => {
        const g = standIn.addGuild({ name: `Shard group ${shard}`, shard: [shard, 2] });
        g.addChannel({ name: "progress" });
        return { g, member: g.addMember({ username: `member${shard}` }) };
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const { g, member } of groups) {
        expect((await remind(member, { weekday: "wednesday", time: "18:00" }, g)).content).toContain("Weekly reminder on");
      }
      clock.set(new Date("2026-03-04T18:00:01Z")); // 18:00 UTC: these groups never ran setup
      for (const { member } of groups) await waitFor(() => standIn.directMessages(member).length === 2);
      await ticks(3);
      for (const { member } of groups) {
        expect(standIn.directMessages(member)).toHaveLength(2);
        const rows = await shards[0]!.context.db.selectFrom("outbox").select("status").where("dedupe_key", "like", `reminder:${member.guild.id}:%`).execute();
        expect(rows.map((row) => row.status)).toEqual(["delivered"]);
      }
    } finally {
      await Promise.all(shards.map((s) => s.stop()));
      bot = await world.startBot();
    }
  });
});
