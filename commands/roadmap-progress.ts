import { ApplicationCommandOptionType } from "discord.js";
import type { Subcommand } from "../src/discord/command.ts";
import { targetMember } from "../src/discord/members.ts";
import { renderProgress } from "../src/discord/render/progress.ts";
import { loadSummary, roadmapForGuild } from "../src/progress/progress-service.ts";

export const progressCommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "progress",
    description: "Show roadmap progress: overall, per stage, pace and projection",
    options: [
      {
        type: ApplicationCommandOptionType.User,
        name: "member",
        description: "Whose progress to show (default: yours)",
      },
    ],
  },
  ephemeral: false,
  async execute(ctx, interaction) {
    const target = targetMember(interaction);
    const roadmap = await roadmapForGuild(ctx, interaction.guildId);
    const summary = await loadSummary(ctx, target.key, roadmap);
    return { embeds: [renderProgress(summary, target.displayName)] };
  },
} as const satisfies Subcommand;
