import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { PRIVACY_LINES } from "../src/group/privacy.ts";
import { setPrivacy } from "../src/progress/progress-service.ts";

export const privacyCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "privacy",
    description: "Choose whether others see your progress, and whether you're suggested as a study buddy",
    options: [
      {
        type: ApplicationCommandOptionType.Boolean,
        name: "hidden",
        description: "True: others see none of your progress (your items still count in anonymous totals)",
      },
      {
        type: ApplicationCommandOptionType.Boolean,
        name: "buddies",
        description: "False: leave other members' /roadmap buddies suggestions",
      },
    ],
  },
  ephemeral: true,
  async execute(ctx, interaction, args) {
    const { hidden, buddies } = args;
    const member = await setPrivacy(ctx, { guildId: interaction.guildId, userId: interaction.user.id }, { hidden, buddies });
    const lines = [
      ...(member.hidden ? PRIVACY_LINES.hidden : PRIVACY_LINES.visible),
      member.buddies_opt_out ? "🚪 You're left out of buddy suggestions." : "🤝 You may be suggested as a study buddy (unless hidden).",
    ];
    if (hidden === undefined && buddies === undefined) lines.push("Change these with the `hidden:` and `buddies:` options.");
    return { content: lines.join("\n") };
  },
});
