/**
 * `npm run apply -- --plan plan.json` against the sandbox: a plan file is held to config/
 * and to a fresh plan, and only the fresh plan is applied. A hand-edited, foreign or
 * outdated plan.json is refused and Zendesk is left exactly as it was.
 */
import { describe, expect, it } from 'vitest';
import type { BoundPlan, Change, TriggerSpec } from '../../scripts/core/model.ts';
import { planDigest } from '../../scripts/core/planDigest.ts';
import { type Workspace, workspaceEachTest } from '../integration/harness.ts';

let ws: Workspace;
const { startApplied } = workspaceEachTest((next) => (ws = next));

const liveId = (collection: 'triggers' | 'macros', title: string) => {
  const found = (ws.sandbox.state().collections[collection] ?? []).find((o) => o.title === title);
  if (!found) throw new Error(`no live ${collection} "${title}"`);
  return Number(found.id);
};

/** What a Zendesk admin sees: the object over the API, not the sandbox's memory. */
async function fetchLive(path: string): Promise<{ status: number; body: unknown }> {
  const credentials = Buffer.from(`${ws.env.ZENDESK_EMAIL}/token:${ws.env.ZENDESK_API_TOKEN}`).toString('base64');
  const response = await fetch(`${ws.sandbox.url}/api/v2/${path}.json`, { headers: { authorization: `Basic ${credentials}` } });
  return { status: response.status, body: await response.json() };
}

async function savedPlan(): Promise<BoundPlan> {
  expect((await ws.run(['plan', '--out', 'plan.json'])).code).toBe(0);
  return JSON.parse(await ws.read('plan.json')) as BoundPlan;
}

/** An attacker who knows the format: edits the changes and recomputes the digest so the file is self-consistent. */
async function saveTampered(plan: BoundPlan, changes: Change[]): Promise<void> {
  const tampered = { ...plan, changes };
  tampered.digest = planDigest(tampered);
  await ws.write('plan.json', JSON.stringify(tampered, null, 2));
}

async function expectRefusedWithZendeskUnchanged(expected: RegExp | string) {
  const before = ws.sandbox.state().collections;
  const apply = await ws.run(['apply', '--plan', 'plan.json']);
  expect(apply.code).toBe(1);
  if (typeof expected === 'string') expect(apply.stderr).toContain(expected);
  else expect(apply.stderr).toMatch(expected);
  expect(apply.stdout).not.toContain('Applying');
  expect(ws.sandbox.state().collections).toEqual(before);
  return apply;
}

describe('apply --plan refuses a plan.json that is not what a fresh plan would do', () => {
  it('a delete of "harmless-looking" carrying the id of an unmanaged trigger is refused, and that trigger stays', async () => {
    const plan = await savedPlan();
    const victim = liveId('triggers', 'Notify requester and CCs of received request');
    await saveTampered(plan, [
      ...plan.changes,
      { action: 'delete', kind: 'triggers', key: 'harmless-looking', live: { id: victim, updatedAt: '2026-01-01T00:00:00Z' }, before: { title: 'harmless-looking' } as TriggerSpec },
    ]);

    const apply = await expectRefusedWithZendeskUnchanged('Refusing to apply plan.json: a fresh plan differs from it');
    expect(apply.stderr).toContain('  - delete trigger "harmless-looking": not in a fresh plan\n');
    expect(apply.stderr).toContain('nothing was changed in Zendesk');
    const trigger = await fetchLive(`triggers/${victim}`);
    expect(trigger.status).toBe(200);
    expect(trigger.body).toMatchObject({ trigger: { title: 'Notify requester and CCs of received request' } });
  });

  it('an update whose id was swapped for an unmanaged macro\'s names both ids, and neither macro changes', async () => {
    await startApplied();
    await ws.edit('config/macros/escalations-tier-2.yaml', /value: Tier 2\b/, 'value: Tier 3');
    const plan = await savedPlan();
    const reviewed = liveId('macros', 'Escalations::Tier 2');
    const victim = liveId('macros', 'Downgrade and inform');
    const victimBefore = await fetchLive(`macros/${victim}`);
    await saveTampered(plan, plan.changes.map((c) => (c.action === 'update' ? { ...c, live: { ...c.live, id: victim } } : c)));

    await expectRefusedWithZendeskUnchanged(
      `  - update macro "Escalations::Tier 2": the plan says id ${victim}, Zendesk's macro of that name is ${reviewed}\n`,
    );
    expect(await fetchLive(`macros/${victim}`)).toEqual(victimBefore);
  });

  it('a plan.json whose changes were edited without its digest says it was edited', async () => {
    const plan = await savedPlan();
    const edited = { ...plan, changes: plan.changes.map((c) => (c.action === 'create' && c.kind === 'macros' ? { ...c, after: { ...c.after, active: false } } : c)) };
    await ws.write('plan.json', JSON.stringify(edited));
    await expectRefusedWithZendeskUnchanged(`error: plan.json was edited after it was made: its changes do not have the digest it records (${plan.digest})`);
  });

  it('a tampered configDigest is refused before anything is read from Zendesk', async () => {
    const plan = await savedPlan();
    await ws.write('plan.json', JSON.stringify({ ...plan, provenance: { ...plan.provenance, configDigest: `sha256:${'1'.repeat(64)}` } }));
    ws.sandbox.resetRequestCounts();
    await expectRefusedWithZendeskUnchanged(/^error: config\/ changed since this plan was made: plan\.json records sha256:1{64}, config\/ is now sha256:[0-9a-f]{64}/);
    expect(ws.sandbox.requestCounts()).toEqual({});
  });

  it('a plan made before config/ changed is refused', async () => {
    await savedPlan();
    await ws.edit('config/macros/escalations-tier-2.yaml', /value: Tier 2\b/, 'value: Tier 3');
    await expectRefusedWithZendeskUnchanged('config/ changed since this plan was made');
  });

  it('a plan made for another Zendesk account is refused', async () => {
    const plan = await savedPlan();
    const foreign = { ...plan, target: 'https://other.zendesk.com', provenance: { ...plan.provenance, target: 'https://other.zendesk.com' } };
    foreign.digest = planDigest(foreign);
    await ws.write('plan.json', JSON.stringify(foreign));
    await expectRefusedWithZendeskUnchanged(`error: plan.json was made for https://other.zendesk.com, not ${ws.sandbox.url}`);
  });

  it('a plan.json of the previous format is refused with "make a new one"', async () => {
    const plan = await savedPlan();
    const { provenance: _p, digest: _d, ...old } = plan;
    await ws.write('plan.json', JSON.stringify({ ...old, formatVersion: 1 }));
    await expectRefusedWithZendeskUnchanged('plan.json: not a plan of format version 2 (it is version 1, from an older version of this tool); make a new one with `npm run plan -- --out plan.json`');
  });
});

describe('apply --plan with an honest plan', () => {
  it('records config/, commit, tool version and target, and applies the fresh plan that matches it', async () => {
    const plan = await savedPlan();
    expect(plan.provenance).toMatchObject({ target: ws.sandbox.url, toolVersion: expect.stringMatching(/^\d+\.\d+\.\d+/), configDigest: expect.stringMatching(/^sha256:/) });
    expect(plan.digest).toBe(planDigest(plan));
    const apply = await ws.run(['apply', '--plan', 'plan.json']);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain(`The saved plan plan.json (${plan.digest}) matches a fresh plan of config/; applying the fresh one.`);
    expect(apply.stdout).toContain('Verified: Zendesk now matches config/.');
  });

  it('records the commit GitLab names', async () => {
    const sha = 'a'.repeat(40);
    expect((await ws.run(['plan', '--out', 'plan.json'], { CI_COMMIT_SHA: sha })).code).toBe(0);
    expect(JSON.parse(await ws.read('plan.json')).provenance.commit).toBe(sha);
  });
});
