import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { callerKey } from "../src/discord/members.ts";
import { renderNextItems } from "../src/discord/render/progress.ts";
import { TRACK_OPTION, trackOptionChoices } from "../src/discord/track-option.ts";
import { loadSummary, nextItems } from "../src/progress/progress-service.ts";
import { resolveMemberTrack } from "../src/tracks/tracks.ts";

const NEXT_COUNT = 5;

export const nextCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "next",
    description: "Show your next unchecked items in roadmap order",
    options: [TRACK_OPTION],
  },
  ephemeral: true,
  async execute(ctx, interaction, args) {
    const key = callerKey(interaction);
    const { roadmap } = await resolveMemberTrack(ctx, key, args.roadmap);
    const [items, summary] = await Promise.all([nextItems(ctx.db, key, roadmap, NEXT_COUNT), loadSummary(ctx, key, roadmap)]);
    return { embeds: [renderNextItems(items, summary, ctx.i18n.forLocale(interaction.locale))] };
  },
  autocomplete: async (ctx, interaction) => (await trackOptionChoices(ctx, interaction)) ?? [],
});
