/**
 * Error bodies that echo credentials never put them in a message: job logs and
 * merge-request notes are read by many more people than hold the tokens. Zendesk and
 * GitLab (or a proxy before them) answering with the token, the Authorization header,
 * an OAuth token's `token`/`refresh_token`, a password or a webhook secret; real clients
 * over loopback sockets, and the CLI's own lines.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { explainZendeskFailure } from '../../scripts/workflow/zendeskFailure.ts';
import { redact, redactValue } from '../../scripts/core/redact.ts';
import { DEFAULT_CREDENTIALS } from '../../scripts/sandbox/zendesk/server.ts';
import { ZendeskClient } from '../../scripts/zendesk/client.ts';
import { ZendeskApiError } from '../../scripts/zendesk/errors.ts';
import { workspace, type Workspace } from '../integration/harness.ts';
import { GITLAB_TOKEN, pipelineWorkspace, type PipelineWorkspace } from '../pipeline/harness.ts';
import { rewritingProxy, type TestServer } from './servers.ts';

const servers: TestServer[] = [];
let ws: Workspace | null = null;
let p: PipelineWorkspace | null = null;
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await ws?.close();
  await p?.close();
  ws = null;
  p = null;
});

/** A server whose every answer is `answer(request, body)`: an API that quotes requests back. */
async function echoServer(answer: (request: IncomingMessage, body: string) => { status: number; json: unknown }): Promise<TestServer> {
  const hits: string[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      hits.push(`${request.method} ${request.url}`);
      const { status, json } = answer(request, Buffer.concat(chunks).toString('utf8'));
      response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const started: TestServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
  servers.push(started);
  return started;
}

const LONG_TAIL = ' and more'.repeat(400);

describe('Zendesk error bodies', () => {
  it('npm run plan: a 422 quoting the OAuth token, its header and a refresh token prints none of them, and is cut short', async () => {
    ws = await workspace();
    const token = DEFAULT_CREDENTIALS.oauthToken;
    const refresh = 'rt-3d9b41f07c2e4a58';
    const proxy = await rewritingProxy(ws.sandbox.url, (answer, request) =>
      request.path.startsWith('/api/v2/')
        ? {
            status: 422,
            headers: { 'content-type': 'application/json; charset=utf-8' },
            body: JSON.stringify({
              error: 'InvalidRequest',
              description: `token ${token} (${request.headers.authorization}) is not allowed; {"refresh_token": "${refresh}"}${LONG_TAIL}`,
              details: { token: [{ description: token }] },
            }),
          }
        : answer,
    );
    servers.push(proxy);
    const plan = await ws.run(['plan'], { ZENDESK_URL: proxy.url, ZENDESK_EMAIL: undefined, ZENDESK_API_TOKEN: undefined, ZENDESK_OAUTH_TOKEN: token });
    expect(plan.code).toBe(1);
    const [line, ...others] = plan.stderr.split('\n').filter((l) => l.startsWith('error: '));
    expect(others).toEqual([]);
    expect(line).toMatch(/^error: Zendesk error: GET \S+ failed: 422 InvalidRequest — token \[redacted\] \(Bearer \[redacted\]\) is not allowed; \{"refresh_token": "\[redacted\]"\} and more/);
    expect(line.length).toBeLessThan(600);
    expect(plan.stderr + plan.stdout).not.toContain(token);
    expect(plan.stderr + plan.stdout).not.toContain(refresh);
  });

  it('a 500 quoting email/token, its base64, a password and a configured secret: masked in the message and the kept body', async () => {
    const { email, apiToken } = DEFAULT_CREDENTIALS;
    const basic = Buffer.from(`${email}/token:${apiToken}`).toString('base64');
    const configured = 'whsec-configured-5e1f0a9b';
    const server = await echoServer((request) => ({
      status: 500,
      json: {
        error: 'InternalError',
        description: `failed for ${email}/token:${apiToken} via ${request.headers.authorization}; secret ${configured}`,
        details: { base: [{ description: `Authorization: Basic ${basic}` }] },
        password: 'hunter2-but-longer',
      },
    }));
    const client = new ZendeskClient({ baseUrl: server.url, auth: { kind: 'api-token', email, apiToken }, secrets: [configured], sleep: async () => undefined });
    const error = await client.get('groups').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZendeskApiError);
    const message = explainZendeskFailure(error, server.url)?.message ?? '';
    expect(message).toBe(
      'Zendesk error: GET groups failed: 500 InternalError — failed for admin@example.com/token:[redacted] via Basic [redacted]; secret [redacted] — base: Authorization: [redacted]',
    );
    const kept = JSON.stringify((error as ZendeskApiError).body);
    for (const secret of [apiToken, basic, configured, 'hunter2-but-longer']) expect(kept).not.toContain(secret);
  });

  it('a webhook write whose 422 quotes the secret it was sent: masked without being configured', async () => {
    const secret = 'whsec-sent-in-the-body-41c7';
    const server = await echoServer((_, body) => ({ status: 422, json: { errors: [{ code: 'InvalidValue', title: `cannot use ${body}` }] } }));
    const client = new ZendeskClient({ baseUrl: server.url, auth: { kind: 'oauth', accessToken: DEFAULT_CREDENTIALS.oauthToken } });
    const error = await client
      .request('POST', 'webhooks', { body: { webhook: { name: 'Ops', authentication: { type: 'api_key', data: { name: 'X-Key', value: secret } } } }, label: 'webhook "Ops"' })
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^POST webhook "Ops" failed: 422 InvalidValue: cannot use \{"webhook":\{"name":"Ops",.*"value":"\[redacted\]"/);
    expect((error as Error).message).not.toContain(secret);
  });
});

describe('GitLab error bodies', () => {
  it('ci plan: a 500 quoting PRIVATE-TOKEN prints one line without it', async () => {
    p = await pipelineWorkspace();
    const gitlab = await echoServer((request) => ({ status: 500, json: { message: `boom for PRIVATE-TOKEN ${String(request.headers['private-token'])}` } }));
    const result = await p.ci('plan', { CI_MERGE_REQUEST_IID: '7', CI_COMMIT_SHA: '3f9c2a71d4e5b6a7980123456789abcdef012345', CI_API_V4_URL: `${gitlab.url}/api/v4` });
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('error: '))).toEqual([
      expect.stringMatching(/^error: GitLab error: GET \S+ failed: 500 boom for PRIVATE-TOKEN \[redacted\]$/),
    ]);
    expect(result.stderr + result.stdout).not.toContain(GITLAB_TOKEN);
  });
});

describe('redact', () => {
  it('masks credential shapes whose values it was not told', () => {
    expect(redact('Authorization: Bearer 0a1b2c3d4e5f60718293a4b5c6d7e8f9 was refused')).toBe('Authorization: [redacted] was refused');
    expect(redact('sent bearer 0a1b2c3d4e5f60718293a4b5c6d7e8f9')).toBe('sent bearer [redacted]');
    expect(redact('GET /hook?access_token=abc123def&x=1')).toBe('GET /hook?access_token=[redacted]&x=1');
    expect(redact('token glpat-AbCdEf0123456789xyz expired')).toBe('token [redacted] expired');
    expect(redact('{"token":"abc","refresh_token":"def","scopes":["read"]}')).toBe('{"token":"[redacted]","refresh_token":"[redacted]","scopes":["read"]}');
  });

  it('leaves words that only look alike, and short values, alone', () => {
    expect(redact('Basic authentication failed for the webhook')).toBe('Basic authentication failed for the webhook');
    expect(redact('Title: Route VIP tickets', ['VIP'])).toBe('Title: Route VIP tickets');
  });

  it('replaces credential-named fields of a parsed body, however deep, and keeps the rest', () => {
    expect(redactValue({ token: { token: 'af3345kdj3', refresh_token: 'af3t24tfj34h43s', scopes: ['read'] }, password: 'p4ss-word' })).toEqual({
      token: { token: '[redacted]', refresh_token: '[redacted]', scopes: ['read'] },
      password: '[redacted]',
    });
  });
});
