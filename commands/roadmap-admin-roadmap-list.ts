import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { safeText } from "../src/discord/render/text.ts";
import { listRoadmapsOfGuild } from "../src/roadmaps/roadmap-list.ts";

export const roadmapListCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "list",
    description: "The roadmaps this server can use, the one it runs and their members",
  },
  ephemeral: true,
  async execute(ctx, interaction) {
    const rows = await listRoadmapsOfGuild(ctx, interaction.guildId);
    const lines = rows.map((row) => {
      const pending = row.newerVersion ? ` · version ${row.newerVersion} waiting (\`/roadmap-admin roadmap update\`)` : "";
      const track = row.trackChannelId ? ` · track in <#${row.trackChannelId}>` : "";
      return `${row.running ? "▶️" : "•"} **${safeText(row.title, 100)}** (${row.bundled ? "bundled" : "uploaded"}) · version ${row.version} · ${row.members} member${row.members === 1 ? "" : "s"}${row.running ? " · **runs here**" : ""}${track}${pending}`;
    });
    return {
      embeds: [{ title: "Roadmaps on this server", description: truncateLines(lines, 4000), color: 0x5865f2 }],
    };
  },
});

function truncateLines(lines: readonly string[], max: number): string {
  let text = "";
  for (const [index, line] of lines.entries()) {
    if (text.length + line.length + 30 > max) return `${text}…and ${lines.length - index} more`;
    text += `${line}\n`;
  }
  return text.trimEnd() || "No roadmaps.";
}
