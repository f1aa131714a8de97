import { ApplicationCommandOptionType } from "discord.js";
import type { Subcommand } from "../src/discord/command.ts";
import { setPrivacy } from "../src/progress/progress-service.ts";

export const privacyCommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "privacy",
    description: "Choose whether others see you on leaderboards, milestone posts and buddy lists",
    options: [
      {
        type: ApplicationCommandOptionType.Boolean,
        name: "hidden",
        description: "True: never named on leaderboards, milestone posts or item pages (your items still count in totals)",
      },
      {
        type: ApplicationCommandOptionType.Boolean,
        name: "buddies",
        description: "False: leave other members' /roadmap buddies suggestions",
      },
    ],
  },
  ephemeral: true,
  async execute(ctx, interaction) {
    const hidden = interaction.options.getBoolean("hidden") ?? undefined;
    const buddies = interaction.options.getBoolean("buddies") ?? undefined;
    const member = await setPrivacy(ctx, { guildId: interaction.guildId, userId: interaction.user.id }, { hidden, buddies });
    const lines = [
      member.hidden
        ? "🙈 Hidden: leaderboards, milestone posts and item pages won't name you. Your items still count in the group's totals."
        : "👋 Visible on leaderboards, in milestone posts and on item pages.",
      member.buddies_opt_out ? "🚪 You're left out of buddy suggestions." : "🤝 You may be suggested as a study buddy (unless hidden).",
    ];
    if (hidden === undefined && buddies === undefined) lines.push("Change these with the `hidden:` and `buddies:` options.");
    return { content: lines.join("\n") };
  },
} as const satisfies Subcommand;
