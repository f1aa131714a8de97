import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { renderSettings } from "../src/discord/render/settings.ts";
import { loadSettings } from "../src/settings/guild-settings.ts";

export const settingsCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "settings",
    description: "Show the study group's settings and the next scheduled post",
  },
  ephemeral: true,
  async execute(ctx, interaction) {
    const view = await loadSettings(ctx, interaction.guildId);
    return renderSettings(ctx.i18n.forLocale(interaction.locale), view, interaction.guildLocale);
  },
});
