import { ApplicationCommandOptionType } from "discord.js";
import type { ButtonHandler, Reply, Subcommand } from "../src/discord/command.ts";
import { targetMember } from "../src/discord/members.ts";
import { newPager, pagerRow, pressedPager, type PagerState } from "../src/discord/pager.ts";
import { paginateStage, renderStagePage } from "../src/discord/render/stage.ts";
import { assertProgressVisible } from "../src/group/privacy.ts";
import { UserError } from "../src/errors.ts";
import { loadSummary, roadmapForGuild } from "../src/progress/progress-service.ts";
import type { AppContext } from "../src/context.ts";
import type { MemberKey } from "../src/db/progress-repository.ts";

const PREFIX = "stage";

/** Pager args: [stage number, whose checklist]. Checked again on every page: the member may have hidden since. */
async function renderView(ctx: AppContext, pager: PagerState, target: { key: MemberKey; displayName: string }): Promise<Reply> {
  await assertProgressVisible(ctx, target.key, pager.ownerId);
  const roadmap = await roadmapForGuild(ctx, target.key.guildId);
  const number = Number(pager.args[0]);
  const stage = roadmap.stage(number);
  if (!stage) throw new UserError(`This roadmap has stages 1 to ${roadmap.stages.length}; there is no stage ${number}.`);
  const summary = await loadSummary(ctx, target.key, roadmap);
  const pages = paginateStage(stage, summary.doneIds);
  const page = Math.min(pager.page, pages.length - 1);
  const embed = renderStagePage({ stage, doneIds: summary.doneIds, pages, page, displayName: target.displayName });
  if (pages.length === 1) return { embeds: [embed], ephemeral: true };
  return { embeds: [embed], components: [pagerRow(pager, page, pages.length)], ephemeral: true };
}

export const stageCommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "stage",
    description: "Show a stage's sections and items with done marks",
    options: [
      {
        type: ApplicationCommandOptionType.Integer,
        name: "number",
        description: "Which stage",
        required: true,
        min_value: 1,
        max_value: 3,
      },
      {
        type: ApplicationCommandOptionType.User,
        name: "member",
        description: "Whose checklist to show (default: yours)",
      },
    ],
  },
  ephemeral: true,
  async execute(ctx, interaction) {
    const target = targetMember(interaction);
    const stage = interaction.options.getInteger("number", true);
    const pager = newPager(PREFIX, [String(stage), target.key.userId], interaction.guildId, interaction.user.id, ctx.clock);
    return renderView(ctx, pager, target);
  },
} as const satisfies Subcommand;

export const stagePageButton = {
  prefix: PREFIX,
  async handle(ctx, interaction) {
    const pager = pressedPager(interaction, PREFIX, ctx.clock, "/roadmap stage");
    const targetId = pager.args[1] ?? interaction.user.id;
    const displayName =
      targetId === interaction.user.id
        ? interaction.member.displayName
        : await interaction.guild.members.fetch(targetId).then(
            (member) => member.displayName,
            () => "a former member",
          );
    return renderView(ctx, pager, { key: { guildId: interaction.guildId, userId: targetId }, displayName });
  },
} as const satisfies ButtonHandler;
