/** Trigger categories (§5.3): declared by triggers/_order.yaml; ids are strings. */
import { object, text, type Infer } from '../zendesk/shapes.ts';
import { LIVE_FIELDS, type KindDefinition } from './kind.ts';

/** What a trigger category's answer must carry (§5.3). */
const categoryAnswer = object({ ...LIVE_FIELDS, name: text });

export const triggerCategories: KindDefinition<'trigger_categories', Infer<typeof categoryAnswer>> = {
  kind: 'trigger_categories',
  labels: { one: 'trigger category', many: 'trigger categories' },
  // Declared by triggers/_order.yaml, which import writes with the triggers.
  config: { in: 'order-file-of', kind: 'triggers' },
  keyField: 'name',
  renameField: null,
  importFile: null,
  prune: 'live trigger categories triggers/_order.yaml does not list are deleted (Zendesk refuses while they hold triggers)',
  serverOwned: ['id', 'position', 'created_at', 'updated_at'],
  apply: 'referenced',
  orderScopes: (order) => [{ scope: null, keys: order.triggers.map((c) => c.category), file: order.files.triggers }],
  path: 'trigger_categories',
  singular: 'trigger_category',
  plural: 'trigger_categories',
  reorderVia: 'category-jobs',
  updateMethod: 'PATCH',
  order: 'global',
  bulkDelete: false,
  // Cursor-only (real-shapes "List envelopes"): an offset request gets a cursor-style reply anyway.
  pagination: 'cursor',
  keyOf: (spec) => spec.name,
  answer: categoryAnswer,
  toSpec: (raw) => ({ name: raw.name }),
  toPayload: (spec) => ({ name: spec.name }),
};
