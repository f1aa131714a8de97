import { ApplicationCommandOptionType } from "discord.js";
import { type ButtonHandler, type Reply, subcommand } from "../src/discord/command.ts";
import { targetMember } from "../src/discord/members.ts";
import { newPager, pagerRow, pressedPager, type PagerState } from "../src/discord/pager.ts";
import { paginateStage, renderStagePage } from "../src/discord/render/stage.ts";
import { resolveStageOption } from "../src/discord/stage-option.ts";
import { assertProgressVisible } from "../src/group/privacy.ts";
import { TRACK_OPTION, trackOptionChoices } from "../src/discord/track-option.ts";
import { loadSummary } from "../src/progress/progress-service.ts";
import { resolveMemberTrack, trackByTag, trackTag } from "../src/tracks/tracks.ts";
import type { Roadmap } from "../src/catalogue/catalogue.ts";
import type { AppContext } from "../src/context.ts";
import type { Translator } from "../src/i18n/translator.ts";
import type { MemberKey } from "../src/db/progress-repository.ts";

const PREFIX = "stage";

/**
 * Pager args: [stage number, whose checklist, track tag]. Checked again on every page: the member
 * may have hidden since.
 */
async function renderView(
  ctx: AppContext,
  pager: PagerState,
  target: { key: MemberKey; displayName: string },
  roadmap: Roadmap,
  t: Translator,
): Promise<Reply> {
  await assertProgressVisible(ctx, target.key, pager.ownerId);
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
      TRACK_OPTION,
    ],
  },
  ephemeral: true,
  async execute(ctx, interaction, args) {
    const target = targetMember(interaction, args.member);
    // Another member's checklist is shown on their default track, unless a roadmap is named.
    const { roadmap } = await resolveMemberTrack(ctx, target.key, args.roadmap);
    const stage = args.number;
    const pager = newPager(PREFIX, [String(stage), target.key.userId, trackTag(roadmap.id)], interaction.guildId, interaction.user.id, ctx.clock);
    return renderView(ctx, pager, target, roadmap, ctx.i18n.forLocale(interaction.locale));
  },
  autocomplete: async (ctx, interaction) => (await trackOptionChoices(ctx, interaction)) ?? [],
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
    const { roadmap } = await trackByTag(ctx, pager.guildId, pager.args[2]);
    return renderView(ctx, pager, { key: { guildId: interaction.guildId, userId: targetId }, displayName }, roadmap, t);
  },
} as const satisfies ButtonHandler;
