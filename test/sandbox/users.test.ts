/** Reference §10: writing users (PUT /users/{id}, update_many jobs) and finding them by email. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ZendeskSandbox } from '../../scripts/sandbox/zendesk/server.ts';
import { api, byName, startSandbox, zendeskClient, type ZendeskClient } from './harness.ts';

let sandbox: ZendeskSandbox;
let client: ZendeskClient;
let users: any[];
let organizations: any[];
beforeAll(async () => {
  sandbox = await startSandbox({ jobSteps: 2 });
  client = zendeskClient(sandbox);
  users = (await api(sandbox, 'GET', 'users.json')).body.users;
  organizations = (await api(sandbox, 'GET', 'organizations.json')).body.organizations;
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.clearFaults());

const userId = (email: string) => byName(users, 'email', email).id as number;
const orgId = (name: string) => byName(organizations, 'name', name).id as number;

async function pollJob(id: string): Promise<any[]> {
  const seen = [];
  for (let poll = 0; poll < 3; poll += 1) seen.push((await api(sandbox, 'GET', `job_statuses/${id}.json`)).body.job_status);
  return seen;
}

describe('PUT /users/{id}', () => {
  it("updates a customer's ticket_restriction, notes and user fields through node-zendesk", async () => {
    const ada = userId('ada@acme.example');
    const { response, result } = await client.users.update(ada, {
      user: { ticket_restriction: 'organization', notes: 'Prefers email', user_fields: { preferred_language: 'de' }, role: 'admin' },
    });
    expect(response.status).toBe(200);
    expect(result).toMatchObject({ id: ada, ticket_restriction: 'organization', notes: 'Prefers email', role: 'end-user' });
    expect(result.user_fields).toEqual({ preferred_language: 'de' });
    const [membership] = (await api(sandbox, 'GET', `users/${ada}/organization_memberships.json`)).body.organization_memberships;
    expect(membership.view_tickets).toBe(true);
  });

  it('turns groups/assigned into requested for end users (OAS UserObject), but keeps them for agents', async () => {
    const ben = userId('ben@acme.example');
    const customer = await api(sandbox, 'PUT', `users/${ben}.json`, { user: { ticket_restriction: 'groups' } });
    expect(customer.status).toBe(200);
    expect(customer.body.user.ticket_restriction).toBe('requested');

    const agent = await api(sandbox, 'PUT', `users/${userId('lee@example.com')}.json`, { user: { ticket_restriction: 'assigned' } });
    expect(agent.body.user.ticket_restriction).toBe('assigned');
  });

  it('refuses values outside the documented set with 422 and changes nothing', async () => {
    const ben = userId('ben@acme.example');
    const before = (await api(sandbox, 'GET', `users/${ben}.json`)).body.user;
    await expect(client.users.update(ben, { user: { ticket_restriction: 'everything', notes: 'changed' } })).rejects.toMatchObject({
      statusCode: 422,
      result: { error: 'RecordInvalid', details: { ticket_restriction: [{ error: 'InvalidValue' }] } },
    });
    const invalidOrg = await api(sandbox, 'PUT', `users/${ben}.json`, { user: { organization_id: 1 } });
    expect(invalidOrg.status).toBe(422);
    expect(invalidOrg.body.details.organization_id[0].error).toBe('InvalidValue');
    expect((await api(sandbox, 'GET', `users/${ben}.json`)).body.user).toEqual(before);
  });

  it('moves the default membership when organization_id changes', async () => {
    const jordan = userId('jordan.rivera@customer.example');
    const moved = await api(sandbox, 'PUT', `users/${jordan}.json`, { user: { organization_id: orgId('Initech') } });
    expect(moved.body.user.organization_id).toBe(orgId('Initech'));
    const memberships = (await api(sandbox, 'GET', `users/${jordan}/organization_memberships.json`)).body.organization_memberships;
    expect(memberships).toEqual([expect.objectContaining({ organization_id: orgId('Initech'), organization_name: 'Initech', default: true })]);

    const cleared = await api(sandbox, 'PUT', `users/${jordan}.json`, { user: { organization_id: null } });
    expect(cleared.body.user.organization_id).toBeNull();
    expect((await api(sandbox, 'GET', `users/${jordan}/organization_memberships.json`)).body.organization_memberships).toEqual([]);
  });
});

describe('PUT /users/update_many', () => {
  it('runs the batch form as a job: queued → working → completed with per-item results', async () => {
    const [gina, ian] = [userId('gina@globex.example'), userId('ian@initech.example')];
    const { result } = await client.users.put(['users', 'update_many'], {
      users: [
        { id: gina, notes: 'Renewal in May' },
        { id: ian, ticket_restriction: 'nonsense' },
        { id: 1, notes: 'nobody' },
      ],
    });
    expect(result.job_status).toMatchObject({ status: 'queued', total: 3, results: null });

    const [queued, working, completed] = await pollJob(result.job_status.id);
    expect([queued.status, working.status, completed.status]).toEqual(['queued', 'working', 'completed']);
    expect(completed.results).toEqual([
      { id: gina, action: 'update', status: 'Updated', success: true },
      { index: 1, id: ian, action: 'update', success: false, error: 'InvalidValue', details: expect.stringContaining('Ticket restriction') },
      { index: 2, id: 1, action: 'update', success: false, error: 'RecordNotFound', details: 'Not found' },
    ]);
    expect((await api(sandbox, 'GET', `users/${gina}.json`)).body.user.notes).toBe('Renewal in May');
  });

  it('applies one change to ?ids= and refuses more than 100 items', async () => {
    const ids = [userId('gina@globex.example'), userId('ian@initech.example')];
    const reply = await api(sandbox, 'PUT', `users/update_many.json?ids=${ids.join(',')}`, { user: { tags: ['vip'] } });
    const finished = await client.jobstatuses.watch(reply.body.job_status.id, 5, 5);
    expect(finished.results.map((item: { success: boolean }) => item.success)).toEqual([true, true]);
    const shown = (await api(sandbox, 'GET', `users/show_many.json?ids=${ids.join(',')}`)).body.users;
    expect(shown.map((user: { tags: string[] }) => user.tags)).toEqual([['vip'], ['vip']]);

    const tooMany = Array.from({ length: 101 }, (_, i) => ({ id: i + 1, notes: 'x' }));
    expect((await api(sandbox, 'PUT', 'users/update_many.json', { users: tooMany })).status).toBe(400);
  });

  it('fails one injected item, leaves that user unchanged and updates the others', async () => {
    const [gina, ian] = [userId('gina@globex.example'), userId('ian@initech.example')];
    sandbox.injectItemFailure({ collection: 'users', match: { email: 'IAN@initech.example' }, error: 'RecordInvalid', details: 'Notes: is too long' });
    const before = (await api(sandbox, 'GET', `users/${ian}.json`)).body.user;
    const reply = await api(sandbox, 'PUT', 'users/update_many.json', { users: [{ id: gina, notes: 'A' }, { id: ian, notes: 'B' }] });
    const [, , completed] = await pollJob(reply.body.job_status.id);
    expect(completed.results).toEqual([
      { id: gina, action: 'update', status: 'Updated', success: true },
      { index: 1, id: ian, action: 'update', success: false, error: 'RecordInvalid', details: 'Notes: is too long' },
    ]);
    expect((await api(sandbox, 'GET', `users/${ian}.json`)).body.user).toEqual(before);

    // `times` defaults to 1: the next job runs normally.
    const again = await api(sandbox, 'PUT', 'users/update_many.json', { users: [{ id: ian, notes: 'B' }] });
    expect((await pollJob(again.body.job_status.id))[2].results[0].success).toBe(true);
  });
});

describe('GET /users/search', () => {
  it('matches email:x, email:"x" and a bare email, ignoring case', async () => {
    const emails = async (query: string) =>
      (await api(sandbox, 'GET', `users/search.json?query=${encodeURIComponent(query)}`)).body.users.map((u: { email: string }) => u.email);
    expect(await emails('email:ada@acme.example')).toEqual(['ada@acme.example']);
    expect(await emails('email:"Ada@Acme.Example"')).toEqual(['ada@acme.example']);
    expect(await emails('BEN@acme.example')).toEqual(['ben@acme.example']);
    expect(await emails('type:user name:"Gina Ruiz"')).toEqual(['gina@globex.example']);
    expect(await emails('nobody@acme.example')).toEqual([]);
  });
});
