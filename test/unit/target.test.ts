import { describe, expect, it } from 'vitest';
import { readTarget, requireTarget } from '../../scripts/commands/target.ts';

describe('the Zendesk target comes from the environment', () => {
  it('takes ZENDESK_URL over ZENDESK_SUBDOMAIN and drops a trailing /api/v2', () => {
    const target = readTarget({ ZENDESK_URL: 'http://127.0.0.1:4010/api/v2/', ZENDESK_SUBDOMAIN: 'acme', ZENDESK_EMAIL: 'a@b.c', ZENDESK_API_TOKEN: 't' });
    expect(target?.url).toBe('http://127.0.0.1:4010');
  });

  it('builds the URL from a subdomain', () => {
    expect(readTarget({ ZENDESK_SUBDOMAIN: 'acme', ZENDESK_OAUTH_TOKEN: 'x' })).toEqual({ url: 'https://acme.zendesk.com', auth: { kind: 'oauth', accessToken: 'x' } });
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
