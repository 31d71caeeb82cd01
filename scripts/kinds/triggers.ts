/** Ticket triggers (§5): fire in category order, then position within the category. */
import type { Action } from '../core/model.ts';
import { flag, id, maybe, object, text, type Infer } from '../zendesk/shapes.ts';
import { LIVE_FIELDS, type KindDefinition } from './kind.ts';
import {
  actionsAnswer, canonicalRule, conditionsAnswer, conditionsFromFile, legacyTargetWarnings, rawTitle, normalizeActions, normalizeConditions, nullableString,
  TITLE_FIELDS, type ConditionsInput,
} from './rules.ts';

/** A trigger file as schemas/trigger.schema.json accepts it; its category is in triggers/_order.yaml. */
interface TriggerFile {
  title: string;
  active?: boolean;
  description?: string | null;
  conditions: ConditionsInput;
  actions: Action[];
}

/** What a trigger's answer must carry (§5.1; `description` is often null, real-shapes "Descriptions"). */
const triggerAnswer = object({
  ...LIVE_FIELDS,
  ...TITLE_FIELDS,
  active: maybe(flag),
  description: maybe(text),
  category_id: maybe(id),
  conditions: conditionsAnswer,
  actions: actionsAnswer,
});

export const triggers: KindDefinition<'triggers', Infer<typeof triggerAnswer>> = {
  kind: 'triggers',
  labels: { one: 'trigger', many: 'triggers' },
  config: { in: 'folder', folder: 'triggers', schema: 'trigger', orderFile: { shape: 'own-schema', schema: 'triggers-order', why: 'list it under its category: a trigger\'s category and firing order come from that file' } },
  keyField: 'title',
  renameField: 'previous_title',
  importFile: { header: '# Imported from Zendesk. Triggers fire in category order, then in the order listed.\n' },
  prune: 'live triggers config/ does not declare are deleted',
  serverOwned: ['id', 'url', 'position', 'category_id', 'raw_title', 'default', 'created_at', 'updated_at'],
  apply: 'rules',
  orderScopes: (order) => order.triggers.map((c) => ({ scope: c.category, keys: c.triggers.map((t) => t.key), file: order.files.triggers })),
  path: 'triggers',
  singular: 'trigger',
  plural: 'triggers',
  updateMethod: 'PUT',
  reorderVia: 'category-jobs',
  order: 'by-category',
  // update_many only honours position, active and category_id (§5.2).
  bulkFields: ['active', 'category'],
  bulkDelete: true,
  keyOf: (spec) => spec.title,
  answer: triggerAnswer,
  fromFile: (value, { category }) => {
    const trigger = value as TriggerFile;
    return {
      title: trigger.title,
      active: trigger.active ?? true,
      description: nullableString(trigger.description),
      category,
      conditions: conditionsFromFile(trigger.conditions),
      actions: normalizeActions(trigger.actions),
    };
  },
  toSpec: (raw, { refs, categories }) => ({
    title: rawTitle(raw),
    active: raw.active !== false,
    description: nullableString(raw.description),
    category: categories.nameOf(raw.category_id),
    conditions: refs.conditionsToNames(normalizeConditions(raw.conditions)),
    actions: refs.actionsToNames(normalizeActions(raw.actions)),
  }),
  toPayload: (spec, { refs, categories }) => ({
    title: spec.title,
    active: spec.active,
    description: spec.description,
    ...(spec.category === null ? {} : { category_id: categories.idOf(spec.category) }),
    // PUT replaces conditions and actions together, so both are always sent (§5.2).
    conditions: refs.conditionsToIds(spec.conditions),
    actions: refs.actionsToIds(spec.actions),
  }),
  canonical: canonicalRule,
  review: (desired, live) => legacyTargetWarnings(desired.actions, live?.actions ?? []),
};
