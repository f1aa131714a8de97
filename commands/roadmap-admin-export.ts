import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { callerKey } from "../src/discord/members.ts";
import { TRACK_OPTION, trackOptionChoices } from "../src/discord/track-option.ts";
import { listGuildProgress } from "../src/db/progress-repository.ts";
import { exportGroupCsv } from "../src/portability/formats.ts";
import { stampOfTrack } from "../src/portability/roadmap-stamp.ts";
import { roadmapForGuild } from "../src/progress/progress-service.ts";
import { resolveMemberTrack } from "../src/tracks/tracks.ts";

export const adminExportCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "export",
    description: "Download the whole group's progress as CSV",
    options: [{ ...TRACK_OPTION, description: "Which of the server's roadmaps to export (default: the server's own)" }],
  },
  ephemeral: true,
  async execute(ctx, interaction, args) {
    // An organiser's export defaults to the server's own roadmap, not to the track they used last.
    const track =
      args.roadmap === undefined
        ? { roadmap: await roadmapForGuild(ctx, interaction.guildId), own: true }
        : await resolveMemberTrack(ctx, callerKey(interaction), args.roadmap);
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
  autocomplete: async (ctx, interaction) => (await trackOptionChoices(ctx, interaction)) ?? [],
});
