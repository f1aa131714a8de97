import type { ButtonHandler } from "../src/discord/command.ts";
import { callerKey } from "../src/discord/members.ts";
import { truncate } from "../src/discord/render/text.ts";
import { UserError } from "../src/errors.ts";
import type { Translator } from "../src/i18n/translator.ts";
import { ROADMAP_BUTTON_PREFIX } from "../src/roadmaps/confirm-buttons.ts";
import { cancelPending, confirmPending, type Confirmed } from "../src/roadmaps/roadmap-uploads.ts";

export function confirmedText(result: Confirmed, t: Translator): string {
  const title = truncate(result.title, 100);
  switch (result.action) {
    case "upload":
      return t.t("roadmaps:done.uploaded", { title });
    case "update":
      return t.t("roadmaps:done.updated", { title, version: result.version, count: result.members });
    case "remove":
      return t.t(result.fellBack ? "roadmaps:done.removedFellBack" : "roadmaps:done.removed", { title });
  }
}

/** Confirm and Cancel of an upload, update or removal preview; only its organiser may press them. */
export const roadmapConfirmButton = {
  prefix: ROADMAP_BUTTON_PREFIX,
  async handle(ctx, interaction) {
    const [, action, pendingId] = interaction.customId.split(":");
    if (!pendingId || (action !== "confirm" && action !== "cancel")) throw new UserError({ key: "roadmaps:refusal.staleButton" });
    const t = ctx.i18n.forLocale(interaction.locale);
    if (action === "cancel") {
      await cancelPending(ctx, callerKey(interaction), pendingId);
      return { content: t.t("roadmaps:done.cancelled"), embeds: [], components: [] };
    }
    const result = await confirmPending(ctx, callerKey(interaction), pendingId);
    return { content: confirmedText(result, t), embeds: [], components: [] };
  },
} as const satisfies ButtonHandler;
