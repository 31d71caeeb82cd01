import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../scripts/core/retryAfter.ts';
import { DEFAULT_RETRY_POLICY, retryDelayMs } from '../../scripts/zendesk/retry.ts';

const policy = DEFAULT_RETRY_POLICY;

describe('when a Zendesk request is tried again', () => {
  it('waits exactly what Retry-After says on a 429, for any method', () => {
    expect(retryDelayMs({ type: 'response', status: 429, retryAfter: '7' }, 1, false, policy)).toBe(7000);
  });

  it('retries a 5xx only when the request is idempotent, so a POST is never repeated blindly', () => {
    expect(retryDelayMs({ type: 'response', status: 503, retryAfter: null }, 1, true, policy)).toBeGreaterThan(0);
    expect(retryDelayMs({ type: 'response', status: 503, retryAfter: null }, 1, false, policy)).toBeNull();
    expect(retryDelayMs({ type: 'network-error' }, 1, false, policy)).toBeNull();
  });

  it('never retries a 422: the request itself is wrong', () => {
    expect(retryDelayMs({ type: 'response', status: 422, retryAfter: null }, 1, true, policy)).toBeNull();
  });

  it('gives up after the last attempt', () => {
    expect(retryDelayMs({ type: 'response', status: 429, retryAfter: '1' }, policy.maxAttempts, true, policy)).toBeNull();
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('0')).toBe(0);
    expect(retryAfterMs('Sun, 22 Nov 2026 00:00:10 GMT', Date.parse('Sun, 22 Nov 2026 00:00:00 GMT'))).toBe(10_000);
    expect(retryAfterMs('soon')).toBeNull();
  });
});
