import type { Transaction } from "kysely";
import type { AppContext } from "../context.ts";
import { clearGuildJobFailures, guildJobFailures, recordGuildJobFailure, type GuildJobTarget } from "../db/guild-repository.ts";
import { inSavepoint } from "../db/savepoint.ts";
import type { Database } from "../db/schema.ts";
import { UserError, type UserMessage } from "../errors.ts";

/**
 * Something about a guild's own settings stops its scheduled work: the message (a catalogue key and
 * its values) is stored with the failure and shown to its organisers in their language.
 */
export class GuildSetupProblem extends UserError {
  override readonly name = "GuildSetupProblem";
  constructor(readonly problem: UserMessage) {
    super(problem);
  }
}

/** A failure's reason as `guild_job_failures.reason` keeps it: the message as JSON, so each reader gets their own language. */
export function storedFailureReason(problem: UserMessage): string {
  return JSON.stringify(problem);
}

/**
 * A stored reason as a message to translate, or, for rows written before reasons were keyed (English
 * sentences, and UNEXPECTED_REASON), the text as it was stored.
 */
export function readFailureReason(reason: string): UserMessage | string {
  if (!reason.startsWith("{")) return reason;
  try {
    const parsed = JSON.parse(reason) as unknown;
    if (typeof parsed === "object" && parsed !== null && typeof (parsed as { key?: unknown }).key === "string") return parsed as UserMessage;
  } catch {
    // Not JSON after all: shown as stored.
  }
  return reason;
}

const FIRST_RETRY_MS = 60_000;
const LONGEST_RETRY_MS = 6 * 60 * 60_000;

/** 1 minute after the first failure, doubling to at most 6 hours: a broken guild costs little, a fixed one recovers soon. */
export function guildRetryDelayMs(failures: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1), LONGEST_RETRY_MS);
}

export const UNEXPECTED_REASON = "an unexpected error (the details are in the bot's log)";

type Deps = Pick<AppContext, "clock" | "logger" | "metrics">;

export type Isolated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly retryAt: Date };

/**
 * Runs one guild's part of a scheduled job inside the shared transaction, so that its failure
 * undoes only its own writes: the other guilds in the batch go on. A failure is logged with the
 * guild id, counted, and recorded with a retry time that grows with each failure in a row.
 */
export async function isolateGuildWork<T>(
  trx: Transaction<Database>,
  deps: Deps,
  target: GuildJobTarget,
  work: () => Promise<T>,
): Promise<Isolated<T>> {
  try {
    const value = await inSavepoint(trx, work);
    await clearGuildJobFailures(trx, [target]);
    return { ok: true, value };
  } catch (error) {
    const now = deps.clock.now();
    const failures = (await guildJobFailures(trx, target)) + 1;
    const retryAt = new Date(now.getTime() + guildRetryDelayMs(failures));
    const reason = error instanceof GuildSetupProblem ? storedFailureReason(error.problem) : UNEXPECTED_REASON;
    await recordGuildJobFailure(trx, { target, reason, failedAt: now, retryAt });
    const { guildId, job, roadmapId } = target;
    deps.logger.error({ err: error, guildId, job, roadmapId, failures, retryAt }, "scheduled work failed for one guild; the others go on");
    deps.metrics.guildFailure(target.job);
    return { ok: false, retryAt };
  }
}
