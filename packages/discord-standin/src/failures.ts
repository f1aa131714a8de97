/** A canned response the REST side sends instead of handling the request. */
export interface RestResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FailureSpec {
  /** Only requests with this method (default: any). */
  method?: string;
  /** Tested against the path below /api/v10 without the query, e.g. /\/channels\/\d+\/messages/; a string must equal it. */
  route: RegExp | string;
  status: number;
  /** How many matching requests fail (default 1). */
  times?: number;
  /** For 429: the wait Discord asks for. Fractions are allowed so tests stay fast (default 0.05). */
  retryAfterSeconds?: number;
  /** For 429: a global rate limit instead of a per-route one. */
  global?: boolean;
  /** Override the JSON error code / message of the default body. */
  code?: number;
  message?: string;
}

function defaultError(status: number): { message: string; code: number } {
  switch (status) {
    case 403:
      return { message: "Missing Access", code: 50001 };
    case 404:
      return { message: "Unknown Channel", code: 10003 };
    case 500:
      return { message: "500: Internal Server Error", code: 0 };
    default:
      return { message: `${status}: injected failure`, code: 0 };
  }
}

export function failureResponse(spec: FailureSpec): RestResponse {
  if (spec.status === 429) {
    const retryAfter = spec.retryAfterSeconds ?? 0.05;
    const global = spec.global ?? false;
    return {
      status: 429,
      body: { message: spec.message ?? "You are being rate limited.", retry_after: retryAfter, global, ...(spec.code !== undefined && { code: spec.code }) },
      headers: {
        "retry-after": String(retryAfter),
        "x-ratelimit-limit": "5",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset-after": String(retryAfter),
        "x-ratelimit-reset": String((Date.now() / 1000 + retryAfter).toFixed(3)),
        "x-ratelimit-bucket": "stand-in-injected",
        "x-ratelimit-scope": global ? "global" : "user",
        ...(global && { "x-ratelimit-global": "true" }),
      },
    };
  }
  const fallback = defaultError(spec.status);
  return { status: spec.status, body: { message: spec.message ?? fallback.message, code: spec.code ?? fallback.code } };
}

/** Failures queued by tests, consumed by the first matching requests. */
export class FailureInjector {
  readonly #pending: { spec: FailureSpec; remaining: number }[] = [];

  add(spec: FailureSpec): void {
    this.#pending.push({ spec, remaining: spec.times ?? 1 });
  }

  take(method: string, path: string): RestResponse | undefined {
    const entry = this.#pending.find(({ spec }) => {
      if (spec.method !== undefined && spec.method.toUpperCase() !== method) return false;
      if (typeof spec.route === "string") return spec.route === path;
      spec.route.lastIndex = 0;
      return spec.route.test(path);
    });
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.#pending.splice(this.#pending.indexOf(entry), 1);
    return failureResponse(entry.spec);
  }
}
