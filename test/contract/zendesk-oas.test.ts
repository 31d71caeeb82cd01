/**
 * Contract test: the sandbox's responses, for every operation the tool uses, must match
 * the response schemas in Zendesk's published OpenAPI spec. Where the spec is known to be
 * narrower than what Zendesk really sends, the patch is listed in OAS_GAPS with the
 * reference section that documents the real behaviour.
 */
import { readFile } from 'node:fs/promises';
import { Ajv, type AnySchema, type ErrorObject } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { longLivedSeed } from '../../scripts/sandbox/zendesk/long-lived-seed.ts';
import { defaultSeed } from '../../scripts/sandbox/zendesk/seed.ts';
import type { SandboxState, ZendeskSandbox } from '../../scripts/sandbox/zendesk/server.ts';
import { api, startSandbox, type HttpReply } from '../sandbox/harness.ts';
import { referencePath } from '../support/reference.ts';

const OAS_PATH = referencePath('zendesk-oas.yaml');

type Json = Record<string, any>;

/** A condition or action value as real accounts return it. */
const RULE_VALUE: Json = {
  oneOf: [
    { type: 'string' },
    { type: 'integer' },
    { type: 'boolean' },
    { type: 'null' },
    { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'integer' }] } },
  ],
};

/** Where the published spec is narrower than real responses (each backed by the reference). */
const OAS_GAPS: { schema: string; why: string; patch: (schema: Json) => void }[] = [
  {
    schema: 'Pagination',
    why: 'reference §2.1: the last page has links.next null, an empty list has null cursors',
    patch: (schema) => {
      for (const group of ['links', 'meta']) {
        for (const property of Object.values(schema.properties[group].properties) as Json[]) {
          if (property.type === 'string') property.nullable = true;
        }
      }
    },
  },
  ...['TriggerObject', 'SLAPolicyObject'].map((schema) => ({
    schema,
    why: 'reference §5.1/§8.1: description is string|null (real trigger data shows "description": null)',
    patch: (target: Json) => {
      target.properties.description = { type: 'string', nullable: true };
    },
  })),
  {
    schema: 'ViewObject',
    why: 'OAS ViewObject.restriction itself says "Is null when everyone in the account can access it"; description null when unset as on rules (§5.1; unconfirmed for views)',
    patch: (schema) => {
      schema.properties.restriction = { type: 'object', nullable: true, additionalProperties: true };
      schema.properties.description = { type: 'string', nullable: true };
    },
  },
  {
    schema: 'OrganizationObject',
    why: 'reference §9.1: every organization field key is present, null when unset; values may also be booleans (checkbox fields)',
    patch: (schema) => {
      schema.properties.organization_fields.additionalProperties = { type: ['string', 'number', 'boolean', 'null'] };
    },
  },
  {
    schema: 'JobStatusResultObject',
    why: 'reference §12: failed items carry index (and a failed create has no id), so one item can fit the create and failed shapes at once',
    patch: (schema) => {
      schema.anyOf = schema.oneOf;
      delete schema.oneOf;
    },
  },
  {
    schema: 'FailedResult',
    why: 'reference §12: a failed create has no id yet ("create failures may carry index instead")',
    patch: (schema) => {
      schema.required = schema.required.filter((name: string) => name !== 'id');
    },
  },
  ...['ActionObject', 'ConditionObject', 'TriggerConditionObject'].map((schema) => ({
    schema,
    why:
      'reference §5.1/§6: rule values may be strings, ints or arrays (notification_user takes [recipient, subject, body]); ' +
      'zendesk-real-shapes.md "Condition values": also null (assignee_id not_changed) and JSON booleans (comment_is_public)',
    patch: (target: Json) => {
      target.properties.value = RULE_VALUE;
    },
  })),
  {
    schema: 'SLAPolicyFilterConditionObject',
    why: 'reference §8.1 real list, zendesk-real-shapes.md "Condition values": an SLA filter can carry a number (ticket_form_id)',
    patch: (schema) => {
      schema.properties.value = RULE_VALUE;
    },
  },
];

/** The OAS has no Webhooks API; this mirrors reference §13.3 (OAS-WH) for GET /webhooks. */
const WEBHOOKS_LIST_SCHEMA: Json = {
  type: 'object',
  // zendesk-real-shapes.md "List envelopes": real accounts can leave `links` out.
  required: ['webhooks', 'meta'],
  properties: {
    webhooks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'endpoint', 'http_method', 'request_format', 'status', 'subscriptions'],
        properties: {
          id: { type: 'string', pattern: '^01[0-9A-Z]{24}$' },
          name: { type: 'string' },
          endpoint: { type: 'string', format: 'url' },
          http_method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
          request_format: { enum: ['json', 'xml', 'form_encoded'] },
          status: { enum: ['active', 'inactive'] },
          subscriptions: { type: 'array', items: { type: 'string' } },
          authentication: {
            type: 'object',
            required: ['type'],
            properties: { type: { type: 'string' }, add_position: { type: 'string' } },
            additionalProperties: false,
          },
          created_by: { type: 'string' },
          updated_by: { type: 'string' },
        },
      },
    },
    meta: { type: 'object', required: ['has_more'], properties: { has_more: { type: 'boolean' } } },
    links: { type: 'object', properties: { next: { type: ['string', 'null'] }, prev: { type: ['string', 'null'] } } },
  },
};

class OasContract {
  readonly #ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  readonly #paths: Json;

  constructor(oas: Json) {
    this.#paths = oas.paths;
    const schemas = structuredClone(oas.components.schemas) as Json;
    for (const gap of OAS_GAPS) gap.patch(schemas[gap.schema]);
    const formats = new Set<string>();
    const converted = toJsonSchema(schemas, formats);
    this.#addFormats(formats);
    this.#ajv.addSchema({ $id: 'oas', components: { schemas: converted } });
  }

  /** The schema Zendesk documents for this operation and status; fails when the status is undocumented. */
  responseSchema(method: string, path: string, status: number): AnySchema | undefined {
    const operation = this.#paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`${method} ${path} is not in the OpenAPI spec`);
    const response = operation.responses[String(status)];
    if (!response) throw new Error(`${method} ${path} does not document status ${status}`);
    const schema = response.content?.['application/json']?.schema;
    return schema ? (toJsonSchema(schema, new Set(), 'oas') as AnySchema) : undefined;
  }

  errors(schema: AnySchema, body: unknown): ErrorObject[] {
    const validate = this.#ajv.compile(schema);
    return validate(body) ? [] : (validate.errors ?? []);
  }

  #addFormats(seen: Set<string>): void {
    const isoSeconds = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
    const known: Record<string, (value: string) => boolean> = {
      'date-time': (value) => isoSeconds.test(value),
      datetime: (value) => isoSeconds.test(value),
      url: (value) => URL.canParse(value),
    };
    for (const format of seen) {
      if (format === 'int64' || format === 'int32') this.#ajv.addFormat(format, { type: 'number', validate: Number.isInteger });
      else this.#ajv.addFormat(format, known[format] ?? (() => true));
    }
  }
}

/** OpenAPI 3.0 → JSON Schema: `nullable` becomes a null alternative; component refs point into the 'oas' schema. */
function toJsonSchema(node: unknown, formats: Set<string>, refBase = ''): unknown {
  if (Array.isArray(node)) return node.map((item) => toJsonSchema(item, formats, refBase));
  if (typeof node !== 'object' || node === null) return node;
  const source = node as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'nullable' || key === 'example' || key === 'examples') continue;
    if (key === '$ref' && typeof value === 'string') out.$ref = `${refBase}${value}`;
    else if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as Json).map(([name, schema]) => [name, toJsonSchema(schema, formats, refBase)]));
    } else {
      if (key === 'format' && typeof value === 'string') formats.add(value);
      out[key] = toJsonSchema(value, formats, refBase);
    }
  }
  if (source.nullable !== true) return out;
  if (typeof out.type === 'string' && !out.$ref && !out.oneOf && !out.anyOf && !out.allOf) {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

/**
 * The 1.2 MB spec, parsed once for every seed with `yaml` (the package config/ is read
 * with): about 0.3 s on this machine. It has no anchors or aliases, so the default alias
 * limit never applies; the duplicate-key check, which compares every key of a mapping
 * with the others (slow on `paths`), is left to Zendesk, whose spec it is.
 */
let oas: Promise<Json> | undefined;
function oasDocument(): Promise<Json> {
  oas ??= readFile(OAS_PATH, 'utf8').then((text) => parse(text, { uniqueKeys: false }) as Json);
  return oas;
}

const SEEDS: [string, () => SandboxState][] = [
  ['the default account', defaultSeed],
  ['the long-lived account', longLivedSeed],
];

describe.each(SEEDS)('sandbox responses match the Zendesk OpenAPI spec (%s)', (_name, seed) => {
  let contract: OasContract;
  let sandbox: ZendeskSandbox;

  beforeAll(async () => {
    contract = new OasContract(await oasDocument());
    sandbox = await startSandbox({ seed: seed() });
  });
  afterAll(() => sandbox?.close());

  /** Calls the sandbox and checks status and body against the operation in the spec. */
  async function conforms(method: string, oasPath: string, path: string, body?: unknown): Promise<HttpReply> {
    const reply = await api(sandbox, method, path, body);
    const schema = contract.responseSchema(method, `/api/v2/${oasPath}`, reply.status);
    if (schema === undefined) {
      expect(reply.body, `${method} ${path} documents no body for ${reply.status}`).toBeUndefined();
    } else {
      expect(contract.errors(schema, reply.body), `${method} ${path} → ${reply.status}`).toEqual([]);
    }
    return reply;
  }

  const trigger = {
    title: 'Route billing questions',
    conditions: { all: [{ field: 'current_tags', operator: 'includes', value: 'billing' }], any: [] },
    actions: [{ field: 'priority', value: 'high' }, { field: 'notification_user', value: ['requester_id', 'Hi', 'Thanks'] }],
  };
  const automation = {
    title: 'Nudge pending',
    conditions: { all: [{ field: 'status', operator: 'is', value: 'pending' }, { field: 'PENDING', operator: 'greater_than', value: '48' }], any: [] },
    actions: [{ field: 'status', value: 'open' }],
  };
  const slaPolicy = {
    title: 'Premium',
    filter: { all: [{ field: 'priority', operator: 'is', value: 'urgent' }], any: [] },
    policy_metrics: [{ priority: 'urgent', metric: 'first_reply_time', target: 30, business_hours: false }],
  };

  it('triggers: list (cursor and offset), show, create, update, delete', async () => {
    await conforms('GET', 'triggers', 'triggers.json?page[size]=2');
    await conforms('GET', 'triggers', 'triggers.json');
    const created = await conforms('POST', 'triggers', 'triggers.json', { trigger });
    expect(created.status).toBe(201);
    const id = created.body.trigger.id;
    await conforms('GET', 'triggers/{trigger_id}', `triggers/${id}.json`);
    await conforms('PUT', 'triggers/{trigger_id}', `triggers/${id}.json`, { trigger: { active: false } });
    await conforms('PUT', 'triggers/update_many', 'triggers/update_many.json', { triggers: [{ id, position: 9 }] });
    expect((await conforms('DELETE', 'triggers/{trigger_id}', `triggers/${id}.json`)).status).toBe(204);
  });

  it('trigger categories: list and batch jobs', async () => {
    await conforms('GET', 'trigger_categories', 'trigger_categories?page[size]=100');
    const [category] = (await api(sandbox, 'GET', 'trigger_categories')).body.trigger_categories;
    const [existing] = (await api(sandbox, 'GET', 'triggers')).body.triggers;
    const ok = await conforms('POST', 'trigger_categories/jobs', 'trigger_categories/jobs', {
      job: { action: 'patch', items: { trigger_categories: [{ id: category.id, position: 1 }], triggers: [{ id: String(existing.id), position: 1 }] } },
    });
    expect(ok.status).toBe(200);
    const failed = await conforms('POST', 'trigger_categories/jobs', 'trigger_categories/jobs', {
      job: { action: 'patch', items: { triggers: [{ id: '1', category_id: category.id }] } },
    });
    expect(failed.status).toBe(400);
  });

  it('automations: list, show, create, update', async () => {
    await conforms('GET', 'automations', 'automations.json?page[size]=100');
    const created = await conforms('POST', 'automations', 'automations.json', { automation });
    const id = created.body.automation.id;
    await conforms('GET', 'automations/{automation_id}', `automations/${id}.json`);
    await conforms('PUT', 'automations/{automation_id}', `automations/${id}.json`, { automation: { title: 'Nudge pending (48h)' } });
    await conforms('DELETE', 'automations/{automation_id}', `automations/${id}.json`);
  });

  it('macros: list, active, show, create, update', async () => {
    await conforms('GET', 'macros', 'macros.json?page[size]=100');
    await conforms('GET', 'macros/active', 'macros/active.json');
    const created = await conforms('POST', 'macros', 'macros.json', {
      macro: { title: 'Hand to billing', actions: [{ field: 'status', value: 'open' }] },
    });
    expect(created.status).toBe(200);
    const id = created.body.macro.id;
    await conforms('GET', 'macros/{macro_id}', `macros/${id}.json`);
    await conforms('PUT', 'macros/{macro_id}', `macros/${id}.json`, { macro: { active: false } });
  });

  it('views: list (cursor and offset), show, create, update, update_many, delete', async () => {
    await conforms('GET', 'views', 'views.json?page[size]=2');
    await conforms('GET', 'views', 'views.json');
    const created = await conforms('POST', 'views', 'views.json', {
      view: { title: 'Urgent', all: [{ field: 'priority', operator: 'is', value: 'urgent' }, { field: 'status', operator: 'less_than', value: 'solved' }], output: { columns: ['status', 'requester'], group_by: 'status', sort_by: 'updated', sort_order: 'desc' } },
    });
    const id = created.body.view.id;
    await conforms('GET', 'views/{view_id}', `views/${id}.json`);
    await conforms('PUT', 'views/{view_id}', `views/${id}.json`, { view: { title: 'Urgent (all)', description: 'Every urgent ticket' } });
    await conforms('PUT', 'views/update_many', 'views/update_many.json', { views: [{ id, position: 1 }] });
    expect((await conforms('DELETE', 'views/{view_id}', `views/${id}.json`)).status).toBe(204);
  });

  it('dynamic content: items list (cursor and offset), show, create, update, delete; variants list, create_many, update_many, delete; locales', async () => {
    await conforms('GET', 'dynamic_content/items', 'dynamic_content/items.json?page[size]=1');
    await conforms('GET', 'dynamic_content/items', 'dynamic_content/items.json');
    const created = await conforms('POST', 'dynamic_content/items', 'dynamic_content/items.json', {
      item: { name: 'Holiday hours', default_locale_id: 1, variants: [{ locale_id: 1, content: 'Closed on public holidays', default: true }] },
    });
    expect(created.status).toBe(201);
    const id = (created.body as { item: { id: number } }).item.id;
    const item = `dynamic_content/items/${id}`;
    await conforms('GET', 'dynamic_content/items/{dynamic_content_item_id}', `${item}.json`);
    await conforms('PUT', 'dynamic_content/items/{dynamic_content_item_id}', `${item}.json`, { item: { name: 'Public holiday hours' } });
    const added = await conforms('POST', 'dynamic_content/items/{dynamic_content_item_id}/variants/create_many', `${item}/variants/create_many.json`, {
      variants: [{ locale_id: 8, content: 'An Feiertagen geschlossen', active: true, default: false }],
    });
    const variant = (added.body as { variants: { id: number }[] }).variants[0].id;
    await conforms('GET', 'dynamic_content/items/{dynamic_content_item_id}/variants', `${item}/variants.json`);
    await conforms('PUT', 'dynamic_content/items/{dynamic_content_item_id}/variants/update_many', `${item}/variants/update_many.json`, {
      variants: [{ id: variant, content: 'An Feiertagen bleibt der Support geschlossen' }],
    });
    expect((await conforms('DELETE', 'dynamic_content/items/{dynamic_content_item_id}/variants/{dynammic_content_variant_id}', `${item}/variants/${variant}.json`)).status).toBe(204);
    expect((await conforms('DELETE', 'dynamic_content/items/{dynamic_content_item_id}', `${item}.json`)).status).toBe(204);
    // OAS CreateDynamicContent: the default locale's variant is required; the sandbox answers 422 as Zendesk does.
    const refused = await api(sandbox, 'POST', 'dynamic_content/items.json', { item: { name: 'No default', default_locale_id: 1, variants: [{ locale_id: 8, content: 'Nur Deutsch' }] } });
    expect(refused.status).toBe(422);
    await conforms('GET', 'locales', 'locales.json');
    await conforms('GET', 'locales/{locale_id}', 'locales/8.json');
  });

  it('SLA policies: list, show, create, update', async () => {
    const created = await conforms('POST', 'slas/policies', 'slas/policies.json', { sla_policy: slaPolicy });
    expect(created.status).toBe(201);
    const id = created.body.sla_policy.id;
    await conforms('GET', 'slas/policies', 'slas/policies.json');
    await conforms('GET', 'slas/policies/{sla_policy_id}', `slas/policies/${id}.json`);
    await conforms('PUT', 'slas/policies/{sla_policy_id}', `slas/policies/${id}.json`, { sla_policy: { title: 'Premium 24/7' } });
  });

  it('lookups: groups, ticket fields, brands, users, custom statuses', async () => {
    await conforms('GET', 'groups', 'groups.json?page[size]=100');
    await conforms('GET', 'ticket_fields', 'ticket_fields.json');
    await conforms('GET', 'brands', 'brands.json');
    await conforms('GET', 'users', 'users.json?page[size]=100');
    await conforms('GET', 'users/me', 'users/me.json');
    await conforms('GET', 'custom_statuses', 'custom_statuses.json');
    await conforms('GET', 'ticket_forms', 'ticket_forms.json');
  });

  it('targets: list and show (reference §13.4)', async () => {
    const listed = await conforms('GET', 'targets', 'targets.json');
    for (const target of listed.body.targets) await conforms('GET', 'targets/{target_id}', `targets/${target.id}.json`);
  });

  it('macro attachments: list for a macro, show one', async () => {
    const macros = (await api(sandbox, 'GET', 'macros.json')).body.macros;
    for (const macro of macros) await conforms('GET', 'macros/{macro_id}/attachments', `macros/${macro.id}/attachments.json`);
    const withAttachments = macros.find((macro: { attachments?: number[] }) => macro.attachments?.length);
    for (const id of withAttachments?.attachments ?? []) await conforms('GET', 'macros/attachments/{attachment_id}', `macros/attachments/${id}.json`);
  });

  it('job statuses: show while queued and once completed', async () => {
    const queued = await api(sandbox, 'POST', 'organizations/create_many.json', { organizations: [{ name: 'Contract Co' }] });
    const id = queued.body.job_status.id;
    for (let poll = 0; poll < 3; poll += 1) await conforms('GET', 'job_statuses/{job_status_id}', `job_statuses/${id}.json`);
    const done = await conforms('GET', 'job_statuses/show_many', `job_statuses/show_many.json?ids=${id}`);
    expect(done.body.job_statuses[0].status).toBe('completed');
  });

  it('organizations: list, count, show_many, search, update', async () => {
    await conforms('GET', 'organizations', 'organizations.json?page[size]=2');
    const listed = await conforms('GET', 'organizations', 'organizations.json');
    const ids = listed.body.organizations.map((o: { id: number }) => o.id);
    await conforms('GET', 'organizations/count', 'organizations/count.json');
    await conforms('GET', 'organizations/show_many', `organizations/show_many.json?ids=${ids.join(',')}`);
    await conforms('GET', 'organizations/show_many', 'organizations/show_many.json?external_ids=acme,initech');
    await conforms('GET', 'organizations/search', 'organizations/search.json?external_id=acme');
    await conforms('PUT', 'organizations/{organization_id}', `organizations/${ids[0]}.json`, { organization: { notes: 'Contract' } });
    const job = await conforms('PUT', 'organizations/update_many', `organizations/update_many.json?ids=${ids[1]},1`, { organization: { notes: 'x' } });
    for (let poll = 0; poll < 3; poll += 1) await conforms('GET', 'job_statuses/{job_status_id}', `job_statuses/${job.body.job_status.id}.json`);
  });

  it('users: update, update_many, search', async () => {
    const [ada] = (await api(sandbox, 'GET', 'users/search.json?query=ada@acme.example')).body.users;
    await conforms('GET', 'users/search', 'users/search.json?query=email:ada@acme.example');
    const updated = await conforms('PUT', 'users/{user_id}', `users/${ada.id}.json`, { user: { ticket_restriction: 'organization', notes: 'VIP' } });
    expect(updated.body.user.ticket_restriction).toBe('organization');
    const job = await conforms('PUT', 'users/update_many', 'users/update_many.json', { users: [{ id: ada.id, notes: 'x' }, { id: 1, notes: 'y' }] });
    for (let poll = 0; poll < 3; poll += 1) await conforms('GET', 'job_statuses/{job_status_id}', `job_statuses/${job.body.job_status.id}.json`);
  });

  it('organization memberships: list, create, show, create_many, delete', async () => {
    await conforms('GET', 'organization_memberships', 'organization_memberships.json');
    const [morgan] = (await api(sandbox, 'GET', 'users/search.json?query=morgan.chen@customer.example')).body.users;
    const [globex] = (await api(sandbox, 'GET', 'organizations/search.json?name=Globex')).body.organizations;
    const created = await conforms('POST', 'organization_memberships', 'organization_memberships.json', {
      organization_membership: { user_id: morgan.id, organization_id: globex.id },
    });
    expect(created.status).toBe(201);
    const id = created.body.organization_membership.id;
    await conforms('GET', 'organization_memberships/{organization_membership_id}', `organization_memberships/${id}.json`);
    const job = await conforms('POST', 'organization_memberships/create_many', 'organization_memberships/create_many.json', {
      organization_memberships: [{ user_id: morgan.id, organization_id: globex.id }],
    });
    for (let poll = 0; poll < 3; poll += 1) await conforms('GET', 'job_statuses/{job_status_id}', `job_statuses/${job.body.job_status.id}.json`);
    expect((await conforms('DELETE', 'organization_memberships/{organization_membership_id}', `organization_memberships/${id}.json`)).status).toBe(204);
  });

  it('search: results and count', async () => {
    const query = encodeURIComponent('type:organization salesforce_id:0015g0000000001AAA');
    const found = await conforms('GET', 'search', `search.json?query=${query}`);
    expect(found.body.results).toHaveLength(1);
    await conforms('GET', 'search', `search.json?query=${encodeURIComponent('type:user email:ada@acme.example')}`);
    await conforms('GET', 'search/count', `search/count.json?query=${query}`);
  });

  it('webhooks list (reference §13.3; not in the OAS)', async () => {
    const reply = await api(sandbox, 'GET', 'webhooks');
    expect(contract.errors(WEBHOOKS_LIST_SCHEMA, reply.body)).toEqual([]);
  });

  it('every seeded rule, lookup and SLA policy', async () => {
    await conforms('GET', 'triggers', 'triggers.json');
    await conforms('GET', 'automations', 'automations.json');
    await conforms('GET', 'macros', 'macros.json');
    await conforms('GET', 'slas/policies', 'slas/policies.json');
    await conforms('GET', 'groups', 'groups.json');
    await conforms('GET', 'groups', 'groups.json?exclude_deleted=true');
    await conforms('GET', 'trigger_categories', 'trigger_categories.json?page=1&per_page=100');
  });
});
