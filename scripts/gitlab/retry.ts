/**
 * When to send a GitLab request again, and how long to wait first.
 *
 * gitbeaker 43 retries 429 and 502 itself, ten times within about 0.3 s and ignoring
 * Retry-After (../shared/reference/gitlab-api.md §2.5): that spends a rate limit instead
 * of waiting it out. transport.ts replaces gitbeaker's request handler with this policy:
 *
 * - 429: any method, since a throttled request never ran. Wait Retry-After seconds
 *   (§1.12: sent with every Rack::Attack 429), capped at maxRetryAfterMs; back off
 *   exponentially when it is missing (application limits such as note creation may
 *   answer 429 without it).
 * - 502/503/504 and dropped connections: GET and PUT only. A POST that died half-way may
 *   have created the note or issue, and sending it again would post a duplicate.
 * - DNS, refused, TLS and timeouts: never; they would fail the same way again, slowly.
 */
import { isRetryable, type NetworkFailure } from '../core/network.ts';
import { retryAfterMs } from '../core/retryAfter.ts';
export interface RetryPolicy {
  /** Tries in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxBackoffMs: number;
  /** A longer Retry-After is waited for this long, then the request is tried anyway. */
  maxRetryAfterMs: number;
  /** One request, from sending it to the end of the answer (GITLAB_REQUEST_TIMEOUT). */
  requestTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxBackoffMs: 10_000,
  maxRetryAfterMs: 60_000,
  requestTimeoutMs: 60_000,
};

export type AttemptOutcome = { type: 'response'; status: number; retryAfter: string | null } | { type: 'network-error'; failure: NetworkFailure };

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
const TRANSIENT = new Set([502, 503, 504]);

/** Milliseconds to wait before attempt `attempt + 1`, or null to give up. */
export function retryDelayMs(outcome: AttemptOutcome, attempt: number, method: string, policy: RetryPolicy): number | null {
  if (attempt >= policy.maxAttempts) return null;
  if (outcome.type === 'response' && outcome.status === 429) {
    const requested = retryAfterMs(outcome.retryAfter);
    return requested === null ? backoffMs(attempt, policy) : Math.min(requested, policy.maxRetryAfterMs);
  }
  if (!IDEMPOTENT.has(method.toUpperCase())) return null;
  if (outcome.type === 'network-error' ? isRetryable(outcome.failure) : TRANSIENT.has(outcome.status)) return backoffMs(attempt, policy);
  return null;
}

function backoffMs(attempt: number, policy: RetryPolicy): number {
  return Math.min(policy.maxBackoffMs, policy.baseDelayMs * 2 ** (attempt - 1));
}
