/** Business rules (reference §5–§7): validation, replacement semantics, bulk endpoints, ordering. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZendeskSandbox } from '../../scripts/sandbox/zendesk/server.ts';
import { api, byName, startSandbox, zendeskClient } from './harness.ts';

let sandbox: ZendeskSandbox;
let tier2: number;

beforeAll(async () => {
  sandbox = await startSandbox();
  tier2 = byName((await api(sandbox, 'GET', 'groups.json')).body.groups, 'name', 'Tier 2').id;
});
afterAll(() => sandbox.close());

const conditions = { all: [{ field: 'update_type', operator: 'is', value: 'Create' }], any: [] };

async function createTrigger(title: string, extra: Record<string, unknown> = {}) {
  const reply = await api(sandbox, 'POST', 'triggers.json', {
    trigger: { title, conditions, actions: [{ field: 'group_id', value: String(tier2) }], ...extra },
  });
  expect(reply.status).toBe(201);
  return reply;
}

describe('triggers', () => {
  it('creates with 201, a Location header and Zendesk-owned fields', async () => {
    const reply = await createTrigger('Route to Tier 2');
    const trigger = reply.body.trigger;
    expect(reply.headers.get('location')).toBe(trigger.url);
    expect(trigger).toMatchObject({ active: true, default: false, raw_title: 'Route to Tier 2', description: null });
    expect(typeof trigger.id).toBe('number');
    expect(typeof trigger.category_id).toBe('string');
    expect(trigger.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(trigger.conditions).toEqual(conditions);
  });

  it('refuses missing titles, actions and conditions with 422 details', async () => {
    const reply = await api(sandbox, 'POST', 'triggers', { trigger: { title: ' ' } });
    expect(reply.status).toBe(422);
    expect(Object.keys(reply.body.details).sort()).toEqual(['actions', 'conditions', 'title']);
    expect(reply.body.details.title).toEqual([{ description: 'Title: cannot be blank', error: 'BlankValue' }]);
  });

  it('refuses unknown group ids but lets placeholders through', async () => {
    const unknown = await api(sandbox, 'POST', 'triggers', {
      trigger: { title: 'Bad group', conditions, actions: [{ field: 'group_id', value: 999 }] },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.details.actions[0].description).toContain('999');

    const placeholder = await api(sandbox, 'POST', 'macros', {
      macro: { title: 'Take it', actions: [{ field: 'group_id', value: 'current_groups' }] },
    });
    expect(placeholder.status).toBe(200);
  });

  it('refuses an unknown category', async () => {
    const reply = await api(sandbox, 'POST', 'triggers', {
      trigger: { title: 'Lost', conditions, actions: [{ field: 'status', value: 'open' }], category_id: '42' },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.details).toHaveProperty('category_id');
  });

  it('replaces conditions on PUT, keeps untouched fields, and always moves updated_at', async () => {
    const { body } = await createTrigger('Replace me', { description: 'before' });
    const newConditions = { all: [{ field: 'status', operator: 'is', value: 'new' }] };
    const first = await api(sandbox, 'PUT', `triggers/${body.trigger.id}.json`, { trigger: { conditions: newConditions } });
    const second = await api(sandbox, 'PUT', `triggers/${body.trigger.id}.json`, { trigger: { active: false } });

    expect(second.body.trigger).toMatchObject({
      description: 'before',
      active: false,
      conditions: { all: newConditions.all, any: [] },
      actions: body.trigger.actions,
    });
    const stamps = [body.trigger.updated_at, first.body.trigger.updated_at, second.body.trigger.updated_at];
    expect(new Set(stamps).size).toBe(3);
    expect([...stamps].sort()).toEqual(stamps);
  });

  it('filters by active and category, and serves /triggers/active', async () => {
    const all = (await api(sandbox, 'GET', 'triggers.json?per_page=100')).body.triggers;
    const active = (await api(sandbox, 'GET', 'triggers/active.json')).body.triggers;
    const inactive = (await api(sandbox, 'GET', 'triggers.json?active=false')).body.triggers;
    expect(active.length + inactive.length).toBe(all.length);
    expect(inactive.every((t: { active: boolean }) => !t.active)).toBe(true);
    const categoryId = all[0].category_id;
    const inCategory = (await api(sandbox, 'GET', `triggers.json?category_id=${categoryId}`)).body.triggers;
    expect(inCategory.length).toBe(all.filter((t: { category_id: string }) => t.category_id === categoryId).length);
  });

  it('update_many honours only position, active and category_id', async () => {
    const a = (await createTrigger('Bulk A')).body.trigger;
    const reply = await api(sandbox, 'PUT', 'triggers/update_many.json', {
      triggers: [{ id: a.id, position: 77, active: false, title: 'ignored' }],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.triggers).toEqual([expect.objectContaining({ id: a.id, position: 77, active: false, title: 'Bulk A' })]);

    const missing = await api(sandbox, 'PUT', 'triggers/update_many.json', { triggers: [{ id: 1, active: false }] });
    expect(missing.status).toBe(404);
  });

  it('destroy_many deletes all listed triggers or none', async () => {
    const a = (await createTrigger('Doomed A')).body.trigger;
    const b = (await createTrigger('Doomed B')).body.trigger;
    expect((await api(sandbox, 'DELETE', `triggers/destroy_many.json?ids=${a.id},123`)).status).toBe(404);
    expect((await api(sandbox, 'GET', `triggers/${a.id}.json`)).status).toBe(200);

    const reply = await api(sandbox, 'DELETE', `triggers/destroy_many.json?ids=${a.id},${b.id}`);
    expect(reply.status).toBe(204);
    expect(reply.body).toBeUndefined();
    expect((await api(sandbox, 'GET', `triggers/${b.id}`)).status).toBe(404);
  });

  it('reorder needs every trigger id and a single category', async () => {
    const ids = (await api(sandbox, 'GET', 'triggers.json')).body.triggers.map((t: { id: number }) => t.id);
    expect((await api(sandbox, 'PUT', 'triggers/reorder.json', { trigger_ids: ids.slice(1) })).status).toBe(404);

    const reversed = [...ids].reverse();
    const reply = await api(sandbox, 'PUT', 'triggers/reorder.json', { trigger_ids: reversed });
    expect(reply.status).toBe(200);
    const listed = (await api(sandbox, 'GET', 'triggers.json')).body.triggers.map((t: { id: number }) => t.id);
    expect(listed).toEqual(reversed);

    await api(sandbox, 'POST', 'trigger_categories', { trigger_category: { name: 'Routing' } });
    const refused = await api(sandbox, 'PUT', 'triggers/reorder.json', { trigger_ids: ids });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].code).toBe('LimitOneCategory');
  });
});

describe('automations', () => {
  const valid = {
    title: 'Close stale pending',
    conditions: {
      all: [
        { field: 'status', operator: 'is', value: 'pending' },
        { field: 'PENDING', operator: 'greater_than', value: '168' },
      ],
    },
    actions: [{ field: 'status', value: 'solved' }],
  };

  it('needs a time-based condition in "all"', async () => {
    expect((await api(sandbox, 'POST', 'automations', { automation: valid })).status).toBe(201);
    const notTimed = await api(sandbox, 'POST', 'automations', {
      automation: { ...valid, conditions: { all: [valid.conditions.all[0]], any: [valid.conditions.all[1]] } },
    });
    expect(notTimed.status).toBe(422);
    expect(notTimed.body.details.conditions).toEqual([{ description: 'Automations must have a time based condition in "all"', error: 'InvalidValue' }]);
  });

  it('accepts Zendesk\'s own "Pending notification 24 hours", which tests no status, type, group or assignee', async () => {
    const shipped = {
      title: 'Pending notification 24 hours (copy)',
      active: false,
      conditions: {
        all: [
          { field: 'PENDING', operator: 'is', value: '24' },
          { field: 'ticket_is_public', operator: 'is', value: 'public' },
        ],
        any: [],
      },
      actions: [{ field: 'notification_user', value: ['requester_and_ccs', 'Pending request: {{ticket.title}}', 'We are waiting for your reply.'] }],
    };
    const reply = await zendeskClient(sandbox).automations.create({ automation: shipped });
    expect(reply.result).toMatchObject({ title: shipped.title, active: false, conditions: shipped.conditions });
    expect(reply.result).not.toHaveProperty('description');
  });

  it('validates the merged record on update', async () => {
    const { body } = await api(sandbox, 'POST', 'automations', { automation: { ...valid, title: 'Merged' } });
    const reply = await api(sandbox, 'PUT', `automations/${body.automation.id}`, {
      automation: { conditions: { all: [{ field: 'status', operator: 'is', value: 'open' }] } },
    });
    expect(reply.status).toBe(422);
  });

  it('serves /automations/active with offset pagination only', async () => {
    const reply = await api(sandbox, 'GET', 'automations/active.json?page[size]=1');
    expect(reply.body).toHaveProperty('count');
    expect(reply.body).not.toHaveProperty('meta');
    expect(reply.body.automations.every((a: { active: boolean }) => a.active)).toBe(true);
  });
});

describe('macros', () => {
  it('echoes group restrictions as {type, id, ids}', async () => {
    const tier1 = byName((await api(sandbox, 'GET', 'groups')).body.groups, 'name', 'Tier 1').id;
    const reply = await api(sandbox, 'POST', 'macros.json', {
      macro: { title: 'Tier macro', actions: [{ field: 'status', value: 'open' }], restriction: { type: 'Group', ids: [tier1, tier2] } },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.macro.restriction).toEqual({ type: 'Group', id: tier1, ids: [tier1, tier2] });

    const bad = await api(sandbox, 'POST', 'macros.json', {
      macro: { title: 'Nobody', actions: [{ field: 'status', value: 'open' }], restriction: { type: 'Group', id: 5 } },
    });
    expect(bad.status).toBe(422);
  });

  it('update_many toggles active and position', async () => {
    const macros = (await api(sandbox, 'GET', 'macros.json')).body.macros;
    const target = byName(macros, 'title', 'Downgrade and inform');
    const reply = await api(sandbox, 'PUT', 'macros/update_many.json', { macros: [{ id: target.id, active: false, position: 1 }] });
    expect(reply.body.macros[0]).toMatchObject({ active: false, position: 1 });
    const active = (await api(sandbox, 'GET', 'macros/active.json')).body.macros;
    expect(active.map((m: { id: number }) => m.id)).not.toContain(target.id);
  });
});

describe('SLA policies', () => {
  const policy = {
    title: 'Enterprise',
    filter: { all: [{ field: 'priority', operator: 'is', value: 'urgent' }], any: [] },
    policy_metrics: [{ priority: 'urgent', metric: 'first_reply_time', target: 30, business_hours: false }],
  };

  it('creates, lists unpaginated and reorders', async () => {
    const a = (await api(sandbox, 'POST', 'slas/policies.json', { sla_policy: policy })).body.sla_policy;
    const created = await api(sandbox, 'POST', 'slas/policies.json', { sla_policy: { ...policy, title: 'Standard' } });
    expect(created.status).toBe(201);
    const b = created.body.sla_policy;
    expect(b.position).toBe(a.position + 1);

    const reordered = await api(sandbox, 'PUT', `slas/policies/reorder.json?sla_policy_ids[]=${b.id}&sla_policy_ids[]=${a.id}`);
    expect(reordered.status).toBe(200);
    const list = (await api(sandbox, 'GET', 'slas/policies.json')).body;
    expect(list).toMatchObject({ next_page: null, previous_page: null, count: 2 });
    expect(list.sla_policies.map((p: { title: string }) => p.title)).toEqual(['Standard', 'Enterprise']);

    await api(sandbox, 'PUT', 'slas/policies/reorder.json', { sla_policy_ids: [a.id, b.id] });
    const again = (await api(sandbox, 'GET', 'slas/policies.json')).body.sla_policies;
    expect(again.map((p: { title: string }) => p.title)).toEqual(['Enterprise', 'Standard']);
  });

  it('refuses unknown metrics and priorities', async () => {
    const reply = await api(sandbox, 'POST', 'slas/policies.json', {
      sla_policy: { ...policy, policy_metrics: [{ priority: 'critical', metric: 'periodic_update', target: 10 }] },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.details.policy_metrics).toHaveLength(2);
  });
});
