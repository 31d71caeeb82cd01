/** SLA policies (§8): the first policy whose filter matches a ticket applies, so order matters. */
import type { PolicyMetric } from '../core/model.ts';
import { flag, integer, list, maybe, object, oneOf, text, type Infer } from '../zendesk/shapes.ts';
import { LIVE_FIELDS, titleListScopes, type KindDefinition } from './kind.ts';
import { conditionsAnswer, conditionsFromFile, normalizeConditions, nullableString, type ConditionsInput } from './rules.ts';

/** One target of a policy (§8.1): a priority, a metric and whole minutes. */
const metricAnswer = object({ priority: oneOf('low', 'normal', 'high', 'urgent'), metric: text, target: integer, business_hours: maybe(flag) });

/** What an SLA policy's answer must carry (§8.1; its filter can hold numbers, real-shapes "Condition values"). */
const slaPolicyAnswer = object({ ...LIVE_FIELDS, title: text, description: maybe(text), filter: conditionsAnswer, policy_metrics: maybe(list(metricAnswer)) });

/** An SLA policy file as schemas/sla_policy.schema.json accepts it. */
interface SlaPolicyFile {
  title: string;
  description?: string | null;
  filter: ConditionsInput;
  policy_metrics: PolicyMetric[];
}

export const slaPolicies: KindDefinition<'sla_policies', Infer<typeof slaPolicyAnswer>> = {
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
  reorderVia: 'reorder-ids',
  order: 'global',
  bulkDelete: false,
  keyOf: (spec) => spec.title,
  answer: slaPolicyAnswer,
  fromFile: (value) => {
    const policy = value as SlaPolicyFile;
    return {
      title: policy.title,
      description: nullableString(policy.description),
      filter: conditionsFromFile(policy.filter),
      policy_metrics: policy.policy_metrics.map((metric) => ({ ...metric })),
    };
  },
  toSpec: (raw, { refs }) => ({
    title: raw.title,
    description: nullableString(raw.description),
    filter: refs.conditionsToNames(normalizeConditions(raw.filter)),
    policy_metrics: (raw.policy_metrics ?? []).map(toMetric),
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

function toMetric(raw: Infer<typeof metricAnswer>): PolicyMetric {
  return { priority: raw.priority, metric: raw.metric, target: raw.target, business_hours: raw.business_hours === true };
}
