import { PermissionFlagsBits } from "discord.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildCatalogue, buildRoadmap } from "../../src/catalogue/catalogue.ts";
import type { RoadmapFile } from "../../src/catalogue/schema.ts";
import { manualClock } from "../../src/clock.ts";
import { roadmapForGuild } from "../../src/progress/progress-service.ts";
import type { GuildModel, MemberModel, MessageView } from "../standin/index.ts";
import { startTestBot, waitForCommands, type TestBot } from "../support/bot.ts";
import { startBotWorld, type BotWorld } from "../support/world.ts";

// The operator deploys a changed `roadmap/` file: servers keep the version they run until an
// organiser previews and confirms the new one.

let world: BotWorld;
let guild: GuildModel;
let organiser: MemberModel;
let redeployed: TestBot | undefined;
const clock = manualClock(new Date("2026-03-02T10:00:00Z"));

afterEach(() => world.standIn.assertNoViolations());

beforeAll(async () => {
  world = await startBotWorld({ clock, beforeBot: (s) => (guild = s.addGuild({ name: "Bundled readers" })) });
  organiser = guild.addMember({ username: "organiser", permissions: PermissionFlagsBits.ManageGuild });
});

afterAll(async () => {
  await redeployed?.stop();
  await world?.database.drop();
  await world?.standIn.close();
});

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
  return (await world.standIn.command({ member, name: "roadmap-admin", group: "roadmap", subcommand, options: options as never })).reply();
}

describe("a changed bundled roadmap", () => {
  it("waits for the organisers' confirmation, then runs", async () => {
    const original = world.roadmap;
    const firstItem = original.items[0]!;
    const member = guild.addMember({ username: "reader" });
    await (await world.standIn.command({ member, name: "roadmap", subcommand: "check", options: { item: firstItem.id } })).reply();

    // The operator deploys the edited file: the bot restarts with it.
    await world.bot.stop();
    const catalogue = buildCatalogue([buildRoadmap(editedDocument(original.document))]);
    redeployed = await startTestBot({ standIn: world.standIn, databaseUrl: world.database.url, clock, catalogue });
    await world.standIn.waitForReady();
    await waitForCommands(world.standIn);

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
