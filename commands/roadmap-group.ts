import { ApplicationCommandOptionType } from "discord.js";
import type { AppContext } from "../src/context.ts";
import { type ButtonHandler, type Reply, subcommand } from "../src/discord/command.ts";
import { newPager, pagerRow, pressedPager, type PagerState } from "../src/discord/pager.ts";
import { groupPageCount, renderGroupPage } from "../src/discord/render/group.ts";
import { stageRange } from "../src/discord/stage-option.ts";
import { UserError } from "../src/errors.ts";
import { groupMap } from "../src/group/group-service.ts";
import { roadmapForGuild } from "../src/progress/progress-service.ts";

const PREFIX = "group";

/** Pager args: [stage number]. */
async function renderView(ctx: AppContext, pager: PagerState): Promise<Reply> {
  const stage = Number(pager.args[0]);
  const map = await groupMap(ctx, pager.guildId, stage);
  if (!map) throw new UserError(`There is no stage ${stage} in this roadmap: it has ${stageRange(await roadmapForGuild(ctx, pager.guildId))}.`);
  const pages = groupPageCount(map);
  const page = Math.min(pager.page, pages - 1);
  return { embeds: [renderGroupPage(map, page)], components: map.members > 0 ? [pagerRow(pager, page, pages)] : [] };
}

export const groupCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "group",
    description: "Where the group is on a stage: sections finished, items done, where people are stuck",
    options: [{ type: ApplicationCommandOptionType.Integer, name: "stage", description: "Which stage (default: 1)", min_value: 1 }],
  },
  ephemeral: false,
  async execute(ctx, interaction, args) {
    const stage = args.stage ?? 1;
    return renderView(ctx, newPager(PREFIX, [String(stage)], interaction.guildId, interaction.user.id, ctx.clock));
  },
});

export const groupPageButton = {
  prefix: PREFIX,
  async handle(ctx, interaction) {
    return renderView(ctx, pressedPager(interaction, PREFIX, ctx.clock, "/roadmap group"));
  },
} as const satisfies ButtonHandler;
