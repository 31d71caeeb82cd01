/**
 * Reference §13.3: the Webhooks API. ULID-like string ids, cursor pagination only, no
 * `.json` (node-zendesk omits it), PUT/PATCH/DELETE answer 204, errors as `errors[]`.
 * Authentication secrets are stored but never shown: reads carry only
 * `authentication: {type, add_position}`, as a real account does.
 */
import { errorList, isObject, noContent, type ApiRequest, type RouteHandler, type SandboxContext } from '../http.ts';
import { RESOURCES } from '../resources.ts';
import type { Route } from '../router.ts';
import type { SandboxRecord } from '../state.ts';
import { crudRoutes, findOr404, listHandler, type CrudHooks } from './crud.ts';

const def = RESOURCES.webhooks;

const REQUIRED = ['name', 'endpoint', 'http_method', 'request_format', 'status'] as const;
const WRITABLE = [...REQUIRED, 'description', 'subscriptions', 'authentication', 'custom_headers', 'signing_secret', 'external_source'];
const ENUMS: Record<string, readonly string[]> = {
  http_method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
  request_format: ['json', 'xml', 'form_encoded'],
  status: ['active', 'inactive'],
};

const notFound = () => errorList(404, 'RecordNotFound', 'Webhook not found');

const hooks: CrudHooks = {
  notFound,
  filter: (webhooks, request) => {
    const nameContains = request.query.get('filter[name_contains]')?.toLowerCase();
    const status = request.query.get('filter[status]');
    return webhooks.filter(
      (webhook) =>
        (nameContains === undefined || String(webhook.name).toLowerCase().includes(nameContains)) &&
        (status === undefined || webhook.status === status),
    );
  },
  create: (input, request, context) => {
    const fields = { subscriptions: [], ...writable(input) };
    assertValid(fields);
    const actor = actorId(request, context);
    return { ...fields, created_by: actor, updated_by: actor };
  },
  render: (rendered) => {
    const { signing_secret: _secret, ...visible } = rendered;
    if (isObject(visible.authentication)) {
      const { type, add_position } = visible.authentication;
      visible.authentication = add_position === undefined ? { type } : { type, add_position };
    }
    return visible;
  },
};

export function webhookRoutes(): Route[] {
  return [
    { method: 'GET', pattern: def.path, handler: listWebhooks },
    ...crudRoutes(def, { operations: ['show', 'create', 'delete'], hooks }),
    { method: 'PUT', pattern: 'webhooks/:id', handler: (request, context) => write(request, context, 'replace') },
    { method: 'PATCH', pattern: 'webhooks/:id', handler: (request, context) => write(request, context, 'merge') },
  ];
}

/**
 * zendesk-real-shapes.md "List envelopes": real accounts can answer the last page as just
 * `{"webhooks":[…],"meta":{"has_more":false}}`, without `links` or cursors (reference §13.3
 * "real: sometimes just …"). Seeds turn that on with the `bareWebhookList` quirk.
 */
const listWebhooks: RouteHandler = (request, context) => {
  const reply = listHandler(def, hooks)(request, context);
  if (!context.store.quirks.bareWebhookList || !isObject(reply.body)) return reply;
  const { webhooks, meta } = reply.body;
  if (!isObject(meta) || meta.has_more !== false) return reply;
  return { ...reply, body: { webhooks, meta: { has_more: false } } };
};

function write(request: ApiRequest, context: SandboxContext, mode: 'replace' | 'merge') {
  const existing = findOr404(def, request.params.id, context, hooks);
  const input = isObject(request.body) && isObject(request.body.webhook) ? request.body.webhook : undefined;
  if (!input) throw errorList(400, 'InvalidValue', 'Request body must contain a "webhook" object');
  const fields = writable(input);
  const candidate = mode === 'replace' ? fields : { ...existing, ...fields };
  assertValid(candidate);
  const stamped = { ...fields, updated_by: actorId(request, context) };
  if (mode === 'replace') {
    context.store.replace('webhooks', existing.id, { created_by: existing.created_by, subscriptions: [], ...stamped });
  } else {
    context.store.update('webhooks', existing.id, stamped);
  }
  return noContent();
}

function writable(input: Record<string, unknown>): SandboxRecord {
  const fields: SandboxRecord = {};
  for (const key of WRITABLE) if (input[key] !== undefined) fields[key] = input[key];
  return fields;
}

function assertValid(webhook: Record<string, unknown>): void {
  for (const key of REQUIRED) {
    if (typeof webhook[key] !== 'string' || webhook[key] === '') {
      throw errorList(400, 'InvalidValue', `${key} is required`, { source: { pointer: `/webhook/${key}` } });
    }
  }
  for (const [key, allowed] of Object.entries(ENUMS)) {
    if (!allowed.includes(String(webhook[key]))) {
      throw errorList(400, 'InvalidValue', `${key} must be one of ${allowed.join(', ')}`, { source: { pointer: `/webhook/${key}` } });
    }
  }
  if (!Array.isArray(webhook.subscriptions ?? [])) {
    throw errorList(400, 'InvalidValue', 'subscriptions must be a list', { source: { pointer: '/webhook/subscriptions' } });
  }
}

/** Reference §13.3: `created_by`/`updated_by` are user ids as strings. */
function actorId(request: ApiRequest, context: SandboxContext): string {
  const actor = context.store.list('users').find((user) => String(user.email).toLowerCase() === request.actorEmail.toLowerCase());
  return actor ? String(actor.id) : '-1';
}
