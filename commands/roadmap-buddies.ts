import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { callerKey, departedFromGuild } from "../src/discord/members.ts";
import { renderBuddies } from "../src/discord/render/group.ts";
import { findBuddies } from "../src/group/group-service.ts";

export const buddiesCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "buddies",
    description: "Find up to five members working on the same things as you",
  },
  ephemeral: true,
  async execute(ctx, interaction) {
    const buddies = await findBuddies(ctx, callerKey(interaction), (userIds) => departedFromGuild(interaction.guild, userIds));
    return { embeds: [renderBuddies(buddies, ctx.i18n.forLocale(interaction.locale))] };
  },
});
