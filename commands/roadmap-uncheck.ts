import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { itemChoices, resolveItemOption } from "../src/discord/item-option.ts";
import { callerKey } from "../src/discord/members.ts";
import { renderCheckResult } from "../src/discord/render/check.ts";
import { roadmapForGuild, uncheckItem } from "../src/progress/progress-service.ts";

export const uncheckCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "uncheck",
    description: "Take back an item you marked as done",
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: "item",
        description: "The item to mark as not done (start typing to search)",
        required: true,
        autocomplete: true,
      },
    ],
  },
  ephemeral: true,
  async execute(ctx, interaction, args) {
    const roadmap = await roadmapForGuild(ctx, interaction.guildId);
    const item = resolveItemOption(roadmap, args.item);
    const result = await uncheckItem(ctx, callerKey(interaction), roadmap, item);
    return renderCheckResult("uncheck", item, result, null);
  },
  autocomplete: (ctx, interaction) => itemChoices(ctx, interaction, "uncheck"),
});
