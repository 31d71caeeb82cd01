/** SLA policies (§8): the first policy whose filter matches a ticket applies, so order matters. */
import type { PolicyMetric } from '../core/model.ts';
import { titleListScopes, type KindDefinition } from './kind.ts';
import { normalizeConditions, nullableString } from './rules.ts';

export const slaPolicies: KindDefinition<'sla_policies'> = {
  kind: 'sla_policies',
  labels: { one: 'SLA policy', many: 'SLA policies' },
  config: { in: 'folder', folder: 'sla_policies', schema: 'sla_policy', orderFile: { shape: 'title-list', why: 'list it where it should match: the first policy whose filter matches a ticket applies' } },
  keyField: 'title',
  renameField: 'previous_title',
  importFile: { header: '# Imported from Zendesk. The first policy whose filter matches a ticket applies.\n' },
  prune: 'live SLA policies config/ does not declare are deleted',
  serverOwned: ['id', 'url', 'position', 'created_at', 'updated_at'],
  apply: 'rules',
  orderScopes: titleListScopes('sla_policies'),
  path: 'slas/policies',
  singular: 'sla_policy',
  plural: 'sla_policies',
  updateMethod: 'PUT',
  reorderVia: 'sla-reorder',
  order: 'global',
  bulkDelete: false,
  keyOf: (spec) => spec.title,
  toSpec: (raw, { refs }) => ({
    title: String(raw.title),
    description: nullableString(raw.description),
    filter: refs.conditionsToNames(normalizeConditions(raw.filter)),
    policy_metrics: Array.isArray(raw.policy_metrics) ? raw.policy_metrics.map(toMetric) : [],
  }),
  toPayload: (spec, { refs }) => ({
    title: spec.title,
    description: spec.description,
    // SLA filters hold ids as JSON numbers (reference §8.1, real list: ticket_form_id 1500002488481), rules as strings.
    filter: refs.conditionsToIds(spec.filter, { numericIds: true }),
    policy_metrics: spec.policy_metrics,
  }),
  canonical: (spec, { refs }) => ({ ...spec, filter: refs.canonicalConditions(spec.filter) }),
};

function toMetric(raw: Record<string, unknown>): PolicyMetric {
  return {
    priority: raw.priority as PolicyMetric['priority'],
    metric: String(raw.metric),
    target: Number(raw.target),
    business_hours: raw.business_hours === true,
  };
}
