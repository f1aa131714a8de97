import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RoadmapFile } from "../../src/catalogue/schema.ts";
import { manualClock } from "../../src/clock.ts";
import { groupMap, groupMembersOnStage } from "../../src/group/group-service.ts";
import type { MemberModel, MessageView } from "../standin/index.ts";
import { press } from "../support/roadmap-upload.ts";
import { startRedeployWorld, type RedeployWorld } from "../support/redeploy-world.ts";

// A new version of the bundled roadmap merges two items: the second becomes a former id (alias) of
// the first. A member who had checked both has that one item done, once; a member who had checked
// only the second has it done too. The group's map (its picture's rows) counts each as one item done.

let deploy: RedeployWorld;
const clock = manualClock(new Date("2026-03-02T10:00:00Z"));

afterEach(() => deploy.world.standIn.assertNoViolations());

beforeAll(async () => {
  deploy = await startRedeployWorld(clock, "Merged items");
});

afterAll(() => deploy?.stop());

/** The bundled roadmap with its second item merged into its first (the second's id becomes an alias). */
function mergedDocument(document: RoadmapFile): RoadmapFile {
  const [stage, ...stages] = document.stages;
  const [section, ...sections] = stage!.sections;
  const [first, second, ...items] = section!.items;
  const merged = { ...first!, aliases: [...(first!.aliases ?? []), second!.id, ...(second!.aliases ?? [])] };
  return { ...document, stages: [{ ...stage!, sections: [{ ...section!, items: [merged, ...items] }, ...sections] }, ...stages] };
}

async function command(member: MemberModel, name: string, subcommand: string, options: Record<string, unknown> = {}, group?: string): Promise<MessageView> {
  return (await deploy.world.standIn.command({ member, name, ...(group && { group }), subcommand, options: options as never })).reply();
}


describe("the group's map after two items were merged into one", () => {
  it("shows one item done for a member who checked both, and for one who checked the merged-away item, and counts both in the item's share", async () => {
    const { world, guild, organiser } = deploy;
    const original = world.roadmap;
    const [first, second] = original.items;
    const both = guild.addMember({ username: "both" });
    const formerOnly = guild.addMember({ username: "former" });
    await command(both, "roadmap", "check", { item: first!.id });
    await command(both, "roadmap", "check", { item: second!.id });
    await command(formerOnly, "roadmap", "check", { item: second!.id });

    const { catalogue, bot } = await deploy.redeploy(mergedDocument(original.document));
    const preview = await command(organiser, "roadmap-admin", "update", { roadmap: original.id }, "roadmap");
    expect((await press(deploy.world.standIn, organiser, preview, "Confirm")).content).toContain("now runs version 2");

    // The picture's rows (a group small enough to be named): each member has one item of 1.1 done.
    const map = (await groupMap(bot.context, guild.id, catalogue.defaultRoadmap, 1))!;
    // The item's share: both members have it done, each counted once.
    expect(map.sections[0]!.items[0]!).toMatchObject({ item: { id: first!.id }, members: 2 });
    const members = await groupMembersOnStage(bot.context, guild.id, map, async () => []);
    expect(members.kind).toBe("members");
    if (members.kind !== "members") return;
    expect(members.rows.map((row) => [row.displayName, row.done[0]])).toEqual([
      ["both", 1],
      ["former", 1],
    ]);
  });
});
