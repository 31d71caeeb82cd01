/**
 * What a user reads while Zendesk misbehaves: one line per cause with a count, not a
 * line per retry; objects named by title when the caller labels its requests; and no
 * credentials in any message, even when Zendesk's answer echoes them.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandIO } from '../../scripts/workflow/io.ts';
import { retryNotice } from '../../scripts/workflow/progress.ts';
import { explainZendeskFailure } from '../../scripts/workflow/zendeskFailure.ts';
import { fetchLiveState } from '../../scripts/kinds/fetch.ts';
import { ZendeskClient, type ZendeskClientOptions } from '../../scripts/zendesk/client.ts';
import { DEFAULT_CREDENTIALS } from '../../scripts/sandbox/zendesk/server.ts';
import { workspace, type Workspace } from '../integration/harness.ts';
import { closedPortUrl } from './servers.ts';

let ws: Workspace;
let stderr: string;
beforeEach(async () => {
  ws = await workspace();
  stderr = '';
});
afterEach(() => ws.close());

const io = (): CommandIO => ({ env: {}, cwd: '.', stdout: () => undefined, stderr: (t) => void (stderr += t), color: false, now: () => new Date() });

function client(options: Partial<ZendeskClientOptions> = {}): ZendeskClient {
  return new ZendeskClient({
    baseUrl: ws.sandbox.url,
    auth: { kind: 'api-token', ...DEFAULT_CREDENTIALS },
    onRetry: retryNotice(io()),
    sleep: async () => undefined,
    ...options,
  });
}

const lines = (text: string) => text.split('\n').filter(Boolean);

describe('retry notices', () => {
  it('many 503s across concurrent requests: the first is told, the burst summed up in one line when it ends', async () => {
    ws.sandbox.injectFault({ method: 'GET', status: 503, times: 16 });
    await fetchLiveState(client());
    expect(lines(stderr)).toEqual([
      expect.stringMatching(/^… HTTP 503 on GET \S+; retry 1 in \d+\.\ds$/),
      expect.stringMatching(/^… HTTP 503: retried \d+ requests \(16 retries\), all answered$/),
    ]);
  });

  it('npm run plan prints one line per cause, whatever the number of retries', async () => {
    ws.sandbox.injectFault({ method: 'GET', status: 503, times: 6 });
    ws.sandbox.injectFault({ method: 'GET', status: 'drop', times: 4 });
    const plan = await ws.run(['plan']);
    expect(plan.code).toBe(0);
    const notices = lines(plan.stderr).filter((line) => line.startsWith('… '));
    expect(notices.filter((line) => / on GET /.test(line))).toEqual([
      expect.stringMatching(/^… HTTP 503 on GET /),
      expect.stringMatching(/^… connection dropped on GET /),
    ]);
    expect(notices.length).toBeLessThanOrEqual(4);
  });

  it('names the object by its label, in the notice and in the error', async () => {
    const trigger = ws.sandbox.state().collections.triggers?.[0];
    ws.sandbox.injectFault({ method: 'PUT', path: `/api/v2/triggers/${trigger?.id}`, status: 503, times: 6 });
    const label = `trigger "${String(trigger?.title)}"`;
    const error = await client()
      .request('PUT', `triggers/${trigger?.id}`, { label, body: { trigger: { title: trigger?.title } } })
      .catch((e: unknown) => e);
    expect(lines(stderr)[0]).toContain(`… HTTP 503 on PUT ${label}; retry 1 in `);
    expect(String(error)).toContain(`PUT ${label} failed: 503`);
    expect(String(error)).not.toContain(String(trigger?.id));
  });

  it('a network failure names the label too', async () => {
    const error = await new ZendeskClient({ baseUrl: await closedPortUrl(), auth: { kind: 'api-token', ...DEFAULT_CREDENTIALS } })
      .request('POST', 'macros', { label: 'macro "Billing::Refund issued"', body: { macro: {} } })
      .catch((e: unknown) => e);
    expect(String(error)).toBe('ZendeskNetworkError: POST macro "Billing::Refund issued" failed: connection refused (ECONNREFUSED)');
  });
});

describe('secrets in answers', () => {
  it('an error body that echoes the API token is masked in every message', async () => {
    const token = DEFAULT_CREDENTIALS.apiToken;
    const server = createServer((request, response) => {
      const auth = request.headers.authorization ?? '';
      response
        .writeHead(400, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ error: 'InvalidRequest', description: `bad token ${token} in ${auth}` }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const error = await client({ baseUrl: url }).get('groups').catch((e: unknown) => e);
      const line = explainZendeskFailure(error, url)?.message ?? '';
      expect(line).toBe('Zendesk error: GET groups failed: 400 InvalidRequest — bad token [redacted] in Basic [redacted]');
      expect(JSON.stringify((error as { body: unknown }).body)).not.toContain(token);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
