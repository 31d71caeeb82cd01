/** Automations (§6): run hourly, in position order. */
import type { KindDefinition } from './kind.ts';
import { canonicalRule, legacyTargetWarnings, rawTitle, normalizeActions, normalizeConditions } from './rules.ts';

export const automations: KindDefinition<'automations'> = {
  kind: 'automations',
  path: 'automations',
  singular: 'automation',
  plural: 'automations',
  updateMethod: 'PUT',
  order: 'global',
  bulkFields: ['active'],
  bulkDelete: true,
  keyOf: (spec) => spec.title,
  toSpec: (raw, { refs }) => ({
    title: rawTitle(raw),
    active: raw.active !== false,
    conditions: refs.conditionsToNames(normalizeConditions(raw.conditions)),
    actions: refs.actionsToNames(normalizeActions(raw.actions)),
  }),
  toPayload: (spec, { refs }) => ({
    title: spec.title,
    active: spec.active,
    conditions: refs.conditionsToIds(spec.conditions),
    actions: refs.actionsToIds(spec.actions),
  }),
  canonical: canonicalRule,
  review: (desired, live) => legacyTargetWarnings(desired.actions, live?.actions ?? []),
};
