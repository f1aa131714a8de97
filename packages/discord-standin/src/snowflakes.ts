import type { Clock } from "./clock.ts";

const DISCORD_EPOCH_MS = 1420070400000n;
const TIMESTAMP_SHIFT = 22n;

/** Which shard owns a guild: Discord's `(guild_id >> 22) % shard_count`. */
export function shardOf(snowflake: string, shardCount: number): number {
  return Number((BigInt(snowflake) >> TIMESTAMP_SHIFT) % BigInt(shardCount));
}

/** Strictly increasing snowflakes built from the stand-in clock. */
export class SnowflakeGenerator {
  readonly #clock: Clock;
  #last = 0n;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  next(): string {
    return this.#emit(BigInt(this.#clock.now()) - DISCORD_EPOCH_MS);
  }

  /** A snowflake whose timestamp part puts it on shard `shardId` of `shardCount`. */
  nextOnShard(shardId: number, shardCount: number): string {
    if (!Number.isInteger(shardId) || shardId < 0 || shardId >= shardCount) {
      throw new RangeError(`shard [${shardId}, ${shardCount}] does not exist`);
    }
    const count = BigInt(shardCount);
    let elapsed = BigInt(this.#clock.now()) - DISCORD_EPOCH_MS;
    const lastElapsed = this.#last >> TIMESTAMP_SHIFT;
    if (elapsed <= lastElapsed) elapsed = lastElapsed + 1n;
    while (elapsed % count !== BigInt(shardId)) elapsed += 1n;
    return this.#emit(elapsed);
  }

  #emit(elapsedMs: bigint): string {
    let candidate = elapsedMs << TIMESTAMP_SHIFT;
    if (candidate <= this.#last) candidate = this.#last + 1n;
    this.#last = candidate;
    return candidate.toString();
  }
}
