/**
 * schemas/plan.schema.json stays the plan's format: its kind lists are filled
 * in from the registry (a new kind needs no edit there), a secret-derived field
 * never carries a value in it, and the change identities a plan note carries
 * are checked by the same file.
 */
import { describe, expect, it } from 'vitest';
import planSchema from '../../schemas/plan.schema.json' with { type: 'json' };
import { diff } from '../helpers/builders.ts';
import type { Change, FieldChange, KindName, WebhookSpec } from '../../scripts/core/model.ts';
import { bindPlan, changeIdentities } from '../../scripts/core/planDigest.ts';
import { checkChangeIdentities, describeProblems, planSchemaFor, readPlanFile, type PlanKinds } from '../../scripts/core/planFile.ts';
import { KIND_DEFINITIONS, KIND_LABELS, KINDS, PLAN_KINDS } from '../../scripts/kinds/registry.ts';
import { desired, desiredConfig, live, liveByKind, macroSpec } from '../helpers/builders.ts';

const savedPlan = () =>
  bindPlan(
    diff({
      desired: desiredConfig({ macros: [desired('macros', macroSpec('Escalations::Tier 2', 'Tier 2')), desired('macros', macroSpec('New macro'))] }),
      live: liveByKind({ macros: [live('macros', 7, macroSpec('Escalations::Tier 2', 'Tier 1'))] }),
      target: 'http://127.0.0.1:4010',
      now: new Date('2026-11-21T10:00:00Z'),
    }).plan,
    { configDigest: `sha256:${'0'.repeat(64)}`, commit: null, toolVersion: '0.1.0' },
  );

/** A saved plan with one webhook update whose field changes are `fields`. */
function withWebhookFields(fields: FieldChange[]) {
  const plan = savedPlan();
  const update: Change = { action: 'update', kind: 'webhooks', key: 'Pager', file: 'config/webhooks/pager.yaml', live: { id: '01H', updatedAt: '' }, fields, after: {} as WebhookSpec };
  return JSON.stringify({ ...plan, changes: [update] });
}

const problems = (text: string, kinds: PlanKinds = PLAN_KINDS) => {
  const reading = readPlanFile(text, kinds);
  return reading.status === 'invalid' ? describeProblems(reading.problems, 10) : reading.status;
};

describe('the schema\'s kind lists come from the registry', () => {
  it('the file names no kind; the checked schema lists the registry\'s, and every kind a plan can change (KIND_LABELS)', () => {
    expect(JSON.stringify(planSchema.definitions.managedKind)).not.toContain('"triggers"');
    expect(JSON.stringify(planSchema.definitions.planKind)).not.toContain('"triggers"');
    const checked = planSchemaFor(PLAN_KINDS).definitions as unknown as Record<'managedKind' | 'planKind', { enum: string[] }>;
    expect(checked.managedKind.enum).toEqual([...KINDS]);
    expect(checked.planKind.enum).toEqual(Object.keys(KIND_LABELS));
  });

  it('a kind added to the registry is accepted in a plan at once; one that is not is refused, naming the registry\'s', () => {
    const withNewKind: PlanKinds = { managed: [...KINDS, 'brands' as KindName], all: [...PLAN_KINDS.all, 'brands' as KindName] };
    const plan = savedPlan();
    const text = JSON.stringify({ ...plan, changes: plan.changes.map((change) => ({ ...change, kind: 'brands' })) });
    expect(problems(text, withNewKind)).toBe('plan');
    expect(problems(text)).toContain(`/changes/0/kind must be one of ${PLAN_KINDS.all.join(', ')}`);
  });
});

describe('a plan made by the tool', () => {
  it('reads back as a plan, and its change identities as a plan note carries them are accepted', () => {
    const plan = savedPlan();
    expect(readPlanFile(JSON.stringify(plan), PLAN_KINDS)).toEqual({ status: 'plan', plan });
    expect(checkChangeIdentities(JSON.parse(JSON.stringify(changeIdentities(plan))), PLAN_KINDS)).toEqual(changeIdentities(plan));
  });

  it('of another format version is told apart from a broken one', () => {
    expect(readPlanFile(JSON.stringify({ ...savedPlan(), formatVersion: 1 }), PLAN_KINDS)).toEqual({ status: 'other-version', formatVersion: 1 });
    expect(problems('{"changes": []}')).toContain('(top level) is missing "formatVersion"');
    expect(readPlanFile('{"formatVersion": 2,', PLAN_KINDS)).toMatchObject({ status: 'not-json' });
  });
});

describe('secret-derived fields', () => {
  const sensitive = Object.entries(KIND_DEFINITIONS).flatMap(([kind, definition]) => (definition.sensitivePaths ?? []).map((path) => ({ kind, path })));

  it.each(sensitive)('$kind $path: a value in it is refused, at it or under it; marked without values it is accepted', ({ path }) => {
    expect(problems(withWebhookFields([{ path, sensitive: true }]))).toBe('plan');
    expect(problems(withWebhookFields([{ path, sensitive: true, after: 'v2:0123' }]))).toBe('/changes/0/fields/0/after must not be there: a sensitive field change carries no values');
    expect(problems(withWebhookFields([{ path: `${path}.value`, sensitive: true, before: 'x' }]))).toBe('/changes/0/fields/0/before must not be there: a sensitive field change carries no values');
    expect(problems(withWebhookFields([{ path, before: 'x' }]))).toContain('/changes/0/fields/0 is missing "sensitive"');
  });

  it('a parent of one (authentication added where there was none) may carry values: they hold only the type', () => {
    expect(problems(withWebhookFields([{ path: 'authentication', before: null, after: { type: 'bearer_token' }, sensitive: true }]))).toBe('plan');
  });
});

describe('change identities from a plan note', () => {
  it('are refused when any is not one: an unknown action, an extra field, a digest of another length', () => {
    const [identity] = changeIdentities(savedPlan());
    expect(checkChangeIdentities([{ ...identity, action: 'upsert' }], PLAN_KINDS)).toBeNull();
    expect(checkChangeIdentities([{ ...identity, note: 'x' }], PLAN_KINDS)).toBeNull();
    expect(checkChangeIdentities([{ ...identity, digest: 'abc' }], PLAN_KINDS)).toBeNull();
    expect(checkChangeIdentities({ identities: [identity] }, PLAN_KINDS)).toBeNull();
  });
});

describe('the refusal', () => {
  it('stays short when the file chose a huge property name', () => {
    const message = problems(JSON.stringify({ ...savedPlan(), ['x'.repeat(100_000)]: 1 }));
    expect(message).toMatch(/^\(top level\) has an unknown property "x+…$/);
    expect(message.length).toBeLessThanOrEqual(200);
  });
});
