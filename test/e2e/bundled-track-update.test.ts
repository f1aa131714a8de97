import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildCatalogue, buildRoadmap } from "../../src/catalogue/catalogue.ts";
import type { RoadmapFile } from "../../src/catalogue/schema.ts";
import { manualClock } from "../../src/clock.ts";
import { roadmapForGuild } from "../../src/progress/progress-service.ts";
import type { MemberModel, MessageView } from "../standin/index.ts";
import { loadRealCatalogue } from "../support/catalogue.ts";
import { press } from "../support/roadmap-upload.ts";
import { startRedeployWorld, type RedeployWorld } from "../support/redeploy-world.ts";

// A second bundled roadmap that a server runs as its second track: when the operator deploys a
// changed file of it, that track's organisers preview and confirm it like the server's own
// roadmap's, and the server's own roadmap stays what it was.

let deploy: RedeployWorld;
let own: RoadmapFile;
let second: RoadmapFile;
const clock = manualClock(new Date("2026-03-02T10:00:00Z"));

/** Another bundled roadmap: the real one's items under a roadmap of its own. */
function secondRoadmap(document: RoadmapFile): RoadmapFile {
  return { ...document, id: "study-basics", title: "Study Basics" };
}

/** Its next version: the first item renamed (new id, the old one kept as a former id), one item added. */
function nextVersion(document: RoadmapFile): RoadmapFile {
  const [stage, ...stages] = document.stages;
  const [section, ...sections] = stage!.sections;
  const [first, ...items] = section!.items;
  const renamed = { ...first!, id: "study-basics-first-renamed", title: "The first item, renamed", aliases: [...(first!.aliases ?? []), first!.id] };
  const added = { id: "study-basics-added", title: "An item added in version 2" };
  return { ...document, stages: [{ ...stage!, sections: [{ ...section!, items: [renamed, ...items, added] }, ...sections] }, ...stages] };
}

afterEach(() => deploy.world.standIn.assertNoViolations());

beforeAll(async () => {
  own = (await loadRealCatalogue()).defaultRoadmap.document;
  second = secondRoadmap(own);
  const catalogue = buildCatalogue([buildRoadmap(own), buildRoadmap(second)], own.id);
  deploy = await startRedeployWorld(clock, "Two bundled tracks", { catalogue });
});

afterAll(() => deploy?.stop());

async function command(member: MemberModel, name: string, subcommand: string, options: Record<string, unknown> = {}, group?: string): Promise<MessageView> {
  const channel = deploy.guild.textChannels[0];
  return (await deploy.world.standIn.command({ member, channel, name, ...(group && { group }), subcommand, options: options as never })).reply();
}

describe("a changed bundled roadmap run as a second track", () => {
  it("is previewed and confirmed for that track, keeps its members' progress, and leaves the server's own roadmap alone", async () => {
    const { guild, organiser } = deploy;
    const channel = guild.textChannels[0]!;
    const setup = await command(organiser, "roadmap-admin", "setup", { roadmap: second.id, channel, day: "monday", time: "09:00", timezone: "UTC" });
    expect(setup.content).toContain("Monday");
    const member = guild.addMember({ username: "learner" });
    const [first, next] = second.stages[0]!.sections[0]!.items;
    for (const item of [first!, next!]) {
      expect((await command(member, "roadmap", "check", { item: item.id, roadmap: second.id })).content).toContain("Checked");
    }

    const { bot } = await deploy.redeploy([own, nextVersion(second)]);
    const list = await command(organiser, "roadmap-admin", "list", {}, "roadmap");
    expect(list.embeds[0]?.description).toMatch(/Study Basics[^\n]*\n?[^\n]*version 1 · 1 member[^\n]*version 2 waiting/);

    const preview = await command(organiser, "roadmap-admin", "update", { roadmap: second.id }, "roadmap");
    const fields = preview.embeds[0]?.fields ?? [];
    expect(fields.find((f) => f.name.startsWith("Renamed"))?.value).toContain("The first item, renamed");
    expect(fields.find((f) => f.name.startsWith("Added"))?.name).toBe("Added (1)");
    expect(fields.find((f) => f.name === "Members")?.value).toContain("1 member keeps all their progress");
    const row = preview.components[0] as { components: { custom_id: string; label: string }[] };
    const confirm = row.components.find((b) => b.label === "Confirm")!;
    const applied = await (await deploy.world.standIn.pressButton({ member: organiser, message: preview, customId: confirm.custom_id })).reply();
    expect(applied.content).toContain("now runs version 2");

    // The server's own roadmap is still the one it ran; the track runs version 2.
    expect((await roadmapForGuild(bot.context, guild.id)).id).toBe(own.id);
    const after = await command(organiser, "roadmap-admin", "list", {}, "roadmap");
    expect(after.embeds[0]?.description).toMatch(/Study Basics[^\n]*\n?[^\n]*version 2 · 1 member/);
    expect(after.embeds[0]?.description).not.toContain("waiting");
    // The renamed item is still done, under its new id, and counts on the track's board.
    const again = await command(member, "roadmap", "check", { item: "study-basics-first-renamed", roadmap: second.id });
    expect(again.content).toContain("already");
    const board = await command(member, "roadmap", "leaderboard", { roadmap: second.id, period: "all" });
    expect(board.embeds[0]!.fields?.find((field) => field.name === "Your rank")?.value).toContain("2 items");
  });

  it("runs the version it ran once stopped and started again, and keeps it when it becomes the server's own", async () => {
    const { guild, organiser, world } = deploy;
    const channel = guild.textChannels[0]!;
    const listed = async () => (await command(organiser, "roadmap-admin", "list", {}, "roadmap")).embeds[0]?.description ?? "";
    const stop = async (roadmapId: string, title: string) => {
      const preview = await command(organiser, "roadmap-admin", "remove", { roadmap: roadmapId }, "roadmap");
      expect(preview.content).toContain(`**Stop the ${title} track?**`);
      expect((await press(world.standIn, organiser, preview, "Stop track")).content).toContain(`The **${title}** track is stopped`);
    };

    await stop(second.id, "Study Basics");
    const restarted = await command(organiser, "roadmap-admin", "setup", { roadmap: second.id, channel, day: "tuesday", time: "09:00", timezone: "UTC" });
    expect(restarted.content).toContain("Tuesday");
    expect(await listed()).toMatch(/Study Basics[^\n]*\n?[^\n]*version 2 · 1 member/);
    expect(await listed()).not.toContain("waiting");

    // The server's own roadmap (set up as a track of its own) stops: the Study Basics track takes
    // over, at the version it ran.
    const ownSetup = await command(organiser, "roadmap-admin", "setup", { roadmap: own.id, channel, day: "monday", time: "09:00", timezone: "UTC" });
    expect(ownSetup.content).toContain("Monday");
    await stop(own.id, own.title);
    expect(await listed()).toMatch(/Study Basics[^\n]*\n?[^\n]*version 2 · 1 member · \*\*runs here\*\*/);
    const member = [...guild.members.values()].find((candidate) => candidate.username === "learner")!;
    const board = await command(member, "roadmap", "leaderboard", { period: "all" });
    expect(board.embeds[0]!.fields?.find((field) => field.name === "Your rank")?.value).toContain("2 items");
  });
});
