import { PermissionFlagsBits, type APIEmbed } from "discord.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../../src/clock.ts";
import { setGuildRoadmapVersion } from "../../src/db/roadmap-repository.ts";
import { loadSummary, roadmapForGuild } from "../../src/progress/progress-service.ts";
import { previewUpload } from "../../src/roadmaps/roadmap-uploads.ts";
import { startStandIn, type ChannelModel, type GuildModel, type MemberModel, type MessageView, type StandIn } from "../standin/index.ts";
import { startTestBot, waitForCommands, type TestBot } from "../support/bot.ts";
import { dumpDatabase } from "../support/db-dump.ts";
import { pageFiles, press as pressLabel, upload } from "../support/roadmap-upload.ts";
import { startTracksWorld } from "../support/tracks-world.ts";
import type { BotWorld } from "../support/world.ts";

// An organiser brings their own roadmap: three Markdown pages (a hub and two stage pages, written
// here in the author's shape and our own words), previewed, confirmed, then updated.

let world: BotWorld;
let standIn: StandIn;
let bot: TestBot;
let guild: GuildModel;
let channel: ChannelModel;
let organiser: MemberModel;
let otherOrganiser: MemberModel;
const clock = manualClock(new Date("2026-03-02T10:00:00Z"));

afterEach(() => standIn.assertNoViolations());

beforeAll(async () => {
  const tracks = await startTracksWorld(clock, { guild: "Web cohort", otherGuild: "Someone else's server" });
  ({ world, standIn, bot, guild, organiser, otherOrganiser } = tracks);
  channel = tracks.aiChannel;
});

afterAll(() => world?.stop());

async function roadmapCommand(member: MemberModel, subcommand: string, options: Record<string, unknown> = {}): Promise<MessageView> {
  return (await standIn.command({ member, name: "roadmap-admin", group: "roadmap", subcommand, options: options as never })).reply();
}

function press(member: MemberModel, message: MessageView, label: string): Promise<MessageView> {
  return pressLabel(standIn, member, message, label);
}

function field(embed: APIEmbed | undefined, name: RegExp): string {
  return embed?.fields?.find((f) => name.test(f.name))?.value ?? "";
}

function fieldName(embed: APIEmbed | undefined, name: RegExp): string {
  return embed?.fields?.find((f) => name.test(f.name))?.name ?? "";
}

async function uploadedRoadmapId(guildId: string): Promise<string | undefined> {
  const row = await bot.context.db.selectFrom("roadmaps").select("roadmap_id").where("guild_id", "=", guildId).executeTakeFirst();
  return row?.roadmap_id;
}

describe("/roadmap-admin roadmap upload, list, update", () => {
  let roadmapId: string;

  it("previews a three-page Markdown roadmap and stores it on Confirm, for this server only", async () => {
    const before = await dumpDatabase(bot.context.db);
    const preview = await roadmapCommand(organiser, "upload", pageFiles("v1"));
    expect(preview.ephemeral).toBe(true);
    const embed = preview.embeds[0];
    expect(embed?.title).toBe("Preview: Web Development Path");
    expect(embed?.description).toContain("12 items in 2 stages");
    expect(fieldName(embed, /^Stage 1/)).toBe("Stage 1: Building Pages (6 items)");
    expect(field(embed, /^Stage 1/)).toContain("1.1 Markup: 3");
    expect(field(embed, /^Stage 2/)).toContain("2.2 Deploying: 3");
    expect(field(embed, /importer/)).toContain("12 items");
    // Nothing but the pending preview is stored before Confirm.
    expect(await uploadedRoadmapId(guild.id)).toBeUndefined();

    const confirmed = await press(organiser, preview, "Confirm");
    expect(confirmed.content).toContain("**Web Development Path** is now one of this server's roadmaps");
    roadmapId = (await uploadedRoadmapId(guild.id))!;
    expect(roadmapId).toMatch(/^web-development-path-[0-9a-f]{8}$/);
    expect(await dumpDatabase(bot.context.db)).not.toBe(before);

    const list = await roadmapCommand(organiser, "list");
    expect(list.embeds[0]?.description).toContain("**Web Development Path** (uploaded) · version 1 · 0 members");
    expect(list.embeds[0]?.description).toMatch(/▶️ \*\*.+\*\* \(bundled\).*runs here/);
  });

  it("never shows the upload to another server", async () => {
    const list = await roadmapCommand(otherOrganiser, "list");
    expect(list.embeds[0]?.description).not.toContain("Web Development Path");
    const handle = await standIn.autocomplete({ member: otherOrganiser, name: "roadmap-admin", group: "roadmap", subcommand: "update", focused: "roadmap", value: "web" });
    expect(await handle.autocompleteChoices()).toEqual([]);
    const forged = await roadmapCommand(otherOrganiser, "remove", { roadmap: roadmapId });
    expect(forged.content).toContain("I don't know that roadmap on this server");
  });

  it("updates it: renames two, removes one, adds three; progress on renamed items is kept, no milestone twice, a replica serves it at once", async () => {
    // Phase 2's `setup roadmap:` chooses the roadmap a server runs; until then the test sets it.
    await bot.context.db.transaction().execute((trx) => setGuildRoadmapVersion(trx, guild.id, roadmapId, null));
    await standIn.command({ member: organiser, channel, name: "roadmap-admin", subcommand: "setup", options: { channel, day: "monday", time: "09:00", timezone: "UTC" } });
    const v1 = await roadmapForGuild(bot.context, guild.id);
    const itemId = (title: string) => v1.items.find((item) => item.title === title)!.id;
    const check = async (member: MemberModel, id: string) =>
      (await standIn.command({ member, channel, name: "roadmap", subcommand: "check", options: { item: id } })).reply();

    const renamer = guild.addMember({ username: "renamer" });
    await check(renamer, itemId("Mark up a form with labels for every field"));
    await check(renamer, itemId("Store secrets outside the code"));
    const remover = guild.addMember({ username: "remover" });
    await check(remover, itemId("Pick colours with enough contrast"));
    const finisher = guild.addMember({ username: "finisher" });
    for (const item of v1.stage(1)!.items) await check(finisher, item.id);
    const milestonesBefore = await bot.context.db.selectFrom("outbox").select("dedupe_key").where("kind", "=", "milestone").execute();
    expect(milestonesBefore.some((row) => row.dedupe_key.includes(finisher.id))).toBe(true);

    // A replica (another process on the same database) has served the old version already.
    const replicaStandIn = await startStandIn();
    const replicaGuild = replicaStandIn.addGuild({ id: guild.id, name: "Web cohort" });
    const replicaMember = replicaGuild.addMember({ id: renamer.id, username: "renamer" });
    const replica = await startTestBot({ standIn: replicaStandIn, databaseUrl: world.database.url, clock, catalogue: world.catalogue });
    try {
      await replicaStandIn.waitForReady();
      await waitForCommands(replicaStandIn);
      const oldChoices = await (await replicaStandIn.autocomplete({ member: replicaMember, name: "roadmap", subcommand: "check", focused: "item", value: "grid" })).autocompleteChoices();
      expect(oldChoices.map((c) => c.name).join()).not.toContain("grid");

      const preview = await roadmapCommand(organiser, "update", { roadmap: roadmapId, ...pageFiles("v2") });
      const embed = preview.embeds[0];
      expect(fieldName(embed, /^Added/)).toBe("Added (3)");
      expect(field(embed, /^Added/)).toContain("Use CSS grid for a page layout");
      expect(fieldName(embed, /^Removed/)).toBe("Removed (1)");
      expect(field(embed, /^Removed/)).toContain("Pick colours with enough contrast");
      expect(fieldName(embed, /^Renamed/)).toBe("Renamed (2)");
      expect(field(embed, /^Renamed/)).toContain("Mark up a form with labels for every field → Mark up a form with a label for each field");
      expect(field(embed, /^Members/)).toContain("1 member keeps all their progress");
      expect(field(embed, /^Members/)).toContain("2 members have progress on removed items (kept, no longer counted)");
      expect(field(embed, /^Stage totals/)).toContain("Stage 1 Building Pages: 6 → 7 (+1)");
      expect(field(embed, /^Stage totals/)).toContain("Stage 2 Shipping Applications: 6 → 7 (+1)");

      const applied = await press(organiser, preview, "Confirm");
      expect(applied.content).toContain("now runs version 2");

      const v2 = await roadmapForGuild(bot.context, guild.id);
      expect(v2.items).toHaveLength(14);
      const renamerSummary = await loadSummary(bot.context, { guildId: guild.id, userId: renamer.id }, v2);
      expect(renamerSummary.done).toBe(2);
      const removerSummary = await loadSummary(bot.context, { guildId: guild.id, userId: remover.id }, v2);
      expect(removerSummary.done).toBe(0);
      // The removed item's row is kept, uncounted.
      expect(await bot.context.db.selectFrom("progress").select("item_id").where("user_id", "=", remover.id).execute()).toHaveLength(1);

      // The finisher completes stage 1 again under the new version: no second celebration.
      const added = v2.stage(1)!.items.filter((item) => !v1.item(item.id));
      for (const item of added) expect((await check(finisher, item.id)).content).toContain(item.title);
      const finisherSummary = await loadSummary(bot.context, { guildId: guild.id, userId: finisher.id }, v2);
      expect(finisherSummary.stages[0]!.complete).toBe(true);
      const milestonesAfter = await bot.context.db.selectFrom("outbox").select("dedupe_key").where("kind", "=", "milestone").execute();
      expect(milestonesAfter.filter((row) => row.dedupe_key.includes(finisher.id))).toHaveLength(
        milestonesBefore.filter((row) => row.dedupe_key.includes(finisher.id)).length,
      );

      // The replica, never restarted, serves version 2.
      const newChoices = await (await replicaStandIn.autocomplete({ member: replicaMember, name: "roadmap", subcommand: "check", focused: "item", value: "grid" })).autocompleteChoices();
      expect(newChoices.map((c) => c.name).join()).toContain("Use CSS grid for a page layout");
      const progress = await (await replicaStandIn.command({ member: replicaMember, name: "roadmap", subcommand: "progress" })).reply();
      expect(JSON.stringify(progress.embeds)).toContain("2/14");
    } finally {
      await replica.stop();
      await replicaStandIn.close();
    }

    const list = await roadmapCommand(organiser, "list");
    expect(list.embeds[0]?.description).toContain("**Web Development Path** (uploaded) · version 2 · 3 members · **runs here**");
  });

  it("removes it after a confirmation that says what happens to its data; the server falls back to the bundled default", async () => {
    const preview = await roadmapCommand(organiser, "remove", { roadmap: roadmapId });
    expect(preview.content).toContain("progress on it is kept");
    expect(preview.content).toContain("falls back to the bundled default roadmap");
    const removed = await press(organiser, preview, "Remove");
    expect(removed.content).toContain("This server now runs the bundled default roadmap");
    expect((await roadmapForGuild(bot.context, guild.id)).id).toBe(world.roadmap.id);
    const list = await roadmapCommand(organiser, "list");
    expect(list.embeds[0]?.description).not.toContain("Web Development Path");
    expect(await bot.context.db.selectFrom("progress").select("item_id").where("roadmap_id", "=", roadmapId).execute()).not.toHaveLength(0);
  });
});

describe("bad uploads get a clear answer and change nothing", () => {
  const refusals: { name: string; files: () => Record<string, ReturnType<typeof upload>>; says: RegExp }[] = [
    { name: "a file that is not Markdown", files: () => ({ file: upload("roadmap.pdf", "%PDF-1.4") }), says: /Markdown pages \(`\.md`\) or a roadmap YAML file/ },
    { name: "pages without task items", files: () => ({ file: upload("notes.md", "# Notes\n\nJust prose, no checklist.\n") }), says: /no task items/ },
    {
      name: "too many items",
      files: () => ({ file: upload("huge.md", `# Huge\n\n## 1.1 Everything\n\n${Array.from({ length: 2_001 }, (_, i) => `- [ ] Task number ${i}`).join("\n")}\n`) }),
      says: /2,001 items; I take up to 2,000/,
    },
    {
      name: "a YAML file with duplicate ids",
      files: () => ({
        file: upload(
          "dup.yaml",
          [
            "id: dup",
            "title: Duplicates",
            "stages:",
            "  - number: 1",
            "    title: One",
            "    goal: Goal",
            "    level: Starter",
            "    keySkills: Skills",
            "    completionCriteria: [Done]",
            "    sections:",
            "      - number: '1.1'",
            "        title: Section",
            "        items:",
            "          - { id: same, title: First }",
            "          - { id: same, title: Second }",
          ].join("\n"),
        ),
      }),
      says: /duplicate id "same"/,
    },
    { name: "a file over 1 MB", files: () => ({ file: upload("big.md", `# Big\n\n- [ ] one\n${"x".repeat(1024 * 1024)}`) }), says: /over 1 MB/ },
  ];

  for (const refusal of refusals) {
    it(`refuses ${refusal.name}`, async () => {
      const before = await dumpDatabase(bot.context.db);
      const reply = await roadmapCommand(organiser, "upload", refusal.files());
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toMatch(refusal.says);
      expect(reply.components).toEqual([]);
      expect(await dumpDatabase(bot.context.db)).toBe(before);
    });
  }

  it("words a file's problems in the organiser's own language, zod's wording of a wrong type included", async () => {
    const broken = () => ({ file: upload("broken.yaml", "id: broken\ntitle: 3\nstages:\n  - { number: 1, title: One, level: L, keySkills: S, completionCriteria: [Done], sections: [{ number: '1.1', title: S, items: [{ id: a, title: A }] }] }\n") });
    const before = await dumpDatabase(bot.context.db);
    const inPortuguese = await (await standIn.command({ member: organiser, locale: "pt-BR", name: "roadmap-admin", group: "roadmap", subcommand: "upload", options: broken() as never })).reply();
    const inJapanese = await (await standIn.command({ member: organiser, locale: "ja", name: "roadmap-admin", group: "roadmap", subcommand: "upload", options: broken() as never })).reply();
    expect(inPortuguese.ephemeral).toBe(true);
    expect(inPortuguese.content).toContain("`title`: Entrada inválida: esperava um texto, recebeu um número");
    expect(inPortuguese.content).toContain("`stages[0].goal`: Entrada inválida: esperava um texto");
    expect(inJapanese.content).toContain("`title`: 無効な入力: stringが期待されましたが、数値が入力されました");
    expect(await dumpDatabase(bot.context.db)).toBe(before);
  });

  it("takes at most ten files, and refuses an eleventh however it arrives", async () => {
    const admin = standIn.registeredCommands().find((c) => c.name === "roadmap-admin")!;
    const group = admin.options?.find((o) => o.name === "roadmap") as { options: { name: string; options?: { name: string }[] }[] };
    const uploadOptions = group.options.find((o) => o.name === "upload")!.options!.map((o) => o.name);
    expect(uploadOptions).toEqual(["file", ...Array.from({ length: 9 }, (_, i) => `file${i + 2}`)]);
    const before = await dumpDatabase(bot.context.db);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ name: `page-${i}.md`, size: 10, url: "https://cdn.discordapp.com/x" }));
    await expect(previewUpload(bot.context, { guildId: guild.id, userId: organiser.id }, eleven)).rejects.toThrow(expect.objectContaining({ name: "UserError", message: "I read up to 10 files per upload; you attached 11." }));
    expect(await dumpDatabase(bot.context.db)).toBe(before);
  });

  it("lets only the uploader confirm, and applies a Confirm pressed twice once", async () => {
    const preview = await roadmapCommand(organiser, "upload", pageFiles("v1"));
    const before = await dumpDatabase(bot.context.db);
    const colleague = guild.addMember({ username: "colleague", permissions: PermissionFlagsBits.ManageGuild });
    const refused = await press(colleague, preview, "Confirm");
    expect(refused.content).toContain("Only the organiser who made this preview can confirm or cancel it.");
    expect(await dumpDatabase(bot.context.db)).toBe(before);

    // A double click: both presses reach the bot before the first answer removes the buttons.
    const uploadsBefore = (await bot.context.db.selectFrom("roadmaps").select("roadmap_id").where("guild_id", "=", guild.id).execute()).length;
    const answers = (await Promise.all([press(organiser, preview, "Confirm"), press(organiser, preview, "Confirm")])).map((m) => m.content);
    expect(answers.filter((text) => text.includes("is now one of this server's roadmaps"))).toHaveLength(1);
    expect(answers.filter((text) => text.includes("already confirmed, cancelled or has expired"))).toHaveLength(1);
    const uploadsAfter = (await bot.context.db.selectFrom("roadmaps").select("roadmap_id").where("guild_id", "=", guild.id).execute()).length;
    expect(uploadsAfter).toBe(uploadsBefore + 1);
  });
});
