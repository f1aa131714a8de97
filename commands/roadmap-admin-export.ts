import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { TRACK_OPTION } from "../src/discord/track-option.ts";
import { listGuildProgress } from "../src/db/progress-repository.ts";
import { exportGroupCsv } from "../src/portability/formats.ts";
import { organiserExportRoadmap, stampOfTrack } from "../src/portability/roadmap-stamp.ts";
import { roadmapChoices } from "../src/roadmaps/roadmap-choices.ts";

export const adminExportCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "export",
    description: "Download the whole group's progress as CSV",
    options: [{ ...TRACK_OPTION, description: "Which of the server's roadmaps to export (default: the server's own)" }],
  },
  ephemeral: true,
  async execute(ctx, interaction, args) {
    // The server's own roadmap by default, not the track the organiser used last; a stopped track's too.
    const track = await organiserExportRoadmap(ctx, interaction.guildId, args.roadmap);
    const { roadmap } = track;
    const rows = await listGuildProgress(ctx.db, interaction.guildId, roadmap.id);
    const csv = exportGroupCsv(
      roadmap,
      rows.map((row) => ({ userId: row.user_id, itemId: row.item_id, doneAt: row.done_at, note: row.note })),
      await stampOfTrack(ctx, interaction.guildId, track),
    );
    const t = ctx.i18n.forLocale(interaction.locale);
    const members = t.t("admin:export.members", { count: new Set(rows.map((row) => row.user_id)).size });
    return {
      content: t.t("admin:export.done", { count: rows.length, members }),
      files: [{ name: `${roadmap.id}-group-progress.csv`, data: Buffer.from(csv) }],
    };
  },
  autocomplete: (ctx, interaction) => roadmapChoices(ctx, interaction.guildId, interaction.options.getFocused(), ctx.i18n.forLocale(interaction.locale)),
});
