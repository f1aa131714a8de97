import type { Clock } from "../clock.ts";

export interface OffsetClock extends Clock {
  /** How far the clock runs ahead of real time (negative: behind). */
  readonly offsetMs: number;
  /** Moves the clock by `ms` (negative moves it back). */
  advance(ms: number): void;
  /** Moves the clock to `date`; time keeps running from there. */
  set(date: Date): void;
}

/** Real time plus an offset: the sandbox moves it to seed past weeks and to skip to the next weekly post. */
export function offsetClock(initialOffsetMs = 0, realNow: () => number = Date.now): OffsetClock {
  let offset = initialOffsetMs;
  return {
    now: () => new Date(realNow() + offset),
    get offsetMs() {
      return offset;
    },
    advance(ms) {
      offset += ms;
    },
    set(date) {
      offset = date.getTime() - realNow();
    },
  };
}
