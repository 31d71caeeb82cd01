import { describe, expect, it } from 'vitest';
import { classifyNetworkError, TransportTimeout } from '../../scripts/core/network.ts';
import { retryAfterMs } from '../../scripts/core/retryAfter.ts';
import { DEFAULT_RETRY_POLICY, nextStep, type Outcome } from '../../scripts/zendesk/retry.ts';

const policy = DEFAULT_RETRY_POLICY;
const status = (code: number, json = true, retryAfter: string | null = null): Outcome => ({ type: 'response', status: code, retryAfter, json });
const once = { rateLimited: 0, failed: 1 };

describe('when a Zendesk request is tried again', () => {
  it('waits exactly what Retry-After says on a 429, for any method', () => {
    expect(nextStep(status(429, true, '7'), { rateLimited: 1, failed: 0 }, false, policy)).toEqual({ type: 'rate-limited', delayMs: 7000 });
  });

  it('never gives up on a 429 for lack of attempts: the client caps the waiting instead', () => {
    expect(nextStep(status(429, true, '1'), { rateLimited: 50, failed: policy.maxAttempts }, true, policy)).toEqual({ type: 'rate-limited', delayMs: 1000 });
  });

  it('retries a 5xx only when the request is idempotent, so a POST is never repeated blindly', () => {
    expect(nextStep(status(503), once, true, policy)).toMatchObject({ type: 'retry', reason: 'HTTP 503' });
    expect(nextStep(status(503), once, false, policy)).toEqual({ type: 'fail' });
    expect(nextStep({ type: 'network-error', failure: { kind: 'dropped', code: 'ECONNRESET' } }, once, false, policy)).toEqual({ type: 'fail' });
  });

  it('never retries a 422: the request itself is wrong', () => {
    expect(nextStep(status(422), once, true, policy)).toEqual({ type: 'fail' });
  });

  it('gives up after the last attempt', () => {
    expect(nextStep(status(503), { rateLimited: 0, failed: policy.maxAttempts }, true, policy)).toEqual({ type: 'fail' });
  });

  it('tries an HTML error page from a proxy only a couple of times', () => {
    expect(nextStep(status(502, false), once, true, policy)).toMatchObject({ type: 'retry', reason: 'HTTP 502 (not Zendesk JSON)' });
    expect(nextStep(status(502, false), { rateLimited: 0, failed: policy.maxNotJsonAttempts }, true, policy)).toEqual({ type: 'fail' });
  });

  it('does not retry what would fail the same way: DNS, refused, TLS, timeouts', () => {
    for (const failure of [
      { kind: 'dns', code: 'ENOTFOUND' },
      { kind: 'refused', code: 'ECONNREFUSED' },
      { kind: 'tls', code: 'CERT_HAS_EXPIRED', detail: '' },
      { kind: 'connect-timeout', ms: 10_000 },
      { kind: 'answer-timeout', ms: 60_000 },
    ] as const) {
      expect(nextStep({ type: 'network-error', failure }, once, true, policy)).toEqual({ type: 'fail' });
    }
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('0')).toBe(0);
    expect(retryAfterMs('Sun, 22 Nov 2026 00:00:10 GMT', Date.parse('Sun, 22 Nov 2026 00:00:00 GMT'))).toBe(10_000);
    expect(retryAfterMs('soon')).toBeNull();
  });
});

describe('why a request got no answer', () => {
  const systemError = (code: string, message = code) => Object.assign(new Error(message), { code });

  it('tells causes apart from node:http and from fetch errors alike', () => {
    expect(classifyNetworkError(systemError('ENOTFOUND'))).toEqual({ kind: 'dns', code: 'ENOTFOUND' });
    expect(classifyNetworkError(new TypeError('fetch failed', { cause: systemError('ECONNREFUSED') }))).toEqual({ kind: 'refused', code: 'ECONNREFUSED' });
    expect(classifyNetworkError(systemError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'))).toEqual({
      kind: 'tls',
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      detail: 'self-signed certificate',
    });
    expect(classifyNetworkError(new TransportTimeout('connect', 10_000))).toEqual({ kind: 'connect-timeout', ms: 10_000 });
    expect(classifyNetworkError(new DOMException('timed out', 'TimeoutError'), 200)).toEqual({ kind: 'answer-timeout', ms: 200 });
    expect(classifyNetworkError(systemError('ECONNRESET', 'socket hang up'))).toEqual({ kind: 'dropped', code: 'ECONNRESET' });
  });
});
