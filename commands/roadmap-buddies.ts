import { ApplicationCommandOptionType } from "discord.js";
import type { Subcommand } from "../src/discord/command.ts";
import { callerKey } from "../src/discord/members.ts";
import { renderBuddies } from "../src/discord/render/group.ts";
import { findBuddies } from "../src/group/group-service.ts";

export const buddiesCommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "buddies",
    description: "Find up to five members working on the same things as you",
  },
  ephemeral: true,
  async execute(ctx, interaction) {
    const stillMember = (userId: string) =>
      interaction.guild.members.fetch({ user: userId, cache: false }).then(
        () => true,
        () => false,
      );
    return { embeds: [renderBuddies(await findBuddies(ctx, callerKey(interaction), stillMember))] };
  },
} as const satisfies Subcommand;
