/**
 * Reference §3: an account-wide requests-per-minute budget in a fixed one-minute window.
 * Every API response carries both header spellings (recorded `x-rate-limit`/`rate-limit-*`
 * and documented `ratelimit-*`); over budget → 429 with `Retry-After`.
 */
export interface RateLimitConfig {
  requestsPerMinute: number;
  retryAfterSeconds?: number;
}

/** Without a configured limit the headers advertise Enterprise's 700 rpm and never run out. */
const NOMINAL_LIMIT = 700;
const WINDOW_MS = 60_000;

export interface RateLimitDecision {
  allowed: boolean;
  headers: Record<string, string>;
  retryAfterSeconds: number;
}

export class RateLimiter {
  #config: RateLimitConfig | null;
  #windowStart = 0;
  #used = 0;
  readonly #now: () => number;

  constructor(config: RateLimitConfig | null = null, now: () => number = Date.now) {
    this.#config = config;
    this.#now = now;
  }

  configure(config: RateLimitConfig | null): void {
    this.#config = config;
    this.#used = 0;
    this.#windowStart = this.#now();
  }

  /** Counts the request against the window and says whether it may proceed. */
  admit(): RateLimitDecision {
    const now = this.#now();
    if (now - this.#windowStart >= WINDOW_MS) {
      this.#windowStart = now;
      this.#used = 0;
    }
    const resetSeconds = Math.max(1, Math.ceil((this.#windowStart + WINDOW_MS - now) / 1000));
    const config = this.#config;
    if (!config) {
      return { allowed: true, headers: headers(NOMINAL_LIMIT, NOMINAL_LIMIT, resetSeconds), retryAfterSeconds: 0 };
    }
    const allowed = this.#used < config.requestsPerMinute;
    if (allowed) this.#used += 1;
    const remaining = Math.max(0, config.requestsPerMinute - this.#used);
    return {
      allowed,
      headers: headers(config.requestsPerMinute, remaining, resetSeconds),
      retryAfterSeconds: config.retryAfterSeconds ?? resetSeconds,
    };
  }
}

function headers(limit: number, remaining: number, resetSeconds: number): Record<string, string> {
  return {
    'x-rate-limit': String(limit),
    'x-rate-limit-remaining': String(remaining),
    'rate-limit': String(limit),
    'rate-limit-remaining': String(remaining),
    'rate-limit-reset': String(resetSeconds),
    'ratelimit-limit': String(limit),
    'ratelimit-remaining': String(remaining),
    'ratelimit-reset': String(resetSeconds),
  };
}
