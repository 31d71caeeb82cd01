/** Cross-cutting behaviour from reference §0–§4: paths, auth, pagination, rate limits, admin routes. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ZendeskSandbox } from '../../scripts/sandbox/zendesk/server.ts';
import { api, startSandbox } from './harness.ts';

let sandbox: ZendeskSandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
afterEach(() => {
  sandbox.setRateLimit(null);
  sandbox.clearFaults();
  sandbox.setLatency(0);
});

describe('paths and envelopes', () => {
  it('treats .json as optional and collapses double slashes', async () => {
    const plain = await api(sandbox, 'GET', 'groups');
    const dotted = await api(sandbox, 'GET', '/api/v2//groups.json');
    expect(dotted.body.groups).toEqual(plain.body.groups);
    expect(plain.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('distinguishes unknown routes from unknown ids', async () => {
    expect((await api(sandbox, 'GET', 'nothing_here.json')).body).toEqual({ error: 'InvalidEndpoint', description: 'Not found' });
    const missing = await api(sandbox, 'GET', 'groups/1.json');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'RecordNotFound', description: 'Not found' });
  });

  it('requires credentials on every API route', async () => {
    const anonymous = await api(sandbox, 'GET', 'users/me.json', undefined, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ error: "Couldn't authenticate you" });
    const wrongBearer = await api(sandbox, 'GET', 'groups', undefined, { authorization: 'Bearer nope' });
    expect(wrongBearer.status).toBe(401);
  });
});

describe('pagination', () => {
  it('uses offset pagination without page[size], with absolute links', async () => {
    const first = (await api(sandbox, 'GET', 'groups.json?per_page=2')).body;
    expect(first.count).toBe(5);
    expect(first.previous_page).toBeNull();
    expect(first.next_page).toBe(`${sandbox.url}/api/v2/groups.json?per_page=2&page=2`);
    const last = (await api(sandbox, 'GET', 'groups.json?per_page=2&page=3')).body;
    expect(last.groups).toHaveLength(1);
    expect(last.next_page).toBeNull();
  });

  it('uses cursors with page[size] and refuses pages over 100', async () => {
    const first = (await api(sandbox, 'GET', 'groups.json?page[size]=3')).body;
    expect(first.meta).toMatchObject({ has_more: true, after_cursor: expect.any(String), before_cursor: expect.any(String) });
    expect(first).not.toHaveProperty('count');
    const second = (await api(sandbox, 'GET', `groups.json?page[size]=3&page[after]=${encodeURIComponent(first.meta.after_cursor)}`)).body;
    expect(second.groups).toHaveLength(2);
    expect(second.links.next).toBeNull();

    const tooBig = await api(sandbox, 'GET', 'groups.json?page[size]=101');
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.errors[0].code).toBe('InvalidPaginationParameter');
    expect((await api(sandbox, 'GET', 'groups.json?page[size]=2&page[after]=garbage!')).status).toBe(400);
  });
});

describe('rate limits', () => {
  it('sends rate-limit headers on every response and 429 + Retry-After over the limit', async () => {
    sandbox.setRateLimit({ requestsPerMinute: 2, retryAfterSeconds: 7 });
    const first = await api(sandbox, 'GET', 'groups');
    expect(first.headers.get('x-rate-limit')).toBe('2');
    expect(first.headers.get('ratelimit-remaining')).toBe('1');
    expect(first.headers.get('ratelimit-reset')).toMatch(/^\d+$/);
    await api(sandbox, 'GET', 'groups');
    const refused = await api(sandbox, 'GET', 'groups');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('7');
    expect(refused.body.error).toBe('TooManyRequests');
  });
});

describe('admin routes', () => {
  it('report counts and inject faults over HTTP without being counted themselves', async () => {
    await api(sandbox, 'DELETE', '/__sandbox/requests', undefined, {});
    await api(sandbox, 'GET', 'triggers/123.json');
    await api(sandbox, 'GET', 'triggers/456');
    const counts = await api(sandbox, 'GET', '/__sandbox/requests', undefined, {});
    expect(counts.body).toEqual({ 'GET /api/v2/triggers/:id': 2 });

    const injected = await api(sandbox, 'POST', '/__sandbox/faults', { path: '^/api/v2/groups', status: 503, times: 2 }, {});
    expect(injected.status).toBe(204);
    expect((await api(sandbox, 'GET', 'groups')).status).toBe(503);
    expect((await api(sandbox, 'GET', 'groups.json')).status).toBe(503);
    expect((await api(sandbox, 'GET', 'groups')).status).toBe(200);

    expect((await api(sandbox, 'POST', '/__sandbox/faults', { status: 418, times: 1 }, {})).status).toBe(400);
    const state = await api(sandbox, 'GET', '/__sandbox/state', undefined, {});
    expect(state.body).toMatchObject({ version: 1, collections: { groups: expect.any(Array) } });
  });

  it('adds latency to API responses', async () => {
    sandbox.setLatency(60);
    const started = Date.now();
    await api(sandbox, 'GET', 'groups');
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });
});
