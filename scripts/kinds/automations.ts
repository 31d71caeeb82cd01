/** Automations (§6): run hourly, in position order. */
import { titleListScopes, type KindDefinition } from './kind.ts';
import { canonicalRule, legacyTargetWarnings, rawTitle, normalizeActions, normalizeConditions } from './rules.ts';

export const automations: KindDefinition<'automations'> = {
  kind: 'automations',
  labels: { one: 'automation', many: 'automations' },
  config: { in: 'folder', folder: 'automations', schema: 'automation', orderFile: { shape: 'title-list', why: 'list it where it should run: automations run in that order every hour' } },
  keyField: 'title',
  renameField: 'previous_title',
  importFile: { header: '# Imported from Zendesk. Automations run hourly in this order.\n' },
  prune: 'live automations config/ does not declare are deleted',
  serverOwned: ['id', 'url', 'position', 'raw_title', 'default', 'created_at', 'updated_at'],
  apply: 'rules',
  orderScopes: titleListScopes('automations'),
  path: 'automations',
  singular: 'automation',
  plural: 'automations',
  updateMethod: 'PUT',
  reorderVia: 'update_many',
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
