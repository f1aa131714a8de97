import { ApplicationCommandOptionType } from "discord.js";
import type { AppContext } from "../src/context.ts";
import type { ButtonHandler, Reply, Subcommand } from "../src/discord/command.ts";
import { newPager, pagerRow, pressedPager, type PagerState } from "../src/discord/pager.ts";
import { groupPageCount, renderGroupPage } from "../src/discord/render/group.ts";
import { UserError } from "../src/errors.ts";
import { groupMap } from "../src/group/group-service.ts";

const PREFIX = "group";

/** Pager args: [stage number]. */
async function renderView(ctx: AppContext, pager: PagerState): Promise<Reply> {
  const stage = Number(pager.args[0]);
  const map = await groupMap(ctx, pager.guildId, stage);
  if (!map) throw new UserError(`There is no stage ${stage} in this roadmap.`);
  const pages = groupPageCount(map);
  const page = Math.min(pager.page, pages - 1);
  return { embeds: [renderGroupPage(map, page)], components: map.members > 0 ? [pagerRow(pager, page, pages)] : [] };
}

export const groupCommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "group",
    description: "Where the group is on a stage: sections finished, items done, where people are stuck",
    options: [{ type: ApplicationCommandOptionType.Integer, name: "stage", description: "Which stage (default: 1)", min_value: 1, max_value: 3 }],
  },
  ephemeral: false,
  async execute(ctx, interaction) {
    const stage = interaction.options.getInteger("stage") ?? 1;
    return renderView(ctx, newPager(PREFIX, [String(stage)], interaction.guildId, interaction.user.id, ctx.clock));
  },
} as const satisfies Subcommand;

export const groupPageButton = {
  prefix: PREFIX,
  async handle(ctx, interaction) {
    return renderView(ctx, pressedPager(interaction, PREFIX, ctx.clock, "/roadmap group"));
  },
} as const satisfies ButtonHandler;
