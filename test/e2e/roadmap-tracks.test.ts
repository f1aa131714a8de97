import { PermissionFlagsBits } from "discord.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../../src/clock.ts";
import type { ChannelModel, GuildModel, MemberModel, MessageView, StandIn } from "../standin/index.ts";
import type { TestBot } from "../support/bot.ts";
import { dumpDatabase } from "../support/db-dump.ts";
import { press } from "../support/roadmap-upload.ts";
import { adminCommand, startTracksWorld, uploadWebRoadmap as upload, type TracksWorld } from "../support/tracks-world.ts";
import { schedulerTicks as ticks } from "../support/wait.ts";

// Issue 18, tracks: a server runs the bundled roadmap in one channel and its own upload as a second
// track in another; each track's weekly post goes to its own channel with its own members.


let tracks: TracksWorld;
let standIn: StandIn;
let bot: TestBot;
let guild: GuildModel;
let otherGuild: GuildModel;
let aiChannel: ChannelModel;
let webChannel: ChannelModel;
let organiser: MemberModel;
let otherOrganiser: MemberModel;
let webRoadmapId: string;
let members: Record<"ada" | "bob" | "cy" | "dee", MemberModel>;
// Monday 2 March 2026, after 09:00 UTC: the first posts are next Monday's.
const clock = manualClock(new Date("2026-03-02T10:00:00Z"));

afterEach(() => standIn.assertNoViolations());

beforeAll(async () => {
  tracks = await startTracksWorld(clock, { guild: "Two cohorts", otherGuild: "Someone else's server" });
  ({ standIn, bot, guild, otherGuild, aiChannel, webChannel, organiser, otherOrganiser } = tracks);
});

afterAll(() => tracks?.world.stop());

function admin(member: MemberModel, subcommand: string, options: Record<string, unknown>, group?: string): Promise<MessageView> {
  return adminCommand(tracks, member, subcommand, options, group);
}

async function member(who: MemberModel, subcommand: string, options: Record<string, unknown>): Promise<MessageView> {
  return (await standIn.command({ member: who, channel: aiChannel, name: "roadmap", subcommand, options: options as never })).reply();
}

function uploadWebRoadmap(): Promise<string> {
  return upload(tracks);
}

function mentioned(post: MessageView): string[] {
  return (post.embeds[0]?.description ?? "").split("\n").flatMap((line) => /<@(\d+)>/.exec(line)?.[1] ?? []);
}

describe("tracks: one roadmap per channel and weekly slot", () => {
  it("starts an uploaded roadmap as a second track in another channel, and lists both", async () => {
    const first = await admin(organiser, "setup", { channel: aiChannel, day: "monday", time: "09:00", timezone: "UTC" });
    expect(first.content).toContain("✅ Weekly leaderboard: every **Monday** at **09:00** (UTC)");
    webRoadmapId = await uploadWebRoadmap();
    // Uploaded, but not started as a track: members cannot follow it yet.
    const early = guild.addMember({ username: "early" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = await dumpDatabase(bot.context.db);
    const notStarted = await member(early, "join", { roadmap: webRoadmapId });
    expect(notStarted.ephemeral).toBe(true);
    expect(notStarted.content).toContain("That roadmap isn't running on this server, so nothing changed");
    expect(await dumpDatabase(bot.context.db)).toBe(before);

    const second = await admin(organiser, "setup", { channel: webChannel, roadmap: webRoadmapId, day: "monday", time: "10:00", timezone: "UTC" });
    expect(second.ephemeral).toBe(true);
    expect(second.content).toContain("🛤️ Track: **Web Development Path**");
    expect(second.content).toContain(`✅ Weekly leaderboard: every **Monday** at **10:00** (UTC) in <#${webChannel.id}>`);

    const list = (await admin(organiser, "list", {}, "roadmap")).embeds[0]?.description ?? "";
    expect(list).toMatch(new RegExp(`▶️ .*\\(bundled\\).*runs here\\*\\* · track in <#${aiChannel.id}>`));
    expect(list).toContain(`**Web Development Path** (uploaded) · version 1 · 0 members · track in <#${webChannel.id}>`);
  });

  it("autocompletes the roadmaps this server can use for setup's roadmap option", async () => {
    const handle = await standIn.autocomplete({ member: organiser, name: "roadmap-admin", subcommand: "setup", focused: "roadmap", value: "web", options: { channel: webChannel } });
    expect((await handle.autocompleteChoices()).map((choice) => choice.value)).toEqual([webRoadmapId]);
    const elsewhere = await standIn.autocomplete({ member: otherOrganiser, name: "roadmap-admin", subcommand: "setup", focused: "roadmap", value: "web", options: {} });
    expect(await elsewhere.autocompleteChoices()).toEqual([]);
  });

  it("refuses an unknown roadmap, another server's roadmap, and a setup that does not say which of two tracks; nothing changes", async () => {
    const otherChannel = otherGuild.addChannel({ name: "general" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = await dumpDatabase(bot.context.db);
    const unknown = await admin(organiser, "setup", { channel: webChannel, roadmap: "no-such-roadmap" });
    expect(unknown.ephemeral).toBe(true);
    expect(unknown.content).toContain("I don't know that roadmap on this server");
    const forged = (await standIn.command({ member: otherOrganiser, channel: otherChannel, name: "roadmap-admin", subcommand: "setup", options: { channel: otherChannel, roadmap: webRoadmapId } as never })).reply();
    expect((await forged).content).toContain("I don't know that roadmap on this server");
    const which = await admin(organiser, "setup", { channel: webChannel });
    expect(which.ephemeral).toBe(true);
    expect(which.content).toContain("This server runs 2 tracks, so I need to know which one to change: pick it in the `roadmap` option. Nothing changed.");
    expect(await dumpDatabase(bot.context.db)).toBe(before);
  });

  it("lets members join the second track and check items in both; item autocomplete searches the track they use", async () => {
    const ai = bot.context.catalogue.defaultRoadmap;
    const web = (await bot.context.guildRoadmaps!.version(bot.context.db, webRoadmapId, 1))!;
    const [ada, bob, cy, dee] = ["ada", "bob", "cy", "dee"].map((username) => guild.addMember({ username }));
    members = { ada: ada!, bob: bob!, cy: cy!, dee: dee! };
    await new Promise((resolve) => setTimeout(resolve, 100));
    const check = async (who: MemberModel, item: string, roadmap?: string) => {
      clock.advance(1_000);
      return member(who, "check", { item, ...(roadmap && { roadmap }) });
    };

    // Ada follows the server's roadmap, as on a server with one track: by checking.
    expect((await check(ada!, ai.items[0]!.id)).content).toContain(ai.items[0]!.title);
    // Bob joins the web track; his checks then go there without naming it.
    const joined = await member(bob!, "join", { roadmap: webRoadmapId });
    expect(joined.content).toContain("You follow **Web Development Path**");
    const suggested = await standIn.autocomplete({ member: bob!, name: "roadmap", subcommand: "check", focused: "item", value: "", options: {} });
    expect((await suggested.autocompleteChoices()).map((choice) => choice.value)).toContain(web.items[0]!.id);
    await check(bob!, web.items[0]!.id);
    await check(bob!, web.items[1]!.id);
    // Cy names the track in the check itself.
    await check(cy!, web.items[0]!.id, webRoadmapId);
    // Dee is in both tracks.
    await check(dee!, ai.items[0]!.id, ai.id);
    await check(dee!, web.items[0]!.id, webRoadmapId);

    // Dee has a place on each track's roadmap, kept by the checks on it.
    const places = await bot.context.db
      .selectFrom("member_places")
      .select(["roadmap_id", "next_item_id"])
      .where("guild_id", "=", guild.id)
      .where("user_id", "=", dee!.id)
      .orderBy("roadmap_id")
      .execute();
    expect(places).toEqual(
      [
        { roadmap_id: ai.id, next_item_id: ai.items[1]!.id },
        { roadmap_id: webRoadmapId, next_item_id: web.items[1]!.id },
      ].sort((a, b) => a.roadmap_id.localeCompare(b.roadmap_id)),
    );

    const tracksOf = await standIn.autocomplete({ member: dee!, name: "roadmap", subcommand: "check", focused: "roadmap", value: "", options: { item: "x" } });
    expect((await tracksOf.autocompleteChoices()).map((choice) => choice.value)).toEqual([webRoadmapId, ai.id]);
    const progress = await member(bob!, "progress", {});
    expect(JSON.stringify(progress.embeds)).toContain("Web Development Path");

    // Each track has its own board: Bob's default is the web track; naming the other shows it.
    const ranked = (reply: MessageView) => (reply.embeds[0]?.description ?? "").split("\n").flatMap((line) => /<@(\d+)>/.exec(line)?.[1] ?? []);
    expect(ranked(await member(bob!, "leaderboard", {}))).toEqual([bob!.id, cy!.id, dee!.id]);
    expect(ranked(await member(bob!, "leaderboard", { roadmap: ai.id }))).toEqual([ada!.id, dee!.id]);
  });

  it("refuses a check on an unknown roadmap or another server's, and changes nothing", async () => {
    const before = await dumpDatabase(bot.context.db);
    for (const roadmap of ["no-such-roadmap", "Robert'); drop table progress;--", webRoadmapId]) {
      const who = roadmap === webRoadmapId ? otherGuild.addMember({ username: "visitor" }) : members.ada;
      await new Promise((resolve) => setTimeout(resolve, 50));
      const channel = roadmap === webRoadmapId ? otherGuild.addChannel({ name: `c${Date.now()}` }) : aiChannel;
      await new Promise((resolve) => setTimeout(resolve, 50));
      const reply = await (await standIn.command({ member: who, channel, name: "roadmap", subcommand: "check", options: { item: "anything", roadmap } as never })).reply();
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toContain("That roadmap isn't running on this server, so nothing changed");
    }
    expect(await dumpDatabase(bot.context.db)).toBe(before);
  });

  it("posts each track's weekly leaderboard in its own channel, with its own members", async () => {
    const { ada, bob, cy, dee } = members;
    await ticks(2);
    expect(standIn.channelMessages(aiChannel).filter((m) => m.embeds[0]?.title?.includes("Weekly leaderboard"))).toHaveLength(0);

    clock.set(new Date("2026-03-09T10:00:05Z")); // both slots of Monday 9 March have passed
    const aiPost = await standIn.waitForChannelMessage(aiChannel, (m) => m.embeds[0]?.title?.includes("Weekly leaderboard") ?? false);
    const webPost = await standIn.waitForChannelMessage(webChannel, (m) => m.embeds[0]?.title?.includes("Weekly leaderboard") ?? false);
    expect(mentioned(aiPost)).toEqual([ada.id, dee.id]);
    expect(mentioned(webPost)).toEqual([bob.id, cy.id, dee.id]);
    await ticks(2);
    const weekly = (channel: ChannelModel) => standIn.channelMessages(channel).filter((m) => m.embeds[0]?.title?.includes("Weekly leaderboard"));
    expect(weekly(aiChannel)).toHaveLength(1);
    expect(weekly(webChannel)).toHaveLength(1);
    const tracks = await bot.context.db.selectFrom("guild_tracks").select(["roadmap_id", "next_post_at"]).where("guild_id", "=", guild.id).execute();
    expect(tracks.every((track) => track.next_post_at!.toISOString().startsWith("2026-03-16"))).toBe(true);
  });

  it("celebrates a milestone of the second track in that track's channel", async () => {
    const web = (await bot.context.guildRoadmaps!.version(bot.context.db, webRoadmapId, 1))!;
    const eve = guild.addMember({ username: "eve" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    // 3 of the web roadmap's 12 items: a quarter of the way.
    for (const item of web.items.slice(0, 3)) {
      clock.advance(1_000);
      await member(eve, "check", { item: item.id, roadmap: webRoadmapId });
    }
    const celebration = await standIn.waitForChannelMessage(webChannel, (m) => m.message.content?.includes(`<@${eve.id}>`) ?? JSON.stringify(m.embeds).includes(eve.id));
    expect(celebration).toBeDefined();
    await ticks(2);
    expect(standIn.channelMessages(aiChannel).some((m) => JSON.stringify(m).includes(eve.id))).toBe(false);
  });

  it("gives a stage's reward role only for the server's own roadmap: finishing stage 1 of the second track gives none", async () => {
    const web = (await bot.context.guildRoadmaps!.version(bot.context.db, webRoadmapId, 1))!;
    // Made before the organiser who picks it, so it sits below their role: they could give it themself.
    const role = guild.addRole({ name: "Stage 1 graduate" });
    const roleOrganiser = guild.addMember({ username: "role-organiser", permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ManageRoles });
    const fay = guild.addMember({ username: "fay" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const chosen = await admin(roleOrganiser, "milestone-role", { stage: 1, role });
    expect(chosen.content).toContain(`<@&${role.id}>`);
    expect(chosen.content).not.toContain("can't give it");

    for (const item of web.stage(1)!.items) {
      clock.advance(1_000);
      await member(fay, "check", { item: item.id, roadmap: webRoadmapId });
    }
    const celebration = await standIn.waitForChannelMessage(webChannel, (m) => m.content.includes(`<@${fay.id}> completed **Stage 1`));
    expect(celebration.content).toContain(web.stage(1)!.title);
    await ticks(2);
    expect(standIn.roleChanges.filter((change) => change.userId === fay.id)).toEqual([]);
  });

  it("stops the uploaded roadmap's track when the roadmap is removed; the server's own track goes on", async () => {
    const preview = await admin(organiser, "remove", { roadmap: webRoadmapId }, "roadmap");
    await press(standIn, organiser, preview, "Remove");
    const tracks = await bot.context.db.selectFrom("guild_tracks").select("roadmap_id").where("guild_id", "=", guild.id).execute();
    expect(tracks.map((track) => track.roadmap_id)).toEqual([bot.context.catalogue.defaultRoadmap.id]);
    const list = (await admin(organiser, "list", {}, "roadmap")).embeds[0]?.description ?? "";
    expect(list).not.toContain("Web Development Path");
    expect(list).toContain(`track in <#${aiChannel.id}>`);
  });
});
