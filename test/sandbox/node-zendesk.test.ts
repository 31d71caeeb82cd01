/**
 * The sandbox as the tool sees it: every call goes through node-zendesk v6 over HTTP,
 * so pagination links, envelopes, status codes and headers must suit the real client.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ZendeskSandbox } from '../../scripts/sandbox/zendesk/server.ts';
import { startSandbox, zendeskClient, type ZendeskClient } from './harness.ts';

let sandbox: ZendeskSandbox;
let client: ZendeskClient;

beforeAll(async () => {
  sandbox = await startSandbox();
  client = zendeskClient(sandbox);
});
afterAll(() => sandbox.close());
afterEach(() => {
  sandbox.clearFaults();
  sandbox.resetRequestCounts();
});

const trigger = (title: string) => ({
  trigger: {
    title,
    conditions: { all: [{ field: 'update_type', operator: 'is', value: 'Create' }], any: [] },
    actions: [{ field: 'priority', value: 'high' }],
  },
});

describe('through node-zendesk', () => {
  it('lists 255 triggers over three cursor pages', async () => {
    for (let batch = 0; batch < 10; batch += 1) {
      await Promise.all(Array.from({ length: 25 }, (_, i) => client.triggers.create(trigger(`Bulk ${batch * 25 + i}`))));
    }
    sandbox.resetRequestCounts();

    const triggers = (await client.triggers.list()) as { title: string; position: number }[];

    expect(triggers).toHaveLength(255); // 250 created + the seed's 5 defaults
    expect(new Set(triggers.map((t) => t.title)).size).toBe(255);
    const positions = triggers.map((t) => t.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(sandbox.requestCounts()).toEqual({ 'GET /api/v2/triggers': 3 });
  });

  it('creates, updates and deletes a macro', async () => {
    const created = await client.macros.create({
      macro: { title: 'Escalate to Tier 2', actions: [{ field: 'status', value: 'open' }] },
    });
    // Reference §7.2: POST /macros answers 200, and node-zendesk hands back the raw {macro}.
    expect(created.response.status).toBe(200);
    const macro = (created.result as { macro: { id: number; active: boolean; restriction: unknown } }).macro;
    expect(macro).toMatchObject({ active: true, restriction: null });

    const updated = await client.macros.update(macro.id, { macro: { title: 'Escalate to Tier 2 (urgent)' } });
    expect((updated.result as { macro: { title: string; actions: unknown } }).macro).toMatchObject({
      title: 'Escalate to Tier 2 (urgent)',
      actions: [{ field: 'status', value: 'open' }],
    });

    const deleted = await client.macros.delete(macro.id);
    expect(deleted.response.status).toBe(204);
    await expect(client.macros.show(macro.id)).rejects.toMatchObject({
      statusCode: 404,
      result: { error: 'RecordNotFound', description: 'Not found' },
    });
  });

  it('refuses a bad API token with 401', async () => {
    const intruder = zendeskClient(sandbox, 'not-the-token');
    await expect(intruder.groups.list()).rejects.toMatchObject({
      statusCode: 401,
      result: { error: "Couldn't authenticate you" },
    });
  });

  it('explains an invalid automation with a 422 body', async () => {
    const invalid = {
      automation: {
        title: 'Tag solved tickets',
        conditions: { all: [{ field: 'status', operator: 'is', value: 'solved' }], any: [] },
        actions: [{ field: 'current_tags', value: 'done' }],
      },
    };
    await expect(client.automations.create(invalid)).rejects.toMatchObject({
      statusCode: 422,
      result: {
        error: 'RecordInvalid',
        description: 'Record validation errors',
        details: { conditions: [{ error: 'InvalidValue', description: expect.stringContaining('time based condition') }] },
      },
    });
  });

  it('passes an injected 429 with Retry-After to the caller', async () => {
    sandbox.injectFault({ method: 'GET', path: '/api/v2/groups/:id', status: 429, times: 1, retryAfterSeconds: 0 });
    const groups = (await client.groups.list()) as { id: number }[];

    // Reference §14.3: node-zendesk resolves (does not throw) when Retry-After is present.
    const throttled = await client.groups.show(groups[0].id);
    expect(throttled.response.status).toBe(429);
    expect(throttled.response.headers.get('retry-after')).toBe('0');
    expect(throttled.result).toBeInstanceOf(Error);

    const retried = await client.groups.show(groups[0].id);
    expect(retried.result).toMatchObject({ id: groups[0].id, name: 'Support' });
  });

  it('surfaces a dropped connection as a network error', async () => {
    sandbox.injectFault({ path: /\/users\/me$/, status: 'drop', times: 1 });
    const failure = await client.users.me().then(
      () => undefined,
      (error: unknown) => error as { statusCode?: number; code?: string; message: string },
    );
    expect(failure).toBeDefined();
    expect(failure?.statusCode).toBeUndefined();
    expect(failure?.code ?? failure?.message).toMatch(/ECONNRESET|socket hang up/);

    const after = await client.users.me();
    expect(after.result).toMatchObject({ email: 'admin@example.com', name: 'Avery Admin' });
  });
});
