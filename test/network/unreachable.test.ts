/**
 * A Zendesk that cannot be reached, or something that is not Zendesk: each ends the
 * run quickly with one `error:` line and a hint by cause, never a hang, a stack of
 * retry lines, or "unexpected error". Real sockets on loopback; node-zendesk sends.
 */
import { readFile } from 'node:fs/promises';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchLiveState } from '../../scripts/kinds/fetch.ts';
import { ZendeskClient } from '../../scripts/zendesk/client.ts';
import { DEFAULT_CREDENTIALS } from '../../scripts/sandbox/zendesk/server.ts';
import { workspace, type Workspace } from '../integration/harness.ts';
import { closedPortUrl, hangingServer, htmlServer, serverPool } from './servers.ts';

let ws: Workspace;
const { serve, keep, closeAll } = serverPool();
beforeEach(async () => {
  ws = await workspace();
});
afterEach(async () => {
  await closeAll();
  await ws.close();
});

/** stderr holds exactly one line, an `error: …` one, and nothing else was printed. */
function oneErrorLine(result: { stdout: string; stderr: string }): string {
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^error: [^\n]+\n$/);
  return result.stderr;
}

describe('a server that accepts the connection and never answers', () => {
  it('ends plan within the request timeout, with one line naming the limit and its variable', async () => {
    const hanging = await serve(hangingServer());
    const started = Date.now();
    const plan = await ws.run(['plan'], { ZENDESK_URL: hanging.url, ZENDESK_REQUEST_TIMEOUT: '0.2' });
    expect(plan.code).toBe(1);
    expect(oneErrorLine(plan)).toMatch(/^error: Zendesk at http:\/\/127\.0\.0\.1:\d+ did not answer GET \S+ within 0\.2 s \(ZENDESK_REQUEST_TIMEOUT sets the limit\)\.\n$/);
    expect(Date.now() - started).toBeLessThan(5_000);
    // No retries: at most one connection per request slot, never a second round.
    expect(hanging.hits.length).toBeLessThanOrEqual(8);
  });
});

describe('a connection that cannot be set up in time', () => {
  it('is told apart from a server that does not answer, and names ZENDESK_CONNECT_TIMEOUT', async () => {
    // TCP connects, but the TLS handshake never completes: connecting takes too long.
    const hanging = await serve(hangingServer());
    const plan = await ws.run(['plan'], { ZENDESK_URL: hanging.url.replace('http:', 'https:'), ZENDESK_CONNECT_TIMEOUT: '0.2' });
    expect(plan.code).toBe(1);
    expect(oneErrorLine(plan)).toMatch(
      /^error: Cannot reach Zendesk at https:\/\/127\.0\.0\.1:\d+: no connection within 0\.2 s \(ZENDESK_CONNECT_TIMEOUT\)\. Check ZENDESK_URL, the network, or a firewall in between\.\n$/,
    );
  });
});

describe('nothing listens on the port', () => {
  it('says so in one line with the sandbox hint, and retries nothing', async () => {
    const plan = await ws.run(['plan'], { ZENDESK_URL: await closedPortUrl() });
    expect(plan.code).toBe(1);
    expect(oneErrorLine(plan)).toMatch(
      /^error: Cannot reach Zendesk at http:\/\/127\.0\.0\.1:\d+: connection refused \(ECONNREFUSED\), nothing listens there\. Is the sandbox running \(`npm run sandbox`\)\? Check ZENDESK_URL\.\n$/,
    );
  });

  it('stops the queued requests after the first refusal', async () => {
    const client = new ZendeskClient({ baseUrl: await closedPortUrl(), auth: { kind: 'api-token', ...DEFAULT_CREDENTIALS } });
    await expect(fetchLiveState(client)).rejects.toThrow(/connection refused/);
    // Reading an account takes a couple of dozen requests; only the first round of 8 was sent.
    expect(client.requestCount).toBeLessThanOrEqual(client.concurrency);
  });
});

describe('a host name that does not resolve', () => {
  it('points at ZENDESK_URL / ZENDESK_SUBDOMAIN', async () => {
    const plan = await ws.run(['plan'], { ZENDESK_URL: 'https://acme-does-not-exist.invalid' });
    expect(plan.code).toBe(1);
    expect(oneErrorLine(plan)).toMatch(
      /^error: Cannot reach Zendesk at https:\/\/acme-does-not-exist\.invalid: the host name does not resolve \((ENOTFOUND|EAI_AGAIN)\)\. Check ZENDESK_URL \/ ZENDESK_SUBDOMAIN\.\n$/,
    );
  });
});

describe('TLS that does not work out', () => {
  it('a certificate Node does not trust: one line with the CA hint', async () => {
    const fixtures = new URL('./fixtures/', import.meta.url);
    const server = createHttpsServer({ key: await readFile(new URL('self-signed.key', fixtures)), cert: await readFile(new URL('self-signed.crt', fixtures)) }, (_, response) =>
      response.end('{}'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    keep({ url: '', hits: [], close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
    const plan = await ws.run(['plan'], { ZENDESK_URL: `https://127.0.0.1:${(server.address() as AddressInfo).port}` });
    expect(plan.code).toBe(1);
    expect(oneErrorLine(plan)).toMatch(/TLS certificate not accepted \(DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate[^)]*\)\. Check ZENDESK_URL .*NODE_EXTRA_CA_CERTS\.\n$/);
  });

  it('https:// to a port that speaks plain HTTP: one line', async () => {
    const plan = await ws.run(['plan'], { ZENDESK_URL: ws.sandbox.url.replace('http:', 'https:') });
    expect(plan.code).toBe(1);
    expect(oneErrorLine(plan)).toMatch(/TLS handshake failed \(EPROTO: wrong version number\)\. Check ZENDESK_URL \(https:\/\/ or http:\/\/, and the port\)/);
  });
});

describe('answers that are not Zendesk JSON', () => {
  it('an HTML 502 page from a proxy is tried a couple of times, then one line names the status', async () => {
    const proxy = await serve(htmlServer(502, '502 Bad Gateway'));
    const plan = await ws.run(['plan'], { ZENDESK_URL: proxy.url });
    expect(plan.code).toBe(1);
    const lines = plan.stderr.trimEnd().split('\n');
    expect(lines.filter((line) => line.startsWith('… '))).toEqual([expect.stringMatching(/^… HTTP 502 \(not Zendesk JSON\) on GET \S+; retry 1 in/)]);
    expect(lines.at(-1)).toMatch(
      /^error: Zendesk at http:\/\/127\.0\.0\.1:\d+ answered GET \S+ with HTTP 502 3 times, and not with Zendesk JSON \(text\/html "502 Bad Gateway"\): a proxy or load balancer in front of Zendesk is failing\. Try again later\.$/,
    );
    expect(lines).toHaveLength(2);
    // Bounded: no path was tried more than three times.
    const perPath = new Map<string, number>();
    for (const hit of proxy.hits) perPath.set(hit, (perPath.get(hit) ?? 0) + 1);
    // (webhooks and users are each read twice, by two callers)
    expect(Math.max(...perPath.values())).toBeLessThanOrEqual(6);
    expect(proxy.hits.length).toBeLessThan(3 * perPath.size + 8);
  });

  it('a 2xx web page: ZENDESK_URL does not point at Zendesk, in one line', async () => {
    const site = await serve(htmlServer(200, 'Welcome to nginx!'));
    const plan = await ws.run(['plan'], { ZENDESK_URL: site.url });
    expect(plan.code).toBe(1);
    expect(oneErrorLine(plan)).toMatch(
      /^error: http:\/\/127\.0\.0\.1:\d+ does not look like Zendesk: GET \S+ got HTTP 200 with text\/html "Welcome to nginx!", not Zendesk JSON\. Point ZENDESK_URL at the account/,
    );
    expect(site.hits.length).toBeLessThanOrEqual(8);
  });
});

describe('time limits are read from the environment', () => {
  it('a value that is not a duration is one line naming the variable, before anything is sent', async () => {
    ws.sandbox.resetRequestCounts();
    const plan = await ws.run(['plan'], { ZENDESK_CONNECT_TIMEOUT: 'ten seconds' });
    expect(plan.code).toBe(1);
    expect(oneErrorLine(plan)).toBe("error: ZENDESK_CONNECT_TIMEOUT must be a number of seconds (more than 0), or with a unit such as 90s, 15m, 1h; got 'ten seconds'\n");
    expect(ws.sandbox.requestCounts()).toEqual({});
  });
});
