/**
 * When to try a Zendesk request again, and how long to wait.
 *
 * - 429: always retried, after Retry-After seconds (../shared/reference/zendesk-api.md §3.3).
 *   A rate-limited request was rejected before it ran, so even a POST is safe to repeat.
 * - 5xx and dropped connections: retried only for idempotent requests. A POST that died
 *   half-way may have created the object; the next plan finds it by title instead.
 */
import { retryAfterMs } from '../core/retryAfter.ts';
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 250, maxDelayMs: 10_000 };

export type Outcome =
  | { type: 'response'; status: number; retryAfter: string | null }
  | { type: 'network-error' };

export function retryDelayMs(outcome: Outcome, attempt: number, idempotent: boolean, policy: RetryPolicy): number | null {
  if (attempt >= policy.maxAttempts) return null;
  if (outcome.type === 'response') {
    if (outcome.status === 429) return retryAfterMs(outcome.retryAfter) ?? backoffMs(attempt, policy);
    if (outcome.status >= 500 && idempotent) return backoffMs(attempt, policy);
    return null;
  }
  return idempotent ? backoffMs(attempt, policy) : null;
}

function backoffMs(attempt: number, policy: RetryPolicy): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // Full jitter keeps many parallel retries from hitting Zendesk in lock-step.
  return Math.round(exponential / 2 + Math.random() * (exponential / 2));
}

export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'PUT', 'DELETE', 'PATCH', 'HEAD']);
