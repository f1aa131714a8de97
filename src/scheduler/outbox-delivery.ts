// From discord.js, not @discordjs/rest: the client's REST is discord.js's CommonJS copy, and
// instanceof only matches errors from that same copy.
import { DiscordAPIError, HTTPError, Routes, type APIMessage, type REST } from "discord.js";
import type { AppContext } from "../context.ts";
import { blockChannelDeliveries } from "../db/guild-repository.ts";
import { UserError, type UserMessage } from "../errors.ts";
import { leaseDue, markDelivered, markFailed, renewLease, scheduleRetry } from "../db/outbox-repository.ts";
import type { OutboxRow } from "../db/schema.ts";
import type { LeaderboardImageInput } from "../pictures/leaderboard-image.ts";
import { LEADERBOARD_PICTURE_FILE, parseStoredPayload, UnreadablePayload, type StoredPayload } from "./post-payload.ts";
import { deliverReminder, switchOffUnreachableReminder, unreachableReason } from "../reminders/reminder-delivery.ts";

export interface DeliveryDeps extends Pick<AppContext, "db" | "clock" | "logger" | "metrics" | "pictures"> {
  readonly rest: REST;
  /** Why the bot cannot give this role now (missing Manage Roles, role above the bot's), or undefined when it can; may ask Discord. */
  readonly roleProblem: (guildId: string, roleId: string) => UserMessage | undefined | Promise<UserMessage | undefined>;
  /** How leases are held; LEASE unless a test needs a faster heartbeat. */
  readonly lease?: LeaseTiming;
}

export interface LeaseTiming {
  /** A lease not renewed for this long runs out: a process that died mid-delivery gives its entries up. */
  readonly ms: number;
  /** How often a delivery in flight renews its lease, so that a long wait never lets another process take it. */
  readonly renewEveryMs: number;
  /** A delivery still waiting after this (a long rate limit) is given up and retried later, so one channel never holds up the pass. */
  readonly maxDeliveryMs: number;
}

export const LEASE: LeaseTiming = { ms: 60_000, renewEveryMs: 15_000, maxDeliveryMs: 30_000 };

/** Another process holds the entry now (our lease ran out): it delivers, and this attempt must not. */
class LeaseLost extends Error {
  override readonly name = "LeaseLost";
}

/** The delivery took longer than LeaseTiming.maxDeliveryMs and was given up; it is retried later. */
class DeliveryAbandoned extends Error {
  override readonly name = "DeliveryAbandoned";
}

export interface DeliveryReport {
  delivered: number;
  retried: number;
  failed: number;
  blocked: number;
}

/** Deliveries in flight at once, per process. */
const IN_FLIGHT = 25;
const MAX_ATTEMPTS = 8;
/** Channel errors that no retry can fix: only an organiser choosing another channel can. */
const CHANNEL_GONE_CODES = new Map<number, string>([
  [50001, "Missing Access"],
  [50013, "Missing Permissions"],
  [10003, "Unknown Channel"],
]);

export function retryDelayMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 60 * 60_000);
}

/** A per-entry nonce: a retry after a crash reuses it, and Discord (enforce_nonce) keeps one message. */
export function nonceFor(row: Pick<OutboxRow, "id">): string {
  return `rb${row.id}`;
}

async function send(deps: DeliveryDeps, row: OutboxRow, payload: StoredPayload, signal: AbortSignal): Promise<string | null> {
  if (payload.kind === "role") {
    const { userId, roleId } = payload.role;
    await deps.rest.put(Routes.guildMemberRole(row.guild_id, userId, roleId), { reason: "Roadmap stage completed", signal });
    return null;
  }
  if (payload.kind === "reminder") return deliverReminder(deps.rest, row, payload.reminder, nonceFor(row));
  if (!row.channel_id) throw new Error("no channel for this post");
  const { picture, ...post } = payload.post;
  const body = { ...post, nonce: nonceFor(row), enforce_nonce: true };
  const png = picture ? await drawPicture(deps, row, picture.input) : undefined;
  if (!png) {
    const message = (await deps.rest.post(Routes.channelMessages(row.channel_id), { body, signal })) as APIMessage;
    return message.id;
  }
  const [first, ...rest] = body.embeds;
  const withImage = {
    ...body,
    embeds: first ? [{ ...first, image: { url: `attachment://${LEADERBOARD_PICTURE_FILE}` } }, ...rest] : [],
    // Posts queued before descriptions were rendered with them (in English, all the bot spoke then) have none.
    attachments: [{ id: "0", filename: LEADERBOARD_PICTURE_FILE, description: picture?.description ?? "Leaderboard: the top ten as bars" }],
  };
  const message = (await deps.rest.post(Routes.channelMessages(row.channel_id), {
    body: withImage,
    files: [{ name: LEADERBOARD_PICTURE_FILE, data: png, contentType: "image/png" }],
    signal,
  })) as APIMessage;
  return message.id;
}

/**
 * Stops waiting for `work` once `signal` aborts. discord.js sleeps out a rate limit without
 * looking at the signal, but checks it before sending: the request we stopped waiting for
 * is never sent afterwards.
 */
function unlessAborted<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** The post goes out without its picture rather than not at all. */
async function drawPicture(deps: DeliveryDeps, row: OutboxRow, input: LeaderboardImageInput): Promise<Buffer | undefined> {
  if (!deps.pictures) return undefined;
  try {
    return await deps.pictures.leaderboard(input);
  } catch (error) {
    deps.logger.warn({ err: error, outboxId: row.id, guildId: row.guild_id }, "could not draw the leaderboard picture");
    return undefined;
  }
}

/**
 * Holds a leased entry while its delivery is in flight: a heartbeat renews the lease, and the
 * returned signal aborts when the lease is lost (another process holds the entry now) or the
 * delivery has run past its bound.
 */
function holdLease(deps: DeliveryDeps, row: OutboxRow, timing: LeaseTiming): { readonly signal: AbortSignal; release(): void } {
  const held = { attempt: row.attempts };
  const flight = new AbortController();
  let heldUntil = (row.lease_until ?? deps.clock.now()).getTime();
  const renew = () => {
    const until = deps.clock.now().getTime() + timing.ms;
    renewLease(deps.db, row.id, held, new Date(until)).then(
      (renewed) => {
        if (renewed) heldUntil = until;
        else flight.abort(new LeaseLost("another process took this entry"));
      },
      (error: unknown) => {
        deps.logger.warn({ err: error, outboxId: row.id, guildId: row.guild_id }, "could not renew an outbox lease");
        if (deps.clock.now().getTime() >= heldUntil - timing.renewEveryMs) flight.abort(new LeaseLost("the lease could not be renewed in time"));
      },
    );
  };
  const heartbeat = setInterval(renew, timing.renewEveryMs);
  const deadline = setTimeout(
    () => flight.abort(new DeliveryAbandoned(`still waiting after ${timing.maxDeliveryMs / 1000} s (rate limited?)`)),
    timing.maxDeliveryMs,
  );
  return {
    signal: flight.signal,
    release() {
      clearInterval(heartbeat);
      clearTimeout(deadline);
    },
  };
}

/** What became of one attempt; undefined when the lease was lost and the entry's new holder decides. */
type DeliveryOutcome = keyof DeliveryReport;

async function deliverOne(deps: DeliveryDeps, row: OutboxRow, report: DeliveryReport): Promise<void> {
  const lease = holdLease(deps, row, deps.lease ?? LEASE);
  let outcome: DeliveryOutcome | undefined;
  try {
    outcome = await attemptDelivery(deps, row, { attempt: row.attempts }, lease.signal);
  } finally {
    lease.release();
  }
  if (!outcome) return;
  report[outcome]++;
  deps.metrics.delivery(row.kind, outcome);
}

async function attemptDelivery(deps: DeliveryDeps, row: OutboxRow, held: { attempt: number }, signal: AbortSignal): Promise<DeliveryOutcome | undefined> {
  const log = deps.logger.child({ outboxId: row.id, guildId: row.guild_id, kind: row.kind });
  let payload: StoredPayload;
  try {
    payload = parseStoredPayload(row);
  } catch (error) {
    if (!(error instanceof UnreadablePayload)) throw error;
    log.error({ reason: error.message }, "outbox entry's payload is unreadable; it fails without a retry");
    await markFailed(deps.db, row.id, error.message, held);
    return "failed";
  }
  try {
    if (payload.kind === "role") {
      const { roleId } = payload.role;
      const found = await deps.roleProblem(row.guild_id, roleId);
      if (found) {
        // For the operator: the log and the entry's last error say it in English.
        const problem = new UserError(found).message;
        log.info({ roleId, problem }, "skipping milestone role reward");
        await markFailed(deps.db, row.id, `role skipped: ${problem}`, held);
        return "failed";
      }
    }
    const messageId = await unlessAborted(signal, send(deps, row, payload, signal));
    await markDelivered(deps.db, row.id, messageId, deps.clock.now(), held);
    return "delivered";
  } catch (error) {
    if (error instanceof LeaseLost) {
      log.warn({ reason: error.message }, "lost the outbox lease; this attempt stops and the entry's new holder delivers it");
      return undefined;
    }
    const now = deps.clock.now();
    const unreachable = payload.kind === "reminder" ? unreachableReason(error) : undefined;
    if (unreachable && payload.kind === "reminder") {
      log.info({ err: error, reason: unreachable.reason }, "member can't be reached; their reminder is switched off");
      await switchOffUnreachableReminder(deps.db, row, payload.reminder.userId, unreachable, now);
      return "failed";
    }
    const reason = error instanceof DiscordAPIError ? CHANNEL_GONE_CODES.get(Number(error.code)) : undefined;
    // A DM's failure says nothing about the guild's channel, so it never blocks the guild.
    if (reason && payload.kind === "post" && row.channel_id) {
      log.warn({ channelId: row.channel_id, reason }, "Discord refused the channel; what goes there stops until setup runs again");
      await blockChannelDeliveries(deps.db, row.guild_id, row.channel_id, `${reason} in <#${row.channel_id}>`, now);
      return "blocked";
    }
    const permanent = error instanceof DiscordAPIError && error.status >= 400 && error.status < 500 && error.status !== 429;
    const message = error instanceof Error ? error.message : String(error);
    if (permanent || row.attempts >= MAX_ATTEMPTS) {
      log.error({ err: error }, "outbox delivery failed for good");
      await markFailed(deps.db, row.id, message, held);
      return "failed";
    }
    const transient = error instanceof HTTPError || error instanceof DeliveryAbandoned || (error instanceof DiscordAPIError && error.status >= 500);
    log.warn({ err: error, attempts: row.attempts, transient }, "outbox delivery failed; will retry");
    await scheduleRetry(deps.db, row.id, message, new Date(now.getTime() + retryDelayMs(row.attempts)), held);
    return "retried";
  }
}

/**
 * Recording the outcome failed (the database refused it): the entry is retried with backoff if
 * that can be written, else when its lease runs out. Either way the other deliveries go on.
 */
async function deliveryCrashed(deps: DeliveryDeps, row: OutboxRow, error: unknown): Promise<void> {
  deps.logger.error({ err: error, outboxId: row.id, guildId: row.guild_id, kind: row.kind }, "outbox delivery crashed");
  deps.metrics.guildFailure("delivery");
  const message = error instanceof Error ? error.message : String(error);
  const retryAt = new Date(deps.clock.now().getTime() + retryDelayMs(row.attempts));
  await scheduleRetry(deps.db, row.id, message, retryAt, { attempt: row.attempts }).catch((retryError: unknown) =>
    deps.logger.warn({ err: retryError, outboxId: row.id, guildId: row.guild_id }, "could not schedule the retry; the lease will run out instead"),
  );
}

/** Delivers every due outbox entry, a batch at a time; one guild's failure never holds up another's. */
export async function deliverDue(deps: DeliveryDeps): Promise<DeliveryReport> {
  const report: DeliveryReport = { delivered: 0, retried: 0, failed: 0, blocked: 0 };
  // A pool, not batches: a delivery waiting out one channel's rate limit must not hold up
  // the others, so a free slot leases the next due entry at once.
  const running = new Set<Promise<void>>();
  let drained = false;
  for (;;) {
    const free = IN_FLIGHT - running.size;
    const rows = free > 0 && !drained ? await leaseDue(deps.db, deps.clock.now(), (deps.lease ?? LEASE).ms, free) : [];
    if (rows.length < free) drained = true;
    for (const row of rows) {
      const delivery: Promise<void> = deliverOne(deps, row, report)
        .catch((error: unknown) => deliveryCrashed(deps, row, error))
        .finally(() => running.delete(delivery));
      running.add(delivery);
    }
    if (running.size === 0) return report;
    await Promise.race(running);
    // Entries that became due meanwhile (a retry, a new post) are picked up by the next tick.
  }
}
