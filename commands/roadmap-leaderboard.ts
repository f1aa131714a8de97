import { ApplicationCommandOptionType } from "discord.js";
import { type ButtonHandler, type Reply, subcommand } from "../src/discord/command.ts";
import { newPager, pagerRow, pressedPager, type PagerState } from "../src/discord/pager.ts";
import { renderLeaderboard } from "../src/discord/render/leaderboard.ts";
import { leaderboardView, PERIODS, type Period } from "../src/leaderboard/leaderboard-service.ts";
import type { AppContext } from "../src/context.ts";

const PREFIX = "lb";

function isPeriod(value: string | undefined): value is Period {
  return (PERIODS as readonly string[]).includes(value ?? "");
}

/** Pager args: [period]. The first page shown is the caller's own. */
async function renderView(ctx: AppContext, pager: PagerState, page: number | undefined): Promise<Reply> {
  const period = isPeriod(pager.args[0]) ? pager.args[0] : "week";
  const view = await leaderboardView(ctx, pager.guildId, pager.ownerId, period, page);
  const components = view.pageCount > 1 ? [pagerRow(pager, view.page, view.pageCount)] : [];
  return { embeds: [renderLeaderboard(view)], components };
}

export const leaderboardCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "leaderboard",
    description: "Show the group's leaderboard",
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: "period",
        description: "Which period (default: this week)",
        choices: [
          { name: "This week", value: "week" },
          { name: "Last week (final standings)", value: "last-week" },
          { name: "This month", value: "month" },
          { name: "All time", value: "all" },
        ],
      },
    ],
  },
  ephemeral: false,
  async execute(ctx, interaction, args) {
    const chosen = args.period ?? "week";
    const period = isPeriod(chosen) ? chosen : "week";
    const pager = newPager(PREFIX, [period], interaction.guildId, interaction.user.id, ctx.clock);
    return renderView(ctx, pager, undefined);
  },
});

export const leaderboardPageButton = {
  prefix: PREFIX,
  async handle(ctx, interaction) {
    const pager = pressedPager(interaction, PREFIX, ctx.clock, "/roadmap leaderboard");
    return renderView(ctx, pager, pager.page);
  },
} as const satisfies ButtonHandler;
