import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { departedFromGuild } from "../src/discord/members.ts";
import { itemChoices, resolveItemOption } from "../src/discord/item-option.ts";
import { renderItemPeers } from "../src/discord/render/group.ts";
import { itemPeers } from "../src/group/group-service.ts";
import { roadmapForGuild } from "../src/progress/progress-service.ts";

export const itemCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "item",
    description: "Who in the group has done an item, and the notes and links they left",
    options: [
      { type: ApplicationCommandOptionType.String, name: "item", description: "Start typing to search", required: true, autocomplete: true },
    ],
  },
  ephemeral: false,
  async execute(ctx, interaction, args) {
    const roadmap = await roadmapForGuild(ctx, interaction.guildId);
    const item = resolveItemOption(roadmap, args.item);
    const peers = await itemPeers(ctx, interaction.guildId, roadmap, item, (userIds) => departedFromGuild(interaction.guild, userIds));
    return { embeds: [renderItemPeers(peers)] };
  },
  autocomplete: (ctx, interaction) => itemChoices(ctx, interaction, "check"),
});
