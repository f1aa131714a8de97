import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow } from "discord.js";

/** The `roadmaps` button handler (commands/roadmap-admin-roadmap-confirm.ts) answers these. */
export const ROADMAP_BUTTON_PREFIX = "roadmaps";

export function confirmButtons(pendingId: string, confirmLabel = "Confirm"): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Success, label: confirmLabel, custom_id: `${ROADMAP_BUTTON_PREFIX}:confirm:${pendingId}` },
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: "Cancel", custom_id: `${ROADMAP_BUTTON_PREFIX}:cancel:${pendingId}` },
      ],
    },
  ];
}
