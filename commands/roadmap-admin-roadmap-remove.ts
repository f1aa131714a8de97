import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { callerKey } from "../src/discord/members.ts";
import { truncate } from "../src/discord/render/text.ts";
import { confirmButtons } from "../src/roadmaps/confirm-buttons.ts";
import { roadmapChoices } from "../src/roadmaps/roadmap-choices.ts";
import { previewRemove } from "../src/roadmaps/roadmap-uploads.ts";

export const roadmapRemoveCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "remove",
    description: "Stop offering one of this server's uploaded roadmaps (its progress is kept)",
    options: [{ type: ApplicationCommandOptionType.String, name: "roadmap", description: "The uploaded roadmap to remove", required: true, autocomplete: true, max_length: 100 }],
  },
  ephemeral: true,
  async execute(ctx, interaction, args) {
    const t = ctx.i18n.forLocale(interaction.locale);
    const preview = await previewRemove(ctx, callerKey(interaction), args.roadmap);
    const lines = [
      t.t("roadmaps:remove.question", { title: truncate(preview.title, 100) }),
      t.t("roadmaps:remove.kept"),
      t.t(preview.running ? "roadmaps:remove.running" : "roadmaps:remove.notRunning"),
      t.t("roadmaps:remove.confirmHint"),
    ];
    return { content: lines.join("\n"), components: confirmButtons(preview.pendingId, t, "remove") };
  },
  autocomplete(ctx, interaction) {
    return roadmapChoices(ctx, interaction.guildId, interaction.options.getFocused(), ctx.i18n.forLocale(interaction.locale), (roadmap) => roadmap.guildId !== null);
  },
});
