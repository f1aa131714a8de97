/**
 * The stand-in's notion of "now". Deadlines (3 s interaction callbacks, 15 min webhook tokens,
 * nonce windows) read this clock, so tests can move it forward instead of waiting.
 */
export class Clock {
  #offsetMs = 0;

  now(): number {
    return Date.now() + this.#offsetMs;
  }

  advance(ms: number): void {
    this.#offsetMs += ms;
  }
}
