/**
 * What a credential can do, as Zendesk says it: the OAuth token's scopes from
 * GET /api/v2/oauth/tokens/current, read through ZendeskClient (node-zendesk) against the
 * sandbox, and the read-only/write verdict plan jobs will warn on. A read-only token's
 * write is refused by the sandbox with Zendesk's 403, and the CLI says which scope is missing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { explainZendeskFailure } from '../../scripts/workflow/zendeskFailure.ts';
import { DEFAULT_CREDENTIALS, READ_ONLY_OAUTH_TOKEN, startZendeskSandbox, type ZendeskSandbox } from '../../scripts/sandbox/zendesk/server.ts';
import { credentialAccess } from '../../scripts/zendesk/access.ts';
import { ZendeskClient, type ZendeskAuth } from '../../scripts/zendesk/client.ts';
import { ZendeskApiError } from '../../scripts/zendesk/errors.ts';

let sandbox: ZendeskSandbox;
beforeEach(async () => {
  sandbox = await startZendeskSandbox();
});
afterEach(() => sandbox.close());

const oauth = (accessToken: string): ZendeskAuth => ({ kind: 'oauth', accessToken });
const clientWith = (auth: ZendeskAuth) => new ZendeskClient({ baseUrl: sandbox.url, auth, sleep: async () => undefined });
const TOKEN_ENDPOINT = 'GET /api/v2/oauth/tokens/current';

describe('tokenScopes', () => {
  it('a read-only token says ["read"]; the default OAuth token says read and write', async () => {
    expect(await clientWith(oauth(READ_ONLY_OAUTH_TOKEN.token)).tokenScopes()).toEqual(['read']);
    expect(await clientWith(oauth(DEFAULT_CREDENTIALS.oauthToken)).tokenScopes()).toEqual(['read', 'write']);
    expect(sandbox.requestCounts()[TOKEN_ENDPOINT]).toBe(2);
  });

  it('an API token has no scopes: null, and Zendesk is not asked', async () => {
    expect(await clientWith({ kind: 'api-token', ...DEFAULT_CREDENTIALS }).tokenScopes()).toBeNull();
    expect(sandbox.requestCounts()).toEqual({});
  });

  it('returns the scopes alone, never the token or refresh token the answer also holds', async () => {
    const scopes = await clientWith(oauth(DEFAULT_CREDENTIALS.oauthToken)).tokenScopes();
    const answer = await fetch(`${sandbox.url}/api/v2/oauth/tokens/current.json`, { headers: { authorization: `Bearer ${DEFAULT_CREDENTIALS.oauthToken}` } });
    const { token } = (await answer.json()) as { token: { token: string; refresh_token: string } };
    expect(token.token).toBe(DEFAULT_CREDENTIALS.oauthToken.slice(0, 10));
    expect(JSON.stringify(scopes)).not.toContain(token.refresh_token);
    expect(JSON.stringify(scopes)).not.toContain(token.token);
  });

  it('a token added to the running sandbox carries its own scopes', async () => {
    const added = await fetch(`${sandbox.url}/__sandbox/oauth_tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'ci-plan-token-0b7e', scopes: ['triggers:read', 'automations:read'] }),
    });
    expect(added.status).toBe(204);
    sandbox.addOAuthToken({ token: 'ci-apply-token-5f21', scopes: ['read', 'triggers:write'] });
    expect(await clientWith(oauth('ci-plan-token-0b7e')).tokenScopes()).toEqual(['triggers:read', 'automations:read']);
    expect(await clientWith(oauth('ci-apply-token-5f21')).tokenScopes()).toEqual(['read', 'triggers:write']);
  });
});

describe('a read-only token cannot write', () => {
  it('POST gets 403 Forbidden, nothing is created, and the line says the write scope is missing', async () => {
    const before = sandbox.state().collections.triggers?.length;
    const client = clientWith(oauth(READ_ONLY_OAUTH_TOKEN.token));
    const trigger = { title: 'Route VIP', conditions: { all: [{ field: 'current_tags', operator: 'includes', value: 'vip' }] }, actions: [{ field: 'priority', value: 'urgent' }] };
    const error = await client.request('POST', 'triggers', { body: { trigger }, label: 'trigger "Route VIP"' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZendeskApiError);
    expect((error as ZendeskApiError).status).toBe(403);
    expect((error as ZendeskApiError).body).toMatchObject({ error: 'Forbidden' });
    expect(sandbox.state().collections.triggers?.length).toBe(before);
    expect(explainZendeskFailure(error, sandbox.url)?.message).toBe(
      `Zendesk at ${sandbox.url} refused access (403) to POST trigger "Route VIP": the user needs the admin role, and an OAuth token needs the write scope.`,
    );
    // Reading is what it is for.
    expect((await client.listAll('triggers', 'triggers')).length).toBe(before);
  });

  it('a resource scope writes that resource only', async () => {
    sandbox.addOAuthToken({ token: 'groups-and-triggers-token', scopes: ['read', 'triggers:write'] });
    const client = clientWith(oauth('groups-and-triggers-token'));
    const [trigger] = await client.listAll<{ id: number }>('triggers', 'triggers');
    expect((await client.request('PUT', `triggers/${trigger.id}`, { body: { trigger: { active: false } } })).status).toBe(200);
    const refused = await client.request('POST', 'groups', { body: { group: { name: 'Tier 3' } } }).catch((e: unknown) => e);
    expect((refused as ZendeskApiError).status).toBe(403);
  });
});

describe('a rejected credential', () => {
  it('the 401 line names the variables the credential came from, never its value', async () => {
    const error = await clientWith(oauth('revoked-apply-token-99')).get('triggers').catch((e: unknown) => e);
    const line = explainZendeskFailure(error, sandbox.url, ['ZENDESK_APPLY_OAUTH_TOKEN'])?.message;
    expect(line).toBe(`Zendesk at ${sandbox.url} rejected the credentials (401). Check ZENDESK_APPLY_OAUTH_TOKEN.`);
  });
});

describe('credentialAccess', () => {
  it('write when any scope can write, or for an API token; read-only otherwise', () => {
    expect(credentialAccess('api-token', null)).toEqual({ access: 'write', why: 'an API token has no scopes: it can do whatever its user can' });
    expect(credentialAccess({ kind: 'oauth' }, ['read'])).toEqual({ access: 'read-only', why: 'the OAuth token has only the scope "read"' });
    expect(credentialAccess('oauth', ['tickets:read', 'triggers:read', 'impersonate'])).toMatchObject({ access: 'read-only' });
    expect(credentialAccess('oauth', ['read', 'write'])).toEqual({ access: 'write', why: 'the OAuth token has the scope "write"' });
    expect(credentialAccess('oauth', ['read', 'triggers:write'])).toMatchObject({ access: 'write' });
    // Zendesk: a resource without an access level means read and write.
    expect(credentialAccess('oauth', ['triggers'])).toMatchObject({ access: 'write' });
  });
});
