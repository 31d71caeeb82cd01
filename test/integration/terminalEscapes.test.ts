/**
 * Terminal escapes in text someone else chose never reach the reviewer's terminal:
 * a title made by hand in Zendesk that `import` warns about, and the change keys a
 * hostile plan.json quotes when `apply --plan` refuses it. `\x1b[2J` would clear the
 * screen, `\x1b]8;;…` would plant a link (issue 9, item 5: terminal output strips ANSI).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BoundPlan } from '../../scripts/core/model.ts';
import { planDigest } from '../../scripts/core/planDigest.ts';
import { workspace, type Workspace } from './harness.ts';

const ESCAPES = 'Clear\x1b[2J\x1b]8;;https://evil.example\x07here\x1b]8;;\x07';

let ws: Workspace;
beforeEach(async () => {
  ws = await workspace();
});
afterEach(() => ws.close());

async function createTriggerByHand(title: string): Promise<void> {
  const credentials = Buffer.from(`${ws.env.ZENDESK_EMAIL}/token:${ws.env.ZENDESK_API_TOKEN}`).toString('base64');
  const response = await fetch(`${ws.sandbox.url}/api/v2/triggers.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${credentials}` },
    body: JSON.stringify({ trigger: { title, conditions: { all: [{ field: 'update_type', operator: 'is', value: 'Create' }], any: [] }, actions: [{ field: 'priority', value: 'high' }] } }),
  });
  if (!response.ok) throw new Error(`creating trigger by hand failed: ${response.status}`);
}

describe('no terminal escape from Zendesk or a plan file reaches the terminal', () => {
  it('import\'s warning about two triggers with the same hand-made title prints it as plain text', async () => {
    await createTriggerByHand(ESCAPES);
    await createTriggerByHand(ESCAPES);
    const out = await mkdtemp(join(tmpdir(), 'zd-import-'));
    try {
      const result = await ws.run(['import', '--config', out, '--kinds', 'triggers']);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('warning: 2 triggers are titled "Clearhere"; none of them was imported');
      expect(result.stdout + result.stderr).not.toMatch(/[\x1b\x07]/);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('apply --plan refusing a hostile plan.json quotes its change keys as plain text', async () => {
    expect((await ws.run(['plan', '--out', 'plan.json'])).code).toBe(0);
    const plan = JSON.parse(await ws.read('plan.json')) as BoundPlan;
    const hostile = { ...plan, changes: [...plan.changes, { action: 'create', kind: 'triggers', key: ESCAPES, file: 'x.yaml', after: { title: ESCAPES } }] };
    hostile.digest = planDigest(hostile as BoundPlan);
    await ws.write('plan.json', JSON.stringify(hostile));
    const result = await ws.run(['apply', '--plan', 'plan.json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('  - create trigger "Clearhere": not in a fresh plan\n');
    expect(result.stdout + result.stderr).not.toMatch(/[\x1b\x07]/);
  });
});
