import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { itemChoices, resolveItemOption } from "../src/discord/item-option.ts";
import { callerKey } from "../src/discord/members.ts";
import { renderCheckResult } from "../src/discord/render/check.ts";
import { TRACK_OPTION } from "../src/discord/track-option.ts";
import { uncheckItem } from "../src/progress/progress-service.ts";
import { rememberTrack, resolveMemberTrack } from "../src/tracks/tracks.ts";

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
      TRACK_OPTION,
    ],
  },
  ephemeral: true,
  async execute(ctx, interaction, args) {
    const key = callerKey(interaction);
    const track = await resolveMemberTrack(ctx, key, args.roadmap);
    const { roadmap } = track;
    const item = resolveItemOption(roadmap, args.item);
    const result = await uncheckItem(ctx, key, roadmap, item);
    await rememberTrack(ctx, key, track);
    return renderCheckResult("uncheck", item, result, null, ctx.i18n.forLocale(interaction.locale));
  },
  autocomplete: (ctx, interaction) => itemChoices(ctx, interaction, "uncheck"),
});
