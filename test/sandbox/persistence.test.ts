/** `--state FILE`: what one sandbox run writes, the next one starts from. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
    writeFileSync(wrongShape, JSON.stringify({ version: 1, nextId: 3, collections: { tickets: [] } }));
    expect(String(await attempt(wrongShape))).toMatch(/wrong-shape\.json is not a sandbox state file: unknown collection "tickets"; delete or move it/);

    expect(String(await attempt(dir))).toMatch(/ is a directory; pass the path of a file with --state$/);
  });
});
