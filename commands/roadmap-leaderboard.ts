import { ApplicationCommandOptionType } from "discord.js";
import { type ButtonHandler, type Reply, subcommand } from "../src/discord/command.ts";
import { newPager, pagerRow, pressedPager, type PagerState } from "../src/discord/pager.ts";
import { renderLeaderboard } from "../src/discord/render/leaderboard.ts";
import { leaderboardView, PERIODS, type Period } from "../src/leaderboard/leaderboard-service.ts";
import type { AppContext } from "../src/context.ts";
import { callerKey } from "../src/discord/members.ts";
import { TRACK_OPTION, trackOptionChoices } from "../src/discord/track-option.ts";
import { resolveMemberTrack, trackByTag, trackTag, viewedTrack, type ViewedTrack } from "../src/tracks/tracks.ts";
import type { Translator } from "../src/i18n/translator.ts";

const PREFIX = "lb";

function isPeriod(value: string | undefined): value is Period {
  return (PERIODS as readonly string[]).includes(value ?? "");
}

/** Pager args: [period, track tag]. The first page shown is the caller's own. */
async function renderView(ctx: AppContext, pager: PagerState, page: number | undefined, track: ViewedTrack, t: Translator): Promise<Reply> {
  const period = isPeriod(pager.args[0]) ? pager.args[0] : "week";
  const view = await leaderboardView(ctx, pager.guildId, pager.ownerId, period, page, track);
  const components = view.pageCount > 1 ? [pagerRow(pager, view.page, view.pageCount, t)] : [];
  return { embeds: [renderLeaderboard(view, t)], components };
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
      TRACK_OPTION,
    ],
  },
  ephemeral: false,
  async execute(ctx, interaction, args) {
    const chosen = args.period ?? "week";
    const period = isPeriod(chosen) ? chosen : "week";
    const track = await viewedTrack(ctx, interaction.guildId, await resolveMemberTrack(ctx, callerKey(interaction), args.roadmap));
    const pager = newPager(PREFIX, [period, trackTag(track.roadmap.id)], interaction.guildId, interaction.user.id, ctx.clock);
    return renderView(ctx, pager, undefined, track, ctx.i18n.forLocale(interaction.locale));
  },
  autocomplete: async (ctx, interaction) => (await trackOptionChoices(ctx, interaction)) ?? [],
});

export const leaderboardPageButton = {
  prefix: PREFIX,
  async handle(ctx, interaction) {
    const pager = pressedPager(interaction, PREFIX, ctx.clock, "/roadmap leaderboard");
    const track = await trackByTag(ctx, pager.guildId, pager.args[1]);
    return renderView(ctx, pager, pager.page, track, ctx.i18n.forLocale(interaction.locale));
  },
} as const satisfies ButtonHandler;
