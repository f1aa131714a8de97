import type { RestResponse } from "./failures.ts";

/**
 * Discord's global rate limit: at most `perSecond` bot-authenticated requests in each one-second
 * window; past it a 429 with `global: true` (interaction callbacks and webhooks are exempt, as on Discord).
 */
export class GlobalRateLimit {
  readonly #perSecond: number;
  #windowStart = 0;
  #used = 0;
  /** Requests answered 429 so far. */
  refused = 0;

  constructor(perSecond: number) {
    this.#perSecond = perSecond;
  }

  /** Counts one request; a 429 response when it is over the limit. */
  take(now = performance.now()): RestResponse | undefined {
    if (now - this.#windowStart >= 1_000) {
      this.#windowStart = now;
      this.#used = 0;
    }
    this.#used += 1;
    if (this.#used <= this.#perSecond) return undefined;
    this.refused += 1;
    const retryAfter = Math.max(0.001, (this.#windowStart + 1_000 - now) / 1_000);
    return {
      status: 429,
      body: { message: "You are being rate limited.", retry_after: Number(retryAfter.toFixed(3)), global: true },
      headers: {
        "retry-after": String(Math.ceil(retryAfter)),
        "x-ratelimit-global": "true",
        "x-ratelimit-scope": "global",
      },
    };
  }
}
