import { ApplicationCommandOptionType, type APIEmbed } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { truncate } from "../src/discord/render/text.ts";
import type { Translator } from "../src/i18n/translator.ts";
import { listRoadmapsOfGuild, type RoadmapListRow } from "../src/roadmaps/roadmap-list.ts";
import { roadmapLanguageName } from "../src/roadmaps/roadmap-language.ts";

export const roadmapListCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "list",
    description: "The roadmaps this server can use, the one it runs and their members",
  },
  ephemeral: true,
  async execute(ctx, interaction) {
    const rows = await listRoadmapsOfGuild(ctx, interaction.guildId);
    return { embeds: [renderRoadmapList(rows, ctx.i18n.forLocale(interaction.locale))] };
  },
});

export function renderRoadmapList(rows: readonly RoadmapListRow[], t: Translator): APIEmbed {
  return { title: t.t("roadmaps:list.title"), description: truncateLines(rows.map((row) => listLine(row, t)), 4000, t), color: 0x5865f2 };
}

/** One roadmap: its title as written, its language, kind, version, members, and whether it runs here or as a track. */
function listLine(row: RoadmapListRow, t: Translator): string {
  const main = t.t("roadmaps:list.line", {
    marker: row.running ? "▶️" : "•",
    title: truncate(row.title, 100),
    kind: t.t(row.bundled ? "roadmaps:list.bundled" : "roadmaps:list.uploaded"),
    version: row.version,
    members: t.t("roadmaps:list.members", { count: row.members }),
  });
  const extras = [
    ...(row.language ? [t.t("roadmaps:list.language", { language: roadmapLanguageName(row.language, t) })] : []),
    ...(row.running ? [t.t("roadmaps:list.runsHere")] : []),
    ...(row.trackChannelId ? [t.t("roadmaps:list.track", { channel: `<#${row.trackChannelId}>` })] : []),
    ...(row.newerVersion ? [t.t("roadmaps:list.waiting", { version: row.newerVersion })] : []),
  ];
  return [main, ...extras].join(" · ");
}

function truncateLines(lines: readonly string[], max: number, t: Translator): string {
  let text = "";
  for (const [index, line] of lines.entries()) {
    const more = t.t("roadmaps:list.more", { count: lines.length - index });
    if (text.length + line.length + more.length + 1 > max) return `${text}${more}`;
    text += `${line}\n`;
  }
  return text.trimEnd() || t.t("roadmaps:list.empty");
}
