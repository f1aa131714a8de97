import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { callerKey } from "../src/discord/members.ts";
import { renderNextItems } from "../src/discord/render/progress.ts";
import { loadSummary, roadmapForGuild } from "../src/progress/progress-service.ts";
import { nextItems } from "../src/progress/summary.ts";

const NEXT_COUNT = 5;

export const nextCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "next",
    description: "Show your next unchecked items in roadmap order",
  },
  ephemeral: true,
  async execute(ctx, interaction) {
    const roadmap = await roadmapForGuild(ctx, interaction.guildId);
    const summary = await loadSummary(ctx, callerKey(interaction), roadmap);
    return { embeds: [renderNextItems(nextItems(roadmap, summary.doneIds, NEXT_COUNT), summary, ctx.i18n.forLocale(interaction.locale))] };
  },
});
