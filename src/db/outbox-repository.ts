import { sql, type Kysely, type Transaction } from "kysely";
import type { Database, OutboxRow, OutboxTable } from "./schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface NewOutboxEntry {
  readonly guildId: string;
  readonly kind: OutboxTable["kind"];
  /** The same post is never queued twice: a second enqueue with this key does nothing. */
  readonly dedupeKey: string;
  readonly channelId: string | null;
  readonly payload: unknown;
}

export async function enqueue(db: Db, entry: NewOutboxEntry, now: Date): Promise<boolean> {
  return (await enqueueAll(db, [entry], now)) > 0;
}

/** Queues several entries in one statement; an entry whose dedupe key is queued already is left out. Returns how many were queued. */
export async function enqueueAll(db: Db, entries: readonly NewOutboxEntry[], now: Date): Promise<number> {
  if (entries.length === 0) return 0;
  const inserted = await db
    .insertInto("outbox")
    .values(
      entries.map((entry) => ({
        guild_id: entry.guildId,
        kind: entry.kind,
        dedupe_key: entry.dedupeKey,
        channel_id: entry.channelId,
        payload: JSON.stringify(entry.payload),
        next_attempt_at: now,
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .returning("id")
    .execute();
  return inserted.length;
}

/**
 * Leases due entries to this process, each under a new attempt number. Another process skips
 * leased rows; a delivery in flight renews its lease (renewLease), and if this process dies
 * mid-delivery the lease runs out and the entry is retried (with the same nonce, so Discord
 * keeps a single message).
 */
export async function leaseDue(db: Kysely<Database>, now: Date, leaseMs: number, limit: number): Promise<OutboxRow[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom("outbox")
      .select("id")
      .where("status", "=", "pending")
      .where("next_attempt_at", "<=", now)
      .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", now)]))
      .orderBy("id")
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    return trx
      .updateTable("outbox")
      .set({ lease_until: leaseUntil, attempts: sql`attempts + 1` })
      .where(
        "id",
        "in",
        due.map((row) => row.id),
      )
      .returningAll()
      .execute();
  });
}

/**
 * The lease a delivery holds: the attempt number its lease gave it. Writes made under a lease
 * that another process has since taken (its attempt number moved on) change nothing.
 */
export type LeaseHeld = { readonly attempt: number } | undefined;

/** Extends a delivery's lease while it is in flight; false when the entry is no longer ours. */
export async function renewLease(db: Db, id: string, held: { readonly attempt: number }, leaseUntil: Date): Promise<boolean> {
  const renewed = await db
    .updateTable("outbox")
    .set({ lease_until: leaseUntil })
    .where("id", "=", id)
    .where("attempts", "=", held.attempt)
    .where("status", "=", "pending")
    // A renewal that lands after the outcome was written must not lease the entry again.
    .where("lease_until", "is not", null)
    .returning("id")
    .executeTakeFirst();
  return renewed !== undefined;
}

export async function markDelivered(db: Db, id: string, messageId: string | null, now: Date, held?: LeaseHeld): Promise<void> {
  await db
    .updateTable("outbox")
    .set({ status: "delivered", message_id: messageId, delivered_at: now, lease_until: null, last_error: null })
    .where("id", "=", id)
    .$if(held !== undefined, (qb) => qb.where("attempts", "=", held!.attempt))
    .execute();
}

export async function scheduleRetry(db: Db, id: string, error: string, nextAttemptAt: Date, held?: LeaseHeld): Promise<void> {
  await db
    .updateTable("outbox")
    .set({ next_attempt_at: nextAttemptAt, lease_until: null, last_error: error.slice(0, 500) })
    .where("id", "=", id)
    .$if(held !== undefined, (qb) => qb.where("attempts", "=", held!.attempt))
    .execute();
}

export async function markFailed(db: Db, id: string, error: string, held?: LeaseHeld): Promise<void> {
  await db
    .updateTable("outbox")
    .set({ status: "failed", lease_until: null, last_error: error.slice(0, 500) })
    .where("id", "=", id)
    .$if(held !== undefined, (qb) => qb.where("attempts", "=", held!.attempt))
    .execute();
}

export async function outboxBacklog(db: Db, guildId?: string): Promise<{ pending: number; failed: number; blocked: number }> {
  let query = db
    .selectFrom("outbox")
    .select([
      sql<number>`count(*) filter (where status = 'pending')::int`.as("pending"),
      sql<number>`count(*) filter (where status = 'failed')::int`.as("failed"),
      sql<number>`count(*) filter (where status = 'blocked')::int`.as("blocked"),
    ]);
  if (guildId) query = query.where("guild_id", "=", guildId);
  const row = await query.executeTakeFirstOrThrow();
  return { pending: row.pending, failed: row.failed, blocked: row.blocked };
}
