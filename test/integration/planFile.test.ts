/**
 * One plan file format (issue 10, item 3): every plan the tool writes is what
 * schemas/plan.schema.json describes, and `apply --plan` refuses anything
 * else with the file and the JSON path of the problem, before a single
 * request to Zendesk.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BoundPlan, Change } from '../../scripts/core/model.ts';
import { planDigest } from '../../scripts/core/planDigest.ts';
import { readPlanFile } from '../../scripts/core/planFile.ts';
import { PLAN_KINDS } from '../../scripts/kinds/registry.ts';
import { longLivedSeed, LONG_LIVED } from '../../scripts/sandbox/zendesk/long-lived-seed.ts';
import { WEBHOOK_SECRETS, workspace, type Workspace } from './harness.ts';

let ws: Workspace;
afterEach(() => ws?.close());

/** The problems the schema finds in a file the tool wrote: none, or the test prints them. */
function problemsOf(text: string): unknown {
  const reading = readPlanFile(text, PLAN_KINDS);
  return reading.status === 'plan' ? [] : reading;
}

async function planOut(args: string[] = [], env: Record<string, string | undefined> = {}): Promise<BoundPlan> {
  const run = await ws.run(['plan', '--out', 'plan.json', ...args], env);
  expect(run.stderr).not.toMatch(/ error: /);
  expect(run.code).toBe(0);
  const text = await ws.read('plan.json');
  expect(problemsOf(text)).toEqual([]);
  return JSON.parse(text) as BoundPlan;
}

const shapes = (plan: BoundPlan) =>
  new Set(
    plan.changes.flatMap((c) => [
      `${c.action} ${c.kind}`,
      ...(c.action === 'update' && c.previousKey ? ['rename'] : []),
      ...(c.action === 'update' && c.fields.some((f) => f.sensitive) ? ['sensitive'] : []),
    ]),
  );

describe('every plan the tool writes is a valid plan file', () => {
  it('the sample config: creates, webhook credentials (sensitive), organizations, user access, a reorder; then renames, reorders and deletes', async () => {
    ws = await workspace();
    const first = await planOut();
    for (const shape of ['create triggers', 'update webhooks', 'sensitive', 'update organizations', 'update users', 'reorder trigger_categories']) {
      expect(shapes(first)).toContain(shape);
    }
    const json = await ws.run(['plan', '--format', 'json']);
    expect(problemsOf(json.stdout)).toEqual([]);
    expect((await ws.run(['apply', '--plan', 'plan.json'])).code).toBe(0);

    await ws.edit('config/macros/escalations-tier-3.yaml', /^title: .*$/m, 'title: "Escalations::Tier 3 (engineering)"\nprevious_title: "Escalations::Tier 3"');
    await ws.edit('config/triggers/_order.yaml', '      - Route billing tickets to Billing\n      - Tag emergencies as urgent\n', '      - Tag emergencies as urgent\n      - Route billing tickets to Billing\n');
    await ws.edit('config/settings.yaml', 'macros: false', 'macros: true');
    await ws.edit('config/organizations/acme-corp.yaml', 'Dana Lee', 'Sam Roe');
    const rotated = { ZENDESK_WEBHOOK_SECRET_SLA_BREACH_ALERTS: 'it-secret-sla-alerts-rotated-0b7e' };
    const second = await planOut([], rotated);
    for (const shape of ['rename', 'reorder triggers', 'delete macros', 'update organizations', 'sensitive']) expect(shapes(second)).toContain(shape);
    const apply = await ws.run(['apply', '--plan', 'plan.json'], rotated);
    expect(apply.stdout).toContain('Verified: Zendesk now matches config/.');
    expect(apply.code).toBe(0);
  });

  it('a long-lived account: imported, then edited, renamed, pruned and given its webhook secrets', async () => {
    ws = await workspace({ seed: longLivedSeed() });
    for (const name of Object.keys(WEBHOOK_SECRETS)) delete ws.env[name];
    expect((await ws.run(['import', '--config', 'acct'])).code).toBe(0);
    expect((await planOut(['--config', 'acct'])).changes).toEqual([]);

    await ws.edit('acct/triggers/route-retired-product-areas-to-escalations.yaml', 'value: Hardware', 'value: Public API');
    await ws.edit('acct/macros/escalate-to-engineering.yaml', /^title: .*$/m, 'title: Escalate to platform engineering\nprevious_title: Escalate to engineering');
    await ws.edit('acct/settings.yaml', /: false/g, ': true');
    const secrets = {
      ZENDESK_WEBHOOK_SECRET_PAGERDUTY_EVENTS: 'pd-routing-key-3f9a1c7e5b2d4a6c8e0f',
      ZENDESK_WEBHOOK_SECRET_ESCALATIONS_PAGER: LONG_LIVED.webhooks.escalationsPagerToken,
      ZENDESK_WEBHOOK_FINGERPRINT_KEY: 'long-lived-fingerprint-key-8d2f6a1c9e4b7035',
    };
    const plan = await planOut(['--config', 'acct'], secrets);
    // The two same-named webhooks import skipped are now pruned: deletes carry whatever Zendesk holds.
    for (const shape of ['update triggers', 'rename', 'delete webhooks']) expect(shapes(plan)).toContain(shape);
  });
});

describe('apply --plan refuses a plan.json the schema does not describe, naming the file and the JSON path', () => {
  /** Saves the honest plan edited by `edit`, applies it, and checks Zendesk was not even asked. */
  async function refused(edit: (plan: BoundPlan) => unknown): Promise<string> {
    const plan = await planOut();
    await ws.write('plan.json', JSON.stringify(edit(structuredClone(plan)), null, 2));
    ws.sandbox.resetRequestCounts();
    const apply = await ws.run(['apply', '--plan', 'plan.json']);
    expect(apply.code).toBe(1);
    expect(apply.stdout).toBe('');
    expect(apply.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(apply.stderr).toMatch(/\(not a plan as schemas\/plan\.schema\.json describes it\); nothing was changed in Zendesk; make a new one with `npm run plan -- --out plan\.json`\n$/);
    expect(ws.sandbox.requestCounts()).toEqual({});
    return apply.stderr;
  }
  const withChange = (plan: BoundPlan, index: number, change: unknown) => {
    plan.changes[index] = change as Change;
    return plan;
  };

  it('an unknown action', async () => {
    ws = await workspace();
    const stderr = await refused((plan) => withChange(plan, 3, { ...plan.changes[3], action: 'upsert' }));
    expect(stderr).toMatch(/^error: plan\.json: \/changes\/3\/action must be one of create, update, delete, reorder \(not a plan/);
  });

  it('an unknown kind, and a delete of organizations (which are never deleted)', async () => {
    ws = await workspace();
    let deleteAt = 0;
    const stderr = await refused((plan) => {
      plan.changes[2] = { ...plan.changes[2], kind: 'tickets' } as unknown as Change;
      deleteAt = plan.changes.push({ action: 'delete', kind: 'organizations', key: 'Acme Corp', live: { id: 1, updatedAt: '' }, before: {} } as unknown as Change);
      return plan;
    });
    expect(stderr).toContain('plan.json: /changes/2/kind must be one of webhooks, trigger_categories, dynamic_content, ticket_fields, ticket_forms, triggers, automations, macros, sla_policies, views, organizations, users; ');
    expect(stderr).toContain(`/changes/${deleteAt - 1}/kind must be one of webhooks, trigger_categories, dynamic_content, ticket_fields, ticket_forms, triggers, automations, macros, sla_policies, views (not a plan`);
  });

  it('an extra property, at the top level or on a change', async () => {
    ws = await workspace();
    expect(await refused((plan) => ({ ...plan, approvedBy: 'release-manager' }))).toMatch(/^error: plan\.json: \(top level\) has an unknown property "approvedBy" \(not a plan/);
    const stderr = await refused((plan) => withChange(plan, 0, { ...plan.changes[0], skipChecks: true }));
    expect(stderr).toMatch(/^error: plan\.json: \/changes\/0 has an unknown property "skipChecks" \(not a plan/);
  });

  it('a missing field, a malformed digest and a live id of the wrong type, listed together', async () => {
    ws = await workspace();
    const stderr = await refused((plan) => {
      const { file: _file, ...create } = plan.changes.find((c) => c.action === 'create') as Change & { file: string };
      plan.changes[2] = create as Change;
      plan.digest = 'sha256:ABC';
      const update = plan.changes[0] as Extract<Change, { action: 'update' }>;
      update.live.id = { $gt: 0 } as unknown as number;
      return plan;
    });
    expect(stderr).toMatch(
      /^error: plan\.json: \/digest must be "sha256:" and 64 lowercase hex digits; \/changes\/0\/live\/id must be an integer or a string; \/changes\/2 is missing "file" \(not a plan/,
    );
  });

  it('a value put into a sensitive field change', async () => {
    ws = await workspace();
    const stderr = await refused((plan) => {
      const update = plan.changes[0] as Extract<Change, { action: 'update' }>;
      expect(update.fields[0]).toEqual({ path: 'authentication.credential', sensitive: true });
      update.fields[0] = { ...update.fields[0], before: 'in Zendesk', after: 'xoxb-leaked' };
      return plan;
    });
    expect(stderr).toMatch(/^error: plan\.json: \/changes\/0\/fields\/0\/before must not be there: a sensitive field change carries no values; \/changes\/0\/fields\/0\/after must not be there/);
  });

  it('many problems: the first three, and how many more', async () => {
    ws = await workspace();
    const stderr = await refused((plan) => ({ ...plan, changes: plan.changes.map((c) => ({ ...c, reviewed: true })) }));
    expect(stderr).toMatch(/^error: plan\.json: \/changes\/0 has an unknown property "reviewed"; \/changes\/1 [^;]+; \/changes\/2 [^;]+ \(and 23 more problems\) \(not a plan/);
  });
});

describe('__proto__ in plan.json stays data', () => {
  it('at the top level it is an unknown property; inside a change it is one more difference; no object gains a prototype', async () => {
    ws = await workspace();
    const plan = await planOut();
    const text = JSON.stringify(plan);
    await ws.write('plan.json', `{"__proto__":{"polluted":true},${text.slice(1)}`);
    const top = await ws.run(['apply', '--plan', 'plan.json']);
    expect(top.stderr).toMatch(/^error: plan\.json: \(top level\) has an unknown property "__proto__" \(not a plan/);
    expect(top.code).toBe(1);

    // A self-consistent file (digest recomputed) whose create carries one: held to a fresh plan, it differs.
    const tampered = structuredClone(plan);
    const create = tampered.changes.findIndex((c) => c.action === 'create' && c.kind === 'macros');
    const change = tampered.changes[create] as Extract<Change, { action: 'create' }>;
    // Spread copies JSON.parse's own `__proto__` key as an own key, as a hand edit of the file would have it.
    change.after = { ...change.after, ...(JSON.parse('{"__proto__":{"active":false,"polluted":true}}') as object) };
    expect(Object.hasOwn(change.after, '__proto__')).toBe(true);
    tampered.digest = planDigest(tampered);
    await ws.write('plan.json', JSON.stringify(tampered));
    const before = ws.sandbox.state().collections;
    const apply = await ws.run(['apply', '--plan', 'plan.json']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('Refusing to apply plan.json: a fresh plan differs from it');
    expect(ws.sandbox.state().collections).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).active).toBeUndefined();
  });
});
