import { ApplicationCommandOptionType } from "discord.js";
import { subcommand, type GuildCommandInteraction } from "../src/discord/command.ts";
import { callerKey } from "../src/discord/members.ts";
import { confirmButtons } from "../src/roadmaps/confirm-buttons.ts";
import { renderUploadPreview } from "../src/roadmaps/render-preview.ts";
import { MAX_ROADMAP_FILES, previewUpload, type RoadmapAttachment } from "../src/roadmaps/roadmap-uploads.ts";

/** `file`, then `file2` … `file10`: a hub and its pages. */
export const ROADMAP_FILE_OPTIONS = ["file", ...Array.from({ length: MAX_ROADMAP_FILES - 1 }, (_, i) => `file${i + 2}`)];

export function attachedFiles(interaction: GuildCommandInteraction): RoadmapAttachment[] {
  return ROADMAP_FILE_OPTIONS.flatMap((name) => interaction.options.getAttachment(name) ?? []).map((a) => ({ name: a.name, size: a.size, url: a.url }));
}

export function moreFileOptions() {
  return ROADMAP_FILE_OPTIONS.slice(1).map((name) => ({
    type: ApplicationCommandOptionType.Attachment as const,
    name,
    description: "Another Markdown page of the roadmap",
  }));
}

export const roadmapUploadCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "upload",
    description: "Add a roadmap from Markdown pages or a roadmap YAML file (you preview it first)",
    options: [
      { type: ApplicationCommandOptionType.Attachment, name: "file", description: "The hub page (.md), one long page, or a roadmap .yaml file", required: true },
      ...moreFileOptions(),
    ],
  },
  ephemeral: true,
  deferAtOnce: true,
  async execute(ctx, interaction) {
    const t = ctx.i18n.forLocale(interaction.locale);
    const preview = await previewUpload(ctx, callerKey(interaction), attachedFiles(interaction));
    return {
      embeds: [renderUploadPreview(preview.roadmap, preview.report, preview.files, t)],
      components: confirmButtons(preview.pendingId, t),
    };
  },
});
