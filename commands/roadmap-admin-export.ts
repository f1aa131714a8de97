import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { listGuildProgress } from "../src/db/progress-repository.ts";
import { exportGroupCsv } from "../src/portability/formats.ts";
import { roadmapForGuild } from "../src/progress/progress-service.ts";

export const adminExportCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "export",
    description: "Download the whole group's progress as CSV",
  },
  ephemeral: true,
  async execute(ctx, interaction) {
    const roadmap = await roadmapForGuild(ctx, interaction.guildId);
    const rows = await listGuildProgress(ctx.db, interaction.guildId, roadmap.id);
    const csv = exportGroupCsv(
      roadmap,
      rows.map((row) => ({ userId: row.user_id, itemId: row.item_id, doneAt: row.done_at, note: row.note })),
    );
    const t = ctx.i18n.forLocale(interaction.locale);
    const members = t.t("admin:export.members", { count: new Set(rows.map((row) => row.user_id)).size });
    return {
      content: t.t("admin:export.done", { count: rows.length, members }),
      files: [{ name: `${roadmap.id}-group-progress.csv`, data: Buffer.from(csv) }],
    };
  },
});
