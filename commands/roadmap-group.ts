import { ApplicationCommandOptionType } from "discord.js";
import type { AppContext } from "../src/context.ts";
import type { Translator } from "../src/i18n/translator.ts";
import { type ButtonHandler, type Reply, subcommand } from "../src/discord/command.ts";
import { departedFromGuild } from "../src/discord/members.ts";
import { newPager, pagerRow, pressedPager, type PagerState } from "../src/discord/pager.ts";
import { groupPageCount, renderGroupPage, withGroupMapPicture } from "../src/discord/render/group.ts";
import { pictureInTime } from "../src/discord/render/picture-budget.ts";
import { groupMapImageInput } from "../src/discord/render/pictures.ts";
import { UserError } from "../src/errors.ts";
import { groupMap, groupMembersOnStage } from "../src/group/group-service.ts";
import type { FindDeparted } from "../src/group/membership.ts";
import type { Roadmap } from "../src/catalogue/catalogue.ts";
import { callerKey } from "../src/discord/members.ts";
import { TRACK_OPTION, trackOptionChoices } from "../src/discord/track-option.ts";
import { resolveMemberTrack, trackByTag, trackTag } from "../src/tracks/tracks.ts";

const PREFIX = "group";

/**
 * Pager args: [stage number, track tag]. The overview page carries the group's map as a picture;
 * section pages are text.
 */
async function renderView(ctx: AppContext, pager: PagerState, roadmap: Roadmap, findDeparted: FindDeparted, t: Translator): Promise<Reply> {
  const stage = Number(pager.args[0]);
  const map = await groupMap(ctx, pager.guildId, roadmap, stage);
  if (!map) throw new UserError({ key: "group:noSuchStage", values: { number: stage, count: roadmap.stages.length } });
  const pages = groupPageCount(map);
  const page = Math.min(pager.page, pages - 1);
  const embed = renderGroupPage(map, page, t);
  const components = map.members > 0 ? [pagerRow(pager, page, pages, t)] : [];
  if (page !== 0 || map.members === 0) return { embeds: [embed], components };
  // Its data and its drawing share the picture budget: a slow query drops the picture, not the answer.
  const png = await pictureInTime(
    ctx.pictures,
    async (pictures) => pictures.groupMap(groupMapImageInput(map, await groupMembersOnStage(ctx, pager.guildId, map, findDeparted), t)),
    (error) => ctx.logger.warn({ err: error, guildId: pager.guildId }, "could not draw the group's map"),
  );
  if (!png) return { embeds: [embed], components };
  const withPicture = withGroupMapPicture(embed, map, png, t);
  return { embeds: [withPicture.embed], components, files: [withPicture.file] };
}

export const groupCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "group",
    description: "Where the group is on a stage: sections finished, items done, where people are stuck",
    options: [{ type: ApplicationCommandOptionType.Integer, name: "stage", description: "Which stage (default: 1)", min_value: 1 }, TRACK_OPTION],
  },
  ephemeral: false,
  async execute(ctx, interaction, args) {
    const stage = args.stage ?? 1;
    const { roadmap } = await resolveMemberTrack(ctx, callerKey(interaction), args.roadmap);
    const pager = newPager(PREFIX, [String(stage), trackTag(roadmap.id)], interaction.guildId, interaction.user.id, ctx.clock);
    return renderView(ctx, pager, roadmap, (userIds) => departedFromGuild(interaction.guild, userIds), ctx.i18n.forLocale(interaction.locale));
  },
  autocomplete: async (ctx, interaction) => (await trackOptionChoices(ctx, interaction)) ?? [],
});

export const groupPageButton = {
  prefix: PREFIX,
  async handle(ctx, interaction) {
    const pager = pressedPager(interaction, PREFIX, ctx.clock, "/roadmap group");
    const { roadmap } = await trackByTag(ctx, pager.guildId, pager.args[1]);
    return renderView(ctx, pager, roadmap, (userIds) => departedFromGuild(interaction.guild, userIds), ctx.i18n.forLocale(interaction.locale));
  },
} as const satisfies ButtonHandler;
