import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { callerKey, departedFromGuild } from "../src/discord/members.ts";
import { renderBuddies } from "../src/discord/render/group.ts";
import { TRACK_OPTION, trackOptionChoices } from "../src/discord/track-option.ts";
import { findBuddies } from "../src/group/group-service.ts";
import { resolveMemberTrack } from "../src/tracks/tracks.ts";

export const buddiesCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "buddies",
    description: "Find up to five members working on the same things as you",
    options: [TRACK_OPTION],
  },
  ephemeral: true,
  async execute(ctx, interaction, args) {
    const key = callerKey(interaction);
    const { roadmap } = await resolveMemberTrack(ctx, key, args.roadmap);
    const buddies = await findBuddies(ctx, key, roadmap, (userIds) => departedFromGuild(interaction.guild, userIds));
    return { embeds: [renderBuddies(buddies, ctx.i18n.forLocale(interaction.locale))] };
  },
  autocomplete: async (ctx, interaction) => (await trackOptionChoices(ctx, interaction)) ?? [],
});
