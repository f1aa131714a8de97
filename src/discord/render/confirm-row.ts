import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow } from "discord.js";

interface RowButton {
  readonly label: string;
  readonly customId: string;
}

/**
 * A preview's Confirm and Cancel, in one row: every confirmation the bot asks for looks the same.
 * `danger` marks a confirmation that stops something (red instead of green).
 */
export function confirmCancelRow(confirm: RowButton & { readonly danger?: boolean }, cancel: RowButton): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: confirm.danger ? ButtonStyle.Danger : ButtonStyle.Success, label: confirm.label, custom_id: confirm.customId },
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: cancel.label, custom_id: cancel.customId },
      ],
    },
  ];
}
