/**
 * schemas/plan.schema.json stays the plan's format: its kind lists are the
 * code's, a secret-derived field never carries a value in it, and the change
 * identities a plan note carries are checked by the same file.
 */
import { describe, expect, it } from 'vitest';
import planSchema from '../../schemas/plan.schema.json' with { type: 'json' };
import { diff } from '../helpers/builders.ts';
import type { Change, FieldChange } from '../../scripts/core/plan.ts';
import { bindPlan, changeIdentities } from '../../scripts/core/planDigest.ts';
import { checkChangeIdentities, describeProblems, readPlanFile } from '../../scripts/core/planFile.ts';
import { KIND_DEFINITIONS, KIND_LABELS, KINDS } from '../../scripts/kinds/registry.ts';
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
  const update: Change = { action: 'update', kind: 'webhooks', key: 'Pager', file: 'config/webhooks/pager.yaml', live: { id: '01H', updatedAt: '' }, fields, after: {} };
  return JSON.stringify({ ...plan, changes: [update] });
}

const problems = (text: string) => {
  const reading = readPlanFile(text);
  return reading.status === 'invalid' ? describeProblems(reading.problems, 10) : reading.status;
};

describe('the schema\'s kind lists are the code\'s', () => {
  it('managedKind lists the registry\'s kinds: add a kind to the registry and this fails until the schema has it', () => {
    expect([...planSchema.definitions.managedKind.enum].sort()).toEqual([...KINDS].sort());
  });

  it('planKind lists every kind a plan can change (KIND_LABELS): managed kinds, organizations and users', () => {
    expect([...planSchema.definitions.planKind.enum].sort()).toEqual(Object.keys(KIND_LABELS).sort());
  });
});

describe('a plan made by the tool', () => {
  it('reads back as a plan, and its change identities as a plan note carries them are accepted', () => {
    const plan = savedPlan();
    expect(readPlanFile(JSON.stringify(plan))).toEqual({ status: 'plan', plan });
    expect(checkChangeIdentities(JSON.parse(JSON.stringify(changeIdentities(plan))))).toEqual(changeIdentities(plan));
  });

  it('of another format version is told apart from a broken one', () => {
    expect(readPlanFile(JSON.stringify({ ...savedPlan(), formatVersion: 1 }))).toEqual({ status: 'other-version', formatVersion: 1 });
    expect(problems('{"changes": []}')).toContain('(top level) is missing "formatVersion"');
    expect(readPlanFile('{"formatVersion": 2,')).toMatchObject({ status: 'not-json' });
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
    expect(checkChangeIdentities([{ ...identity, action: 'upsert' }])).toBeNull();
    expect(checkChangeIdentities([{ ...identity, note: 'x' }])).toBeNull();
    expect(checkChangeIdentities([{ ...identity, digest: 'abc' }])).toBeNull();
    expect(checkChangeIdentities({ identities: [identity] })).toBeNull();
  });
});

describe('the refusal', () => {
  it('stays short when the file chose a huge property name', () => {
    const message = problems(JSON.stringify({ ...savedPlan(), ['x'.repeat(100_000)]: 1 }));
    expect(message).toMatch(/^\(top level\) has an unknown property "x+…$/);
    expect(message.length).toBeLessThanOrEqual(200);
  });
});
