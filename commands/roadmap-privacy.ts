import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { renderPrivacy } from "../src/discord/render/member-choices.ts";
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
    const changed = hidden !== undefined || buddies !== undefined;
    return { content: renderPrivacy(member, changed, ctx.i18n.forLocale(interaction.locale)) };
  },
});
