/** Reference §9 and §12: organizations, whose bulk writes run as jobs that clients poll. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ZendeskSandbox } from '../../scripts/sandbox/zendesk/server.ts';
import { api, startSandbox, zendeskClient, type ZendeskClient } from './harness.ts';

let sandbox: ZendeskSandbox;
let client: ZendeskClient;
beforeAll(async () => {
  sandbox = await startSandbox({ jobSteps: 2 });
  client = zendeskClient(sandbox);
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.clearFaults());

async function completed(jobId: string): Promise<any> {
  return client.jobstatuses.watch(jobId, 5, 5);
}

const orgByName = async (name: string) => (await api(sandbox, 'GET', `organizations/search.json?name=${encodeURIComponent(name)}`)).body.organizations[0];

describe('organizations', () => {
  it('creates with 201 and every organization field key, and refuses duplicate names', async () => {
    const { response, result } = await client.organizations.create({ organization: { name: 'Umbrella' } });
    expect(response.status).toBe(201);
    expect(result).toMatchObject({ name: 'Umbrella', domain_names: [], organization_fields: { salesforce_id: null, support_tier: null } });
    await expect(client.organizations.create({ organization: { name: 'UMBRELLA' } })).rejects.toMatchObject({
      statusCode: 422,
      result: { details: { name: [{ error: 'DuplicateValue' }] } },
    });
  });

  it('create_many queues a job that completes after jobSteps polls', async () => {
    const { result } = await client.organizations.createMany({ organizations: [{ name: 'Hooli' }, { name: 'Umbrella' }] });
    const queued = (result as unknown as { job_status: { id: string; status: string } }).job_status;
    expect(queued).toMatchObject({ status: 'queued', id: expect.stringMatching(/^V3-[0-9a-f]{32}$/) });

    const seen: string[] = [];
    for (let poll = 0; poll < 3; poll += 1) {
      seen.push((await api(sandbox, 'GET', `job_statuses/${queued.id}.json`)).body.job_status.status);
    }
    expect(seen).toEqual(['queued', 'working', 'completed']);
    const done = (await api(sandbox, 'GET', `job_statuses/show_many.json?ids=${queued.id}`)).body.job_statuses[0];
    expect(done.results).toEqual([
      { id: expect.any(Number), index: 0, status: 'Created' },
      { index: 1, action: 'create', success: false, error: 'DuplicateValue', details: expect.stringContaining('Umbrella') },
    ]);
  });

  it('update_many works with node-zendesk job watching', async () => {
    const [umbrella] = (await api(sandbox, 'GET', 'organizations/search.json?name=umbrella')).body.organizations;
    const { result } = await client.organizations.updateMany({
      organizations: [{ id: umbrella.id, notes: 'Key account' }, { id: 1, notes: 'nobody' }],
    });
    const job = (result as unknown as { job_status: { id: string } }).job_status;
    const finished = await client.jobstatuses.watch(job.id, 5, 5);
    expect(finished).toMatchObject({ status: 'completed' });
    expect((finished as { results: unknown[] }).results).toEqual([
      { id: umbrella.id, action: 'update', status: 'Updated', success: true },
      { index: 1, id: 1, action: 'update', success: false, error: 'RecordNotFound', details: 'Not found' },
    ]);
    expect((await api(sandbox, 'GET', `organizations/${umbrella.id}.json`)).body.organization.notes).toBe('Key account');
  });

  it('refuses more than 100 items per bulk call', async () => {
    const organizations = Array.from({ length: 101 }, (_, i) => ({ name: `Org ${i}` }));
    const reply = await api(sandbox, 'POST', 'organizations/create_many.json', { organizations });
    expect(reply.status).toBe(400);
  });

  it('counts organizations', async () => {
    const listed = (await api(sandbox, 'GET', 'organizations.json')).body.count;
    const reply = await api(sandbox, 'GET', 'organizations/count.json');
    expect(reply.body).toEqual({ count: { value: listed, refreshed_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) } });
  });

  it('show_many answers in id order, takes external ids case-insensitively and at most 100 ids', async () => {
    const [acme, initech] = [await orgByName('Acme Corp'), await orgByName('Initech')];
    const byIds = (await api(sandbox, 'GET', `organizations/show_many.json?ids=${initech.id},${acme.id}`)).body;
    expect(byIds.organizations.map((o: { name: string }) => o.name)).toEqual(['Acme Corp', 'Initech']);
    const byExternal = (await api(sandbox, 'GET', 'organizations/show_many.json?external_ids=INITECH,acme,missing')).body;
    expect(byExternal.organizations.map((o: { name: string }) => o.name)).toEqual(['Acme Corp', 'Initech']);
    const ids = Array.from({ length: 101 }, (_, i) => i + 1).join(',');
    expect((await api(sandbox, 'GET', `organizations/show_many.json?ids=${ids}`)).status).toBe(400);
    expect((await api(sandbox, 'GET', `organizations/show_many.json?external_ids=${ids}`)).status).toBe(400);
  });

  it('an injected item failure leaves that organization unchanged and updates the others', async () => {
    const [acme, globex, initech] = [await orgByName('Acme Corp'), await orgByName('Globex'), await orgByName('Initech')];
    sandbox.injectItemFailure({ collection: 'organizations', match: { name: 'Globex' }, error: 'RecordInvalid', details: 'Notes: is too long' });
    const { result } = await client.organizations.updateMany({
      organizations: [{ id: acme.id, notes: 'Renewed' }, { id: globex.id, notes: 'Renewed' }, { id: initech.id, notes: 'Renewed' }],
    });
    const done = await completed(result.job_status.id);
    expect(done.results).toEqual([
      { id: acme.id, action: 'update', status: 'Updated', success: true },
      { index: 1, id: globex.id, action: 'update', success: false, error: 'RecordInvalid', details: 'Notes: is too long' },
      { id: initech.id, action: 'update', status: 'Updated', success: true },
    ]);
    expect(await orgByName('Globex')).toEqual(globex);
    expect((await orgByName('Acme Corp')).notes).toBe('Renewed');
    expect((await orgByName('Initech')).notes).toBe('Renewed');
  });

  it('arms item failures over /__sandbox/faults too, by id and for `times` items', async () => {
    const initech = await orgByName('Initech');
    const armed = await api(sandbox, 'POST', '/__sandbox/faults', { collection: 'organizations', id: initech.id, times: 2, error: 'InvalidValue', details: 'Locked' }, {});
    expect(armed.status).toBe(204);
    expect((await api(sandbox, 'POST', '/__sandbox/faults', { collection: 'views' }, {})).status).toBe(400);

    for (const notes of ['first', 'second', 'third']) {
      const reply = await api(sandbox, 'PUT', `organizations/update_many.json?ids=${initech.id}`, { organization: { notes } });
      const [item] = (await completed(reply.body.job_status.id)).results;
      expect(item.success, notes).toBe(notes === 'third');
    }
    expect((await orgByName('Initech')).notes).toBe('third');

    sandbox.injectItemFailure({ collection: 'organizations', match: { external_id: 'GLOBEX-NEW' } });
    const { result } = await client.organizations.createMany({ organizations: [{ name: 'Globex Two', external_id: 'globex-new' }, { name: 'Stark' }] });
    expect((await completed(result.job_status.id)).results).toEqual([
      { index: 0, action: 'create', success: false, error: 'RecordInvalid', details: 'Injected by the sandbox' },
      { id: expect.any(Number), index: 1, status: 'Created' },
    ]);
    expect(await orgByName('Globex Two')).toBeUndefined();
  });
});
