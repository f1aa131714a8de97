import { ApplicationCommandOptionType } from "discord.js";
import { callerKey } from "../src/discord/members.ts";
import { subcommand } from "../src/discord/command.ts";
import { itemChoices, resolveItemOption } from "../src/discord/item-option.ts";
import { renderCheckResult } from "../src/discord/render/check.ts";
import { TRACK_OPTION } from "../src/discord/track-option.ts";
import { checkItem, MAX_NOTE_LENGTH } from "../src/progress/progress-service.ts";
import { rememberTrack, resolveMemberTrack } from "../src/tracks/tracks.ts";

export const checkCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "check",
    description: "Mark a roadmap item as done",
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: "item",
        description: "The item you finished (start typing to search)",
        required: true,
        autocomplete: true,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "note",
        description: "What you built, or a link as proof (optional)",
        max_length: MAX_NOTE_LENGTH,
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
    const note = args.note ?? null;
    const result = await checkItem(ctx, key, roadmap, item, note, interaction.member.displayName);
    await rememberTrack(ctx, key, track);
    if (result.milestones.length > 0) ctx.outbox.kick();
    return renderCheckResult("check", item, result, note, ctx.i18n.forLocale(interaction.locale));
  },
  autocomplete: (ctx, interaction) => itemChoices(ctx, interaction, "check"),
});
