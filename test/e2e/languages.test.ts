import { PermissionFlagsBits } from "discord.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { GuildModel, MemberModel } from "../standin/index.ts";
import { waitFor } from "../support/wait.ts";
import { startBotWorld, type BotWorld } from "../support/world.ts";

let world: BotWorld;
let guild: GuildModel;

beforeAll(async () => {
  world = await startBotWorld({
    beforeBot: (standIn) => {
      // A German community server: its guild_locale is "de".
      guild = standIn.addGuild({ name: "Lerngruppe", preferredLocale: "de" });
      guild.addChannel({ name: "fortschritt" });
    },
  });
});

afterAll(async () => {
  await world?.stop();
});

afterEach(() => {
  world.standIn.assertNoViolations();
});

async function run(member: MemberModel, name: string, subcommand: string, options: Record<string, string | boolean | number | object> = {}) {
  return (await world.standIn.command({ member, name, subcommand, options: options as never })).reply();
}

describe("every member in their own language", () => {
  it("a member with Discord in Portuguese gets Portuguese progress while one in Spanish gets Spanish, in the same server", async () => {
    const item = world.roadmap.items[0]!;
    const ana = guild.addMember({ username: "ana", locale: "pt-BR" });
    const lucia = guild.addMember({ username: "lucia", locale: "es-ES" });
    for (const member of [ana, lucia]) await run(member, "roadmap", "check", { item: item.id });

    const portuguese = await run(ana, "roadmap", "progress");
    const spanish = await run(lucia, "roadmap", "progress");
    expect(portuguese.embeds[0]!.title).toBe("Progresso na trilha: ana");
    expect(portuguese.embeds[0]!.description).toContain(`**1/${world.roadmap.items.length}** itens`);
    expect(portuguese.embeds[0]!.fields!.map((field) => field.name)).toEqual(expect.arrayContaining(["Sua jornada", "Sequência", "Ritmo"]));
    expect(spanish.embeds[0]!.title).toBe("Tu avance en la hoja de ruta: lucia");
    expect(spanish.embeds[0]!.fields!.map((field) => field.name)).toEqual(expect.arrayContaining(["Tu recorrido", "Racha", "Ritmo"]));
  });

  it("a member's locale is remembered for their DM reminders, and follows them when they switch Discord's language", async () => {
    const kenji = guild.addMember({ username: "kenji", locale: "ja" });
    await run(kenji, "roadmap", "check", { item: world.roadmap.items[1]!.id });
    const locale = async () =>
      (await world.bot.context.db.selectFrom("members").select("locale").where("guild_id", "=", guild.id).where("user_id", "=", kenji.id).executeTakeFirst())?.locale;
    await waitFor(async () => (await locale()) === "ja");
    kenji.user.locale = "hi";
    const hindi = await run(kenji, "roadmap", "progress");
    expect(hindi.embeds[0]!.title).toBe("रोडमैप में प्रगति: kenji");
    await waitFor(async () => (await locale()) === "hi");
  });

  it("a member with Discord in Japanese and one in Hindi get their own language for check, stage and group, in the same server", async () => {
    const item = world.roadmap.items[2]!;
    const yuki = guild.addMember({ username: "yuki", locale: "ja" });
    const priya = guild.addMember({ username: "priya", locale: "hi" });

    const japaneseCheck = await run(yuki, "roadmap", "check", { item: item.id });
    const hindiCheck = await run(priya, "roadmap", "check", { item: item.id });
    expect(japaneseCheck.content).toContain(`✅ **${item.title}** をチェックしました（ステージ ${item.stage} · ${item.section}`);
    expect(japaneseCheck.content).toContain("完了した項目：");
    expect(hindiCheck.content).toContain(`✅ **${item.title}** पूरा किया (चरण ${item.stage} · ${item.section}`);
    expect(hindiCheck.content).toContain("पूरे किए गए आइटम:");

    const japaneseStage = await run(yuki, "roadmap", "stage", { number: 1 });
    const hindiStage = await run(priya, "roadmap", "stage", { number: 1 });
    const stage = world.roadmap.stages[0]!;
    expect(japaneseStage.embeds[0]!.title).toBe(`ステージ 1：${stage.title} · yuki`);
    expect(japaneseStage.embeds[0]!.footer!.text).toMatch(/完了/);
    expect(hindiStage.embeds[0]!.title).toBe(`चरण 1: ${stage.title} · priya`);
    expect(hindiStage.embeds[0]!.footer!.text).toMatch(/पूरे/);
    const labels = (reply: typeof japaneseStage) => (reply.components[0] as { components: { label: string }[] }).components.map((button) => button.label);
    expect(labels(japaneseStage)).toEqual(["◀ 前へ", "次へ ▶"]);
    expect(labels(hindiStage)).toEqual(["◀ पिछला", "अगला ▶"]);

    const japaneseGroup = await run(yuki, "roadmap", "group");
    const hindiGroup = await run(priya, "roadmap", "group");
    expect(japaneseGroup.embeds[0]!.title).toBe(`ステージ 1 の勉強会：${stage.title}`);
    expect(japaneseGroup.embeds[0]!.footer!.text).toMatch(/^ロードマップに取り組むメンバー \d+ 人/);
    expect(hindiGroup.embeds[0]!.title).toBe(`चरण 1 पर स्टडी ग्रुप: ${stage.title}`);
    expect(hindiGroup.embeds[0]!.fields!.map((field) => field.name)).toEqual(["ग्रुप कहाँ अटका है"]);
  });

  it("registers every command with descriptions in each language, English names kept", () => {
    const roadmapCommand = world.standIn.registeredCommands().find((command) => command.name === "roadmap")!;
    const progress = roadmapCommand.options!.find((option) => option.name === "progress")!;
    expect(progress.description_localizations).toMatchObject({
      "pt-BR": "Mostra o progresso: geral, por etapa, ritmo e projeção",
      "es-ES": "Muestra tu avance: total, por etapa, ritmo y proyección",
      "es-419": "Muestra tu avance: total, por etapa, ritmo y proyección",
      ja: "進み具合を表示：全体、ステージごと、ペース、見通し",
    });
    expect(progress.name_localizations ?? null).toBeNull();
  });
});

describe("the server's language", () => {
  it("follows the server's Discord language until an organiser picks one with setup language:, shown in settings", async () => {
    const organiser = guild.addMember({ username: "orga", permissions: PermissionFlagsBits.ManageGuild });
    const channel = guild.textChannels[0]!;
    const first = await run(organiser, "roadmap-admin", "setup", { channel });
    expect(first.content).toContain("follow the server's language (Deutsch)");
    let settings = await run(organiser, "roadmap-admin", "settings");
    expect(settings.embeds[0]!.fields).toContainEqual({ name: "Language", value: "Server default: Deutsch", inline: true });

    const chosen = await run(organiser, "roadmap-admin", "setup", { channel, language: "ja" });
    expect(chosen.content).toContain("will be in 日本語");
    settings = await run(organiser, "roadmap-admin", "settings");
    expect(settings.embeds[0]!.fields).toContainEqual({ name: "Language", value: "日本語", inline: true });
    expect(world.bot.context.i18n.forServer(guild.id, "ja").language).toBe("ja");

    // Running setup again without language: keeps the choice; "server" goes back to following Discord.
    await run(organiser, "roadmap-admin", "setup", { channel, day: "friday" });
    const stored = () => world.bot.context.db.selectFrom("guilds").select("language").where("guild_id", "=", guild.id).executeTakeFirstOrThrow();
    expect((await stored()).language).toBe("ja");
    await run(organiser, "roadmap-admin", "setup", { channel, language: "server" });
    expect((await stored()).language).toBeNull();
    expect(world.bot.context.i18n.forServer(guild.id, null).language).toBe("de");
  });
});
