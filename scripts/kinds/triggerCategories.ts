/** Trigger categories (§5.3): declared by triggers/_order.yaml; ids are strings. */
import type { KindDefinition } from './kind.ts';

export const triggerCategories: KindDefinition<'trigger_categories'> = {
  kind: 'trigger_categories',
  path: 'trigger_categories',
  singular: 'trigger_category',
  plural: 'trigger_categories',
  updateMethod: 'PATCH',
  order: 'global',
  bulkDelete: false,
  // Cursor-only (real-shapes "List envelopes"): an offset request gets a cursor-style reply anyway.
  pagination: 'cursor',
  keyOf: (spec) => spec.name,
  toSpec: (raw) => ({ name: String(raw.name) }),
  toPayload: (spec) => ({ name: spec.name }),
};
