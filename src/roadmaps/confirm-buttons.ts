import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow } from "discord.js";
import type { Translator } from "../i18n/translator.ts";

/** The `roadmaps` button handler (commands/roadmap-admin-roadmap-confirm.ts) answers these. */
export const ROADMAP_BUTTON_PREFIX = "roadmaps";

/** Confirm (or Remove, for a removal) and Cancel of a preview, labelled in the organiser's language. */
export function confirmButtons(pendingId: string, t: Translator, confirm: "confirm" | "remove" = "confirm"): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Success, label: t.plain(`roadmaps:buttons.${confirm}`), custom_id: `${ROADMAP_BUTTON_PREFIX}:confirm:${pendingId}` },
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: t.plain("roadmaps:buttons.cancel"), custom_id: `${ROADMAP_BUTTON_PREFIX}:cancel:${pendingId}` },
      ],
    },
  ];
}
