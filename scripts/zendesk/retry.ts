/**
 * What to do after a Zendesk request failed, and how long to wait first.
 *
 * - 429: wait what Retry-After asks (../shared/reference/zendesk-api.md §3.3) and try
 *   again, for any method: a rate-limited request was rejected before it ran. This
 *   spends no attempt; the client caps the total time spent waiting instead, so a long
 *   stretch of rate limiting slows a run down rather than aborting it.
 * - 5xx and dropped connections: retried only for idempotent requests. A POST that died
 *   half-way may have created the object; the next plan finds it by title instead.
 * - a 5xx that is not JSON comes from something in front of Zendesk (a proxy, a load
 *   balancer): tried a couple of times, no more.
 * - every other failure (DNS, refused, TLS, timeouts, 4xx) would fail the same way again.
 */
import { retryAfterMs } from '../core/retryAfter.ts';
import { isRetryable, type NetworkFailure } from '../core/network.ts';

export interface RetryPolicy {
  /** Tries in all for a request that fails with a 5xx or a dropped connection (429s not counted). */
  maxAttempts: number;
  /** Tries in all for a 5xx whose body is not JSON. */
  maxNotJsonAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, maxNotJsonAttempts: 3, baseDelayMs: 250, maxDelayMs: 10_000 };

export type Outcome =
  | { type: 'response'; status: number; retryAfter: string | null; json: boolean }
  | { type: 'network-error'; failure: NetworkFailure };

export type Decision =
  | { type: 'rate-limited'; delayMs: number }
  /** `reason` names the cause for progress output, e.g. `HTTP 503`. */
  | { type: 'retry'; delayMs: number; reason: string }
  | { type: 'fail' };

/** How often this request failed so far, this time included: 429s, and everything else. */
export interface Tries {
  rateLimited: number;
  failed: number;
}

export function nextStep(outcome: Outcome, tries: Tries, idempotent: boolean, policy: RetryPolicy): Decision {
  if (outcome.type === 'response' && outcome.status === 429) {
    // No Retry-After (some endpoint-level limits, §3.2): back off instead.
    return { type: 'rate-limited', delayMs: retryAfterMs(outcome.retryAfter) ?? backoffMs(tries.rateLimited, policy) };
  }
  const attempt = tries.failed;
  if (!idempotent) return { type: 'fail' };
  if (outcome.type === 'network-error') {
    if (!isRetryable(outcome.failure) || attempt >= policy.maxAttempts) return { type: 'fail' };
    return { type: 'retry', delayMs: backoffMs(attempt, policy), reason: 'connection dropped' };
  }
  if (outcome.status < 500) return { type: 'fail' };
  if (!outcome.json) {
    if (attempt >= policy.maxNotJsonAttempts) return { type: 'fail' };
    return { type: 'retry', delayMs: backoffMs(attempt, policy), reason: `HTTP ${outcome.status} (not Zendesk JSON)` };
  }
  if (attempt >= policy.maxAttempts) return { type: 'fail' };
  return { type: 'retry', delayMs: backoffMs(attempt, policy), reason: `HTTP ${outcome.status}` };
}

function backoffMs(attempt: number, policy: RetryPolicy): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // Full jitter keeps many parallel retries from hitting Zendesk in lock-step.
  return Math.round(exponential / 2 + Math.random() * (exponential / 2));
}

export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'PUT', 'DELETE', 'PATCH', 'HEAD']);
