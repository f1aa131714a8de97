import { ApplicationCommandOptionType } from "discord.js";
import type { Subcommand } from "../src/discord/command.ts";
import { UserError } from "../src/errors.ts";
import { approveRewardRole } from "../src/milestones/reward-roles.ts";
import { roadmapForGuild } from "../src/progress/progress-service.ts";
import { chooseMilestoneRole } from "../src/settings/guild-settings.ts";

export const milestoneRoleCommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "milestone-role",
    description: "Give a role to members who complete a stage",
    options: [
      { type: ApplicationCommandOptionType.Integer, name: "stage", description: "Which stage", required: true, min_value: 1, max_value: 3 },
      { type: ApplicationCommandOptionType.Role, name: "role", description: "The role to give", required: true },
    ],
  },
  ephemeral: true,
  async execute(ctx, interaction) {
    const stage = interaction.options.getInteger("stage", true);
    // Discord's client enforces min_value/max_value, but a stale or forged client may not.
    const roadmap = await roadmapForGuild(ctx, interaction.guildId);
    if (!roadmap.stage(stage)) throw new UserError(`This roadmap has stages 1 to ${roadmap.stages.length}; there is no stage ${stage}.`);
    const role = interaction.options.getRole("role", true);
    const approval = await approveRewardRole(
      interaction.client.rest,
      interaction.guild,
      { organiserId: interaction.user.id, botId: interaction.client.user.id, roleId: role.id },
      ctx.clock.now(),
    );
    await chooseMilestoneRole(ctx, interaction.guildId, stage, { roleId: role.id, setBy: interaction.user.id, vettedPermissions: approval.permissions });
    const warning = approval.botProblem ? `\n⚠️ I can't give it yet: ${approval.botProblem}. I'll skip it (and log why) until that is fixed.` : "";
    return { content: `🏅 Members who complete Stage ${stage} will get <@&${role.id}>.${warning}` };
  },
} as const satisfies Subcommand;
