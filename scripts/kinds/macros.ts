/** Macros (§7): no managed order; may be restricted to groups or one agent. */
import type { KindDefinition } from './kind.ts';
import { rawTitle, normalizeActions, nullableString } from './rules.ts';

export const macros: KindDefinition<'macros'> = {
  kind: 'macros',
  path: 'macros',
  singular: 'macro',
  plural: 'macros',
  updateMethod: 'PUT',
  order: 'none',
  bulkFields: ['active'],
  bulkDelete: true,
  keyOf: (spec) => spec.title,
  toSpec: (raw, { refs }) => ({
    title: rawTitle(raw),
    active: raw.active !== false,
    description: nullableString(raw.description),
    restriction: refs.restrictionToNames(raw.restriction),
    actions: refs.actionsToNames(normalizeActions(raw.actions)),
  }),
  toPayload: (spec, { refs }) => ({
    title: spec.title,
    active: spec.active,
    description: spec.description,
    restriction: refs.restrictionToIds(spec.restriction),
    actions: refs.actionsToIds(spec.actions),
  }),
};
