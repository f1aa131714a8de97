import { ApplicationCommandOptionType } from "discord.js";
import { subcommand, type Reply } from "../src/discord/command.ts";
import { callerKey } from "../src/discord/members.ts";
import { truncate } from "../src/discord/render/text.ts";
import { confirmButtons } from "../src/roadmaps/confirm-buttons.ts";
import { roadmapChoices } from "../src/roadmaps/roadmap-choices.ts";
import type { Translator } from "../src/i18n/translator.ts";
import { previewRemove, type RemovePreview } from "../src/roadmaps/roadmap-uploads.ts";

export const roadmapRemoveCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "remove",
    description: "Stop offering one of this server's uploaded roadmaps (its progress is kept)",
    options: [{ type: ApplicationCommandOptionType.String, name: "roadmap", description: "The uploaded roadmap to remove", required: true, autocomplete: true, max_length: 100 }],
  },
  ephemeral: true,
  async execute(ctx, interaction, args) {
    const preview = await previewRemove(ctx, callerKey(interaction), args.roadmap);
    return renderRemovePreview(preview, ctx.i18n.forLocale(interaction.locale));
  },
  autocomplete(ctx, interaction) {
    return roadmapChoices(ctx, interaction.guildId, interaction.options.getFocused(), ctx.i18n.forLocale(interaction.locale), (roadmap) => roadmap.guildId !== null);
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
