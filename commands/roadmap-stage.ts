import { ApplicationCommandOptionType } from "discord.js";
import { type ButtonHandler, type Reply, subcommand } from "../src/discord/command.ts";
import { targetMember } from "../src/discord/members.ts";
import { newPager, pagerRow, pressedPager, type PagerState } from "../src/discord/pager.ts";
import { paginateStage, renderStagePage } from "../src/discord/render/stage.ts";
import { resolveStageOption } from "../src/discord/stage-option.ts";
import { assertProgressVisible } from "../src/group/privacy.ts";
import { loadSummary, roadmapForGuild } from "../src/progress/progress-service.ts";
import type { AppContext } from "../src/context.ts";
import type { Translator } from "../src/i18n/translator.ts";
import type { MemberKey } from "../src/db/progress-repository.ts";

const PREFIX = "stage";

/** Pager args: [stage number, whose checklist]. Checked again on every page: the member may have hidden since. */
async function renderView(ctx: AppContext, pager: PagerState, target: { key: MemberKey; displayName: string }, t: Translator): Promise<Reply> {
  await assertProgressVisible(ctx, target.key, pager.ownerId);
  const roadmap = await roadmapForGuild(ctx, target.key.guildId);
  const number = Number(pager.args[0]);
  const stage = resolveStageOption(roadmap, number);
  const summary = await loadSummary(ctx, target.key, roadmap);
  const pages = paginateStage(stage, summary.doneIds, t);
  const page = Math.min(pager.page, pages.length - 1);
  const embed = renderStagePage({ stage, doneIds: summary.doneIds, pages, page, displayName: target.displayName, t });
  if (pages.length === 1) return { embeds: [embed] };
  return { embeds: [embed], components: [pagerRow(pager, page, pages.length, t)] };
}

export const stageCommand = subcommand({
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
      },
      {
        type: ApplicationCommandOptionType.User,
        name: "member",
        description: "Whose checklist to show (default: yours)",
      },
    ],
  },
  ephemeral: true,
  async execute(ctx, interaction, args) {
    const target = targetMember(interaction, args.member);
    const stage = args.number;
    const pager = newPager(PREFIX, [String(stage), target.key.userId], interaction.guildId, interaction.user.id, ctx.clock);
    return renderView(ctx, pager, target, ctx.i18n.forLocale(interaction.locale));
  },
});

export const stagePageButton = {
  prefix: PREFIX,
  async handle(ctx, interaction) {
    const pager = pressedPager(interaction, PREFIX, ctx.clock, "/roadmap stage");
    const targetId = pager.args[1] ?? interaction.user.id;
    const t = ctx.i18n.forLocale(interaction.locale);
    const displayName =
      targetId === interaction.user.id
        ? interaction.member.displayName
        : await interaction.guild.members.fetch(targetId).then(
            (member) => member.displayName,
            () => t.plain("progress:stage.formerMember"),
          );
    return renderView(ctx, pager, { key: { guildId: interaction.guildId, userId: targetId }, displayName }, t);
  },
} as const satisfies ButtonHandler;
