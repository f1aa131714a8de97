import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { callerKey } from "../src/discord/members.ts";
import { confirmButtons } from "../src/roadmaps/confirm-buttons.ts";
import { renderUpdatePreview } from "../src/roadmaps/render-preview.ts";
import { roadmapChoices } from "../src/roadmaps/roadmap-choices.ts";
import { previewUpdate } from "../src/roadmaps/roadmap-uploads.ts";
import { attachedFiles, moreFileOptions } from "./roadmap-admin-roadmap-upload.ts";

export const roadmapUpdateCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "update",
    description: "Move a roadmap to a new version; you see who keeps what before anything changes",
    options: [
      { type: ApplicationCommandOptionType.String, name: "roadmap", description: "The roadmap to update", required: true, autocomplete: true, max_length: 100 },
      { type: ApplicationCommandOptionType.Attachment, name: "file", description: "The new version of an uploaded roadmap (none for a bundled one)" },
      ...moreFileOptions(),
    ],
  },
  ephemeral: true,
  deferAtOnce: true,
  async execute(ctx, interaction, args) {
    const t = ctx.i18n.forLocale(interaction.locale);
    const preview = await previewUpdate(ctx, callerKey(interaction), args.roadmap, attachedFiles(interaction));
    return {
      embeds: [renderUpdatePreview(preview.title, preview.changes, preview.impact, preview.members, t)],
      components: confirmButtons(preview.pendingId, t),
    };
  },
  autocomplete(ctx, interaction) {
    return roadmapChoices(ctx, interaction.guildId, interaction.options.getFocused(), ctx.i18n.forLocale(interaction.locale));
  },
});
