import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { callerKey } from "../src/discord/members.ts";
import { listProgress } from "../src/db/progress-repository.ts";
import { EXPORT_FORMATS, exportFile, type DoneItem, type ExportFormat } from "../src/portability/formats.ts";
import { TRACK_OPTION, trackOptionChoices } from "../src/discord/track-option.ts";
import { stampOfTrack } from "../src/portability/roadmap-stamp.ts";
import { resolveMemberTrack } from "../src/tracks/tracks.ts";

export const exportCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "export",
    description: "Download your progress as a file",
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: "format",
        description: "File format (default: Markdown checklist)",
        choices: [
          { name: "Markdown checklist (.md)", value: "markdown" },
          { name: "Spreadsheet (.csv)", value: "csv" },
          { name: "JSON (.json)", value: "json" },
        ],
      },
      TRACK_OPTION,
    ],
  },
  ephemeral: true,
  async execute(ctx, interaction, args) {
    const chosen = args.format ?? "markdown";
    const format: ExportFormat = (EXPORT_FORMATS as readonly string[]).includes(chosen) ? (chosen as ExportFormat) : "markdown";
    // An export reads only: it does not change which track the member's commands default to.
    const track = await resolveMemberTrack(ctx, callerKey(interaction), args.roadmap);
    const { roadmap } = track;
    const rows = await listProgress(ctx.db, callerKey(interaction), roadmap.id);
    const done = new Map<string, DoneItem>();
    for (const row of rows) {
      const item = roadmap.item(row.item_id);
      if (item) done.set(item.id, { itemId: item.id, doneAt: row.done_at, note: row.note });
    }
    const file = exportFile(format, roadmap, done, {
      memberName: interaction.member.displayName,
      exportedAt: ctx.clock.now(),
      roadmap: await stampOfTrack(ctx, interaction.guildId, track),
    });
    const t = ctx.i18n.forLocale(interaction.locale);
    return {
      content: t.t("import:export.done", { done: done.size, total: roadmap.items.length }),
      files: [{ name: file.name, data: file.data, description: t.plain("import:export.description", { roadmap: roadmap.title }) }],
    };
  },
  autocomplete: async (ctx, interaction) => (await trackOptionChoices(ctx, interaction)) ?? [],
});
