import { describe, expect, it } from 'vitest';
import { readTarget, readTimeLimits, requireTarget } from '../../scripts/workflow/target.ts';
import { gitLabApiUrl } from '../../scripts/pipeline/target.ts';
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
      credential: { variables: ['ZENDESK_OAUTH_TOKEN'] },
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

describe('http:// only to this machine', () => {
  const zendesk = (url: string) => () => readTarget({ ZENDESK_URL: url, ZENDESK_OAUTH_TOKEN: 'x' });

  it('refuses http:// to any other host, in one line naming the variable', () => {
    expect(zendesk('http://zendesk.example.com')).toThrow(
      'ZENDESK_URL uses http:// for zendesk.example.com, which would send the credentials unencrypted; use https:// (e.g. https://acme.zendesk.com). http:// is allowed only for 127.0.0.1, ::1 and localhost.',
    );
    expect(zendesk('http://10.0.0.7:8080')).toThrow(/^ZENDESK_URL uses http:\/\/ for 10\.0\.0\.7/);
    expect(zendesk('ftp://acme.zendesk.com')).toThrow(/^ZENDESK_URL uses ftp:\/\/; use https:\/\//);
    expect(() => gitLabApiUrl({ CI_API_V4_URL: 'http://gitlab.example.com/api/v4' })).toThrow(
      /^CI_API_V4_URL uses http:\/\/ for gitlab\.example\.com, which would send the credentials unencrypted; use https:\/\//,
    );
  });

  it('takes http:// for loopback (the sandboxes) and https:// anywhere', () => {
    for (const url of ['http://127.0.0.1:4010', 'http://127.8.9.10', 'http://localhost:4010', 'http://[::1]:4010', 'https://acme.zendesk.com']) {
      expect(zendesk(url)()?.url).toBe(url);
    }
    expect(gitLabApiUrl({ CI_API_V4_URL: 'http://127.0.0.1:4020/api/v4' })).toBe('http://127.0.0.1:4020/api/v4');
  });
});

describe('the apply credential', () => {
  const base = { ZENDESK_URL: 'https://acme.zendesk.com', ZENDESK_EMAIL: 'ops@acme.example', ZENDESK_API_TOKEN: 'read-token-value' };

  it('apply takes ZENDESK_APPLY_OAUTH_TOKEN, then ZENDESK_EMAIL + ZENDESK_APPLY_API_TOKEN; plans never do', () => {
    const both = { ...base, ZENDESK_APPLY_OAUTH_TOKEN: 'write-oauth', ZENDESK_APPLY_API_TOKEN: 'write-api' };
    expect(readTarget(both, 'apply')).toMatchObject({ auth: { kind: 'oauth', accessToken: 'write-oauth' }, credential: { variables: ['ZENDESK_APPLY_OAUTH_TOKEN'] } });
    expect(readTarget({ ...base, ZENDESK_APPLY_API_TOKEN: 'write-api' }, 'apply')).toMatchObject({
      auth: { kind: 'api-token', email: 'ops@acme.example', apiToken: 'write-api' },
      credential: { variables: ['ZENDESK_EMAIL', 'ZENDESK_APPLY_API_TOKEN'] },
    });
    expect(readTarget(both)).toMatchObject({ auth: { kind: 'api-token', apiToken: 'read-token-value' }, credential: { variables: ['ZENDESK_EMAIL', 'ZENDESK_API_TOKEN'] } });
  });

  it('without apply variables, apply uses the read credential (one-credential setups, local runs)', () => {
    expect(requireTarget(base, 'apply')).toMatchObject({ auth: { kind: 'api-token', apiToken: 'read-token-value' }, credential: { variables: ['ZENDESK_EMAIL', 'ZENDESK_API_TOKEN'] } });
  });

  it('an apply token without ZENDESK_EMAIL names the variables, never a value', () => {
    const attempt = () => readTarget({ ZENDESK_URL: 'https://acme.zendesk.com', ZENDESK_OAUTH_TOKEN: 'read-oauth', ZENDESK_APPLY_API_TOKEN: 'write-api-value' }, 'apply');
    expect(attempt).toThrow('No Zendesk write credentials: set ZENDESK_EMAIL, or ZENDESK_APPLY_OAUTH_TOKEN.');
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
