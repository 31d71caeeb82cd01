/** Reference §9.4: organization memberships, and how they keep users' organization_id in step. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZendeskSandbox } from '../../scripts/sandbox/zendesk/server.ts';
import { api, byName, startSandbox, zendeskClient, type ZendeskClient } from './harness.ts';

let sandbox: ZendeskSandbox;
let client: ZendeskClient;
let users: any[];
let organizations: any[];
beforeAll(async () => {
  sandbox = await startSandbox({ jobSteps: 0 });
  client = zendeskClient(sandbox);
  users = (await api(sandbox, 'GET', 'users.json')).body.users;
  organizations = (await api(sandbox, 'GET', 'organizations.json')).body.organizations;
});
afterAll(() => sandbox.close());

const userId = (email: string) => byName(users, 'email', email).id as number;
const orgId = (name: string) => byName(organizations, 'name', name).id as number;
const userOf = async (id: number) => (await api(sandbox, 'GET', `users/${id}.json`)).body.user;

describe('organization memberships', () => {
  it("lists an organization's members through node-zendesk", async () => {
    const memberships = (await client.organizationmemberships.listByOrganization(orgId('Acme Corp'))) as any[];
    expect(memberships.map((m) => m.user_id)).toEqual([userId('ada@acme.example'), userId('ben@acme.example')]);
    expect(memberships[0]).toMatchObject({
      organization_id: orgId('Acme Corp'),
      organization_name: 'Acme Corp',
      default: true,
      view_tickets: false,
      url: expect.stringMatching(/\/api\/v2\/organization_memberships\/\d+\.json$/),
    });
  });

  it('pages every membership by cursor and by offset', async () => {
    const first = (await api(sandbox, 'GET', 'organization_memberships.json?page[size]=3')).body;
    expect(first.organization_memberships).toHaveLength(3);
    expect(first.meta.has_more).toBe(true);
    const second = (await api(sandbox, 'GET', first.links.next.replace(`${sandbox.url}/api/v2/`, ''))).body;
    expect(second.organization_memberships).toHaveLength(1);
    const offset = (await api(sandbox, 'GET', 'organization_memberships.json?per_page=2')).body;
    expect(offset).toMatchObject({ count: 4, previous_page: null, next_page: expect.stringContaining('page=2') });
  });

  it('creates the first membership as the default and sets organization_id; a duplicate is a 422', async () => {
    const morgan = userId('morgan.chen@customer.example');
    const { response, result } = await client.organizationmemberships.create({ user_id: morgan, organization_id: orgId('Globex') });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe(`${sandbox.url}/api/v2/organization_memberships/${result.id}.json`);
    expect(result).toMatchObject({ user_id: morgan, organization_id: orgId('Globex'), organization_name: 'Globex', default: true });
    expect((await userOf(morgan)).organization_id).toBe(orgId('Globex'));

    await expect(client.organizationmemberships.create({ user_id: morgan, organization_id: orgId('Globex') })).rejects.toMatchObject({
      statusCode: 422,
      result: { error: 'RecordInvalid', details: { user_id: [{ error: 'DuplicateValue' }] } },
    });

    const second = await api(sandbox, 'POST', `users/${morgan}/organization_memberships.json`, {
      organization_membership: { organization_id: orgId('Initech') },
    });
    expect(second.status).toBe(201);
    expect(second.body.organization_membership.default).toBeNull();
    const forUser = (await api(sandbox, 'GET', `users/${morgan}/organization_memberships.json`)).body.organization_memberships;
    expect(forUser.map((m: { organization_name: string }) => m.organization_name)).toEqual(['Globex', 'Initech']);

    // Deleting the default promotes the next membership.
    expect((await api(sandbox, 'DELETE', `organization_memberships/${result.id}.json`)).status).toBe(204);
    expect((await userOf(morgan)).organization_id).toBe(orgId('Initech'));
    expect((await api(sandbox, 'DELETE', `users/${morgan}/organization_memberships/${second.body.organization_membership.id}.json`)).status).toBe(204);
    expect((await userOf(morgan)).organization_id).toBeNull();
  });

  it('refuses unknown users and organizations', async () => {
    const unknownUser = await api(sandbox, 'POST', 'organization_memberships.json', { organization_membership: { user_id: 1, organization_id: orgId('Globex') } });
    expect(unknownUser.status).toBe(422);
    expect(unknownUser.body.details.user_id[0].error).toBe('InvalidValue');
    const unknownOrg = await api(sandbox, 'POST', 'organization_memberships.json', {
      organization_membership: { user_id: userId('morgan.chen@customer.example'), organization_id: 1 },
    });
    expect(unknownOrg.body.details.organization_id[0].error).toBe('InvalidValue');
    expect((await api(sandbox, 'POST', 'users/1/organization_memberships.json', { organization_membership: { organization_id: orgId('Globex') } })).status).toBe(404);
    expect((await api(sandbox, 'GET', 'organizations/1/organization_memberships.json')).status).toBe(404);
  });

  it('create_many runs as a job with per-item results', async () => {
    const jordan = userId('jordan.rivera@customer.example');
    const { result } = await client.organizationmemberships.createMany([
      { user_id: jordan, organization_id: orgId('Acme Corp') },
      { user_id: jordan, organization_id: orgId('Acme Corp') },
    ]);
    const done = await client.jobstatuses.watch(result.job_status.id, 5, 5);
    expect(done.results).toEqual([
      { id: expect.any(Number), index: 0, status: 'Created' },
      { index: 1, action: 'create', success: false, error: 'DuplicateValue', details: expect.stringContaining('User') },
    ]);
  });

  it('renaming an organization renames its memberships; deleting it removes them', async () => {
    const renamed = await api(sandbox, 'POST', 'organizations.json', { organization: { name: 'Soon Gone' } });
    const id = renamed.body.organization.id;
    const gina = userId('gina@globex.example');
    await api(sandbox, 'POST', 'organization_memberships.json', { organization_membership: { user_id: gina, organization_id: id } });
    await api(sandbox, 'PUT', `organizations/${id}.json`, { organization: { name: 'Going' } });
    const [membership] = (await api(sandbox, 'GET', `organizations/${id}/organization_memberships.json`)).body.organization_memberships;
    expect(membership.organization_name).toBe('Going');

    expect((await api(sandbox, 'DELETE', `organizations/${id}.json`)).status).toBe(204);
    expect((await api(sandbox, 'GET', `organization_memberships/${membership.id}.json`)).status).toBe(404);
    expect((await userOf(gina)).organization_id).toBe(orgId('Globex'));
  });
});
