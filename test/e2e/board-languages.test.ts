import { PermissionFlagsBits } from "discord.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Roadmap } from "../../src/catalogue/catalogue.ts";
import { manualClock } from "../../src/clock.ts";
import type { ChannelModel, GuildModel, MemberModel, StandIn } from "../standin/index.ts";
import { waitFor } from "../support/wait.ts";
import { startBotWorld, type BotWorld } from "../support/world.ts";

// Monday 2 March 2026, 10:00 UTC: after this week's 09:00 Berlin slot, so the first post is next Monday.
const MONDAY = new Date("2026-03-02T10:00:00Z");
const NEXT_SLOT = new Date("2026-03-09T08:00:01Z");
const clock = manualClock(MONDAY);
let world: BotWorld;
let standIn: StandIn;
let roadmap: Roadmap;

beforeAll(async () => {
  world = await startBotWorld({ clock });
  ({ standIn, roadmap } = world);
});

afterAll(() => world?.stop());

afterEach(() => {
  standIn.assertNoViolations();
});

/** A community server whose Discord language is `locale`, with an organiser and a channel. */
async function server(name: string, locale: string): Promise<{ guild: GuildModel; channel: ChannelModel; organiser: MemberModel }> {
  const guild = standIn.addGuild({ name, preferredLocale: locale });
  const channel = guild.addChannel({ name: "progress" });
  const organiser = guild.addMember({ username: `${name}-orga`, permissions: PermissionFlagsBits.ManageGuild, locale: "en-US" });
  await waitFor(() => world.bot.client.guilds.cache.has(guild.id), `the bot to receive ${name}`);
  return { guild, channel, organiser };
}

async function run(guild: GuildModel, member: MemberModel, name: string, subcommand: string, options: Record<string, unknown> = {}) {
  return (await standIn.command({ member, channel: guild.textChannels[0], name, subcommand, options: options as never })).reply();
}

describe("channel posts follow the server's language, replies the member's", () => {
  it("the weekly leaderboard is posted in the server's Discord language, or in the one setup language: chose", async () => {
    clock.set(MONDAY);
    const brazil = await server("Grupo de estudos", "pt-BR");
    const japan = await server("勉強会", "pt-BR");
    await run(brazil.guild, brazil.organiser, "roadmap-admin", "setup", { channel: brazil.channel, day: "monday", time: "09:00", timezone: "Europe/Berlin" });
    // The organiser's own Discord is English, the server's Portuguese: the choice is Japanese.
    await run(japan.guild, japan.organiser, "roadmap-admin", "setup", { channel: japan.channel, day: "monday", time: "09:00", timezone: "Europe/Berlin", language: "ja" });
    for (const { guild } of [brazil, japan]) {
      const member = guild.addMember({ username: "ana", locale: "es-ES" });
      clock.advance(1_000);
      const reply = await run(guild, member, "roadmap", "leaderboard");
      expect(reply.embeds[0]!.title).toBe("🏆 Clasificación de esta semana");
      await run(guild, member, "roadmap", "check", { item: roadmap.items[0]!.id });
    }

    clock.set(NEXT_SLOT);
    const portuguese = await standIn.waitForChannelMessage(brazil.channel);
    expect(portuguese.embeds[0]!.title).toBe("🏆 Ranking semanal");
    expect(portuguese.embeds[0]!.description).toContain("**1 item** · ");
    expect(portuguese.embeds[0]!.fields?.find((f) => f.name === "O grupo")?.value).toContain("1 item concluído");
    // The picture is drawn at delivery from words rendered when the post was queued.
    const queued = await world.bot.context.db.selectFrom("outbox").select("payload").where("guild_id", "=", brazil.guild.id).where("kind", "=", "leaderboard").executeTakeFirstOrThrow();
    expect(queued.payload).toMatchObject({
      picture: { description: "Ranking: os dez primeiros em barras", input: { title: "Ranking semanal", labels: { items: "ITENS", overall: "GERAL" } } },
    });

    const japanese = await standIn.waitForChannelMessage(japan.channel);
    expect(japanese.embeds[0]!.title).toBe("🏆 週間ランキング");
    expect(japanese.embeds[0]!.description).toContain("**1 項目**");
    expect(japanese.embeds[0]!.fields?.find((f) => f.name === "グループ")?.value).toContain("1 項目完了");
  });

  it("a milestone is celebrated in the server's language, and told to the member in theirs", async () => {
    clock.set(MONDAY);
    const { guild, channel, organiser } = await server("Lerngruppe", "de");
    await run(guild, organiser, "roadmap-admin", "setup", { channel, day: "monday", time: "09:00", timezone: "Europe/Berlin" });
    const member = guild.addMember({ username: "lena", locale: "fr" });
    const stage1 = roadmap.items.filter((item) => item.stage === 1);
    for (const item of stage1.slice(0, -1)) await run(guild, member, "roadmap", "check", { item: item.id });
    const last = await run(guild, member, "roadmap", "check", { item: stage1.at(-1)!.id });
    expect(last.content).toContain("🎉 Jalon : tu as terminé l’**Étape 1 : Foundational Skills**");

    const post = await standIn.waitForChannelMessage(channel, (m) => m.content.includes("Etappe 1"));
    expect(post.content).toContain(`<@${member.id}> hat **Etappe 1: Foundational Skills** abgeschlossen`);
    expect(post.embeds[0]!.title).toBe("🎉 Meilenstein erreicht");
    expect(post.embeds[0]!.fields?.[0]?.name).toBe("Was das bedeutet");
  });

  it("a reward role is refused in the organiser's own language", async () => {
    const { guild, channel, organiser } = await server("Gruppe", "pt-BR");
    await run(guild, organiser, "roadmap-admin", "setup", { channel });
    const german = guild.addMember({ username: "orga-de", permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ManageRoles, locale: "de" });
    const everyone = await run(guild, german, "roadmap-admin", "milestone-role", { stage: 1, role: guild.everyoneRole as never });
    expect(everyone.content).toBe("@everyone kann keine Belohnung sein; wähle eine andere Rolle.");
    const chosen = await world.bot.context.db.selectFrom("milestone_roles").selectAll().where("guild_id", "=", guild.id).execute();
    expect(chosen).toEqual([]);
  });

  it("a DM reminder speaks the member's last locale; the test DM the locale they turned it on in", async () => {
    clock.set(MONDAY);
    const { guild } = await server("Grupo", "pt-BR");
    const member = guild.addMember({ username: "kenji", locale: "ja" });
    await run(guild, member, "roadmap", "remind", { weekday: "wednesday", time: "18:00" });
    const confirmation = standIn.directMessages(member)[0]!;
    expect(confirmation.content).toContain("⏰ **Grupo** からの週ごとのお知らせをオンにしました：毎週**水曜日**の **18:00**（UTC）");

    // Kenji switches Discord to Hindi and uses the bot once: that is the language his reminder speaks.
    member.user.locale = "hi";
    await run(guild, member, "roadmap", "progress");
    const stored = async () => (await world.bot.context.db.selectFrom("members").select("locale").where("guild_id", "=", guild.id).where("user_id", "=", member.id).executeTakeFirst())?.locale;
    await waitFor(async () => (await stored()) === "hi");

    clock.set(new Date("2026-03-04T18:00:01Z"));
    await waitFor(() => standIn.directMessages(member).length === 2);
    const reminder = standIn.directMessages(member)[1]!;
    expect(reminder.content).toContain("👋 नमस्ते! आपका साप्ताहिक रोडमैप रिमाइंडर");
    expect(reminder.embeds[0]!.title).toBe(`${roadmap.title} में आगे`);
    expect(reminder.embeds[0]!.footer?.text).toContain("/roadmap remind weekday: बंद");
  });
});
