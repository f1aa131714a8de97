import { readFileSync } from "node:fs";
import path from "node:path";
import { PermissionFlagsBits } from "discord.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../../src/clock.ts";
import { checkItem } from "../../src/progress/progress-service.ts";
import type { ChannelModel, GuildModel, MemberModel, MessageView, StandIn } from "../standin/index.ts";
import type { TestBot } from "../support/bot.ts";
import { dumpDatabase } from "../support/db-dump.ts";
import { schedulerTicks as ticks } from "../support/wait.ts";
import { startBotWorld, type BotWorld } from "../support/world.ts";

// Issue 18, tracks: a server runs the bundled roadmap in one channel and its own upload as a second
// track in another; each track's weekly post goes to its own channel with its own members.

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/roadmap-upload/v1");
const PAGES = ["web-path.md", "stage-1-building-pages.md", "stage-2-shipping-applications.md"];

let world: BotWorld;
let standIn: StandIn;
let bot: TestBot;
let guild: GuildModel;
let otherGuild: GuildModel;
let aiChannel: ChannelModel;
let webChannel: ChannelModel;
let organiser: MemberModel;
let otherOrganiser: MemberModel;
let webRoadmapId: string;
// Monday 2 March 2026, after 09:00 UTC: the first posts are next Monday's.
const clock = manualClock(new Date("2026-03-02T10:00:00Z"));

afterEach(() => standIn.assertNoViolations());

beforeAll(async () => {
  world = await startBotWorld({
    clock,
    beforeBot: (s) => {
      guild = s.addGuild({ name: "Two cohorts" });
      otherGuild = s.addGuild({ name: "Someone else's server" });
    },
  });
  ({ standIn, bot } = world);
  aiChannel = guild.addChannel({ name: "ai-progress" });
  webChannel = guild.addChannel({ name: "web-progress" });
  organiser = guild.addMember({ username: "organiser", permissions: PermissionFlagsBits.ManageGuild });
  otherOrganiser = otherGuild.addMember({ username: "elsewhere", permissions: PermissionFlagsBits.ManageGuild });
  await new Promise((resolve) => setTimeout(resolve, 100));
});

afterAll(() => world?.stop());

async function admin(member: MemberModel, subcommand: string, options: Record<string, unknown>, group?: string): Promise<MessageView> {
  return (await standIn.command({ member, channel: aiChannel, name: "roadmap-admin", ...(group && { group }), subcommand, options: options as never })).reply();
}

async function uploadWebRoadmap(): Promise<string> {
  const files: Record<string, unknown> = {};
  PAGES.forEach((name, index) => {
    files[index === 0 ? "file" : `file${index + 1}`] = { upload: { name, data: readFileSync(path.join(FIXTURES, name)), contentType: "text/markdown" } };
  });
  const preview = await admin(organiser, "upload", files, "roadmap");
  const row = preview.components[0] as { components: { custom_id: string; label: string }[] };
  const confirm = row.components.find((b) => b.label === "Confirm")!;
  await (await standIn.pressButton({ member: organiser, message: preview, customId: confirm.custom_id })).reply();
  const stored = await bot.context.db.selectFrom("roadmaps").select("roadmap_id").where("guild_id", "=", guild.id).executeTakeFirstOrThrow();
  return stored.roadmap_id;
}

function mentioned(post: MessageView): string[] {
  return (post.embeds[0]?.description ?? "").split("\n").flatMap((line) => /<@(\d+)>/.exec(line)?.[1] ?? []);
}

describe("tracks: one roadmap per channel and weekly slot", () => {
  it("starts an uploaded roadmap as a second track in another channel, and lists both", async () => {
    const first = await admin(organiser, "setup", { channel: aiChannel, day: "monday", time: "09:00", timezone: "UTC" });
    expect(first.content).toContain("✅ Weekly leaderboard: every **monday** at **09:00** (UTC)");
    webRoadmapId = await uploadWebRoadmap();

    const second = await admin(organiser, "setup", { channel: webChannel, roadmap: webRoadmapId, day: "monday", time: "10:00", timezone: "UTC" });
    expect(second.ephemeral).toBe(true);
    expect(second.content).toContain(`✅ Weekly leaderboard for **Web Development Path**: every **monday** at **10:00** (UTC) in <#${webChannel.id}>`);

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
    expect(which.content).toContain("This server runs 2 tracks");
    expect(await dumpDatabase(bot.context.db)).toBe(before);
  });

  it("posts each track's weekly leaderboard in its own channel, with its own members", async () => {
    const ai = bot.context.catalogue.defaultRoadmap;
    const web = (await bot.context.guildRoadmaps!.version(bot.context.db, webRoadmapId, 1))!;
    const [ada, bob, cy] = [guild.addMember({ username: "ada" }), guild.addMember({ username: "bob" }), guild.addMember({ username: "cy" })];
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Ada follows the server's roadmap with /roadmap check; Bob and Cy work on the web track
    // (its members' commands are the next slice: here the service records their checks).
    clock.advance(1_000);
    await (await standIn.command({ member: ada, channel: aiChannel, name: "roadmap", subcommand: "check", options: { item: ai.items[0]!.id } })).reply();
    for (const [member, count] of [[bob, 2], [cy, 1]] as const) {
      for (const item of web.items.slice(0, count)) {
        clock.advance(1_000);
        await checkItem(bot.context, { guildId: guild.id, userId: member.id }, web, item, null);
      }
    }
    await ticks(2);
    expect(standIn.channelMessages(aiChannel).filter((m) => m.embeds[0]?.title?.includes("Weekly leaderboard"))).toHaveLength(0);

    clock.set(new Date("2026-03-09T10:00:05Z")); // both slots of Monday 9 March have passed
    const aiPost = await standIn.waitForChannelMessage(aiChannel, (m) => m.embeds[0]?.title?.includes("Weekly leaderboard") ?? false);
    const webPost = await standIn.waitForChannelMessage(webChannel, (m) => m.embeds[0]?.title?.includes("Weekly leaderboard") ?? false);
    expect(mentioned(aiPost)).toEqual([ada.id]);
    expect(mentioned(webPost)).toEqual([bob.id, cy.id]);
    await ticks(2);
    const weekly = (channel: ChannelModel) => standIn.channelMessages(channel).filter((m) => m.embeds[0]?.title?.includes("Weekly leaderboard"));
    expect(weekly(aiChannel)).toHaveLength(1);
    expect(weekly(webChannel)).toHaveLength(1);
    const tracks = await bot.context.db.selectFrom("guild_tracks").select(["roadmap_id", "next_post_at"]).where("guild_id", "=", guild.id).execute();
    expect(tracks.every((track) => track.next_post_at!.toISOString().startsWith("2026-03-16"))).toBe(true);
  });

  it("stops the uploaded roadmap's track when the roadmap is removed; the server's own track goes on", async () => {
    const preview = await admin(organiser, "remove", { roadmap: webRoadmapId }, "roadmap");
    const row = preview.components[0] as { components: { custom_id: string; label: string }[] };
    await (await standIn.pressButton({ member: organiser, message: preview, customId: row.components.find((b) => b.label === "Remove")!.custom_id })).reply();
    const tracks = await bot.context.db.selectFrom("guild_tracks").select("roadmap_id").where("guild_id", "=", guild.id).execute();
    expect(tracks.map((track) => track.roadmap_id)).toEqual([bot.context.catalogue.defaultRoadmap.id]);
    const list = (await admin(organiser, "list", {}, "roadmap")).embeds[0]?.description ?? "";
    expect(list).not.toContain("Web Development Path");
    expect(list).toContain(`track in <#${aiChannel.id}>`);
  });
});
