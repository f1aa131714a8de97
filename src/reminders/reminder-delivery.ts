import type { REST } from "discord.js";
import type { Kysely } from "kysely";
import { markFailed } from "../db/outbox-repository.ts";
import { clearReminder } from "../db/reminder-repository.ts";
import type { Database, OutboxRow } from "../db/schema.ts";
import { sendDirectMessage } from "./direct-message.ts";
import type { ReminderPayload } from "./reminder-message.ts";

/** Sends a queued reminder by DM; `nonce` (kept across retries) lets Discord keep a single message. */
export async function deliverReminder(rest: REST, row: OutboxRow, nonce: string): Promise<string> {
  const { userId, content, embeds } = row.payload as ReminderPayload;
  return sendDirectMessage(rest, userId, { content, embeds, allowed_mentions: { parse: [] }, nonce, enforce_nonce: true });
}

/**
 * The member closed their DMs: no retry can fix that, so their reminder is switched off (they can
 * turn it on again, which checks their DMs first) and the entry fails with the reason.
 */
export async function switchOffUnreachableReminder(db: Kysely<Database>, row: OutboxRow, reason: string): Promise<void> {
  const { userId } = row.payload as ReminderPayload;
  await db.transaction().execute(async (trx) => {
    await clearReminder(trx, { guildId: row.guild_id, userId });
    await markFailed(trx, row.id, reason);
  });
}
