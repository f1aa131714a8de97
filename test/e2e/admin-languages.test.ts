import { PermissionFlagsBits } from "discord.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { GuildModel, MemberModel } from "../standin/index.ts";
import { dumpDatabase } from "../support/db-dump.ts";
import { startBotWorld, type BotWorld } from "../support/world.ts";

/*
 * Refusals thrown deep in services (the import's file reader, setup's checks, the Manage Server
 * precondition), the organiser's replies and the import preview, each in the member's own
 * language through the real client.
 */

let world: BotWorld;
let guild: GuildModel;

beforeAll(async () => {
  world = await startBotWorld({ beforeBot: (standIn) => (guild = standIn.addGuild({ name: "Grupo de estudos" })) });
});

afterAll(() => world?.stop());

afterEach(() => {
  world.standIn.assertNoViolations();
});

type Options = Record<string, string | boolean | number | object>;

async function run(member: MemberModel, name: string, subcommand: string, options: Options = {}) {
  return (await world.standIn.command({ member, name, subcommand, options: options as never })).reply();
}

function upload(name: string, text: string, contentType = "text/markdown") {
  return { upload: { name, data: Buffer.from(text), contentType } };
}

describe("organisers and importers in their own language", () => {
  it("a Portuguese member's import preview and a refusal from the file reader are in Portuguese, and change nothing", async () => {
    const ana = guild.addMember({ username: "ana", locale: "pt-BR" });
    const item = world.roadmap.items[0]!;
    const preview = await run(ana, "roadmap", "import", { file: upload("progresso.md", `- [x] ${item.title}\n- [x] Um tópico que não existe`) });
    expect(preview.content).toContain("**Prévia da importação**");
    expect(preview.content).toContain("✅ 1 item seria marcado");
    expect(preview.content).toContain("❓ 1 linha não corresponde a nenhum item e será ignorada:");
    expect(JSON.stringify(preview.components)).toContain('"label":"Confirmar"');
    expect(JSON.stringify(preview.components)).toContain('"label":"Cancelar"');

    const before = await dumpDatabase(world.bot.context.db);
    const csv = await run(ana, "roadmap", "import", { file: upload("p.csv", `item_id;done_at\nx;2026-01-01\n`, "text/csv") });
    expect(csv.ephemeral).toBe(true);
    expect(csv.content).toContain("Parece separado por ponto e vírgula: salve com vírgulas.");
    expect(await dumpDatabase(world.bot.context.db)).toBe(before);
  });

  it("a member with Discord in German who is not an organiser is refused in German", async () => {
    const jonas = guild.addMember({ username: "jonas", locale: "de" });
    const reply = await run(jonas, "roadmap-admin", "settings");
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe("Nur Organisatoren (Mitglieder mit der Berechtigung „Server verwalten“) können die Einstellungen der Lerngruppe ändern.");
  });

  it("a Spanish organiser sets up and reads the settings in Spanish, the weekday as the menu names it", async () => {
    const lucia = guild.addMember({ username: "lucia", locale: "es-ES", permissions: PermissionFlagsBits.ManageGuild });
    const channel = guild.textChannels[0] ?? guild.addChannel({ name: "avances" });
    const setup = await run(lucia, "roadmap-admin", "setup", { channel, day: "friday", time: "18:30", timezone: "Europe/Madrid" });
    expect(setup.content).toContain("✅ Clasificación semanal: cada **viernes** a las **18:30** (Europe/Madrid)");
    const settings = await run(lucia, "roadmap-admin", "settings");
    const embed = settings.embeds[0]!;
    expect(embed.title).toBe("Configuración de Roadmap Bot");
    expect(embed.fields).toContainEqual({ name: "Publicación semanal", value: "viernes 18:30 (Europe/Madrid)", inline: true });
    expect(embed.fields).toContainEqual(expect.objectContaining({ name: "Roles de hito", value: "Ninguno" }));

    const before = await dumpDatabase(world.bot.context.db);
    const wrongZone = await run(lucia, "roadmap-admin", "setup", { channel, timezone: "Europe/Madri" });
    expect(wrongZone.content).toMatch(/^No conozco esa zona horaria\. .* ¿Quizás querías decir `Europe\/Madrid`\?$/);
    expect(await dumpDatabase(world.bot.context.db)).toBe(before);
  });
});
