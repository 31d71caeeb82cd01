/** Reference §9 and §12: organizations, whose bulk writes run as jobs that clients poll. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZendeskSandbox } from '../../scripts/sandbox/zendesk/server.ts';
import { api, startSandbox, zendeskClient, type ZendeskClient } from './harness.ts';

let sandbox: ZendeskSandbox;
let client: ZendeskClient;
beforeAll(async () => {
  sandbox = await startSandbox({ jobSteps: 2 });
  client = zendeskClient(sandbox);
});
afterAll(() => sandbox.close());

describe('organizations', () => {
  it('creates with 201 and every organization field key, and refuses duplicate names', async () => {
    const { response, result } = await client.organizations.create({ organization: { name: 'Globex' } });
    expect(response.status).toBe(201);
    expect(result).toMatchObject({ name: 'Globex', domain_names: [], organization_fields: { salesforce_id: null, support_tier: null } });
    await expect(client.organizations.create({ organization: { name: 'GLOBEX' } })).rejects.toMatchObject({
      statusCode: 422,
      result: { details: { name: [{ error: 'DuplicateValue' }] } },
    });
  });

  it('create_many queues a job that completes after jobSteps polls', async () => {
    const { result } = await client.organizations.createMany({ organizations: [{ name: 'Initech' }, { name: 'Globex' }] });
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
      { index: 1, action: 'create', success: false, error: 'DuplicateValue', details: expect.stringContaining('Globex') },
    ]);
  });

  it('update_many works with node-zendesk job watching', async () => {
    const [globex] = (await api(sandbox, 'GET', 'organizations/search.json?name=globex')).body.organizations;
    const { result } = await client.organizations.updateMany({
      organizations: [{ id: globex.id, notes: 'Key account' }, { id: 1, notes: 'nobody' }],
    });
    const job = (result as unknown as { job_status: { id: string } }).job_status;
    const finished = await client.jobstatuses.watch(job.id, 5, 5);
    expect(finished).toMatchObject({ status: 'completed' });
    expect((finished as { results: unknown[] }).results).toEqual([
      { id: globex.id, action: 'update', status: 'Updated', success: true },
      { index: 1, id: 1, action: 'update', success: false, error: 'RecordNotFound', details: 'Not found' },
    ]);
    expect((await api(sandbox, 'GET', `organizations/${globex.id}.json`)).body.organization.notes).toBe('Key account');
  });

  it('refuses more than 100 items per bulk call', async () => {
    const organizations = Array.from({ length: 101 }, (_, i) => ({ name: `Org ${i}` }));
    const reply = await api(sandbox, 'POST', 'organizations/create_many.json', { organizations });
    expect(reply.status).toBe(400);
  });
});
