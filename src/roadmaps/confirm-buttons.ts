import type { APIActionRowComponent, APIComponentInMessageActionRow } from "discord.js";
import { confirmCancelRow } from "../discord/render/confirm-row.ts";
import type { Translator } from "../i18n/translator.ts";

/** The `roadmaps` button handler (commands/roadmap-admin-roadmap-confirm.ts) answers these. */
export const ROADMAP_BUTTON_PREFIX = "roadmaps";

/** Confirm (or Remove, for a removal) and Cancel of a preview, labelled in the organiser's language. */
export function confirmButtons(pendingId: string, t: Translator, confirm: "confirm" | "remove" = "confirm"): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  return confirmCancelRow(
    { label: t.plain(`roadmaps:buttons.${confirm}`), customId: `${ROADMAP_BUTTON_PREFIX}:confirm:${pendingId}` },
    { label: t.plain("roadmaps:buttons.cancel"), customId: `${ROADMAP_BUTTON_PREFIX}:cancel:${pendingId}` },
  );
}
