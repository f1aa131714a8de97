import { PermissionFlagsBits } from "discord.js";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { manualClock } from "../../src/clock.ts";
import { groupMap, groupMembersOnStage } from "../../src/group/group-service.ts";
import { type GuildModel, type MemberModel, type StandIn } from "../standin/index.ts";
import { startBotWorld, type BotWorld } from "../support/world.ts";

const DAY = 86_400_000;
let standIn: StandIn;
let roadmap: Roadmap;
let guild: GuildModel;
const clock = manualClock(new Date("2026-03-02T10:00:00Z"));

type Options = Record<string, string | number | boolean>;

async function run(member: MemberModel, subcommand: string, options: Options = {}, name = "roadmap") {
  return (await standIn.command({ member, name, subcommand, options })).reply();
}

async function check(member: MemberModel, indexes: Iterable<number>, note?: string) {
  for (const i of indexes) await run(member, "check", { item: roadmap.items[i]!.id, ...(note ? { note } : {}) });
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

let world: BotWorld;

beforeAll(async () => {
  world = await startBotWorld({ clock });
  ({ standIn, roadmap } = world);
});

afterAll(() => world?.stop());

beforeEach(async () => {
  clock.set(new Date("2026-03-02T10:00:00Z"));
  guild = standIn.addGuild({ name: "Map Group" });
  await new Promise((resolve) => setTimeout(resolve, 100));
});

afterEach(() => {
  standIn.assertNoViolations();
});

describe("/roadmap group", () => {
  it("says so when nobody has started", async () => {
    const reply = await run(guild.addMember({ username: "first" }), "group");
    expect(reply.embeds[0]!.description).toContain("Nobody has checked an item yet");
  });

  it("works for a group of one", async () => {
    const solo = guild.addMember({ username: "solo" });
    await check(solo, range(0, 3));
    const overview = await run(solo, "group");
    expect(overview.embeds[0]!.description).toContain("finished by 0/1");
    expect(overview.embeds[0]!.footer!.text).toContain("1 member on the roadmap");
  });

  it("shows section finishers, each item's share, and where the group is stuck", async () => {
    const [ada, bob, cy] = ["ada", "bob", "cy"].map((username) => guild.addMember({ username }));
    await check(ada!, range(0, 24)); // all of 1.1
    await check(bob!, range(0, 5));
    await check(cy!, range(0, 5));
    clock.advance(15 * DAY); // bob and cy stall right before item 5
    await check(ada!, [24]);

    const overview = await run(ada!, "group", { stage: 1 });
    expect(overview.embeds[0]!.description).toContain("**1.1 Python fundamentals**: finished by 1/3");
    const stuck = overview.embeds[0]!.fields!.find((f) => f.name === "Where the group is stuck")!.value;
    expect(stuck).toContain(`**${roadmap.items[5]!.title}**: 2 members`);

    const row = overview.components[0] as { components: { custom_id: string; label: string }[] };
    const next = row.components.find((b) => b.label.includes("Next"))!;
    const section = await (await standIn.pressButton({ member: ada!, message: overview, customId: next.custom_id })).reply();
    expect(section.embeds[0]!.description).toContain(`100% ${roadmap.items[0]!.title}`);
    expect(section.embeds[0]!.description).toContain(`33% ${roadmap.items[5]!.title}`);
  });
});

describe("/roadmap item", () => {
  it("lists who has done it with their notes, never naming hidden members", async () => {
    const [ann, ben, hid] = ["ann", "ben", "hid"].map((username) => guild.addMember({ username }));
    await check(ann!, [0], "https://github.com/ann/hello-python");
    await check(ben!, [0]);
    await check(hid!, [0], "secret notes");
    await run(hid!, "privacy", { hidden: true });
    const reply = await run(ben!, "item", { item: roadmap.items[0]!.id });
    const embed = reply.embeds[0]!;
    expect(embed.title).toBe(roadmap.items[0]!.title);
    const doneBy = embed.fields!.find((f) => f.name.startsWith("Done by 3"))!.value;
    expect(doneBy).toContain(`<@${ann!.id}>`);
    expect(doneBy).toContain("+1 who keep their progress private");
    expect(JSON.stringify(embed)).not.toContain(hid!.id);
    expect(JSON.stringify(embed)).not.toContain("secret notes");
    expect(embed.fields!.find((f) => f.name === "Notes and links from peers")!.value).toContain("https://github.com/ann/hello-python");
  });
});

describe("/roadmap buddies", () => {
  it("suggests active members on the same stage, most alike first, never hidden, opted-out, idle or departed ones", async () => {
    const me = guild.addMember({ username: "me" });
    const [twin, near, hidden, optedOut, idle, ahead, leaver] = ["twin", "near", "hidden", "optedout", "idle", "ahead", "leaver"].map(
      (username) => guild.addMember({ username }),
    );
    await check(idle!, [0, 1, 2]);
    clock.advance(40 * DAY);
    await check(me!, [0, 1, 2, 3]);
    await check(twin!, [0, 1, 2, 3]);
    await check(near!, [10]);
    await check(hidden!, [0, 1]);
    await run(hidden!, "privacy", { hidden: true });
    await check(optedOut!, [0, 1]);
    await run(optedOut!, "privacy", { buddies: false });
    await check(ahead!, range(0, 100)); // on Stage 2
    await check(leaver!, [0, 1, 2]);
    guild.removeMember(leaver!);

    const reply = await run(me, "buddies");
    expect(reply.ephemeral).toBe(true);
    const text = reply.embeds[0]!.description!;
    const suggested = [...text.matchAll(/<@(\d+)>/g)].map((m) => m[1]);
    expect(suggested).toEqual([twin!.id, near!.id]);
    expect(text).toContain("4 items you both did recently");
  });

  it("says when there is nobody to suggest", async () => {
    const alone = guild.addMember({ username: "alone" });
    await check(alone, [0]);
    expect((await run(alone, "buddies")).embeds[0]!.description).toContain("Nobody else on Stage 1");
  });
});

describe("/roadmap privacy", () => {
  it("shows the choices without options, and changes only the one given", async () => {
    const member = guild.addMember({ username: "private" });
    const shown = await run(member, "privacy");
    expect(shown.content).toContain("Visible on leaderboards");
    expect(shown.content).toContain("You may be suggested as a study buddy");
    expect(shown.content).toContain("Change these with the `hidden:` and `buddies:` options.");
    expect(shown.ephemeral).toBe(true);

    expect((await run(member, "privacy", { buddies: false })).content).toMatch(/Visible on leaderboards[\s\S]*left out of buddy suggestions/);
    expect((await run(member, "privacy", { hidden: true })).content).toMatch(/Hidden:[\s\S]*left out of buddy suggestions/);
    expect((await run(member, "privacy")).content).toMatch(/Hidden:[\s\S]*left out of buddy suggestions/);
    expect((await run(member, "privacy", { hidden: false, buddies: true })).content).toMatch(/Visible on leaderboards[\s\S]*suggested as a study buddy/);
  });
});

describe("privacy in celebrations", () => {
  it("never announces a hidden member's milestone, and announces a visible one's", async () => {
    const channel = guild.addChannel({ name: "progress" });
    const organiser = guild.addMember({ username: "organiser", permissions: PermissionFlagsBits.ManageGuild });
    const [shy, proud] = ["shy", "proud"].map((username) => guild.addMember({ username }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await run(organiser, "setup", { channel: channel as never } as never, "roadmap-admin");
    await run(shy!, "privacy", { hidden: true });
    await check(shy!, range(0, 87)); // past 25% of the roadmap
    await check(proud!, range(0, 87));
    const post = await standIn.waitForChannelMessage(channel, (m) => m.content.includes("25%"));
    expect(post.content).toContain(`<@${proud!.id}>`);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const all = JSON.stringify(standIn.channelMessages(channel));
    expect(all).not.toContain(shy!.id);
  });
});

describe("streaks and pace", () => {
  it("shows a weekly streak in /roadmap progress and on the leaderboard", async () => {
    const member = guild.addMember({ username: "steady" });
    for (let week = 0; week < 3; week++) {
      await check(member, [week]);
      clock.advance(7 * DAY);
    }
    await check(member, [3]);
    const progress = await run(member, "progress");
    expect(progress.embeds[0]!.fields!.find((f) => f.name === "Streak")!.value).toContain("🔥 4 weeks · 1 freeze");
    const board = await run(member, "leaderboard", { period: "all" });
    expect(board.embeds[0]!.description).toContain("🔥4");
  });

  it("adds a pace-against-targets line per stage to the weekly post", async () => {
    const channel = guild.addChannel({ name: "progress" });
    const organiser = guild.addMember({ username: "organiser", permissions: PermissionFlagsBits.ManageGuild });
    const [keen, slow] = ["keen", "slow"].map((username) => guild.addMember({ username }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await run(keen!, "start", { started: "2026-03-01", target: "2026-09-01" });
    await run(slow!, "start", { started: "2026-03-01", target: "2026-09-01" });
    await check(keen!, [0]);
    await check(slow!, [0]);
    clock.set(new Date("2026-03-23T08:00:00Z"));
    await check(keen!, range(1, 50)); // 22 days into a 184-day plan: about 41 items expected
    await run(organiser, "setup", { channel: channel as never } as never, "roadmap-admin");
    clock.set(new Date("2026-03-23T09:00:05Z")); // Monday's slot, UTC
    const post = await standIn.waitForChannelMessage(channel, (m) => m.embeds[0]?.title?.includes("Weekly leaderboard") ?? false, 8_000);
    const pace = post.embeds[0]!.fields!.find((f) => f.name === "Pace against targets")!.value;
    expect(pace).toBe("Stage 1: 1 on track · 1 behind");
  });
});

describe("the group's map picture's data", () => {
  async function membersOnStage(stage: number, departed: readonly string[] = []) {
    const map = (await groupMap(world.bot.context, guild.id, roadmap, stage))!;
    return { map, members: await groupMembersOnStage(world.bot.context, guild.id, map, async (ids) => ids.filter((id) => departed.includes(id))) };
  }

  it("names members who share their progress, counts a hidden one, and leaves out one who left the server", async () => {
    const [ada, bob, gone] = ["ada", "bob", "gone"].map((username) => guild.addMember({ username }));
    const secret = guild.addMember({ username: "secret", globalName: "Secret Sam" });
    await check(ada!, range(0, 30)); // all of 1.1 (24 items) and 6 of 1.2
    await check(bob!, range(0, 3));
    await check(gone!, range(0, 2));
    await check(secret, range(0, 24));
    await run(secret, "privacy", { hidden: true });

    const { members } = await membersOnStage(1, [gone!.id]);
    expect(members.kind).toBe("members");
    if (members.kind !== "members") return;
    expect(members.hidden).toBe(1);
    expect(members.rows.map((row) => row.displayName)).toEqual(["ada", "bob"]);
    expect(members.rows[0]!.done.slice(0, 2)).toEqual([24, 6]);
    expect(JSON.stringify(members)).not.toContain("Secret");
  });

  it("past twelve members, shows how many are at each level of each section, hidden members counted", async () => {
    const learners = range(0, 14).map((i) => guild.addMember({ username: `learner${i}` }));
    for (const [i, learner] of learners.entries()) await check(learner, range(0, i < 4 ? 24 : i < 8 ? 12 : 1));
    await run(learners[0]!, "privacy", { hidden: true });

    const { map, members } = await membersOnStage(1);
    expect(members.kind).toBe("distribution");
    if (members.kind !== "distribution") return;
    expect(members.hidden).toBe(1);
    expect(members.spread[0]).toEqual({ finished: 4, overHalf: 4, started: 6, notStarted: 0 });
    expect(members.spread[1]).toEqual({ finished: 0, overHalf: 0, started: 0, notStarted: 14 });
    for (const spread of members.spread) expect(spread.finished + spread.overHalf + spread.started + spread.notStarted).toBe(map.members);
  });
});
