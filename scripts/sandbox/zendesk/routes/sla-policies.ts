/**
 * Reference §8: SLA policies at /slas/policies. The list is never paginated; reorder
 * takes ids in the body (node-zendesk) or as `sla_policy_ids[]` in the query (OAS).
 */
import { isObject, ok, recordInvalid, recordNotFound, type RouteHandler, type SandboxContext } from '../http.ts';
import { BY_POSITION, sortRecords } from '../pagination.ts';
import { RESOURCES } from '../resources.ts';
import type { Route } from '../router.ts';
import type { SandboxRecord } from '../state.ts';
import { hasDetails, validateSlaPolicy } from '../validation.ts';
import { crudRoutes, referenceLookup, type CrudHooks } from './crud.ts';

const def = RESOURCES.slaPolicies;

const hooks: CrudHooks = {
  create: (input, _request, context) => {
    assertValid(input, context);
    return { description: null, policy_metrics: [], ...policyFields(input) };
  },
  update: (existing, input, _request, context) => {
    const fields = policyFields(input);
    assertValid({ ...existing, ...fields }, context);
    return fields;
  },
};

export function slaPolicyRoutes(): Route[] {
  return [...crudRoutes(def, { hooks }), { method: 'PUT', pattern: 'slas/policies/reorder', handler: reorder }];
}

function policyFields(input: Record<string, unknown>): SandboxRecord {
  const fields: SandboxRecord = {};
  if (input.title !== undefined) fields.title = input.title;
  if (input.description !== undefined) fields.description = input.description;
  if (typeof input.position === 'number') fields.position = input.position;
  if (input.filter !== undefined) {
    const filter = input.filter;
    fields.filter = isObject(filter)
      ? { all: Array.isArray(filter.all) ? filter.all : [], any: Array.isArray(filter.any) ? filter.any : [] }
      : filter;
  }
  if (input.policy_metrics !== undefined) {
    fields.policy_metrics = Array.isArray(input.policy_metrics)
      ? input.policy_metrics.map((metric) => (isObject(metric) ? { business_hours: false, ...metric } : metric))
      : input.policy_metrics;
  }
  return fields;
}

function assertValid(candidate: Record<string, unknown>, context: SandboxContext): void {
  const details = validateSlaPolicy(candidate, referenceLookup(context));
  if (hasDetails(details)) throw recordInvalid(details);
}

/** Listed policies take positions 1…n in the given order; unlisted ones keep their order after them. */
const reorder: RouteHandler = (request, context) => {
  const fromBody = isObject(request.body) && Array.isArray(request.body.sla_policy_ids) ? request.body.sla_policy_ids.map(String) : [];
  const ids = fromBody.length > 0 ? fromBody : request.query.list('sla_policy_ids');
  const listed = ids.map((id) => {
    const policy = context.store.find('sla_policies', id);
    if (!policy) throw recordNotFound();
    return policy;
  });
  const rest = sortRecords(context.store.list('sla_policies'), BY_POSITION).filter((policy) => !listed.includes(policy));
  context.store.batch(() =>
    [...listed, ...rest].forEach((policy, index) => {
      if (policy.position !== index + 1) context.store.update('sla_policies', policy.id, { position: index + 1 });
    }),
  );
  // Reference §8.2: 200 with an empty body; `{}` keeps JSON clients happy.
  return ok({});
};
