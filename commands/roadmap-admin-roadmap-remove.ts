import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { callerKey } from "../src/discord/members.ts";
import { safeText } from "../src/discord/render/text.ts";
import { confirmButtons } from "../src/roadmaps/confirm-buttons.ts";
import { roadmapChoices } from "../src/roadmaps/roadmap-choices.ts";
import { previewRemove, usableRoadmap } from "../src/roadmaps/roadmap-uploads.ts";
import { runningTrackIds, stopTrackPreview } from "./roadmap-admin-roadmap-stop.ts";

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
    if (stored.guildId === null) return stopTrackPreview(ctx, interaction, stored);
    const preview = await previewRemove(ctx, callerKey(interaction), args.roadmap);
    const lines = [
      `**Remove ${safeText(preview.title, 100)}?**`,
      "It will no longer be offered on this server. Members' progress on it is kept in the database and stays in their `/roadmap export` and the organisers' `/roadmap-admin export` files until the bot's operator deletes it (see the README's \"Your data\").",
      preview.running
        ? "⚠️ This server runs it now: after removing, the server falls back to the bundled default roadmap, and members see their progress on that one."
        : "This server doesn't run it now, so nothing changes for members.",
      "Press **Remove** within 15 minutes to confirm.",
    ];
    return { content: lines.join("\n"), components: confirmButtons(preview.pendingId, "Remove") };
  },
  async autocomplete(ctx, interaction) {
    const running = await runningTrackIds(ctx, interaction.guildId);
    return roadmapChoices(ctx, interaction.guildId, interaction.options.getFocused(), (roadmap) => roadmap.guildId !== null || running.has(roadmap.roadmapId));
  },
});
