import { describe, expect, it } from 'vitest';
import { readTarget, readTimeLimits, requireTarget } from '../../scripts/commands/target.ts';
import { DEFAULT_TIME_LIMITS } from '../../scripts/zendesk/timeLimits.ts';

describe('the Zendesk target comes from the environment', () => {
  it('takes ZENDESK_URL over ZENDESK_SUBDOMAIN and drops a trailing /api/v2', () => {
    const target = readTarget({ ZENDESK_URL: 'http://127.0.0.1:4010/api/v2/', ZENDESK_SUBDOMAIN: 'acme', ZENDESK_EMAIL: 'a@b.c', ZENDESK_API_TOKEN: 't' });
    expect(target?.url).toBe('http://127.0.0.1:4010');
  });

  it('builds the URL from a subdomain', () => {
    expect(readTarget({ ZENDESK_SUBDOMAIN: 'acme', ZENDESK_OAUTH_TOKEN: 'x' })).toEqual({
      url: 'https://acme.zendesk.com',
      auth: { kind: 'oauth', accessToken: 'x' },
      limits: DEFAULT_TIME_LIMITS,
    });
  });

  it('says which variable is missing, never a value', () => {
    expect(() => readTarget({ ZENDESK_URL: 'https://acme.zendesk.com', ZENDESK_API_TOKEN: 'secret-value' })).toThrow(
      'No Zendesk credentials: set ZENDESK_EMAIL, or ZENDESK_OAUTH_TOKEN.',
    );
    expect(() => requireTarget({})).toThrow(/^No Zendesk target: set ZENDESK_URL/);
  });

  it('refuses credentials inside the URL, where they would end up in logs', () => {
    expect(() => readTarget({ ZENDESK_URL: 'https://me:pw@acme.zendesk.com', ZENDESK_OAUTH_TOKEN: 'x' })).toThrow(/must not contain credentials/);
  });
});

describe('time limits come from the environment', () => {
  it('defaults to 10 s to connect, 60 s per request, 15 min of rate-limit waiting, 30 min per run', () => {
    expect(readTimeLimits({})).toEqual({ connectTimeoutMs: 10_000, requestTimeoutMs: 60_000, rateLimitWaitMs: 900_000, runDeadlineMs: 1_800_000 });
  });

  it('reads seconds, or a number with a unit', () => {
    expect(readTimeLimits({ ZENDESK_CONNECT_TIMEOUT: '2.5', ZENDESK_REQUEST_TIMEOUT: '90s', ZENDESK_RATE_LIMIT_WAIT: '0', ZENDESK_RUN_DEADLINE: '1h' })).toEqual({
      connectTimeoutMs: 2_500,
      requestTimeoutMs: 90_000,
      rateLimitWaitMs: 0,
      runDeadlineMs: 3_600_000,
    });
    expect(readTimeLimits({ ZENDESK_RUN_DEADLINE: '45m' }).runDeadlineMs).toBe(2_700_000);
  });

  it('a bad value is one line naming the variable', () => {
    expect(() => readTimeLimits({ ZENDESK_REQUEST_TIMEOUT: '0' })).toThrow(
      "ZENDESK_REQUEST_TIMEOUT must be a number of seconds (more than 0), or with a unit such as 90s, 15m, 1h; got '0'",
    );
    expect(() => readTimeLimits({ ZENDESK_RATE_LIMIT_WAIT: '15 minutes' })).toThrow(/^ZENDESK_RATE_LIMIT_WAIT must be a number of seconds \(0 or more\)/);
  });
});
