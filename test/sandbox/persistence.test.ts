/** `--state FILE`: what one sandbox run writes, the next one starts from. */
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { secretDigest } from '../../scripts/sandbox/zendesk/secrets.ts';
import { api, startSandbox } from './harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'zendesk-sandbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('state persistence', () => {
  it('keeps a trigger created in one run for the next run', async () => {
    const statePath = join(dir, 'nested', 'state.json');
    const first = await startSandbox({ statePath });
    expect(existsSync(statePath)).toBe(true);
    const created = await api(first, 'POST', 'triggers.json', {
      trigger: {
        title: 'Route VIP requests',
        conditions: { all: [{ field: 'current_tags', operator: 'includes', value: 'vip' }], any: [] },
        actions: [{ field: 'priority', value: 'urgent' }],
      },
    });
    expect(created.status).toBe(201);
    await first.close();

    const second = await startSandbox({ statePath });
    try {
      const shown = await api(second, 'GET', `triggers/${created.body.trigger.id}.json`);
      expect(shown.status).toBe(200);
      expect(shown.body.trigger).toMatchObject({ title: 'Route VIP requests', updated_at: created.body.trigger.updated_at });
      // `url` follows the new port rather than being stored.
      expect(shown.body.trigger.url).toBe(`${second.url}/api/v2/triggers/${created.body.trigger.id}.json`);
    } finally {
      await second.close();
    }
    expect(readdirSync(join(dir, 'nested'))).toEqual(['state.json']);
  });

  it('starts from the given seed when the state file does not exist yet', async () => {
    const sandbox = await startSandbox({
      statePath: join(dir, 'fresh.json'),
      seed: { version: 1, nextId: 100, collections: { groups: [{ name: 'Only group' }] } },
    });
    try {
      const groups = await api(sandbox, 'GET', 'groups.json');
      expect(groups.body.groups).toEqual([expect.objectContaining({ id: 100, name: 'Only group' })]);
    } finally {
      await sandbox.close();
    }
  });
});

describe('a state file the sandbox cannot start from', () => {
  const attempt = (path: string) => startSandbox({ statePath: path }).then((sandbox) => sandbox.close(), (error: unknown) => error);

  it('invalid JSON, the wrong shape, or a directory: an error naming the file and what to do, and the file is left alone', async () => {
    const truncated = join(dir, 'truncated.json');
    writeFileSync(truncated, '{"version":1,"nextId":3,"coll');
    expect(String(await attempt(truncated))).toMatch(/^SandboxStateFileError: .*truncated\.json is not valid JSON \(.+\); delete or move it to start again from the seed$/);
    expect(readFileSync(truncated, 'utf8')).toBe('{"version":1,"nextId":3,"coll');

    const wrongShape = join(dir, 'wrong-shape.json');
    writeFileSync(wrongShape, JSON.stringify({ version: 1, nextId: 3, collections: { survey_responses: [] } }));
    expect(String(await attempt(wrongShape))).toMatch(/wrong-shape\.json is not a sandbox state file: unknown collection "survey_responses"; delete or move it/);

    expect(String(await attempt(dir))).toMatch(/ is a directory; pass the path of a file with --state$/);
  });
});

describe('what the state file keeps', () => {
  const mode = (path: string) => statSync(path).mode & 0o777;
  const SECRETS = { token: 'whsec-bearer-c41e9a07d2', password: 'basic-pass-83f0b6e1', signing: 'signing-secret-5d27ac90' };

  it('is readable by its owner only, also when an older run left it readable by others', async () => {
    const statePath = join(dir, 'private.json');
    await (await startSandbox({ statePath })).close();
    expect(mode(statePath)).toBe(0o600);

    chmodSync(statePath, 0o644);
    const again = await startSandbox({ statePath });
    expect(mode(statePath)).toBe(0o600);
    await api(again, 'POST', 'groups.json', { group: { name: 'Tier 3' } });
    expect(mode(statePath)).toBe(0o600);
    await again.close();
  });

  it('holds no webhook secret, only a digest; reads still hide it; GET /__sandbox/state carries digests too', async () => {
    const statePath = join(dir, 'webhooks.json');
    const sandbox = await startSandbox({ statePath });
    const hook = (name: string, authentication: unknown) => ({
      webhook: { name, endpoint: 'https://hooks.example.com/z', http_method: 'POST', request_format: 'json', status: 'active', subscriptions: ['conditional_ticket_events'], authentication },
    });
    const bearer = await api(sandbox, 'POST', 'webhooks', {
      webhook: { ...hook('Bearer hook', { type: 'bearer_token', data: { token: SECRETS.token }, add_position: 'header' }).webhook, signing_secret: { algorithm: 'sha256', secret: SECRETS.signing } },
    });
    const basic = await api(sandbox, 'POST', 'webhooks', hook('Basic hook', { type: 'basic_auth', data: { username: 'zendesk', password: SECRETS.password }, add_position: 'header' }));
    expect([bearer.status, basic.status]).toEqual([201, 201]);

    const file = readFileSync(statePath, 'utf8');
    for (const secret of Object.values(SECRETS)) expect(file).not.toContain(secret);
    const saved = JSON.parse(file).collections.webhooks as { id: string; authentication: { data: Record<string, string> }; signing_secret?: { secret: string } }[];
    const bearerSaved = saved.find((w) => w.id === bearer.body.webhook.id);
    expect(bearerSaved?.authentication.data.token).toBe(secretDigest(bearer.body.webhook.id, SECRETS.token));
    expect(bearerSaved?.signing_secret?.secret).toBe(secretDigest(bearer.body.webhook.id, SECRETS.signing));
    expect(saved.find((w) => w.id === basic.body.webhook.id)?.authentication.data).toEqual({ username: 'zendesk', password: secretDigest(basic.body.webhook.id, SECRETS.password) });

    const exported = JSON.stringify((await api(sandbox, 'GET', '/__sandbox/state', undefined, {})).body);
    for (const secret of Object.values(SECRETS)) expect(exported).not.toContain(secret);
    expect((await api(sandbox, 'GET', `webhooks/${bearer.body.webhook.id}`)).body.webhook.authentication).toEqual({ type: 'bearer_token', add_position: 'header' });
    await sandbox.close();

    // The next run starts from the digests; the webhook is otherwise as it was.
    const next = await startSandbox({ statePath });
    expect((await api(next, 'GET', `webhooks/${basic.body.webhook.id}`)).body.webhook).toMatchObject({ name: 'Basic hook', authentication: { type: 'basic_auth', add_position: 'header' } });
    await next.close();
    expect(readFileSync(statePath, 'utf8')).toBe(file);
  });
});
