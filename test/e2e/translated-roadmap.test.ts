import { readFileSync } from "node:fs";
import path from "node:path";
import { PermissionFlagsBits } from "discord.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ChannelModel, GuildModel, MemberModel, MessageView, StandIn } from "../standin/index.ts";
import type { TestBot } from "../support/bot.ts";
import { dumpDatabase } from "../support/db-dump.ts";
import { press, upload } from "../support/roadmap-upload.ts";
import { startBotWorld, type BotWorld } from "../support/world.ts";

// Issue 19: a roadmap file declares its language; a server runs a Portuguese copy as a track of its
// own. The bot never translates the roadmap: members read its items as written, and every reply
// around them in their own Discord language.

const HUB = readFileSync(path.resolve(import.meta.dirname, "../fixtures/translated-upload/roteiro-web.md"), "utf8");
const TITLE = "Roteiro de Desenvolvimento Web";
const FIRST_ITEM = "Escrever uma página com títulos, listas e links";

let world: BotWorld;
let standIn: StandIn;
let bot: TestBot;
let guild: GuildModel;
let mainChannel: ChannelModel;
let portugueseChannel: ChannelModel;
let organiser: MemberModel;
let roadmapId: string;
let ana: MemberModel;

afterEach(() => standIn.assertNoViolations());

beforeAll(async () => {
  world = await startBotWorld({ beforeBot: (s) => (guild = s.addGuild({ name: "Grupo internacional" })) });
  ({ standIn, bot } = world);
  mainChannel = guild.addChannel({ name: "progress" });
  portugueseChannel = guild.addChannel({ name: "progresso" });
  organiser = guild.addMember({ username: "organiser", permissions: PermissionFlagsBits.ManageGuild });
  await new Promise((resolve) => setTimeout(resolve, 100));
});

afterAll(() => world?.stop());

async function command(member: MemberModel, name: string, subcommand: string, options: Record<string, unknown>, group?: string): Promise<MessageView> {
  return (await standIn.command({ member, channel: mainChannel, name, ...(group && { group }), subcommand, options: options as never })).reply();
}

describe("a roadmap translated into Portuguese, run as a second track", () => {
  it("shows the language the file declares in the upload preview and the roadmap list", async () => {
    await command(organiser, "roadmap-admin", "setup", { channel: mainChannel, day: "monday", time: "09:00", timezone: "UTC" });
    const preview = await command(organiser, "roadmap-admin", "upload", { file: upload("roteiro-web.md", HUB) }, "roadmap");
    expect(preview.embeds[0]?.title).toBe(`Preview: ${TITLE}`);
    expect(preview.embeds[0]?.description).toContain("Written in Brazilian Portuguese (`pt-BR`)");
    await press(standIn, organiser, preview, "Confirm");
    roadmapId = (await bot.context.db.selectFrom("roadmaps").select("roadmap_id").where("guild_id", "=", guild.id).executeTakeFirstOrThrow()).roadmap_id;

    const list = (await command(organiser, "roadmap-admin", "list", {}, "roadmap")).embeds[0]?.description ?? "";
    expect(list).toContain(`**${TITLE}** (uploaded) · version 1 · 0 members · written in Brazilian Portuguese`);
  });

  it("names the track with its language in the organiser's and the members' choices", async () => {
    const setupChoices = await standIn.autocomplete({ member: organiser, name: "roadmap-admin", subcommand: "setup", focused: "roadmap", value: "roteiro", options: {} });
    expect((await setupChoices.autocompleteChoices()).map((choice) => choice.name)).toEqual([`${TITLE} (pt-BR, uploaded, version 1)`]);

    const started = await command(organiser, "roadmap-admin", "setup", { channel: portugueseChannel, roadmap: roadmapId, day: "monday", time: "10:00", timezone: "UTC" });
    expect(started.content).toContain(`🛤️ Track: **${TITLE}**`);

    ana = guild.addMember({ username: "ana", locale: "pt-BR" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const joinChoices = await standIn.autocomplete({ member: ana, name: "roadmap", subcommand: "join", focused: "roadmap", value: "roteiro", options: {} });
    expect(await joinChoices.autocompleteChoices()).toEqual([{ name: `${TITLE} (pt-BR)`, value: roadmapId }]);
  });

  it("answers a pt-BR member in Portuguese with the items as written, and an English member in English with the same items", async () => {
    const joined = await command(ana, "roadmap", "join", { roadmap: roadmapId });
    expect(joined.ephemeral).toBe(true);
    expect(joined.content).toContain(`✅ Você segue **${TITLE}**.`);

    const version = (await bot.context.guildRoadmaps!.version(bot.context.db, roadmapId, 1))!;
    const item = version.items.find((candidate) => candidate.title === FIRST_ITEM)!;
    const checked = await command(ana, "roadmap", "check", { item: item.id });
    expect(checked.content).toContain(`✅ **${FIRST_ITEM}** marcado`);

    const sam = guild.addMember({ username: "sam", locale: "en-US" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const samChecked = await command(sam, "roadmap", "check", { item: item.id, roadmap: roadmapId });
    expect(samChecked.content).toContain(`✅ Checked **${FIRST_ITEM}**`);
  });

  it("refuses a pt-BR member's join of a roadmap the server does not run, in Portuguese, and changes nothing", async () => {
    const bia = guild.addMember({ username: "bia", locale: "pt-BR" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = await dumpDatabase(bot.context.db);
    const refused = await command(bia, "roadmap", "join", { roadmap: "no-such-roadmap" });
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toContain("Essa trilha não está em andamento neste servidor, então nada mudou.");
    expect(await dumpDatabase(bot.context.db)).toBe(before);
  });
});
