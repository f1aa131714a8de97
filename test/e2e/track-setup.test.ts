import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { manualClock } from "../../src/clock.ts";
import { weekContaining } from "../../src/leaderboard/week.ts";
import type { MemberModel, MessageView } from "../standin/index.ts";
import { adminCommand, startTracksWorld, uploadWebRoadmap, type TracksWorld } from "../support/tracks-world.ts";

// Issue 18: `/roadmap-admin setup roadmap:` prepares the weeks of the track it sets up (its roadmap,
// its own weekday and zone), and running it again recounts nobody's scores.

let tracks: TracksWorld;
let ai: Roadmap;
let web: Roadmap;
let ada: MemberModel;
// Sunday 1 March 2026: in the web track's week (from Wednesday 25 February, Berlin), not in the
// Monday weeks of the server's own track.
const clock = manualClock(new Date("2026-03-01T12:00:00Z"));
const WEB_SLOT = { day: "wednesday", time: "18:00", timezone: "Europe/Berlin" } as const;

afterEach(() => tracks.standIn.assertNoViolations());

beforeAll(async () => {
  tracks = await startTracksWorld(clock, { guild: "Two slots", otherGuild: "Elsewhere" });
  await adminCommand(tracks, tracks.organiser, "setup", { channel: tracks.aiChannel, day: "monday", time: "09:00", timezone: "UTC" });
  const webId = await uploadWebRoadmap(tracks);
  ai = tracks.bot.context.catalogue.defaultRoadmap;
  web = (await tracks.bot.context.guildRoadmaps!.version(tracks.bot.context.db, webId, 1))!;
  ada = tracks.guild.addMember({ username: "ada" });
  await new Promise((resolve) => setTimeout(resolve, 100));
});

afterAll(() => tracks?.world.stop());

async function member(who: MemberModel, subcommand: string, options: Record<string, unknown>): Promise<MessageView> {
  return (await tracks.standIn.command({ member: who, channel: tracks.aiChannel, name: "roadmap", subcommand, options: options as never })).reply();
}

/** The windows of a roadmap's scores the server keeps (opened by setup and weekly posts). */
async function keptWindows(roadmapId: string): Promise<{ start: Date; end: Date }[]> {
  const { rows } = await sql<{ start: Date; end: Date }>`
    select period_start as start, period_end as end from score_periods
     where guild_id = ${tracks.guild.id} and roadmap_id = ${roadmapId} order by period_start`.execute(tracks.bot.context.db);
  return rows;
}

describe("setting up a second track on a weekday of its own", () => {
  it("keeps that track's current week, and a member's checks in it show on its weekly board", async () => {
    const reply = await adminCommand(tracks, tracks.organiser, "setup", { channel: tracks.webChannel, roadmap: web.id, ...WEB_SLOT });
    expect(reply.content).toContain("every **Wednesday** at **18:00** (Europe/Berlin)");
    const week = weekContaining(clock.now(), WEB_SLOT.timezone, 3);
    expect(week.start).toEqual(new Date("2026-02-24T23:00:00Z"));
    expect(await keptWindows(web.id)).toContainEqual(week);

    await member(ada, "check", { item: web.items[0]!.id, roadmap: web.id });
    clock.set(new Date("2026-03-03T10:00:00Z"));
    await member(ada, "check", { item: web.items[1]!.id, roadmap: web.id });
    const board = await member(ada, "leaderboard", { roadmap: web.id, period: "week" });
    expect(board.embeds[0]!.description).toContain(`<@${ada.id}>`);
    expect(board.embeds[0]!.fields?.find((field) => field.name === "Your rank")?.value).toContain("#1 of 1 · 2 items");
    // The board read the week setup kept, which both checks counted in.
    const { rows } = await sql<{ score: number }>`
      select ps.score from period_scores ps join score_periods w on w.period_id = ps.period_id
       where w.guild_id = ${tracks.guild.id} and w.roadmap_id = ${web.id} and w.period_start = ${week.start} and ps.user_id = ${ada.id}`.execute(tracks.bot.context.db);
    expect(rows).toEqual([{ score: 2 }]);
  });

  it("recounts nobody's scores when setup runs again, for either track", async () => {
    await member(ada, "check", { item: ai.items[0]!.id, roadmap: ai.id });
    await member(ada, "check", { item: web.items[2]!.id, roadmap: web.id });
    // Both checks counted (a check's scores are counted just after it answers).
    for (const roadmap of [ai, web]) await tracks.bot.context.scores!.settled(tracks.guild.id, roadmap.id);
    // A recount replaces every kept row of the server's scores, holding its checks meanwhile; a
    // row left alone keeps its place in the table.
    const keptRows = async () =>
      (
        await sql<{ roadmap_id: string; at: string }>`
          select roadmap_id, ctid::text as at from member_scores where guild_id = ${tracks.guild.id}
          union all
          select w.roadmap_id, ps.ctid::text from period_scores ps join score_periods w on w.period_id = ps.period_id
           where ps.guild_id = ${tracks.guild.id}
          order by 1, 2`.execute(tracks.bot.context.db)
      ).rows;
    const before = await keptRows();
    expect(new Set(before.map((row) => row.roadmap_id))).toEqual(new Set([ai.id, web.id]));

    await adminCommand(tracks, tracks.organiser, "setup", { channel: tracks.webChannel, roadmap: web.id, ...WEB_SLOT });
    await adminCommand(tracks, tracks.organiser, "setup", { channel: tracks.aiChannel, roadmap: ai.id, day: "monday", time: "09:00", timezone: "UTC" });
    // Every row is still there; the server's own track has opened its new Monday week beside them.
    expect(await keptRows()).toEqual(expect.arrayContaining(before));
    const board = await member(ada, "leaderboard", { roadmap: ai.id, period: "week" });
    expect(board.embeds[0]!.fields?.find((field) => field.name === "Your rank")?.value).toContain("#1 of 1 · 1 item");
  });
});
