import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { resolveStageOption } from "../src/discord/stage-option.ts";
import { userMessageText } from "../src/errors.ts";
import { approveRewardRole } from "../src/milestones/reward-roles.ts";
import { roadmapForGuild } from "../src/progress/progress-service.ts";
import { chooseMilestoneRole } from "../src/settings/guild-settings.ts";

export const milestoneRoleCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "milestone-role",
    description: "Give a role to members who complete a stage",
    options: [
      { type: ApplicationCommandOptionType.Integer, name: "stage", description: "Which stage", required: true, min_value: 1 },
      { type: ApplicationCommandOptionType.Role, name: "role", description: "The role to give", required: true },
    ],
  },
  ephemeral: true,
  async execute(ctx, interaction, args) {
    const { role } = args;
    const stage = resolveStageOption(await roadmapForGuild(ctx, interaction.guildId), args.stage).number;
    const approval = await approveRewardRole(
      interaction.client.rest,
      interaction.guild,
      { organiserId: interaction.user.id, botId: interaction.client.user.id, roleId: role.id },
      ctx.clock.now(),
    );
    await chooseMilestoneRole(ctx, interaction.guildId, stage, { roleId: role.id, setBy: interaction.user.id, vettedPermissions: approval.permissions });
    const t = ctx.i18n.forLocale(interaction.locale);
    const lines = [t.t("admin:milestoneRole.done", { number: stage, role: `<@&${role.id}>` })];
    if (approval.botProblem) lines.push(t.t("admin:milestoneRole.cannotGiveYet", { problem: userMessageText(t, approval.botProblem) }));
    return { content: lines.join("\n") };
  },
});
