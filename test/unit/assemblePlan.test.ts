/** One step makes the Plan: rules and organizations counted together, references on their own change, bound when the source is known. */
import { describe, expect, it } from 'vitest';
import { assemblePlan } from '../../scripts/core/assemblePlan.ts';
import type { Change, MacroSpec, TriggerSpec } from '../../scripts/core/model.ts';
import { bindPlan } from '../../scripts/core/planDigest.ts';

const createMacro: Change = { action: 'create', kind: 'macros', key: 'Escalate', file: 'config/macros/escalate.yaml', after: { title: 'Escalate' } as MacroSpec };
const deleteTrigger: Change = { action: 'delete', kind: 'triggers', key: 'Old', live: { id: 4, updatedAt: '2026-01-01T00:00:00Z' }, before: { title: 'Old' } as TriggerSpec };
const createOrganization: Change = { action: 'create', kind: 'organizations', key: 'Acme Corp', file: 'config/organizations/acme.yaml', after: { name: 'Acme Corp' } };
const parts = {
  target: 'https://acme.zendesk.com',
  configRoot: 'config',
  now: new Date('2026-11-21T10:00:00Z'),
  ruleChanges: [createMacro, deleteTrigger],
  organizationChanges: [createOrganization],
  unmanaged: [{ kind: 'views' as const, key: 'Mine' }],
  references: new Map([['config/macros/escalate.yaml', { 'groups:Tier 2': '22' }]]),
};
const source = { configDigest: `sha256:${'0'.repeat(64)}`, commit: null, toolVersion: '0.1.0' };

describe('assemblePlan', () => {
  it('counts rule and organization changes in one summary, organizations after the rules', () => {
    const plan = assemblePlan(parts);
    expect(plan.summary).toEqual({ create: 2, update: 0, delete: 1, reorder: 0, unmanaged: 1 });
    expect(plan.changes.map((c) => c.kind)).toEqual(['macros', 'triggers', 'organizations']);
    expect(plan.createdAt).toBe('2026-11-21T10:00:00.000Z');
  });

  it('records the ids a file\'s names led to on that file\'s change only, leaving the changes handed in as they were', () => {
    const plan = assemblePlan(parts);
    expect(plan.changes[0]).toMatchObject({ key: 'Escalate', references: { 'groups:Tier 2': '22' } });
    expect(plan.changes.slice(1).some((c) => 'references' in c)).toBe(false);
    expect('references' in createMacro).toBe(false);
  });

  it('binds the plan to its source, as bindPlan would, provenance and digest before the changes', () => {
    const bound = assemblePlan({ ...parts, source });
    expect(bound).toEqual(bindPlan(assemblePlan(parts), source));
    expect(Object.keys(bound)).toEqual(['formatVersion', 'createdAt', 'target', 'configRoot', 'provenance', 'digest', 'changes', 'unmanaged', 'summary']);
    expect(assemblePlan(parts)).not.toHaveProperty('digest');
  });
});
