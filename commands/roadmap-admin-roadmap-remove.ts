import { ApplicationCommandOptionType } from "discord.js";
import { subcommand, type Reply } from "../src/discord/command.ts";
import { callerKey } from "../src/discord/members.ts";
import { renderStopTrackPreview } from "../src/discord/render/stop-track.ts";
import { truncate } from "../src/discord/render/text.ts";
import { confirmButtons } from "../src/roadmaps/confirm-buttons.ts";
import { roadmapChoices } from "../src/roadmaps/roadmap-choices.ts";
import type { Translator } from "../src/i18n/translator.ts";
import { previewRemove, usableRoadmap, type RemovePreview } from "../src/roadmaps/roadmap-uploads.ts";
import { previewStopTrack, runningTrackIds } from "../src/tracks/stop-track.ts";

export const roadmapRemoveCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "remove",
    description: "Stop one of this server's uploaded roadmaps, or a bundled roadmap's track (progress is kept)",
    options: [{ type: ApplicationCommandOptionType.String, name: "roadmap", description: "The uploaded roadmap to remove, or the bundled one whose track stops", required: true, autocomplete: true, max_length: 100 }],
  },
  ephemeral: true,
  async execute(ctx, interaction, args) {
    // A bundled roadmap comes with the bot: only its track on this server stops.
    const stored = await usableRoadmap(ctx, interaction.guildId, args.roadmap);
    const t = ctx.i18n.forLocale(interaction.locale);
    if (stored.guildId === null) {
      const stop = await previewStopTrack(ctx, interaction.guildId, stored.roadmapId, stored.title);
      return renderStopTrackPreview(stop, ctx.clock.now(), t);
    }
    const preview = await previewRemove(ctx, callerKey(interaction), args.roadmap);
    return renderRemovePreview(preview, t);
  },
  async autocomplete(ctx, interaction) {
    const running = await runningTrackIds(ctx, interaction.guildId);
    const t = ctx.i18n.forLocale(interaction.locale);
    return roadmapChoices(ctx, interaction.guildId, interaction.options.getFocused(), t, (roadmap) => roadmap.guildId !== null || running.has(roadmap.roadmapId));
  },
});

/** What removing keeps and changes, with Remove and Cancel. */
export function renderRemovePreview(preview: RemovePreview, t: Translator): Reply {
  const lines = [
    t.t("roadmaps:remove.question", { title: truncate(preview.title, 100) }),
    t.t("roadmaps:remove.kept"),
    t.t(preview.running ? "roadmaps:remove.running" : "roadmaps:remove.notRunning"),
    t.t("roadmaps:remove.confirmHint"),
  ];
  return { content: lines.join("\n"), components: confirmButtons(preview.pendingId, t, "remove") };
}
