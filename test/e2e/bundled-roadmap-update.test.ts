import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RoadmapFile } from "../../src/catalogue/schema.ts";
import { manualClock } from "../../src/clock.ts";
import { roadmapForGuild } from "../../src/progress/progress-service.ts";
import type { MemberModel, MessageView } from "../standin/index.ts";
import { startRedeployWorld, type RedeployWorld } from "../support/redeploy-world.ts";

// The operator deploys a changed `roadmap/` file: servers keep the version they run until an
// organiser previews and confirms the new one.

let deploy: RedeployWorld;
const clock = manualClock(new Date("2026-03-02T10:00:00Z"));

afterEach(() => deploy.world.standIn.assertNoViolations());

beforeAll(async () => {
  deploy = await startRedeployWorld(clock, "Bundled readers");
});

afterAll(() => deploy?.stop());

/** The bundled roadmap with its first item reworded and one item added to its first section. */
function editedDocument(document: RoadmapFile): RoadmapFile {
  const [stage, ...stages] = document.stages;
  const [section, ...sections] = stage!.sections;
  const [first, ...items] = section!.items;
  const added = { id: "a-brand-new-bundled-item", title: "A brand new bundled item" };
  return {
    ...document,
    stages: [{ ...stage!, sections: [{ ...section!, items: [{ ...first!, title: `${first!.title} (revised)` }, ...items, added] }, ...sections] }, ...stages],
  };
}

async function admin(member: MemberModel, subcommand: string, options: Record<string, unknown> = {}): Promise<MessageView> {
  return (await deploy.world.standIn.command({ member, name: "roadmap-admin", group: "roadmap", subcommand, options: options as never })).reply();
}

describe("a changed bundled roadmap", () => {
  it("waits for the organisers' confirmation, then runs", async () => {
    const { world, guild, organiser } = deploy;
    const original = world.roadmap;
    const firstItem = original.items[0]!;
    const member = guild.addMember({ username: "reader" });
    await (await world.standIn.command({ member, name: "roadmap", subcommand: "check", options: { item: firstItem.id } })).reply();

    // The operator deploys the edited file: the bot restarts with it.
    const { bot: redeployed } = await deploy.redeploy(editedDocument(original.document));

    // Nothing changes for the server until an organiser confirms.
    expect((await roadmapForGuild(redeployed.context, guild.id)).items).toHaveLength(original.items.length);
    const list = await admin(organiser, "list");
    expect(list.embeds[0]?.description).toMatch(/version 1 · 1 member · \*\*runs here\*\* · version 2 waiting/);

    const preview = await admin(organiser, "update", { roadmap: original.id });
    const fields = preview.embeds[0]?.fields ?? [];
    expect(fields.find((f) => f.name.startsWith("Added"))?.name).toBe("Added (1)");
    expect(fields.find((f) => f.name.startsWith("Renamed"))?.value).toContain("(revised)");
    expect(fields.find((f) => f.name === "Members")?.value).toContain("1 member keeps all their progress");

    const row = preview.components[0] as { components: { custom_id: string; label: string }[] };
    const confirm = row.components.find((b) => b.label === "Confirm")!;
    const applied = await (await world.standIn.pressButton({ member: organiser, message: preview, customId: confirm.custom_id })).reply();
    expect(applied.content).toContain("now runs version 2");
    const running = await roadmapForGuild(redeployed.context, guild.id);
    expect(running.items).toHaveLength(original.items.length + 1);
    expect(running.item(firstItem.id)?.title).toBe(`${firstItem.title} (revised)`);

    // Restarting with the same file stores nothing new.
    const versions = await redeployed.context.db.selectFrom("roadmap_versions").select("version").where("roadmap_id", "=", original.id).execute();
    expect(versions.map((v) => v.version).sort()).toEqual([1, 2]);
  });
});
