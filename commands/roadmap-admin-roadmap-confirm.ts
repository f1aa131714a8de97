import type { ButtonHandler } from "../src/discord/command.ts";
import { callerKey } from "../src/discord/members.ts";
import { requireManageServer } from "../src/discord/preconditions.ts";
import { safeText } from "../src/discord/render/text.ts";
import { UserError } from "../src/errors.ts";
import { ROADMAP_BUTTON_PREFIX } from "../src/roadmaps/confirm-buttons.ts";
import { cancelPending, confirmPending, type Confirmed } from "../src/roadmaps/roadmap-uploads.ts";

function done(result: Confirmed): string {
  const title = safeText(result.title, 100);
  switch (result.action) {
    case "upload":
      return `✅ **${title}** is now one of this server's roadmaps (only this server sees it). \`/roadmap-admin roadmap list\` shows it.`;
    case "update":
      return `✅ **${title}** now runs version ${result.version}; ${result.members} member${result.members === 1 ? "'s" : "s'"} progress moved with it.`;
    case "remove":
      return `🗑️ **${title}** is removed; its progress is kept.${result.fellBack ? " This server now runs the bundled default roadmap." : ""}`;
  }
}

/** Confirm and Cancel of an upload, update or removal preview; only its organiser may press them. */
export const roadmapConfirmButton = {
  prefix: ROADMAP_BUTTON_PREFIX,
  async handle(ctx, interaction) {
    const [, action, pendingId] = interaction.customId.split(":");
    if (!pendingId || (action !== "confirm" && action !== "cancel")) throw new UserError("This button doesn't work any more. Run the command again.");
    requireManageServer(interaction);
    if (action === "cancel") {
      await cancelPending(ctx, callerKey(interaction), pendingId);
      return { content: "Cancelled; nothing changed.", embeds: [], components: [] };
    }
    const result = await confirmPending(ctx, callerKey(interaction), pendingId);
    return { content: done(result), embeds: [], components: [] };
  },
} as const satisfies ButtonHandler;
