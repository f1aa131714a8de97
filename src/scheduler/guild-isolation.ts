import type { Transaction } from "kysely";
import type { AppContext } from "../context.ts";
import { clearGuildJobFailure, guildJobFailures, recordGuildJobFailure } from "../db/guild-repository.ts";
import { inSavepoint } from "../db/savepoint.ts";
import type { Database, GuildJob } from "../db/schema.ts";

/** Something about a guild's own settings stops its scheduled work: the message is shown to its organisers. */
export class GuildSetupProblem extends Error {
  override readonly name = "GuildSetupProblem";
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
  target: { readonly guildId: string; readonly job: GuildJob },
  work: () => Promise<T>,
): Promise<Isolated<T>> {
  try {
    const value = await inSavepoint(trx, work);
    await clearGuildJobFailure(trx, target.guildId, target.job);
    return { ok: true, value };
  } catch (error) {
    const now = deps.clock.now();
    const failures = (await guildJobFailures(trx, target.guildId, target.job)) + 1;
    const retryAt = new Date(now.getTime() + guildRetryDelayMs(failures));
    const reason = error instanceof GuildSetupProblem ? error.message : UNEXPECTED_REASON;
    await recordGuildJobFailure(trx, { guildId: target.guildId, job: target.job, reason, failedAt: now, retryAt });
    deps.logger.error({ err: error, guildId: target.guildId, job: target.job, failures, retryAt }, "scheduled work failed for one guild; the others go on");
    deps.metrics.guildFailure(target.job);
    return { ok: false, retryAt };
  }
}
