import { parse as parseCsv } from "csv-parse/sync";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { manualClock } from "../../src/clock.ts";
import type { ChannelModel, MemberModel, MessageView } from "../standin/index.ts";
import { dumpDatabase } from "../support/db-dump.ts";
import { press } from "../support/roadmap-upload.ts";
import { schedulerTicks as ticks, waitFor } from "../support/wait.ts";
import { adminCommand, startTracksWorld, uploadWebRoadmap, type TracksWorld } from "../support/tracks-world.ts";

// Issue 18, operations per track: reminders name each track a member follows, exports and imports
// say which roadmap they are for, a channel Discord refuses pauses only its track, and an organiser
// can stop a bundled roadmap's track.

let tracks: TracksWorld;
let ai: Roadmap;
let web: Roadmap;
let members: Record<"ada" | "bob" | "dee", MemberModel>;
// Monday 2 March 2026, after 09:00 UTC: the first weekly posts are next Monday's.
const clock = manualClock(new Date("2026-03-02T10:00:00Z"));

afterEach(() => tracks.standIn.assertNoViolations());

beforeAll(async () => {
  tracks = await startTracksWorld(clock, { guild: "Two cohorts", otherGuild: "Someone else's server" });
  const { organiser, aiChannel, webChannel, bot, guild } = tracks;
  // The web track posts first each Monday, so a refusal of its channel comes before the other post.
  await adminCommand(tracks, organiser, "setup", { channel: aiChannel, day: "monday", time: "10:00", timezone: "UTC" });
  const webId = await uploadWebRoadmap(tracks);
  await adminCommand(tracks, organiser, "setup", { channel: webChannel, roadmap: webId, day: "monday", time: "09:00", timezone: "UTC" });
  ai = bot.context.catalogue.defaultRoadmap;
  web = (await bot.context.guildRoadmaps!.version(bot.context.db, webId, 1))!;
  const [ada, bob, dee] = ["ada", "bob", "dee"].map((username) => guild.addMember({ username }));
  members = { ada: ada!, bob: bob!, dee: dee! };
  await new Promise((resolve) => setTimeout(resolve, 100));
  // Ada follows the server's own roadmap, Bob the web track, Dee both.
  await check(ada!, ai.items[0]!.id);
  await check(bob!, web.items[0]!.id, web.id);
  await check(dee!, ai.items[0]!.id, ai.id);
  await check(dee!, ai.items[1]!.id, ai.id);
  await check(dee!, web.items[0]!.id, web.id);
});

afterAll(() => tracks?.world.stop());

async function member(who: MemberModel, subcommand: string, options: Record<string, unknown>): Promise<MessageView> {
  return (await tracks.standIn.command({ member: who, channel: tracks.aiChannel, name: "roadmap", subcommand, options: options as never })).reply();
}

async function check(who: MemberModel, item: string, roadmap?: string): Promise<MessageView> {
  clock.advance(1_000);
  return member(who, "check", { item, ...(roadmap && { roadmap }) });
}

function upload(file: { filename: string; data: Buffer }) {
  return { upload: { name: file.filename, data: file.data, contentType: file.filename.endsWith(".csv") ? "text/csv" : "text/markdown" } };
}

describe("exports and imports say which roadmap they are for", () => {
  it("exports the track named: its file names that roadmap and version, and holds only its items", async () => {
    const reply = await member(members.dee, "export", { format: "csv", roadmap: web.id });
    const file = reply.files[0]!;
    expect(file.filename).toBe(`${web.id}-progress.csv`);
    const rows = parseCsv(file.data.toString("utf8"), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.item_id)).toEqual(web.items.map((item) => item.id));
    expect(new Set(rows.map((row) => `${row.roadmap_id} v${row.roadmap_version}`))).toEqual(new Set([`${web.id} v1`]));
    expect(rows.filter((row) => row.done_at !== "").map((row) => row.item_id)).toEqual([web.items[0]!.id]);

    const markdown = (await member(members.dee, "export", { format: "markdown", roadmap: web.id })).files[0]!.data.toString("utf8");
    expect(markdown).toContain("# Web Development Path");
    expect(markdown).toContain(`version 1 of this roadmap (\`${web.id}\`)`);
    expect(markdown).toContain(`<!-- roadmap: ${web.id} version 1 -->`);
    expect(markdown).not.toContain(ai.items[1]!.title);
  });

  it("gives organisers the group's progress on the track named, and names its roadmap in every row", async () => {
    const reply = await adminCommand(tracks, tracks.organiser, "export", { roadmap: web.id });
    expect(reply.files[0]!.filename).toBe(`${web.id}-group-progress.csv`);
    const rows = parseCsv(reply.files[0]!.data.toString("utf8"), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.user_id).sort()).toEqual([members.bob.id, members.dee.id].sort());
    expect(rows.every((row) => row.roadmap_id === web.id && row.item_id === web.items[0]!.id)).toBe(true);
    // Without `roadmap:` it is the server's own roadmap, as before tracks.
    const own = parseCsv((await adminCommand(tracks, tracks.organiser, "export", {})).files[0]!.data.toString("utf8"), { columns: true }) as Record<string, string>[];
    expect(new Set(own.map((row) => row.roadmap_id))).toEqual(new Set([ai.id]));
  });

  for (const format of ["markdown", "csv"]) {
    it(`refuses to import the server's own roadmap's ${format} export into the web track, and changes nothing`, async () => {
      const exported = (await member(members.dee, "export", { format, roadmap: ai.id })).files[0]!;
      const before = await dumpDatabase(tracks.bot.context.db);
      const reply = await member(members.dee, "import", { file: upload(exported), roadmap: web.id });
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toContain(`was exported from another roadmap (${ai.id}), not from **Web Development Path**, so I imported nothing`);
      expect(reply.components).toEqual([]);
      expect(await dumpDatabase(tracks.bot.context.db)).toBe(before);
    });
  }

  it("imports a track's own export back into it, to that track", async () => {
    const fresh = tracks.guild.addMember({ username: "newcomer" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const exported = (await member(members.dee, "export", { format: "markdown", roadmap: web.id })).files[0]!;
    const preview = await member(fresh, "import", { file: upload(exported), roadmap: web.id });
    expect(preview.content).toContain("1 item");
    const confirm = (preview.components[0] as { components: { custom_id: string }[] }).components[0]!.custom_id;
    const done = await (await tracks.standIn.pressButton({ member: fresh, message: preview, customId: confirm })).reply();
    expect(done.content).toContain(`/${web.items.length}`);
    const rows = await tracks.bot.context.db.selectFrom("progress").select(["roadmap_id", "item_id"]).where("user_id", "=", fresh.id).execute();
    expect(rows).toEqual([{ roadmap_id: web.id, item_id: web.items[0]!.id }]);
  });

  it("still imports an export made before tracks (no roadmap named) into the server's own roadmap", async () => {
    const fresh = tracks.guild.addMember({ username: "oldfile" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const old = `item_id,title,stage,section,done_at,note\n${ai.items[2]!.id},x,1,1.1,2026-01-01T00:00:00Z,\n`;
    const preview = await member(fresh, "import", { file: upload({ filename: "old.csv", data: Buffer.from(old) }) });
    expect(preview.content).toContain("1 item");
    expect(preview.components).toHaveLength(1);
  });
});

describe("a reminder says where the member stands on each track they follow", () => {
  it("sends one DM in a quiet week, with the next items of each followed track, the one used last first", async () => {
    const { ada, bob, dee } = members;
    for (const who of [ada, bob, dee]) await member(who, "remind", { weekday: "wednesday", time: "18:00" });
    // Their checks were this week; the next week's Wednesday is a quiet one.
    clock.set(new Date("2026-03-11T18:00:05Z"));
    const reminders = (who: MemberModel) => tracks.standIn.directMessages(who).filter((dm) => dm.content.includes("haven't checked anything off this week"));
    await waitFor(() => [ada, bob, dee].every((who) => reminders(who).length === 1), "the three reminders");
    const [deeReminder] = reminders(dee);
    expect(deeReminder!.embeds.map((embed) => embed.title)).toEqual([`Next up on ${web.title}`, `Next up on ${ai.title}`]);
    expect(deeReminder!.embeds[0]!.description).toContain(web.items[1]!.title);
    expect(deeReminder!.embeds[1]!.description).toContain(ai.items[2]!.title);
    // The server's own roadmap only, for a member who follows it by checking; the web track only, for one who follows that alone.
    expect(reminders(ada)[0]!.embeds.map((embed) => embed.title)).toEqual([`Next up on ${ai.title}`]);
    expect(reminders(bob)[0]!.embeds.map((embed) => embed.title)).toEqual([`Next up on ${web.title}`]);
    expect(reminders(bob)[0]!.embeds[0]!.description).toContain(web.items[1]!.title);
  });
});

function weeklyPosts(channel: ChannelModel): MessageView[] {
  return tracks.standIn.channelMessages(channel).filter((m) => m.embeds[0]?.title?.includes("Weekly leaderboard"));
}

describe("a channel Discord refuses pauses only its track", () => {
  it("holds the web track's post back, still posts the server's own track's, says so in settings, and resumes on setup", async () => {
    const { standIn, aiChannel, webChannel, organiser, bot, guild } = tracks;
    // The 9 March posts went out when the clock moved on for the reminders.
    await waitFor(() => weeklyPosts(aiChannel).length === 1 && weeklyPosts(webChannel).length === 1, "the 9 March posts");
    standIn.failNext({ method: "POST", route: `/channels/${webChannel.id}/messages`, status: 403, times: 1 });
    clock.set(new Date("2026-03-16T09:00:05Z"));
    await ticks(2);
    expect(weeklyPosts(webChannel)).toHaveLength(1);
    clock.set(new Date("2026-03-16T10:00:05Z"));
    await waitFor(() => weeklyPosts(aiChannel).length === 2, "the server's own track's 16 March post");
    const paused = await bot.context.db.selectFrom("guild_tracks").select(["roadmap_id", "delivery_blocked"]).where("guild_id", "=", guild.id).orderBy("roadmap_id").execute();
    expect(paused.find((track) => track.roadmap_id === web.id)?.delivery_blocked).toContain("Missing Access");
    expect(paused.find((track) => track.roadmap_id === ai.id)?.delivery_blocked).toBeNull();

    const settings = JSON.stringify((await adminCommand(tracks, organiser, "settings", {})).embeds);
    expect(settings).toContain(`⚠️ Paused: ${web.title}`);
    expect(settings).toContain(`Missing Access in <#${webChannel.id}>`);
    expect(settings).toContain(`\`/roadmap-admin setup roadmap: ${web.id}\``);
    expect(settings).not.toContain("Deliveries stopped");

    // A milestone on the server's own track is still celebrated in its channel meanwhile.
    const before = standIn.channelMessages(aiChannel).length;
    const quarter = Math.ceil(ai.items.length / 4);
    const runner = guild.addMember({ username: "runner" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const item of ai.items.slice(0, quarter)) await check(runner, item.id, ai.id);
    await waitFor(() => standIn.channelMessages(aiChannel).length > before, "the celebration in the server's own track's channel");

    await adminCommand(tracks, organiser, "setup", { channel: webChannel, roadmap: web.id, day: "monday", time: "09:00", timezone: "UTC" });
    await waitFor(() => weeklyPosts(webChannel).length === 2, "the held-back web post after setup");
    expect(JSON.stringify((await adminCommand(tracks, organiser, "settings", {})).embeds)).not.toContain("Paused:");
  });
});

describe("stopping a bundled roadmap's track", () => {
  it("refuses to stop a server's only track, and changes nothing", async () => {
    const { standIn, otherGuild, otherOrganiser, bot } = tracks;
    const channel = otherGuild.addChannel({ name: "progress" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await (await standIn.command({ member: otherOrganiser, channel, name: "roadmap-admin", subcommand: "setup", options: { channel } as never })).reply();
    const before = await dumpDatabase(bot.context.db);
    const reply = await (await standIn.command({ member: otherOrganiser, channel, name: "roadmap-admin", group: "roadmap", subcommand: "remove", options: { roadmap: ai.id } as never })).reply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain(`**${ai.title}** is this server's only track`);
    expect(reply.components).toEqual([]);
    expect(await dumpDatabase(bot.context.db)).toBe(before);
  });

  it("refuses a Stop track pressed after 15 minutes as expired, and the track keeps running", async () => {
    const { standIn, organiser, aiChannel, bot, guild } = tracks;
    const preview = await adminCommand(tracks, organiser, "remove", { roadmap: ai.id }, "roadmap");
    expect(preview.content).toContain(`**Stop the ${ai.title} track?**`);
    const before = await dumpDatabase(bot.context.db);
    clock.advance(15 * 60_000 + 1_000);
    const late = await press(standIn, organiser, preview, "Stop track");
    expect(late.ephemeral).toBe(true);
    expect(late.content).toContain("This confirmation has expired (after 15 minutes); nothing changed");
    expect(await dumpDatabase(bot.context.db)).toBe(before);
    const running = await bot.context.db.selectFrom("guild_tracks").select(["roadmap_id", "channel_id"]).where("guild_id", "=", guild.id).orderBy("roadmap_id").execute();
    expect(running).toContainEqual({ roadmap_id: ai.id, channel_id: aiChannel.id });
  });

  it("says what happens to its data, stops it on confirmation, and members can no longer pick it", async () => {
    const { standIn, organiser, aiChannel, webChannel, bot, guild } = tracks;
    const offered = await standIn.autocomplete({ member: organiser, name: "roadmap-admin", group: "roadmap", subcommand: "remove", focused: "roadmap", value: "", options: {} });
    expect((await offered.autocompleteChoices()).map((choice) => choice.value).sort()).toEqual([ai.id, web.id].sort());

    const before = await dumpDatabase(bot.context.db);
    const preview = await adminCommand(tracks, organiser, "remove", { roadmap: ai.id }, "roadmap");
    expect(preview.ephemeral).toBe(true);
    expect(preview.content).toContain(`**Stop the ${ai.title} track?**`);
    expect(preview.content).toContain(`Its weekly posts in <#${aiChannel.id}> end`);
    expect(preview.content).toContain("Members' progress on it is kept in the database and in the organisers' `/roadmap-admin export roadmap:` file");
    expect(preview.content).toContain(`This server's own roadmap becomes **${web.title}**`);
    expect(await dumpDatabase(bot.context.db)).toBe(before);

    const done = await press(standIn, organiser, preview, "Stop track");
    expect(done.content).toContain(`The **${ai.title}** track is stopped; its progress is kept. This server's own roadmap is now **${web.title}**.`);
    const running = await bot.context.db.selectFrom("guild_tracks").select("roadmap_id").where("guild_id", "=", guild.id).execute();
    expect(running.map((track) => track.roadmap_id)).toEqual([web.id]);

    // Members' roadmap: no longer offers it, and naming it is refused.
    const choices = await standIn.autocomplete({ member: members.dee, name: "roadmap", subcommand: "check", focused: "roadmap", value: "", options: { item: "x" } });
    expect((await choices.autocompleteChoices()).map((choice) => choice.value)).toEqual([web.id]);
    const refused = await check(members.dee, ai.items[5]!.id, ai.id);
    expect(refused.content).toContain("That roadmap isn't running on this server, so nothing changed");

    // Its progress is kept and still exportable by organisers.
    const exported = parseCsv((await adminCommand(tracks, organiser, "export", { roadmap: ai.id })).files[0]!.data.toString("utf8"), { columns: true }) as Record<string, string>[];
    expect(exported.some((row) => row.user_id === members.ada.id)).toBe(true);
    expect(exported.filter((row) => row.user_id === members.dee.id).map((row) => row.item_id)).toEqual([ai.items[0]!.id, ai.items[1]!.id]);

    // Asking again: nothing runs to stop, and nothing changes.
    const stopped = await dumpDatabase(bot.context.db);
    const again = await adminCommand(tracks, organiser, "remove", { roadmap: ai.id }, "roadmap");
    expect(again.content).toContain(`This server doesn't run **${ai.title}** as a track, so there is nothing to stop`);
    expect(await dumpDatabase(bot.context.db)).toBe(stopped);

    // The next Monday only the web track posts.
    const aiPosts = weeklyPosts(aiChannel).length;
    clock.set(new Date("2026-03-23T10:00:05Z"));
    await waitFor(() => weeklyPosts(webChannel).length === 3, "the web track's 23 March post");
    await ticks(2);
    expect(weeklyPosts(aiChannel)).toHaveLength(aiPosts);
  });
});
