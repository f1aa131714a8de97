import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { targetMember } from "../src/discord/members.ts";
import { pictureInTime } from "../src/discord/render/picture-budget.ts";
import { progressCardInput } from "../src/discord/render/pictures.ts";
import { renderProgress } from "../src/discord/render/progress.ts";
import { assertProgressVisible } from "../src/group/privacy.ts";
import { TRACK_OPTION, trackOptionChoices } from "../src/discord/track-option.ts";
import { loadSummary } from "../src/progress/progress-service.ts";
import { resolveMemberTrack } from "../src/tracks/tracks.ts";

const PROGRESS_CARD_FILE = "progress.png";

export const progressCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "progress",
    description: "Show roadmap progress: overall, per stage, pace and projection",
    options: [
      {
        type: ApplicationCommandOptionType.User,
        name: "member",
        description: "Whose progress to show (default: yours)",
      },
      TRACK_OPTION,
    ],
  },
  ephemeral: false,
  async execute(ctx, interaction, args) {
    const target = targetMember(interaction, args.member);
    await assertProgressVisible(ctx, target.key, interaction.user.id);
    // Another member's progress is shown on their default track, unless a roadmap is named.
    const { roadmap } = await resolveMemberTrack(ctx, target.key, args.roadmap);
    const summary = await loadSummary(ctx, target.key, roadmap);
    const t = ctx.i18n.forLocale(interaction.locale);
    const embed = renderProgress(summary, target.displayName, t);
    // The embed is the accessible fallback: a picture that fails or would be late is left out.
    const card = await pictureInTime(
      ctx.pictures,
      (pictures) => pictures.progressCard(progressCardInput(summary, target.displayName, t)),
      (error) => ctx.logger.warn({ err: error, guildId: interaction.guildId }, "could not draw the progress card"),
    );
    if (!card) return { embeds: [embed] };
    return {
      embeds: [{ ...embed, image: { url: `attachment://${PROGRESS_CARD_FILE}` } }],
      files: [{ name: PROGRESS_CARD_FILE, data: card, description: t.plain("progress:card.description", { percent: t.percent(summary.percent), roadmap: roadmap.title }) }],
    };
  },
  autocomplete: async (ctx, interaction) => (await trackOptionChoices(ctx, interaction)) ?? [],
});
