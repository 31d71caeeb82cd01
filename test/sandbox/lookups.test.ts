/** The seeded account and the read-only lookups the tool resolves names against (reference §10, §13). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZendeskSandbox } from '../../scripts/sandbox/zendesk/server.ts';
import { api, byName, startSandbox, zendeskClient } from './harness.ts';

let sandbox: ZendeskSandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

const names = async (path: string, plural: string, key = 'name') =>
  (await api(sandbox, 'GET', path)).body[plural].map((record: Record<string, unknown>) => record[key]);

describe('seeded account', () => {
  it('has the names the sample config refers to', async () => {
    expect(await names('groups.json', 'groups')).toEqual(['Support', 'Tier 1', 'Tier 2', 'Tier 3', 'Billing']);
    expect(await names('brands.json', 'brands')).toEqual(['Acme Support', 'Acme Labs']);
    expect(await names('business_hours/schedules.json', 'schedules')).toEqual(['Support hours', 'EMEA business hours']);
    expect(await names('ticket_forms.json', 'ticket_forms')).toEqual(['Default ticket form', 'Billing request']);
    expect(await names('organization_fields.json', 'organization_fields', 'key')).toEqual([
      'salesforce_id', 'support_tier',
      // config/salesforce.yaml's mappings and flag field (issue 12).
      'account_type', 'account_owner', 'support_level', 'region', 'support_expiry', 'arr_band', 'mark_for_deletion',
    ]);
    expect(await names('user_fields.json', 'user_fields', 'key')).toEqual(['preferred_language']);
    expect(await names('trigger_categories.json', 'trigger_categories')).toEqual(['Notifications']);
    expect(await names('triggers.json', 'triggers', 'title')).toHaveLength(5);
    expect(await names('automations.json', 'automations', 'title')).toEqual([
      'Close ticket 4 days after status is set to solved',
      'Pending notification 24 hours',
      'Pending notification 5 days',
    ]);
    expect(await names('macros.json', 'macros', 'title')).toEqual([
      'Close and redirect to topics',
      'Downgrade and inform',
      'Customer not responding',
    ]);
    expect(await names('slas/policies.json', 'sla_policies', 'title')).toEqual([]);
  });

  it('has the organizations and customers the organizations config examples use', async () => {
    const organizations = (await api(sandbox, 'GET', 'organizations.json')).body.organizations;
    expect(organizations.map((o: { name: string }) => o.name)).toEqual(['Acme Corp', 'Globex', 'Initech']);
    expect(byName(organizations, 'name', 'Acme Corp')).toMatchObject({
      external_id: 'acme',
      domain_names: ['acme.example'],
      notes: 'Solutions architect: Dana Lee',
      details: null,
      tags: ['enterprise'],
      shared_tickets: false,
      shared_comments: false,
      organization_fields: { salesforce_id: '0015g0000000001AAA', support_tier: 'tier_enterprise' },
    });
    expect(byName(organizations, 'name', 'Globex')).toMatchObject({ external_id: null, organization_fields: { salesforce_id: '0015g0000000002AAA' } });
    expect(byName(organizations, 'name', 'Initech')).toMatchObject({ external_id: 'initech', organization_fields: { salesforce_id: null } });
    const tiers = byName((await api(sandbox, 'GET', 'organization_fields.json')).body.organization_fields, 'key', 'support_tier');
    expect(tiers.custom_field_options.map((o: { value: string }) => o.value)).toContain('tier_enterprise');

    const users = (await api(sandbox, 'GET', 'users.json?role=end-user')).body.users;
    const orgName = (id: unknown) => organizations.find((o: { id: unknown }) => o.id === id)?.name ?? null;
    expect(users.map((u: { email: string; name: string; organization_id: unknown }) => [u.email, u.name, orgName(u.organization_id)])).toEqual([
      ['jordan.rivera@customer.example', 'Jordan Rivera', null],
      ['morgan.chen@customer.example', 'Morgan Chen', null],
      ['ada@acme.example', 'Ada Park', 'Acme Corp'],
      ['ben@acme.example', 'Ben Ortiz', 'Acme Corp'],
      ['gina@globex.example', 'Gina Ruiz', 'Globex'],
      ['ian@initech.example', 'Ian Wu', 'Initech'],
    ]);
    expect(users.every((u: { ticket_restriction: string }) => u.ticket_restriction === 'requested')).toBe(true);
    const memberships = (await api(sandbox, 'GET', 'organization_memberships.json')).body.organization_memberships;
    expect(memberships).toHaveLength(4);
    expect(memberships.every((m: { default: boolean }) => m.default === true)).toBe(true);
  });

  it('returns every ticket field at once, and pages them by id with page[size]', async () => {
    const all = (await api(sandbox, 'GET', 'ticket_fields.json')).body;
    expect(all.ticket_fields.map((f: { type: string }) => f.type)).toEqual([
      'subject', 'description', 'status', 'tickettype', 'priority', 'group', 'assignee', 'custom_status', 'tagger', 'tagger',
    ]);
    const plan = byName(all.ticket_fields, 'title', 'Customer plan');
    expect(plan.custom_field_options.map((o: { value: string }) => o.value)).toEqual(['plan_free', 'plan_pro', 'plan_premium']);
    expect(plan.custom_field_options.every((o: { id: unknown }) => Number.isInteger(o.id))).toBe(true);

    const paged = (await api(sandbox, 'GET', 'ticket_fields.json?page[size]=4')).body;
    expect(paged.ticket_fields).toHaveLength(4);
    expect(paged.meta.has_more).toBe(true);
  });

  it('lists custom statuses with one default per category', async () => {
    const statuses = (await api(sandbox, 'GET', 'custom_statuses.json')).body.custom_statuses;
    const defaults = statuses.filter((s: { default: boolean }) => s.default).map((s: { status_category: string }) => s.status_category);
    expect(defaults).toEqual(['new', 'open', 'pending', 'hold', 'solved']);
    expect(byName(statuses, 'agent_label', 'Waiting on engineering')).toMatchObject({ status_category: 'open', default: false });
  });
});

describe('users', () => {
  it('filters by role and role[]', async () => {
    expect(await names('users.json?role=agent', 'users', 'email')).toEqual([
      'lee@example.com', 'sam@example.com', 'kim@example.com', 'pat@example.com',
    ]);
    expect(await names('users.json?role[]=admin&role[]=end-user', 'users', 'email')).toHaveLength(7);
  });

  it('finds users by email through node-zendesk search', async () => {
    const client = zendeskClient(sandbox);
    const found = (await client.users.search({ query: 'email:sam@example.com' })) as { name: string }[];
    expect(found.map((u) => u.name)).toEqual(['Sam Tier2']);
    const bare = (await client.users.search({ query: 'KIM@example.com' })) as { name: string }[];
    expect(bare.map((u) => u.name)).toEqual(['Kim Tier3']);
  });

  it('answers /users/me for an OAuth token too', async () => {
    const reply = await api(sandbox, 'GET', 'users/me.json', undefined, { authorization: 'Bearer sandbox-oauth-token' });
    expect(reply.body.user).toMatchObject({ email: 'admin@example.com', role: 'admin' });
  });
});

describe('webhooks', () => {
  it('never shows authentication secrets, but keeps them', async () => {
    const list = (await api(sandbox, 'GET', 'webhooks')).body;
    expect(list.webhooks.map((w: { name: string }) => w.name)).toEqual(['Slack live feed', 'SLA breach alerts']);
    for (const webhook of list.webhooks) {
      expect(webhook.authentication).toEqual({ type: 'bearer_token', add_position: 'header' });
      expect(webhook.id).toMatch(/^01[0-9A-Z]{24}$/);
    }
    expect(JSON.stringify(list)).not.toContain('sandbox-secret');
    expect(JSON.stringify(sandbox.state().collections.webhooks)).toContain('sandbox-secret');
  });

  it('creates with 201 and updates with 204', async () => {
    const created = await api(sandbox, 'POST', 'webhooks', {
      webhook: {
        name: 'Escalations',
        endpoint: 'https://example.com/hook',
        http_method: 'POST',
        request_format: 'json',
        status: 'active',
        subscriptions: ['conditional_ticket_events'],
        authentication: { type: 'basic_auth', data: { username: 'u', password: 'p' }, add_position: 'header' },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.webhook.authentication).toEqual({ type: 'basic_auth', add_position: 'header' });
    const id = created.body.webhook.id;

    const patched = await api(sandbox, 'PATCH', `webhooks/${id}`, { webhook: { status: 'inactive' } });
    expect(patched.status).toBe(204);
    const shown = (await api(sandbox, 'GET', `webhooks/${id}`)).body.webhook;
    expect(shown).toMatchObject({ status: 'inactive', name: 'Escalations' });

    const invalid = await api(sandbox, 'PUT', `webhooks/${id}`, { webhook: { name: 'Only a name' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0].code).toBe('InvalidValue');
    expect((await api(sandbox, 'DELETE', `webhooks/${id}`)).status).toBe(204);
  });
});
