import { ComponentType, MessageFlags, type APIEmbed } from "discord-api-types/v10";
import type { MessageView } from "@roadmap-bot/discord-standin";

/** A message as the sandbox page draws it: the parts Discord shows, with files served by the sandbox. */
export interface PageMessage {
  readonly id: string;
  readonly timestamp: string;
  readonly edited: boolean;
  readonly author: { readonly id: string; readonly name: string; readonly bot: boolean };
  /** Who ran the command this message answers, and the command as typed (when the sandbox sent it). */
  readonly invokedBy: { readonly id: string; readonly name: string; readonly command: string | undefined } | undefined;
  readonly content: string;
  readonly embeds: readonly APIEmbed[];
  readonly attachments: readonly PageAttachment[];
  readonly buttonRows: readonly (readonly PageButton[])[];
  readonly ephemeral: boolean;
  /** A deferred reply not answered yet ("Roadmap Bot is thinking…"). */
  readonly loading: boolean;
}

export interface PageAttachment {
  readonly id: string;
  readonly filename: string;
  readonly contentType: string | undefined;
  readonly description: string | undefined;
  readonly url: string;
}

export interface PageButton {
  readonly customId: string | undefined;
  readonly label: string;
  /** Discord's button style: 1 primary, 2 secondary, 3 success, 4 danger, 5 link. */
  readonly style: number;
  readonly disabled: boolean;
  readonly emoji: string | undefined;
}

function buttonRows(view: MessageView): PageButton[][] {
  const rows: PageButton[][] = [];
  for (const row of view.components) {
    if (row.type !== ComponentType.ActionRow) continue;
    const buttons: PageButton[] = [];
    for (const component of row.components) {
      if (component.type !== ComponentType.Button) continue;
      buttons.push({
        customId: "custom_id" in component ? component.custom_id : undefined,
        label: "label" in component ? (component.label ?? "") : "",
        style: component.style,
        disabled: component.disabled === true,
        emoji: "emoji" in component ? (component.emoji?.name ?? undefined) : undefined,
      });
    }
    if (buttons.length > 0) rows.push(buttons);
  }
  return rows;
}

export function pageMessage(
  view: MessageView,
  names: { user(id: string, fallback: string): string; command(interactionId: string): string | undefined },
): PageMessage {
  const message = view.message;
  const metadata = message.interaction_metadata;
  return {
    id: view.id,
    timestamp: message.timestamp,
    edited: message.edited_timestamp !== null,
    author: { id: message.author.id, name: names.user(message.author.id, message.author.global_name ?? message.author.username), bot: message.author.bot === true },
    invokedBy: metadata
      ? { id: metadata.user.id, name: names.user(metadata.user.id, metadata.user.username), command: names.command(metadata.id) }
      : undefined,
    content: view.content,
    embeds: view.embeds,
    attachments: view.attachments.map((attachment) => ({
      id: attachment.id,
      filename: attachment.filename,
      contentType: attachment.content_type,
      description: attachment.description,
      url: `/api/files/${attachment.id}`,
    })),
    buttonRows: buttonRows(view),
    ephemeral: view.ephemeral,
    loading: (view.flags & MessageFlags.Loading) !== 0,
  };
}

/** Ephemeral messages are seen only by the member whose command (or button press) they answer. */
export function visibleTo(view: MessageView, viewerId: string | undefined): boolean {
  if (!view.ephemeral) return true;
  return view.message.interaction_metadata?.user.id === viewerId;
}
