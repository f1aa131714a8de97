import { Routes, type REST } from "discord.js";
import type { Kysely } from "kysely";
import { isUnknownMember } from "../discord/members.ts";
import { markFailed } from "../db/outbox-repository.ts";
import { markMembersLeft } from "../db/progress-repository.ts";
import { clearReminder } from "../db/reminder-repository.ts";
import type { Database, OutboxRow } from "../db/schema.ts";
import { isDirectMessagesClosed, sendDirectMessage } from "./direct-message.ts";
import type { ReminderPayload } from "./reminder-message.ts";

/**
 * Sends a queued reminder by DM; `nonce` (kept across retries) lets Discord keep a single message.
 * The member is looked up in the server first: the bot has no member events, and a DM would still
 * reach someone who left if they share another server with the bot.
 */
export async function deliverReminder(rest: REST, row: OutboxRow, reminder: ReminderPayload, nonce: string): Promise<string> {
  const { userId, content, embeds } = reminder;
  await rest.get(Routes.guildMember(row.guild_id, userId));
  return sendDirectMessage(rest, userId, { content, embeds, allowed_mentions: { parse: [] }, nonce, enforce_nonce: true });
}

export type Unreachable = { readonly reason: string; readonly left: boolean };

/** Why no retry can deliver this reminder (closed DMs, or the member left the server), or undefined. */
export function unreachableReason(error: unknown): Unreachable | undefined {
  if (isUnknownMember(error)) return { reason: "member left the server: Unknown Member (reminder switched off)", left: true };
  if (isDirectMessagesClosed(error)) return { reason: "DMs closed: Cannot send messages to this user (reminder switched off)", left: false };
  return undefined;
}

/**
 * No retry can deliver this: the reminder is switched off (the member can turn it on again, which
 * checks their DMs first) and the entry fails with the reason. A member who left is also marked
 * as gone, so nothing names or contacts them until they use a command again.
 */
export async function switchOffUnreachableReminder(
  db: Kysely<Database>,
  row: OutboxRow,
  userId: string,
  unreachable: Unreachable,
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await clearReminder(trx, { guildId: row.guild_id, userId });
    if (unreachable.left) await markMembersLeft(trx, row.guild_id, [userId], now);
    await markFailed(trx, row.id, unreachable.reason);
  });
}
