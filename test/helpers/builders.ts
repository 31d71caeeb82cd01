/** Small builders for desired config and live objects, so unit tests read like the YAML they stand for. */
import type { Change, DesiredConfig, DesiredObject, KindName, Plan, SpecByKind } from '../../scripts/core/model.ts';
import { diff as diffWith, type DiffInput, type DiffResult, type LiveByKind } from '../../scripts/core/diff.ts';
import { assemblePlan, type PlanParts } from '../../scripts/core/assemblePlan.ts';
import type { LiveObject } from '../../scripts/kinds/kind.ts';
import { KIND_DEFINITIONS, KINDS } from '../../scripts/kinds/registry.ts';

/**
 * diff() with the tool's kind definitions, then the Plan made as the plan step
 * (workflow/steps.ts) makes it; `organizationChanges` and `unmanaged` join
 * what diff found, for tests that render plans diff alone cannot make.
 */
export function diff(
  input: Omit<DiffInput, 'kinds'> & { target: string; now: Date } & Partial<Pick<PlanParts, 'organizationChanges' | 'unmanaged'>>,
): Omit<DiffResult, 'changes' | 'unmanaged'> & { plan: Plan } {
  const { changes, unmanaged, diagnostics, identical } = diffWith({ desired: input.desired, live: input.live, kinds: KIND_DEFINITIONS });
  const plan = assemblePlan({
    target: input.target,
    configRoot: input.desired.root,
    now: input.now,
    ruleChanges: changes,
    organizationChanges: input.organizationChanges,
    unmanaged: [...unmanaged, ...(input.unmanaged ?? [])],
  });
  return { plan, diagnostics, identical };
}

/** The plan assemblePlan makes of `plan`'s changes and `more` after them: for changes no diff makes (values a real plan never holds). */
export function planWith(plan: Plan, more: readonly Change[]): Plan {
  const { target, configRoot, createdAt, changes, unmanaged } = plan;
  return assemblePlan({ target, configRoot, now: new Date(createdAt), ruleChanges: [...changes, ...more], unmanaged });
}

export function desiredConfig(parts: Partial<{ [K in KindName]: DesiredObject<K>[] }> = {}, order: Partial<DesiredConfig['order']> = {}): DesiredConfig {
  return {
    root: 'config',
    settings: { prune: Object.fromEntries(KINDS.map((kind) => [kind, false])) as DesiredConfig['settings']['prune'] },
    objects: { ...(Object.fromEntries(KINDS.map((kind) => [kind, []])) as unknown as DesiredConfig['objects']), ...parts },
    order: { triggers: [], lists: {}, files: {}, ...order },
  };
}

export function desired<K extends KindName>(kind: K, spec: SpecByKind[K], extra: { previousKey?: string; file?: string } = {}): DesiredObject<K> {
  const key = 'title' in spec ? (spec as { title: string }).title : (spec as { name: string }).name;
  const file = extra.file ?? `config/${kind}/${key.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.yaml`;
  return { kind, key, file, locate: () => ({ file, line: 1, col: 1 }), spec, ...(extra.previousKey ? { previousKey: extra.previousKey } : {}) };
}

export function live<K extends KindName>(kind: K, id: number, spec: SpecByKind[K], extra: { position?: number; scope?: string | null; updatedAt?: string } = {}): LiveObject<K> {
  const key = 'title' in spec ? (spec as { title: string }).title : (spec as { name: string }).name;
  return { kind, id, key, updatedAt: extra.updatedAt ?? '2026-01-01T00:00:00Z', position: extra.position ?? id, scope: extra.scope ?? null, spec };
}

export function liveByKind(parts: Partial<LiveByKind> = {}): LiveByKind {
  return { ...(Object.fromEntries(KINDS.map((kind) => [kind, []])) as unknown as LiveByKind), ...parts };
}

export function macroSpec(title: string, group = 'Tier 1', active = true): SpecByKind['macros'] {
  return { title, active, description: null, restriction: null, actions: [{ field: 'group_id', value: group }], attachments: [] };
}

export function automationSpec(title: string): SpecByKind['automations'] {
  return {
    title,
    active: true,
    conditions: { all: [{ field: 'status', operator: 'is', value: 'solved' }, { field: 'SOLVED', operator: 'greater_than', value: '96' }], any: [] },
    actions: [{ field: 'status', value: 'closed' }],
  };
}

export const entry = (key: string) => ({ key, at: { file: 'config/x/_order.yaml', line: 1, col: 1 } });
