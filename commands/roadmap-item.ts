import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { callerKey, departedFromGuild } from "../src/discord/members.ts";
import { TRACK_OPTION } from "../src/discord/track-option.ts";
import { resolveMemberTrack } from "../src/tracks/tracks.ts";
import { itemChoices, resolveItemOption } from "../src/discord/item-option.ts";
import { renderItemPeers } from "../src/discord/render/group.ts";
import { itemPeers } from "../src/group/group-service.ts";

export const itemCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "item",
    description: "Who in the group has done an item, and the notes and links they left",
    options: [
      { type: ApplicationCommandOptionType.String, name: "item", description: "Start typing to search", required: true, autocomplete: true },
      TRACK_OPTION,
    ],
  },
  ephemeral: false,
  async execute(ctx, interaction, args) {
    const { roadmap } = await resolveMemberTrack(ctx, callerKey(interaction), args.roadmap);
    const item = resolveItemOption(roadmap, args.item);
    const peers = await itemPeers(ctx, interaction.guildId, roadmap, item, (userIds) => departedFromGuild(interaction.guild, userIds));
    return { embeds: [renderItemPeers(peers, ctx.i18n.forLocale(interaction.locale))] };
  },
  autocomplete: (ctx, interaction) => itemChoices(ctx, interaction, "check"),
});
