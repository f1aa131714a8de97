import { PermissionFlagsBits } from "discord.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { manualClock } from "../../src/clock.ts";
import type { GuildButtonInteraction } from "../../src/discord/command.ts";
import { encodePager, newPager, pressedPager } from "../../src/discord/pager.ts";
import {
  type ChannelModel,
  type GuildModel,
  type InteractionHandle,
  type MemberModel,
  type MessageView,
  type OptionValue,
  type StandIn,
} from "../standin/index.ts";
import type { TestBot } from "../support/bot.ts";
import { startBotWorld, type BotWorld } from "../support/world.ts";
import { dumpDatabase } from "../support/db-dump.ts";

/*
 * Reliability promise: servers (tenants) are isolated; only the owner changes their progress;
 * only organisers change settings. Two servers share the same people, so any query that forgot
 * its guild id would show up here.
 */

let standIn: StandIn;
let bot: TestBot;
let roadmap: Roadmap;
// Wednesday 4 March 2026: checks made now count in this week's leaderboard.
const clock = manualClock(new Date("2026-03-04T10:00:00Z"));

let north: GuildModel;
let south: GuildModel;
let northChannel: ChannelModel;
let southChannel: ChannelModel;
let northOrganiser: MemberModel;
let southOrganiser: MemberModel;
let userCount = 0;

/** One person who is a member of both servers. */
interface Person {
  readonly north: MemberModel;
  readonly south: MemberModel;
  readonly id: string;
}

function personInBoth(name = `learner${++userCount}`): Person {
  const inNorth = north.addMember({ username: name });
  const inSouth = south.addMember({ user: inNorth.user });
  return { north: inNorth, south: inSouth, id: inNorth.id };
}

function channelOf(member: MemberModel): ChannelModel {
  return member.guild === north ? northChannel : southChannel;
}

function roadmapCommand(member: MemberModel, subcommand: string, options: Record<string, OptionValue> = {}): Promise<InteractionHandle> {
  return standIn.command({ member, channel: channelOf(member), name: "roadmap", subcommand, options });
}

async function roadmapReply(member: MemberModel, subcommand: string, options: Record<string, OptionValue> = {}): Promise<MessageView> {
  return (await roadmapCommand(member, subcommand, options)).reply();
}

async function adminReply(member: MemberModel, subcommand: string, options: Record<string, OptionValue> = {}): Promise<MessageView> {
  return (await standIn.command({ member, channel: channelOf(member), name: "roadmap-admin", subcommand, options })).reply();
}

async function check(member: MemberModel, indexes: readonly number[], note?: string): Promise<void> {
  for (const index of indexes) {
    const reply = await roadmapReply(member, "check", { item: roadmap.items[index]!.id, ...(note !== undefined && { note }) });
    expect(reply.content).toContain("Checked");
  }
}

async function autocomplete(member: MemberModel, subcommand: "check" | "uncheck", value: string) {
  const handle = await standIn.autocomplete({ member, channel: channelOf(member), name: "roadmap", subcommand, focused: "item", value });
  return handle.autocompleteChoices();
}

function nextButton(view: MessageView): string {
  const row = view.components[0] as { components: { custom_id: string; label: string }[] };
  return row.components.find((button) => button.label.includes("Next"))!.custom_id;
}

/** A server's rows of member data, for "the other server was not touched" checks. */
async function memberDataOf(guild: GuildModel): Promise<string> {
  const db = bot.context.db;
  const progress = await db.selectFrom("progress").selectAll().where("guild_id", "=", guild.id).orderBy(["user_id", "item_id"]).execute();
  const events = await db.selectFrom("progress_events").selectAll().where("guild_id", "=", guild.id).orderBy("event_id").execute();
  const members = await db.selectFrom("members").selectAll().where("guild_id", "=", guild.id).orderBy("user_id").execute();
  return JSON.stringify({ progress, events, members });
}

/**
 * Rewrites the next INTERACTION_CREATE as the bot receives it. The stand-in only lets a member
 * press a custom id that is on the message (as Discord does), so a replayed or forged id from
 * another server is swapped in here, after the wire; the interaction id and token stay the
 * stand-in's, so the bot's answer is still checked and recorded.
 */
function tamperNextInteraction(rewrite: (payload: Record<string, unknown>) => void): void {
  const listener = (packet: { t?: string | null; d?: unknown }) => {
    if (packet.t !== "INTERACTION_CREATE") return;
    bot.client.off("raw", listener);
    rewrite(packet.d as Record<string, unknown>);
  };
  bot.client.on("raw", listener);
}

let world: BotWorld;

beforeAll(async () => {
  world = await startBotWorld({
    clock,
    logLevel: "warn",
    beforeBot: (s) => {
      standIn = s;
      north = standIn.addGuild({ name: "North Study Group" });
      south = standIn.addGuild({ name: "South Study Group" });
      northChannel = north.addChannel({ name: "progress" });
      southChannel = south.addChannel({ name: "progress" });
      northOrganiser = north.addMember({ username: "north-organiser", permissions: PermissionFlagsBits.ManageGuild });
      southOrganiser = south.addMember({ username: "south-organiser", permissions: PermissionFlagsBits.ManageGuild });
    },
  });
  ({ bot, roadmap } = world);
});

afterAll(() => world?.stop());

afterEach(() => {
  standIn.assertNoViolations();
  expect(standIn.unknownRoutes).toEqual([]);
});

describe("progress belongs to the server it was checked in", () => {
  it("items checked in one server don't count in the other's /roadmap progress", async () => {
    const ada = personInBoth("ada");
    await check(ada.north, [0, 1, 2]);
    expect((await roadmapReply(ada.north, "progress")).embeds[0]!.description).toContain("**3/345**");
    expect((await roadmapReply(ada.south, "progress")).embeds[0]!.description).toContain("**0/345**");
  });

  it("/roadmap stage in the other server shows those items unticked", async () => {
    const ada = personInBoth();
    await check(ada.north, [0]);
    expect((await roadmapReply(ada.north, "stage", { number: 1 })).embeds[0]!.description).toContain(`✅ ${roadmap.items[0]!.title}`);
    const south = (await roadmapReply(ada.south, "stage", { number: 1 })).embeds[0]!.description!;
    expect(south).toContain(`⬜ ${roadmap.items[0]!.title}`);
    expect(south).not.toContain("✅");
  });

  it("the other server's /roadmap leaderboard neither lists nor ranks them", async () => {
    const ada = personInBoth();
    await check(ada.north, [3, 4]);
    const northBoard = (await roadmapReply(ada.north, "leaderboard")).embeds[0]!;
    expect(northBoard.description).toContain(`<@${ada.id}> · **2 items**`);
    const southBoard = (await roadmapReply(ada.south, "leaderboard")).embeds[0]!;
    expect(southBoard.description).not.toContain(`<@${ada.id}>`);
    expect(southBoard.fields?.find((field) => field.name === "Your rank")?.value).toContain("Not ranked");
  });

  it("autocomplete marks an item ✓ done only in the server where it was checked", async () => {
    const ada = personInBoth();
    const item = roadmap.items[0]!;
    await check(ada.north, [0]);
    const inNorth = (await autocomplete(ada.north, "check", item.title.slice(0, 25))).find((choice) => choice.value === item.id);
    const inSouth = (await autocomplete(ada.south, "check", item.title.slice(0, 25))).find((choice) => choice.value === item.id);
    expect(inNorth?.name).toContain("✓ done");
    expect(inSouth?.name).toBeDefined();
    expect(inSouth?.name).not.toContain("✓");
    // Empty, /roadmap check suggests the next unchecked items: the first item is still next in the south.
    expect((await autocomplete(ada.south, "check", ""))[0]?.value).toBe(item.id);
  });

  it("/roadmap uncheck autocomplete offers only the items done in this server", async () => {
    const ada = personInBoth();
    await check(ada.north, [5, 6]);
    expect((await autocomplete(ada.north, "uncheck", "")).map((choice) => choice.value).sort()).toEqual([roadmap.items[5]!.id, roadmap.items[6]!.id].sort());
    expect(await autocomplete(ada.south, "uncheck", "")).toEqual([]);
    expect(await autocomplete(ada.south, "uncheck", roadmap.items[5]!.title.slice(0, 20))).toEqual([]);
  });

  it("unchecking an item in one server leaves the same item checked in the other, note and all", async () => {
    const ada = personInBoth();
    await check(ada.north, [7], "built it in the north");
    const northBefore = await memberDataOf(north);

    // Only checked in the north: the south has nothing to uncheck.
    expect((await roadmapReply(ada.south, "uncheck", { item: roadmap.items[7]!.id })).content).toContain("wasn't checked");
    // Checked and unchecked in the south as well.
    await check(ada.south, [7], "and again in the south");
    expect((await roadmapReply(ada.south, "uncheck", { item: roadmap.items[7]!.id })).content).toContain("Unchecked");

    expect(await memberDataOf(north)).toBe(northBefore);
    expect((await roadmapReply(ada.north, "progress")).embeds[0]!.description).toContain("**1/345**");
  });

  it("journey dates set in one server don't change the other's", async () => {
    const ada = personInBoth();
    expect((await roadmapReply(ada.north, "start", { started: "2026-01-05", target: "2027-01-05" })).content).toContain("Your journey");
    expect((await roadmapReply(ada.south, "start")).content).toContain("started not set, target not set");
  });
});

describe("paging buttons work only in their server, for the member who opened them", () => {
  it("a stage view's Next button from one server, pressed in the other, is refused and changes nothing", async () => {
    const ada = personInBoth();
    const northView = await roadmapReply(ada.north, "stage", { number: 3 });
    const southView = await roadmapReply(ada.south, "stage", { number: 3 });
    const northNext = nextButton(northView);
    const before = await dumpDatabase(bot.context.db);

    tamperNextInteraction((payload) => Object.assign(payload.data as object, { custom_id: northNext }));
    const refused = await (await standIn.pressButton({ member: ada.south, message: southView, customId: nextButton(southView) })).reply();
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toContain("This button doesn't belong here");
    expect(await dumpDatabase(bot.context.db)).toBe(before);

    // The south's own button still pages.
    const page2 = await (await standIn.pressButton({ member: ada.south, message: southView, customId: nextButton(southView) })).reply();
    expect(page2.embeds[0]!.footer?.text).toMatch(/page 2\//);
  });

  it("another member pressing a member's Next button is told only the opener can page it", async () => {
    const ada = personInBoth();
    const bob = personInBoth();
    const view = await roadmapReply(ada.north, "stage", { number: 3 });
    const refused = await (await standIn.pressButton({ member: bob.north, message: view, customId: nextButton(view) })).reply();
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toContain("Only the member who opened this view can page it");
    expect(standIn.message(view.id)?.embeds[0]?.footer?.text).toMatch(/page 1\//);
  });

  it("the pager refuses a button made in another server before reading any data", () => {
    const ada = personInBoth();
    const customId = encodePager(newPager("stage", ["3", ada.id], north.id, ada.id, clock));
    const pressedInSouth = { customId, guildId: south.id, user: { id: ada.id } } as unknown as GuildButtonInteraction;
    expect(() => pressedPager(pressedInSouth, "stage", clock, "/roadmap stage")).toThrow("This button doesn't belong here");
  });
});

describe("settings belong to one server, and only its organisers change them", () => {
  it("settings and milestone roles set in one server don't appear in the other's /roadmap-admin settings", async () => {
    const graduates = north.addRole({ name: "North Graduates" });
    expect((await adminReply(northOrganiser, "setup", { channel: northChannel, day: "friday", time: "18:30", timezone: "Europe/Berlin" })).content).toContain("Friday");
    // The owner chooses it: the role is newer, so above the organiser's own, and only roles the chooser could give themself are accepted.
    expect((await adminReply(north.owner, "milestone-role", { stage: 1, role: graduates })).content).toContain("Stage 1");

    expect((await adminReply(southOrganiser, "settings")).content).toContain("Nothing is set up yet");

    expect((await adminReply(southOrganiser, "setup", { channel: southChannel, day: "tuesday", time: "07:15", timezone: "America/New_York" })).content).toContain("Tuesday");
    const southFields = (await adminReply(southOrganiser, "settings")).embeds[0]!.fields!;
    expect(southFields.find((field) => field.name === "Weekly post")?.value).toBe("Tuesday 07:15 (America/New_York)");
    expect(southFields.find((field) => field.name === "Channel")?.value).toBe(`<#${southChannel.id}>`);
    expect(southFields.find((field) => field.name === "Milestone roles")?.value).toBe("None");

    const northFields = (await adminReply(northOrganiser, "settings")).embeds[0]!.fields!;
    expect(northFields.find((field) => field.name === "Weekly post")?.value).toBe("Friday 18:30 (Europe/Berlin)");
    expect(northFields.find((field) => field.name === "Channel")?.value).toBe(`<#${northChannel.id}>`);
    expect(northFields.find((field) => field.name === "Milestone roles")?.value).toBe(`Stage 1: <@&${graduates.id}>`);
  });

  it("the group export of one server holds none of the other's progress", async () => {
    const ada = personInBoth();
    await check(ada.north, [10, 11]);
    await check(ada.south, [12]);
    const reply = await adminReply(southOrganiser, "export");
    const csv = reply.files[0]!.data.toString("utf8");
    const adaRows = csv.split("\n").filter((line) => line.startsWith(ada.id));
    expect(adaRows).toHaveLength(1);
    expect(adaRows[0]).toContain(roadmap.items[12]!.id);
    expect(csv).not.toContain(roadmap.items[10]!.id);
  });

  it("an organiser of one server is an ordinary member in the other, and is refused there", async () => {
    const visitor = south.addMember({ user: northOrganiser.user });
    const before = await dumpDatabase(bot.context.db);
    const reply = (await standIn.command({ member: visitor, channel: southChannel, name: "roadmap-admin", subcommand: "setup", options: { channel: southChannel, day: "sunday" } })).reply();
    expect((await reply).content).toContain("Only organisers");
    expect(await dumpDatabase(bot.context.db)).toBe(before);
  });

  const adminCalls: [subcommand: string, options: () => Record<string, OptionValue>][] = [
    ["setup", () => ({ channel: northChannel, day: "sunday", time: "06:00", timezone: "Asia/Tokyo" })],
    ["settings", () => ({})],
    ["post-leaderboard", () => ({})],
    ["milestone-role", () => ({ stage: 2, role: north.addRole({ name: `Taken ${++userCount}` }) })],
    ["export", () => ({})],
  ];

  it.each(adminCalls)(
    "a member without Manage Server who runs /roadmap-admin %s is refused privately and nothing changes (Discord only hides the command by default)",
    async (subcommand, options) => {
      const member = personInBoth().north;
      const admin = standIn.registeredCommands().find((command) => command.name === "roadmap-admin")!;
      expect(admin.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
      const before = await dumpDatabase(bot.context.db);
      const postsBefore = standIn.channelMessages(northChannel).length;

      const reply = await adminReply(member, subcommand, options());

      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toBe("Only organisers (members with the Manage Server permission) can change the study group's settings.");
      expect(reply.embeds).toEqual([]);
      expect(reply.files).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await dumpDatabase(bot.context.db)).toBe(before);
      expect(standIn.channelMessages(northChannel)).toHaveLength(postsBefore);
    },
  );
});
