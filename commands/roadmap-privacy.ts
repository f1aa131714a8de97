import { ApplicationCommandOptionType } from "discord.js";
import type { Subcommand } from "../src/discord/command.ts";
import { setPrivacy } from "../src/progress/progress-service.ts";

export const privacyCommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "privacy",
    description: "Choose whether you appear on leaderboards and milestone posts",
    options: [
      {
        type: ApplicationCommandOptionType.Boolean,
        name: "hidden",
        description: "True: leave the leaderboards (your items still count in group totals)",
        required: true,
      },
    ],
  },
  ephemeral: true,
  async execute(ctx, interaction) {
    const hidden = interaction.options.getBoolean("hidden", true);
    await setPrivacy(ctx, { guildId: interaction.guildId, userId: interaction.user.id }, hidden);
    return {
      content: hidden
        ? "🙈 You're hidden: leaderboards and milestone posts won't name you. Your items still count in the group's totals."
        : "👋 You're visible again on leaderboards and in milestone posts.",
    };
  },
} as const satisfies Subcommand;
